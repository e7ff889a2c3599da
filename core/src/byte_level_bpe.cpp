// ByteLevelBpeTokenizer: see byte_level_bpe.h.
#include "attnscope/byte_level_bpe.h"

#include "attnscope/errors.h"
#include "marian_text_parsing.h"
#include "small_file.h"
#include "wordpiece_text.h"

#include <nlohmann/json.hpp>
#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <limits>
#include <stdexcept>

namespace attnscope {

namespace {

using wordpiece::appendUtf8;
using wordpiece::decodeUtf8;

// GPT-2's bytes_to_unicode(): printable bytes stand for themselves, the others (space, control
// characters, …) for U+0100 onwards, so every byte is one visible character.
struct ByteAlphabet {
    std::array<std::string, 256> byteToText;          // UTF-8 of each byte's character
    std::array<int, 0x180> codePointToByte;           // -1: not a byte character
    ByteAlphabet() {
        codePointToByte.fill(-1);
        std::array<bool, 256> printable{};
        for (int b = '!'; b <= '~'; ++b) printable[b] = true;
        for (int b = 0xA1; b <= 0xAC; ++b) printable[b] = true;
        for (int b = 0xAE; b <= 0xFF; ++b) printable[b] = true;
        int next = 0;
        for (int b = 0; b < 256; ++b) {
            const char32_t cp = printable[b] ? static_cast<char32_t>(b) : static_cast<char32_t>(256 + next++);
            appendUtf8(byteToText[b], cp);
            codePointToByte[cp] = b;
        }
    }
};
const ByteAlphabet& alphabet() {
    static const ByteAlphabet a;
    return a;
}

// Bytes as valid UTF-8: each maximal invalid subpart becomes U+FFFD (Python's "replace").
std::string validUtf8(const std::string& bytes) {
    std::string out;
    for (char32_t cp : decodeUtf8(bytes).cps) appendUtf8(out, cp);
    return out;
}

bool isLetter(char32_t c) { return (U_GET_GC_MASK(static_cast<UChar32>(c)) & U_GC_L_MASK) != 0; }
bool isNumber(char32_t c) { return (U_GET_GC_MASK(static_cast<UChar32>(c)) & U_GC_N_MASK) != 0; }
bool isSpace(char32_t c) { return u_isUWhiteSpace(static_cast<UChar32>(c)) != 0; }
bool isOther(char32_t c) { return !isSpace(c) && !isLetter(c) && !isNumber(c); }

// The end of the pre-token starting at i (GPT-2's pattern, alternatives in order).
std::size_t preTokenEnd(const std::vector<char32_t>& c, std::size_t i, std::size_t n) {
    if (c[i] == U'\'' && i + 1 < n) {
        for (const char32_t* suffix : {U"s", U"t", U"re", U"ve", U"m", U"ll", U"d"}) {
            std::size_t k = 0;
            while (suffix[k] && i + 1 + k < n && c[i + 1 + k] == suffix[k]) ++k;
            if (!suffix[k]) return i + 1 + k;
        }
    }
    const std::size_t j = c[i] == U' ' ? i + 1 : i;  // the optional leading space
    for (bool (*in)(char32_t) : {isLetter, isNumber, isOther}) {
        if (j < n && in(c[j])) {
            std::size_t k = j + 1;
            while (k < n && in(c[k])) ++k;
            return k;
        }
    }
    // Whitespace: \s+(?!\S), which leaves the last space of a run before a word to the word,
    // else \s+ (a single whitespace character before a non-space).
    std::size_t k = i;
    while (k < n && isSpace(c[k])) ++k;
    if (k == n) return n;
    return k - 1 > i ? k - 1 : k;
}

void readTokenName(const nlohmann::json& config, const char* key, std::string& out, const std::string& file) {
    const auto it = config.find(key);
    if (it == config.end() || it->is_null()) return;
    if (it->is_string()) out = it->get<std::string>();
    else if (it->is_object() && it->contains("content") && (*it)["content"].is_string())
        out = (*it)["content"].get<std::string>();
    else
        throw ModelFileError(file + ": \"" + key + "\" must be a string or an object with \"content\"");
}

}  // namespace

ByteLevelBpeTokenizer::ByteLevelBpeTokenizer(std::unordered_map<std::string, int> vocab,
                                             std::vector<std::pair<std::string, std::string>> merges,
                                             ByteLevelBpeOptions options)
    : ids_(std::move(vocab)), options_(std::move(options)) {
    if (ids_.empty()) throw ModelFileError("the vocabulary is empty");
    int highest = -1;
    for (const auto& [piece, id] : ids_) {
        if (id < 0 || id >= static_cast<int>(ids_.size()) * 4 + 1024)
            throw ModelFileError("token id " + std::to_string(id) + " of \"" + piece + "\" is out of range");
        highest = std::max(highest, id);
    }
    pieces_.assign(static_cast<std::size_t>(highest) + 1, std::string());
    for (const auto& [piece, id] : ids_) {
        if (!pieces_[static_cast<std::size_t>(id)].empty() || piece.empty())
            throw ModelFileError("token id " + std::to_string(id) + " is given twice, or to an empty piece");
        pieces_[static_cast<std::size_t>(id)] = piece;
    }
    ranks_.reserve(merges.size());
    for (std::size_t r = 0; r < merges.size(); ++r) {
        const auto& [left, right] = merges[r];
        if (!ids_.count(left) || !ids_.count(right) || !ids_.count(left + right))
            throw ModelFileError("merge " + std::to_string(r + 1) + " (\"" + left + " " + right +
                                 "\") joins pieces the vocabulary does not have");
        ranks_.emplace(left + " " + right, static_cast<int>(r));  // the first (best) rank wins
    }
    unkId_ = tokenToId(options_.unkToken);
    clsId_ = tokenToId(options_.clsToken);
    sepId_ = tokenToId(options_.sepToken);
    padId_ = tokenToId(options_.padToken);
    maskId_ = tokenToId(options_.maskToken);
    if (options_.addSpecials && (clsId_ < 0 || sepId_ < 0))
        throw ModelFileError("the vocabulary lacks " + (clsId_ < 0 ? options_.clsToken : options_.sepToken) +
                             ", which goes around every text");
    for (const std::string* name : {&options_.clsToken, &options_.sepToken, &options_.unkToken, &options_.padToken,
                                    &options_.maskToken}) {
        const int id = tokenToId(*name);
        if (id < 0 || name->empty()) continue;
        const bool lstrip = name == &options_.maskToken && options_.maskLstrip;
        const auto cps = decodeUtf8(*name).cps;
        if (std::none_of(specials_.begin(), specials_.end(), [&](const Special& s) { return s.id == id; }))
            specials_.push_back({std::u32string(cps.begin(), cps.end()), id, lstrip});
    }
    std::stable_sort(specials_.begin(), specials_.end(),
                     [](const Special& a, const Special& b) { return a.text.size() > b.text.size(); });
}

ByteLevelBpeTokenizer ByteLevelBpeTokenizer::fromFolder(const std::string& dir, bool addSpecials) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(fs::path(dir), ec))
        throw ModelFileError(dir + ": tokenizer folder does not exist or is not a directory");
    const std::string vocabPath = (fs::path(dir) / "vocab.json").string();
    const std::string mergesPath = (fs::path(dir) / "merges.txt").string();
    if (!fs::exists(vocabPath, ec))
        throw ModelFileError(vocabPath + ": not found (a byte-level BPE tokenizer needs vocab.json and merges.txt)");
    if (!fs::exists(mergesPath, ec))
        throw ModelFileError(mergesPath + ": not found (a byte-level BPE tokenizer needs vocab.json and merges.txt)");
    nlohmann::json vocabJson;
    try {
        vocabJson = nlohmann::json::parse(readSmallFile(vocabPath, kMaxVocabBytes));
    } catch (const nlohmann::json::parse_error& e) {
        throw ModelFileError(vocabPath + ": not valid JSON (" + e.what() + ")");
    }
    std::unordered_map<std::string, int> vocab = parseMarianVocab(vocabJson, vocabPath).ids;

    std::vector<std::pair<std::string, std::string>> merges;
    const std::string text = readSmallFile(mergesPath, kMaxVocabBytes);
    std::size_t lineNumber = 0;
    for (std::size_t at = 0; at < text.size();) {
        std::size_t end = text.find('\n', at);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(at, end - at);
        at = end + 1;
        ++lineNumber;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || (lineNumber == 1 && line.rfind("#version", 0) == 0)) continue;
        const std::size_t space = line.find(' ');
        if (space == std::string::npos || space == 0 || space + 1 == line.size() ||
            line.find(' ', space + 1) != std::string::npos)
            throw ModelFileError(mergesPath + ": line " + std::to_string(lineNumber) +
                                 " is not two pieces separated by one space");
        merges.emplace_back(line.substr(0, space), line.substr(space + 1));
    }

    ByteLevelBpeOptions options;
    options.addSpecials = addSpecials;
    options.trimOffsets = addSpecials;
    if (!addSpecials) {  // GPT-2: <|endoftext|> is its only special token unless the config names others
        options.clsToken = options.sepToken = options.unkToken = "<|endoftext|>";
        options.padToken.clear();
        options.maskToken.clear();
    }
    const std::string configPath = (fs::path(dir) / "tokenizer_config.json").string();
    if (fs::exists(configPath, ec)) {
        nlohmann::json config;
        try {
            config = nlohmann::json::parse(readSmallFile(configPath, kMaxConfigBytes));
        } catch (const nlohmann::json::parse_error& e) {
            throw ModelFileError(configPath + ": not valid JSON (" + e.what() + ")");
        }
        if (!config.is_object()) throw ModelFileError(configPath + ": expected a JSON object at the top level");
        readTokenName(config, addSpecials ? "cls_token" : "bos_token", options.clsToken, configPath);
        readTokenName(config, addSpecials ? "sep_token" : "eos_token", options.sepToken, configPath);
        readTokenName(config, "unk_token", options.unkToken, configPath);
        readTokenName(config, "pad_token", options.padToken, configPath);
        readTokenName(config, "mask_token", options.maskToken, configPath);
        if (const auto it = config.find("add_prefix_space"); it != config.end() && it->is_boolean() && it->get<bool>())
            throw UnsupportedModelError(configPath + ": add_prefix_space is true; attnscope supports byte-level "
                                                     "BPE tokenizers without it (the Hugging Face default)");
        if (const auto it = config.find("model_max_length"); it != config.end() && it->is_number()) {
            const double value = it->get<double>();
            if (value < 1.0) throw ModelFileError(configPath + ": \"model_max_length\" must be a positive number");
            if (value <= 1e9) options.modelMaxLength = static_cast<std::size_t>(value);
        }
        // The mask token's lstrip, as added_tokens_decoder (or the mask_token object) says.
        if (const auto it = config.find("mask_token"); it != config.end() && it->is_object() && it->contains("lstrip") &&
                                                        (*it)["lstrip"].is_boolean())
            options.maskLstrip = (*it)["lstrip"].get<bool>();
        if (const auto it = config.find("added_tokens_decoder"); it != config.end() && it->is_object())
            for (const auto& [id, entry] : it->items())
                if (entry.is_object() && entry.value("content", std::string()) == options.maskToken &&
                    entry.contains("lstrip") && entry["lstrip"].is_boolean())
                    options.maskLstrip = entry["lstrip"].get<bool>();
    }
    try {
        return ByteLevelBpeTokenizer(std::move(vocab), std::move(merges), std::move(options));
    } catch (const ModelFileError& e) {
        throw ModelFileError(dir + " (vocab.json, merges.txt): " + e.what());
    }
}

