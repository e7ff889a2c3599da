// The parts of the Marian tokenizer that read untrusted text without SentencePiece: vocab.json's
// piece <-> id table and the ">>xx<<" language-code spans of a source text. Kept apart so the
// fuzz targets (tests/fuzz) reach them without loading a SentencePiece model. Internal to core/;
// torch-free.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace attnscope {

struct MarianVocab {
    std::unordered_map<std::string, int> ids;     // piece -> id
    std::unordered_map<int, std::string> pieces;  // id -> piece
};

// vocab.json's object (already parsed) as a table. path names the file in errors. Throws
// ModelFileError when it is not a non-empty object of non-negative integer ids up to 10^8, or
// when two pieces share an id.
MarianVocab parseMarianVocab(const nlohmann::json& vocab, const std::string& path);

// The spans Python's re.finditer(">>.+<<", s) finds (greedy; '.' is any character but '\n'),
// as [begin, end) byte ranges, in linear time.
std::vector<std::pair<std::size_t, std::size_t>> languageCodeSpans(const std::string& s);

}  // namespace attnscope
