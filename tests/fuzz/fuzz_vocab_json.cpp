// Fuzz target: a Marian vocab.json (piece -> id). Any bytes must either give a consistent table
// (every id once, both directions agreeing) or throw one of the core's errors.
#include "marian_text_parsing.h"

#include "attnscope/errors.h"

#include <nlohmann/json.hpp>

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(data, data + size);
    } catch (const nlohmann::json::exception&) {
        return 0;  // the loader turns this into "is not valid JSON" (small_file + readJsonFile)
    }
    try {
        const auto table = attnscope::parseMarianVocab(json, "vocab.json");
        if (table.ids.size() != table.pieces.size() || table.ids.empty()) __builtin_trap();
        for (const auto& [id, piece] : table.pieces) {
            const auto it = table.ids.find(piece);
            if (id < 0 || it == table.ids.end() || it->second != id) __builtin_trap();
        }
    } catch (const attnscope::Error&) {
    }
    return 0;
}
