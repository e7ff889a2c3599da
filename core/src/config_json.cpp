// config.json reading shared by the config parsers.
#include "config_json.h"

#include "small_file.h"

#include <filesystem>

namespace attnscope {

nlohmann::json readConfigJson(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        throw ModelFileError("Cannot open '" + path + "': the model folder needs a config.json from Hugging Face");
    const std::string text = readSmallFile(path, kMaxConfigBytes);
    try {
        auto j = nlohmann::json::parse(text);
        if (!j.is_object()) throw ModelFileError("'" + path + "' is JSON but not an object: expected a model config");
        return j;
    } catch (const nlohmann::json::exception& e) {
        throw ModelFileError("'" + path + "' is not valid JSON (" + e.what() + ")");
    }
}

std::string readModelType(const std::string& modelDir) {
    if (!std::filesystem::is_directory(modelDir))
        throw ModelFileError("Model folder '" + modelDir + "' does not exist or is not a folder");
    const std::string path = (std::filesystem::path(modelDir) / "config.json").string();
    const auto j = readConfigJson(path);
    return configField<std::string>(j, "model_type", path, "", true);
}

}  // namespace attnscope
