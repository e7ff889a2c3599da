// The preamble every model family's loader shares: the folder exists, config.json names a
// model_type this loader supports, and the weights are in model.safetensors. One copy, so the
// families give the same messages for the same mistakes. Internal to core/.
#pragma once

#include "attnscope/load_options.h"

#include <string>
#include <vector>

namespace attnscope {

struct CheckpointFolder {
    std::string dir;
    std::string modelType;    // config.json's model_type, one of the loader's expectedTypes
    std::string configPath;   // dir/config.json
    std::string weightsPath;  // dir/model.safetensors (it exists)
};

// Reports "reading config.json" (fraction 0), then checks the folder. `describe` names the
// loader in messages ("the BERT encoder"). Throws ModelFileError (no folder, no or broken
// config.json, no model.safetensors: a pytorch_model.bin gets a hint), UnsupportedModelError
// (model_type absent or not in expectedTypes), CancelledError when progress returned false.
CheckpointFolder openCheckpointFolder(const std::string& dir, const std::vector<std::string>& expectedTypes,
                                      const std::string& describe, const LoadProgress& progress);

// Calls progress (when set) and throws CancelledError naming dir when it returns false.
void reportLoadProgress(const LoadProgress& progress, const std::string& dir, double fraction,
                        const std::string& stage);

}  // namespace attnscope
