// Reading Hugging Face config.json files: the JSON object, typed fields with messages that
// name the file and the field, and the model_type that picks the model family. Shared by
// every model family's config parser, the loaders and the model registry. Internal to core/.
#pragma once

#include "attnscope/errors.h"

#include <nlohmann/json.hpp>

#include <string>

namespace attnscope {

// Throws ModelFileError when the file is missing, not JSON or not an object.
nlohmann::json readConfigJson(const std::string& path);

// Reads DIR/config.json and returns its "model_type" (e.g. "bert", "marian").
// Throws ModelFileError when the folder or the file is missing or not JSON,
// UnsupportedModelError when the field is absent.
std::string readModelType(const std::string& modelDir);

// The field's value, or fallback when absent/null and not required. Throws
// UnsupportedModelError when a required field is missing or has the wrong type.
template <typename T>
T configField(const nlohmann::json& j, const char* key, const std::string& path, T fallback, bool required) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) {
        if (required) throw UnsupportedModelError("'" + path + "' lacks the required field \"" + key + "\"");
        return fallback;
    }
    try {
        return it->get<T>();
    } catch (const nlohmann::json::exception&) {
        throw UnsupportedModelError("'" + path + "': field \"" + key + "\" has the wrong type (" + it->dump() + ")");
    }
}

}  // namespace attnscope