int ByteLevelBpeTokenizer::tokenToId(const std::string& token) const {
    const auto it = ids_.find(token);
    return it == ids_.end() ? -1 : it->second;
}

const std::string& ByteLevelBpeTokenizer::idToToken(int id) const {
    if (id < 0 || id >= static_cast<int>(pieces_.size()) || pieces_[static_cast<std::size_t>(id)].empty())
        throw std::out_of_range("token id " + std::to_string(id) + " is outside the vocabulary of " +
                                std::to_string(pieces_.size()));
    return pieces_[static_cast<std::size_t>(id)];
}

std::string ByteLevelBpeTokenizer::pieceText(const std::string& piece) const { return byteLevelPieceText(piece); }

std::string byteLevelPieceBytes(const std::string& piece) {
    std::string bytes;
    for (char32_t cp : decodeUtf8(piece).cps) {
        const int b = cp < alphabet().codePointToByte.size() ? alphabet().codePointToByte[cp] : -1;
        if (b >= 0) bytes.push_back(static_cast<char>(b));
        else appendUtf8(bytes, cp);  // not a byte character (an added token): as it is
    }
    return bytes;
}

std::string byteLevelPieceText(const std::string& piece) {
    const std::string bytes = byteLevelPieceBytes(piece);
    return validUtf8(bytes);  // a piece that ends inside a character → U+FFFD
}

