// The preamble every model family's loader shares: the folder exists, config.json names a
// model_type this loader supports, and the weights are in model.safetensors or else in
// pytorch_model.bin. One copy, so the families give the same messages for the same mistakes.
// Internal to core/.
#pragma once

#include "attnscope/load_options.h"

#include <string>
#include <vector>

namespace attnscope {

enum class WeightsFormat { Safetensors, PytorchZip };

struct CheckpointFolder {
    std::string dir;
    std::string modelType;    // config.json's model_type, one of the loader's expectedTypes
    std::string configPath;   // dir/config.json
    std::string weightsPath;  // dir/model.safetensors, else dir/pytorch_model.bin (it exists)
    WeightsFormat weightsFormat = WeightsFormat::Safetensors;
    std::string weightsFileName() const;  // "model.safetensors" or "pytorch_model.bin"
};

// Reports "reading config.json" (fraction 0), then checks the folder. `describe` names the
// loader in messages ("the BERT encoder"). Throws ModelFileError (no folder, no or broken
// config.json, neither model.safetensors nor pytorch_model.bin), UnsupportedModelError
// (model_type absent or not in expectedTypes), CancelledError when progress returned false.
// Safetensors wins when both weights files are present. Read the weights with
// openCheckpointWeights (checkpoint_weights.h).
CheckpointFolder openCheckpointFolder(const std::string& dir, const std::vector<std::string>& expectedTypes,
                                      const std::string& describe, const LoadProgress& progress);

// Calls progress (when set) and throws CancelledError naming dir when it returns false.
void reportLoadProgress(const LoadProgress& progress, const std::string& dir, double fraction,
                        const std::string& stage);

}  // namespace attnscope
