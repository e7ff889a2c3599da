// The encoder's job over ModelWorker: loads a BERT-family checkpoint and encodes texts (and,
// in minimal-pair mode, a second text) into Analysis values for the views.
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
    void encode(quint64 id, const QString& text, const QString& pairText);

Q_SIGNALS:
    void analysisReady(quint64 id, AnalysisPtr analysis, AnalysisPtr pair);

protected:
    ModelInfo loadFamily(const std::string& dir, attnscope::DeviceChoice device, const Progress& progress) override;
    bool hasModel() const override { return encoder_ != nullptr; }

private:
    AnalysisPtr run(quint64 id, const QString& text);

    std::unique_ptr<attnscope::BertEncoder> encoder_;
    std::shared_ptr<const attnscope::FloatMatrix> positions_;
};
