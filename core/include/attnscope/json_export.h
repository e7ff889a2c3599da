// JSON export of results, in the schema documented in README.md ("JSON export"). The layout
// is chosen so that Python's json.load() output can be handed to bertviz directly.
#pragma once

#include "attnscope/encoder_result.h"

#include <nlohmann/json.hpp>

#include <string>

namespace attnscope {

inline constexpr const char* kEncodeSchema = "attnscope.encode/1";

nlohmann::json encodeResultToJson(const EncodeResult& result, const std::string& modelDir);

// Writes json to path ("-" for stdout). Throws Error when the file cannot be written.
void writeJsonFile(const nlohmann::json& json, const std::string& path);

}  // namespace attnscope
