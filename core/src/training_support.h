// Pieces every trainer needs: mixed-precision scope, learning-rate schedule, checkpoints
// that resume exactly (trained tensors + optimizer state + position in the data), and the
// export of a BERT checkpoint in Hugging Face's BertForMaskedLM layout. Internal to core/.
#pragma once

#include "attnscope/safetensors_writer.h"
#include "bert_checkpoint.h"

#include <torch/torch.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace attnscope {

// Enables autocast to bfloat16 on the device for its lifetime (when `enabled`).
class AutocastScope {
public:
    AutocastScope(bool enabled, const torch::Device& device);
    ~AutocastScope();
    AutocastScope(const AutocastScope&) = delete;
    AutocastScope& operator=(const AutocastScope&) = delete;

private:
    bool enabled_;
    bool cuda_;
};

// Named float32 CPU tensors as safetensors blobs (views of the tensors' memory: keep them alive
// until written). Shared by the two trainers' exports.
std::vector<TensorBlob> blobsOf(const std::vector<std::pair<std::string, torch::Tensor>>& tensors);

// Linear warm-up over warmupSteps, then linear decay to 0 at totalSteps; step is 1-based.
double warmupLinearDecay(long step, long warmupSteps, long totalSteps);

struct TrainingPosition {
    long step = 0;
    int epoch = 1;          // epoch to continue in
    long batchInEpoch = 0;  // batches of that epoch already trained
};

// A trainer's resumable state in one folder. Saves are atomic: a kill or a full disk during
// save() leaves the previous checkpoint loadable (see training_support.cpp for the layout).
class TrainingCheckpoint {
public:
    explicit TrainingCheckpoint(std::filesystem::path dir) : dir_(std::move(dir)) {}
    bool exists() const;
    void save(torch::nn::Module& model, const std::vector<std::string>& trainable, torch::optim::AdamW& optimizer,
                          const TrainingPosition& position) const;
    // Restores the trained tensors into model and the optimizer state; throws ModelFileError.
    // Every file is read through the core's checked readers (the optimizer state is a
    // safetensors file whose every tensor must match its parameter's shape and be finite):
    // nothing in a checkpoint folder reaches LibTorch's own deserialiser.
    TrainingPosition load(torch::nn::Module& model, const std::vector<std::string>& trainable,
                          torch::optim::AdamW& optimizer) const;

private:
    std::filesystem::path current() const;  // the folder `latest` names (or dir for old checkpoints)
    std::filesystem::path dir_;
};

// Writes outDir/{config.json, vocab.txt, tokenizer_config.json, model.safetensors} in the
// BertForMaskedLM layout ("bert." prefix, cls.predictions.*, decoder tied, no pooler), and
// outDir/trained.safetensors with only the tensors named in `trained`.
void exportBertForMaskedLm(BertCheckpoint& model, const std::string& baseDir, const std::string& outDir,
                           const std::vector<std::string>& trained, const std::map<std::string, std::string>& metadata);

}  // namespace attnscope
