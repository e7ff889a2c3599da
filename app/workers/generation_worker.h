// The text-generation job over ModelWorker: loads a GPT-2 checkpoint and continues prompts,
// streaming each new token as a partial Generation (stepReady) before the complete one with
// its attentions (generationReady); the attention lab's inspection of one head. A newer
// request stops a generation at its next step. Threading: as ModelWorker.
#pragma once

#include "generation.h"
#include "model_worker.h"

#include <memory>

namespace attnscope {
class Gpt2Generator;
}

class GenerationWorker : public ModelWorker {
    Q_OBJECT
public:
    explicit GenerationWorker(QObject* parent = nullptr);
    ~GenerationWorker() override;

public Q_SLOTS:
    // ablate: heads switched off, "L:H,..." (empty: none).
    void generate(quint64 id, const QString& prompt, int beams, int maxNewTokens, const QString& ablate = {});
    // Head `head` of layer `layer` over ids (a generation's best sequence); failures come back as null.
    void inspect(quint64 id, const QList<int>& ids, int layer, int head, const QString& ablate = {});

Q_SIGNALS:
    void stepReady(quint64 id, GenerationPtr partial);
    void generationReady(quint64 id, GenerationPtr generation);
    void inspected(quint64 id, int layer, int head, InspectionPtr inspection);

protected:
    ModelInfo loadFamily(const std::string& dir, attnscope::DeviceChoice device, const Progress& progress) override;
    bool hasModel() const override { return generator_ != nullptr; }
    std::pair<int, int> headGrid(attnscope::AttentionKind kind) const override;
    void prepareRanking(const QString& text) override;
    // The share of the greedy continuation's tokens that change (edit distance / length).
    HeadEffect headEffect(const QString& text, attnscope::AttentionKind kind, int layer, int head) override;
    QString noModelMessage() const override;

private:
    std::unique_ptr<attnscope::Gpt2Generator> generator_;
    attnscope::TextGeneration rankBase_;
    int rankNewTokens_ = 20;
};
