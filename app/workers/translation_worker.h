// The one owner of the translation model: lives on its own QThread, loads Marian checkpoints
// and translates texts requested from the GUI thread through queued calls. As the encoder's
// InferenceWorker: every request carries an increasing id, a request superseded before it
// starts is skipped, and a newer request also stops a decoding in progress at its next step
// (latest wins). While decoding, stepReady() streams the partial translation; the complete
// result follows as translationReady(). Threading: construct, then moveToThread(); call the
// slots only through queued calls; note*()/requestLoadCancel() are atomic.
#pragma once

#include "translation.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

namespace attnscope {
class TextTranslator;
}

struct TranslationModelInfo {
    QString dir;
    QString name;
    QString device;  // "cpu", "cuda:0"
    int encoderLayers = 0;
    int decoderLayers = 0;
    int heads = 0;
    int maxTokens = 0;
    int vocabSize = 0;
};
Q_DECLARE_METATYPE(TranslationModelInfo)
Q_DECLARE_METATYPE(TranslationPtr)

class TranslationWorker : public QObject {
    Q_OBJECT
public:
    explicit TranslationWorker(QObject* parent = nullptr);
    ~TranslationWorker() override;

    void noteLatestTranslate(quint64 id) { latestTranslate_ = id; }
    void noteLatestLoad(quint64 id) { latestLoad_ = id; }
    void requestLoadCancel() { cancelLoad_ = true; }

public Q_SLOTS:
    // device: "auto" | "cpu" | "cuda"
    void loadModel(quint64 id, const QString& dir, const QString& device);
    // beams 1: greedy.
    void translate(quint64 id, const QString& text, int beams);

Q_SIGNALS:
    void loadProgress(quint64 id, double fraction, const QString& stage);
    void modelLoaded(quint64 id, const TranslationModelInfo& info);
    void loadFailed(quint64 id, const QString& message);  // empty message: cancelled
    void stepReady(quint64 id, TranslationPtr partial);
    void translationReady(quint64 id, TranslationPtr translation);
    void translateFailed(quint64 id, const QString& message);

private:
    std::unique_ptr<attnscope::TextTranslator> translator_;
    QString modelName_;
    std::atomic<quint64> latestTranslate_{0};
    std::atomic<quint64> latestLoad_{0};
    std::atomic<bool> cancelLoad_{false};
};
