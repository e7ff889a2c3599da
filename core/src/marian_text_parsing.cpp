#include "marian_text_parsing.h"

#include "attnscope/errors.h"

#include <nlohmann/json.hpp>

namespace attnscope {

MarianVocab parseMarianVocab(const nlohmann::json& vocab, const std::string& path) {
    if (!vocab.is_object() || vocab.empty())
        throw ModelFileError("'" + path + "' must be a non-empty JSON object mapping pieces to ids");
    MarianVocab table;
    for (const auto& [piece, id] : vocab.items()) {
        if (!id.is_number_integer() || id.get<long long>() < 0 || id.get<long long>() > 100000000)
            throw ModelFileError("'" + path + "': the id of piece '" + piece + "' is not a non-negative integer");
        const int value = id.get<int>();
        const auto [at, fresh] = table.pieces.emplace(value, piece);
        if (!fresh)
            throw ModelFileError("'" + path + "': id " + std::to_string(value) + " is given to both '" + at->second +
                                 "' and '" + piece + "'");
        table.ids.emplace(piece, value);
    }
    return table;
}

// From a ">>" to the last "<<" on its line that leaves at least one character between them.
// A linear scan: std::regex recursed once per character and overflowed the stack on long
// lines (issue #18: a ">>" followed by 30,000 characters crashed the app).
std::vector<std::pair<std::size_t, std::size_t>> languageCodeSpans(const std::string& s) {
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    std::size_t pos = 0;
    while (pos < s.size()) {
        const std::size_t open = s.find(">>", pos);
        if (open == std::string::npos) break;
        std::size_t lineEnd = s.find('\n', open);
        if (lineEnd == std::string::npos) lineEnd = s.size();
        // The last "<<" of the line, starting at least three bytes after the ">>".
        const std::size_t close = lineEnd >= 2 ? s.rfind("<<", lineEnd - 2) : std::string::npos;
        if (close != std::string::npos && close >= open + 3 && close < lineEnd) {
            spans.emplace_back(open, close + 2);
            pos = close + 2;
        } else {
            pos = lineEnd;  // no later ">>" on this line can match either
        }
    }
    return spans;
}

}  // namespace attnscope
