// The encoder's job over ModelWorker: loads a BERT-family checkpoint and encodes texts (and,
// in minimal-pair mode, a second text) into Analysis values for the views. A second encoder,
// a masked-LM model loaded on demand, guesses [MASK]ed words for the masked-word view when the
// main model has no masked-LM head; it never replaces the main model.
// Threading: as ModelWorker.
#pragma once

#include "analysis.h"
#include "model_worker.h"

#include "attnscope/bert_encoder.h"

#include <memory>

class EncoderWorker : public ModelWorker {
    Q_OBJECT
public:
    explicit EncoderWorker(QObject* parent = nullptr);
    ~EncoderWorker() override;

public Q_SLOTS:
    // pairText empty: no minimal-pair sentence.
    // ablate: encoder heads switched off, "L:H,..." (empty: none).
    void encode(quint64 id, const QString& text, const QString& pairText, const QString& ablate = {});
    // The masked-LM model in modelDir (loaded on first use, reloaded when dir or device change)
    // encodes text; id is the main request it belongs to (skipped once superseded).
    void predictMasked(quint64 id, const QString& text, const QString& modelDir, const QString& device);
    // How head `head` of layer `layer` computes its weights on text (the attention lab); id is
    // the main request it belongs to (skipped once superseded). Failures come back as null.
    void inspect(quint64 id, const QString& text, int layer, int head, const QString& ablate = {});

Q_SIGNALS:
    void analysisReady(quint64 id, AnalysisPtr analysis, AnalysisPtr pair);
    void maskedReady(quint64 id, AnalysisPtr analysis);
    void maskedFailed(quint64 id, const QString& message);
    void inspected(quint64 id, int layer, int head, InspectionPtr inspection);

protected:
    ModelInfo loadFamily(const std::string& dir, attnscope::DeviceChoice device, const Progress& progress) override;
    bool hasModel() const override { return encoder_ != nullptr; }
    std::pair<int, int> headGrid(attnscope::AttentionKind kind) const override;
    void prepareRanking(const QString& text) override;
    // With a [MASK]: how far the probability of the first mask's top-1 word falls (and +1 when
    // another word becomes top-1); without: the relative change of the last hidden state.
    HeadEffect headEffect(const QString& text, attnscope::AttentionKind kind, int layer, int head) override;

private:
    AnalysisPtr run(quint64 id, const QString& text, const attnscope::HeadAblation& ablation);

    std::unique_ptr<attnscope::BertEncoder> encoder_;
    attnscope::EncodeResult rankBase_;  // the text with every head on
    std::shared_ptr<const attnscope::FloatMatrix> positions_;
    std::unique_ptr<attnscope::BertEncoder> maskedLm_;
    QString maskedLmKey_;  // the folder and device maskedLm_ was loaded for
    QString maskedLmName_;
};
