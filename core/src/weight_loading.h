// Strict transfer of checkpoint tensors into a torch::nn::Module whose parameter names mirror
// the checkpoint keys. Every missing, unexpected, mis-shaped or wrongly typed tensor is
// collected and reported in one WeightMismatchError, naming expected and found shapes.
#pragma once

#include "attnscope/safetensors_file.h"
#include "checkpoint_weights.h"

#include <torch/torch.h>

#include <functional>
#include <set>
#include <string>

namespace attnscope {

// Zero-copy (when aligned F32) view of one checkpoint tensor as float32 on the CPU; F16 and
// BF16 are converted. Throws WeightMismatchError for any other dtype, naming the tensor.
torch::Tensor tensorFromCheckpoint(const CheckpointWeights& weights, const TensorInfo& info);
torch::Tensor tensorFromCheckpoint(const SafetensorsFile& file, const TensorInfo& info);

struct StrictLoadSpec {
    // Maps a module parameter name to the checkpoint key it comes from.
    std::function<std::string(const std::string& parameterName)> keyFor;
    // Checkpoint keys that may be present without a parameter (buffers, unused heads).
    std::function<bool(const std::string& key)> ignorable;
    std::string describe;  // e.g. "BERT encoder", used in the error message
    // Optional: called after each tensor is converted (done of total); may throw to cancel.
    std::function<void(std::size_t done, std::size_t total)> onTensor;
    // Optional: rewrites a checkpoint tensor (float32, CPU) before its shape is checked, for
    // layouts that differ from the module's (GPT-2's Conv1D weights are stored [in, out]).
    // The result is made contiguous. Unset: the stored tensor as it is.
    std::function<torch::Tensor(const std::string& key, torch::Tensor stored)> transform;
};

// Fills module's parameters from the checkpoint's tensors (model.safetensors or
// pytorch_model.bin alike). Throws WeightMismatchError listing all problems.
void loadStrict(torch::nn::Module& module, const CheckpointWeights& file, const StrictLoadSpec& spec);
void loadStrict(torch::nn::Module& module, const SafetensorsFile& file, const StrictLoadSpec& spec);

}  // namespace attnscope
