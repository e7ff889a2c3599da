// openCheckpointFolder: the checks before any family-specific parsing or tensor loading.
#include "checkpoint_folder.h"

#include "attnscope/errors.h"
#include "config_json.h"

#include <algorithm>
#include <filesystem>

namespace attnscope {

namespace fs = std::filesystem;

void reportLoadProgress(const LoadProgress& progress, const std::string& dir, double fraction,
                        const std::string& stage) {
    if (progress && !progress(fraction, stage)) throw CancelledError("Loading '" + dir + "' was cancelled");
}

CheckpointFolder openCheckpointFolder(const std::string& dir, const std::vector<std::string>& expectedTypes,
                                      const std::string& describe, const LoadProgress& progress) {
    reportLoadProgress(progress, dir, 0.0, "reading config.json");
    CheckpointFolder folder;
    folder.dir = dir;
    folder.modelType = readModelType(dir);
    if (std::find(expectedTypes.begin(), expectedTypes.end(), folder.modelType) == expectedTypes.end()) {
        std::string supported;
        for (const auto& t : expectedTypes) supported += (supported.empty() ? "\"" : ", \"") + t + "\"";
        throw UnsupportedModelError("'" + dir + "' holds a \"" + folder.modelType + "\" model; " + describe +
                                    " supports model_type " + supported);
    }
    folder.configPath = (fs::path(dir) / "config.json").string();
    const auto weights = fs::path(dir) / "model.safetensors";
    if (!fs::exists(weights)) {
        const bool hasBin = fs::exists(fs::path(dir) / "pytorch_model.bin");
        throw ModelFileError("'" + dir + "' has no model.safetensors" +
                             (hasBin ? std::string(" (only pytorch_model.bin, which is not read: download the "
                                                   "safetensors version of the checkpoint)")
                                     : std::string()));
    }
    folder.weightsPath = weights.string();
    return folder;
}

}  // namespace attnscope
