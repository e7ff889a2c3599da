// The translation job over ModelWorker: loads a Marian (opus-mt layout) checkpoint and
// translates texts, streaming each decoding step as a partial Translation (stepReady) before
// the complete one (translationReady). A newer request stops a decode at its next step.
// Threading: as ModelWorker.
#pragma once

#include "model_worker.h"
#include "analysis.h"
#include "translation.h"

#include <memory>
#include <mutex>
#include <optional>

namespace attnscope {
class TextTranslator;
}

class TranslationWorker : public ModelWorker {
    Q_OBJECT
public:
    explicit TranslationWorker(QObject* parent = nullptr);
    ~TranslationWorker() override;

public Q_SLOTS:
    // beams 1: greedy.
    // ablate*: heads switched off per attention kind, "L:H,..." (empty: none).
    void translate(quint64 id, const QString& text, int beams, const QString& ablateEncoder = {},
                   const QString& ablateDecoder = {}, const QString& ablateCross = {});
    // The attention lab: head `head` of layer `layer` of attention kind (attnscope::AttentionKind
    // as int) on text, the decoder reading decoderInput (the shown translation's ids without
    // the last). Skipped once id is superseded; failures come back as null.
    void inspect(quint64 id, const QString& text, int kind, int layer, int head, const QList<int>& decoderInput,
                 const QString& ablateEncoder = {}, const QString& ablateDecoder = {}, const QString& ablateCross = {});

public:
    // The attention lab is showing head `head` of layer `layer` of attention kind `kind` (on:
    // false when it is not): streamed steps then carry that head's inspection over the tokens
    // decoded so far, as often as costs at most a third of the decoding time. Thread-safe
    // (called from the GUI thread while a translation streams).
    void setLabWatch(bool on, int kind = 0, int layer = 0, int head = 0);

Q_SIGNALS:
    void stepReady(quint64 id, TranslationPtr partial);
    void translationReady(quint64 id, TranslationPtr translation);
    void inspected(quint64 id, int kind, int layer, int head, InspectionPtr inspection);

protected:
    ModelInfo loadFamily(const std::string& dir, attnscope::DeviceChoice device, const Progress& progress) override;
    bool hasModel() const override { return translator_ != nullptr; }
    std::pair<int, int> headGrid(attnscope::AttentionKind kind) const override;
    void prepareRanking(const QString& text) override;
    // The share of the greedy translation's tokens that change (edit distance / length) plus
    // how much less likely the original translation becomes (mean log-probability per token).
    HeadEffect headEffect(const QString& text, attnscope::AttentionKind kind, int layer, int head) override;
    QString noModelMessage() const override;

private:
    struct LabWatch {
        bool on = false;
        int kind = 0, layer = 0, head = 0;
    };
    mutable std::mutex labWatchMutex_;
    LabWatch labWatch_;
    std::unique_ptr<attnscope::TextTranslator> translator_;
    attnscope::TextTranslation rankBase_;  // the text with every head on
    std::optional<double> rankBaseLogProbability_;  // its mean log-probability per token
};