std::string ByteLevelBpeTokenizer::decode(const std::vector<int>& ids, bool skipSpecial) const {
    std::string bytes;
    for (int id : ids) {
        const bool special = std::any_of(specials_.begin(), specials_.end(), [&](const Special& s) { return s.id == id; });
        if (special && skipSpecial) continue;
        if (id < 0 || id >= static_cast<int>(pieces_.size())) continue;
        bytes += byteLevelPieceBytes(pieces_[static_cast<std::size_t>(id)]);
    }
    return validUtf8(bytes);
}

void ByteLevelBpeTokenizer::bpe(const std::string& bytes, std::vector<std::pair<int, std::size_t>>& out) const {
    struct Symbol {
        std::string text;     // in the byte alphabet
        std::size_t length;   // bytes it stands for
    };
    std::vector<Symbol> word;
    word.reserve(bytes.size());
    for (unsigned char b : bytes) word.push_back({alphabet().byteToText[b], 1});
    while (word.size() > 1) {
        int best = std::numeric_limits<int>::max();
        std::size_t bestAt = 0;
        for (std::size_t i = 0; i + 1 < word.size(); ++i) {
            const auto it = ranks_.find(word[i].text + " " + word[i + 1].text);
            if (it != ranks_.end() && it->second < best) best = it->second, bestAt = i;
        }
        if (best == std::numeric_limits<int>::max()) break;
        // Merge every occurrence of that pair, left to right (Hugging Face's bpe()).
        const std::string left = word[bestAt].text, right = word[bestAt + 1].text;
        std::vector<Symbol> merged;
        merged.reserve(word.size());
        for (std::size_t i = 0; i < word.size();) {
            if (i + 1 < word.size() && word[i].text == left && word[i + 1].text == right) {
                merged.push_back({left + right, word[i].length + word[i + 1].length});
                i += 2;
            } else {
                merged.push_back(std::move(word[i]));
                ++i;
            }
        }
        word = std::move(merged);
    }
    for (const Symbol& s : word) {
        const int id = tokenToId(s.text);
        if (id >= 0) out.emplace_back(id, s.length);
        else if (unkId_ >= 0) out.emplace_back(unkId_, s.length);
        // else: dropped, as a BPE model without an unknown token does
    }
}

