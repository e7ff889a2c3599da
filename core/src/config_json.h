// Reading Hugging Face config.json files: the JSON object, typed fields with messages that
// name the file and the field, and the model_type that picks the model family. Shared by
// every model family's config parser, the loaders and the model registry. Internal to core/.
#pragma once

#include "attnscope/errors.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>

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
    if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
        // Whole numbers only, and within T: nlohmann would turn 4.9 into 4 and 2^32 + 4 into 4.
        const bool whole = it->is_number_integer();
        const bool fits = whole && (it->is_number_unsigned()
                                        ? it->template get<std::uint64_t>() <=
                                              static_cast<std::uint64_t>(std::numeric_limits<T>::max())
                                        : it->template get<std::int64_t>() >= static_cast<std::int64_t>(std::numeric_limits<T>::min()) &&
                                              it->template get<std::int64_t>() <= static_cast<std::int64_t>(std::numeric_limits<T>::max()));
        if (!fits)
            throw UnsupportedModelError("'" + path + "': field \"" + key + "\" must be a whole number from " +
                                        std::to_string(std::numeric_limits<T>::min()) + " to " +
                                        std::to_string(std::numeric_limits<T>::max()) + ", not " + it->dump());
        return it->template get<T>();
    } else {
        try {
            return it->template get<T>();
        } catch (const nlohmann::json::exception&) {
            throw UnsupportedModelError("'" + path + "': field \"" + key + "\" has the wrong type (" + it->dump() + ")");
        }
    }
}

}  // namespace attnscope
