// JSON export of results, in the schema documented in README.md ("JSON export"). The layout
// is chosen so that Python's json.load() output can be handed to bertviz directly.
#pragma once

#include "attnscope/encoder_result.h"
#include "attnscope/marian_text.h"

#include <nlohmann/json.hpp>

#include <string>

namespace attnscope {

inline constexpr const char* kEncodeSchema = "attnscope.encode/1";

inline constexpr const char* kTranslateSchema = "attnscope.translate/1";

nlohmann::json encodeResultToJson(const EncodeResult& result, const std::string& modelDir);

// A translation in schema "attnscope.translate/1": tokens, the three attention stacks, the
// hard alignment of decoder layer alignLayer, the n-best list (and beam tree when present).
nlohmann::json translationToJson(const TextTranslation& result, const std::string& modelDir, int beams,
                                 const std::vector<AlignmentLink>& links, int alignLayer);

// Writes json to path ("-" for stdout). Throws Error when the file cannot be written.
void writeJsonFile(const nlohmann::json& json, const std::string& path);

}  // namespace attnscope