std::vector<Token> ByteLevelBpeTokenizer::tokenize(const std::string& utf8Text) const {
    const auto decoded = decodeUtf8(utf8Text);
    const auto& c = decoded.cps;
    const std::size_t n = c.size();
    std::vector<Token> tokens;

    // The text as tokenized: valid UTF-8 (invalid bytes became U+FFFD); cleanAt[i] is the byte of
    // code point i in it.
    std::string clean;
    std::vector<std::size_t> cleanAt(n + 1);
    for (std::size_t i = 0; i < n; ++i) {
        cleanAt[i] = clean.size();
        appendUtf8(clean, c[i]);
    }
    cleanAt[n] = clean.size();
    std::vector<std::size_t> cpOfByte(clean.size() + 1, n);  // clean byte → its code point
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t b = cleanAt[i]; b < cleanAt[i + 1]; ++b) cpOfByte[b] = i;

    auto emitPieces = [&](std::size_t from, std::size_t to) {  // code points [from, to), no specials
        for (std::size_t i = from; i < to;) {
            const std::size_t end = preTokenEnd(c, i, to);
            std::vector<std::pair<int, std::size_t>> pieces;
            const std::size_t b0 = cleanAt[i];
            bpe(clean.substr(b0, cleanAt[end] - b0), pieces);
            std::size_t b = b0;
            for (const auto& [id, length] : pieces) {
                // trim_offsets: the piece's leading and trailing spaces are not part of its range.
                std::size_t lo = b, hi = b + length;
                if (options_.trimOffsets) {
                    while (lo < hi && clean[lo] == ' ') ++lo;
                    std::size_t trailing = 0;
                    while (trailing < hi - lo && clean[hi - 1 - trailing] == ' ') ++trailing;
                    hi -= trailing;
                    if (lo == b + length) hi = lo;  // only spaces: an empty range at their end
                }
                Token t;
                t.id = id;
                t.piece = pieces_[static_cast<std::size_t>(id)];
                const std::size_t cb = cpOfByte[lo];
                const std::size_t ce = hi > lo ? cpOfByte[hi - 1] + 1 : cb;
                t.charBegin = cb;
                t.charEnd = ce;
                t.byteBegin = decoded.byteAt[cb];
                t.byteEnd = decoded.byteAt[ce];
                t.special = id == unkId_;
                tokens.push_back(std::move(t));
                b += length;
            }
            i = end;
        }
    };

    // Added tokens first: leftmost, longest; an lstrip token takes the whitespace before it.
    std::size_t segment = 0;
    for (std::size_t i = 0; i < n;) {
        const Special* hit = nullptr;
        for (const Special& s : specials_)
            if (s.text.size() <= n - i && std::equal(s.text.begin(), s.text.end(), c.begin() + static_cast<std::ptrdiff_t>(i))) {
                hit = &s;
                break;
            }
        if (!hit) {
            ++i;
            continue;
        }
        std::size_t before = i;
        if (hit->lstrip)
            while (before > segment && isSpace(c[before - 1])) --before;
        emitPieces(segment, before);
        Token t;
        t.id = hit->id;
        t.piece = pieces_[static_cast<std::size_t>(hit->id)];
        t.charBegin = i;
        t.charEnd = i + hit->text.size();
        t.byteBegin = decoded.byteAt[t.charBegin];
        t.byteEnd = decoded.byteAt[t.charEnd];
        t.special = true;
        tokens.push_back(std::move(t));
        i += hit->text.size();
        segment = i;
    }
    emitPieces(segment, n);
    return tokens;
}

Encoding ByteLevelBpeTokenizer::encode(const std::string& utf8Text, std::size_t maxLength) const {
    if (maxLength == 0) maxLength = options_.modelMaxLength;
    Encoding e;
    std::vector<Token> pieces = tokenize(utf8Text);
    const std::size_t added = options_.addSpecials ? 2 : 0;
    e.fullLength = pieces.size() + added;
    const std::size_t room = maxLength > added ? maxLength - added : 0;
    if (pieces.size() > room) {
        pieces.resize(room);
        e.truncated = true;
    }
    auto special = [&](int id) {
        Token t;
        t.id = id;
        t.piece = pieces_[static_cast<std::size_t>(id)];
        t.special = true;
        return t;  // offsets (0, 0), as the fast tokenizer gives them
    };
    if (options_.addSpecials) e.tokens.push_back(special(clsId_));
    for (auto& t : pieces) e.tokens.push_back(std::move(t));
    if (options_.addSpecials) e.tokens.push_back(special(sepId_));
    return e;
}

}  // namespace attnscope
