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
    const auto safetensors = fs::path(dir) / "model.safetensors";
    const auto pytorchBin = fs::path(dir) / "pytorch_model.bin";
    if (fs::exists(safetensors)) {
        folder.weightsPath = safetensors.string();
        folder.weightsFormat = WeightsFormat::Safetensors;
    } else if (fs::exists(pytorchBin)) {
        folder.weightsPath = pytorchBin.string();
        folder.weightsFormat = WeightsFormat::PytorchZip;
    } else {
        throw ModelFileError("'" + dir + "' has no model.safetensors (nor a pytorch_model.bin)");
    }
    return folder;
}

std::string CheckpointFolder::weightsFileName() const {
    return weightsFormat == WeightsFormat::Safetensors ? "model.safetensors" : "pytorch_model.bin";
}

}  // namespace attnscope
