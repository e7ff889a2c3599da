// WordPiece tokenizer that reproduces Hugging Face's slow BertTokenizer (transformers 4.44)
// id for id, while remembering where every piece came from in the original UTF-8 text.
//
// The pipeline follows PreTrainedTokenizer.tokenize + BertTokenizer._tokenize:
//   1. lower-case one code point at a time, leaving special tokens as written (do_lower_case);
//   2. split out special tokens ([MASK], [SEP], ...) written in the text;
//   3. per remaining chunk, BasicTokenizer: clean, space out CJK, NFC, whitespace split,
//      strip accents (NFD, drop Mn), split punctuation;
//   4. greedy longest-match-first WordPiece with "##" continuations.
// Each code point carries the range of original code points it stems from through all steps.
#include "attnscope/wordpiece_tokenizer.h"

#include "attnscope/errors.h"
#include "small_file.h"
#include "wordpiece_text.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <utility>

namespace attnscope {
namespace {

using wordpiece::Char;
using wordpiece::Chars;
using wordpiece::DecodedText;

bool matchesAt(const Chars& text, std::size_t at, const std::u32string& word) {
    if (word.empty() || at + word.size() > text.size()) return false;
    for (std::size_t k = 0; k < word.size(); ++k)
        if (text[at + k].cp != word[k]) return false;
    return true;
}

std::string readWholeFile(const std::filesystem::path& path) { return readSmallFile(path.string(), kMaxVocabBytes); }

bool isValidUtf8(const std::string& s) {
    const DecodedText d = wordpiece::decodeUtf8(s);
    for (std::size_t k = 0; k < d.cps.size(); ++k)
        if (d.cps[k] == U'\uFFFD' && s.compare(d.byteAt[k], 3, "\xEF\xBF\xBD") != 0) return false;
    return true;
}

// One token per line like Python's readlines() in text mode: \n, \r\n and \r end a line.
std::vector<std::string> splitVocabLines(const std::string& text, const std::string& fileName) {
    std::vector<std::string> lines;
    std::string current;
    bool pendingLine = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            lines.push_back(std::move(current));
            current.clear();
            pendingLine = false;
        } else {
            current += c;
            pendingLine = true;
        }
    }
    if (pendingLine) lines.push_back(std::move(current));
    for (std::size_t i = 0; i < lines.size(); ++i)
        if (!isValidUtf8(lines[i]))
            throw ModelFileError(fileName + ": line " + std::to_string(i + 1) + " is not valid UTF-8");
    return lines;
}

// Reads a "*_token" entry: a string, or an AddedToken object {"content": "..."}.
void readTokenOption(const nlohmann::json& config, const char* key, std::string& target, const std::string& fileName) {
    const auto it = config.find(key);
    if (it == config.end() || it->is_null()) return;
    if (it->is_string()) {
        target = it->get<std::string>();
    } else if (it->is_object() && it->contains("content") && (*it)["content"].is_string()) {
        target = (*it)["content"].get<std::string>();
    } else {
        throw ModelFileError(fileName + ": \"" + key + "\" must be a string or {\"content\": string}");
    }
}

void readBoolOption(const nlohmann::json& config, const char* key, bool& target, const std::string& fileName) {
    const auto it = config.find(key);
    if (it == config.end() || it->is_null()) return;
    if (!it->is_boolean()) throw ModelFileError(fileName + ": \"" + key + "\" must be true or false");
    target = it->get<bool>();
}

WordPieceOptions parseTokenizerConfig(const std::string& text, const std::string& fileName) {
    nlohmann::json config;
    try {
        config = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        throw ModelFileError(fileName + ": not valid JSON (" + e.what() + ")");
    }
    if (!config.is_object()) throw ModelFileError(fileName + ": expected a JSON object at the top level");

    WordPieceOptions options;
    readBoolOption(config, "do_lower_case", options.lowercase, fileName);
    readBoolOption(config, "tokenize_chinese_chars", options.tokenizeChineseChars, fileName);
    if (const auto it = config.find("strip_accents"); it != config.end() && !it->is_null()) {
        if (!it->is_boolean()) throw ModelFileError(fileName + ": \"strip_accents\" must be true, false or null");
        options.stripAccents = it->get<bool>();
    }
    readTokenOption(config, "unk_token", options.unkToken, fileName);
    readTokenOption(config, "cls_token", options.clsToken, fileName);
    readTokenOption(config, "sep_token", options.sepToken, fileName);
    readTokenOption(config, "pad_token", options.padToken, fileName);
    readTokenOption(config, "mask_token", options.maskToken, fileName);
    if (const auto it = config.find("model_max_length"); it != config.end() && !it->is_null()) {
        if (!it->is_number() || it->get<double>() < 1.0)
            throw ModelFileError(fileName + ": \"model_max_length\" must be a positive number");
        // HF writes 1e30 for "no limit"; keep the default then rather than an absurd size.
        const double value = it->get<double>();
        if (value <= 1e9) options.modelMaxLength = static_cast<std::size_t>(value);
    }
    return options;
}

bool isSpecialPiece(const WordPieceOptions& o, const std::string& piece) {
    return piece == o.unkToken || piece == o.clsToken || piece == o.sepToken || piece == o.padToken ||
           piece == o.maskToken;
}

// What the per-chunk steps need from the tokenizer.
struct ChunkContext {
    const WordPieceTokenizer& tokenizer;
    std::size_t maxPieceChars;                        // longest vocabulary entry, in code points
    const std::vector<std::u32string>& specialTexts;  // never split, never lower-cased
};

// 4. Greedy longest-match-first WordPiece; a word too long or with no match is one [UNK].
template <typename Emit> void wordPiece(const ChunkContext& ctx, const Chars& word, Emit& emit) {
    const auto rangeOf = [&](std::size_t from, std::size_t to) {
        std::uint32_t b = UINT32_MAX, e = 0;
        for (std::size_t k = from; k < to; ++k) {
            b = std::min(b, word[k].begin);
            e = std::max(e, word[k].end);
        }
        return std::pair{b, std::max(b, e)};
    };
    const auto emitUnknown = [&] {
        const auto [b, e] = rangeOf(0, word.size());
        emit(ctx.tokenizer.unkId(), b, e);
    };
    if (word.size() > ctx.tokenizer.options().maxInputCharsPerWord) {
        emitUnknown();
        return;
    }
    std::string utf8;
    std::vector<std::size_t> byteAt;  // byte offset of each code point in utf8
    for (const Char& c : word) {
        byteAt.push_back(utf8.size());
        wordpiece::appendUtf8(utf8, c.cp);
    }
    byteAt.push_back(utf8.size());

    std::vector<std::pair<std::size_t, int>> pieces;  // (end index, id)
    std::string candidate;
    for (std::size_t start = 0; start < word.size();) {
        int id = -1;
        std::size_t end = std::min(word.size(), start + ctx.maxPieceChars);
        for (; end > start; --end) {
            candidate.assign(start > 0 ? "##" : "");
            candidate.append(utf8, byteAt[start], byteAt[end] - byteAt[start]);
            id = ctx.tokenizer.tokenToId(candidate);
            if (id >= 0) break;
        }
        if (id < 0) {
            emitUnknown();
            return;
        }
        pieces.emplace_back(end, id);
        start = end;
    }
    std::size_t start = 0;
    for (const auto& [end, id] : pieces) {
        const auto [b, e] = rangeOf(start, end);
        emit(id, b, e);
        start = end;
    }
}

// 3. BasicTokenizer on text between special tokens, then WordPiece on each word.
template <typename Emit> void tokenizeChunk(const ChunkContext& ctx, const Chars& chunk, Emit& emit) {
    if (chunk.empty()) return;
    // 3a. _clean_text and _tokenize_chinese_chars.
    Chars cleaned;
    cleaned.reserve(chunk.size() + chunk.size() / 4);
    for (const Char& c : chunk) {
        if (c.cp == 0 || c.cp == 0xFFFD || wordpiece::isControl(c.cp)) continue;
        if (wordpiece::isWhitespace(c.cp)) {
            cleaned.push_back({U' ', c.begin, c.end});
        } else if (ctx.tokenizer.options().tokenizeChineseChars && wordpiece::isChineseChar(c.cp)) {
            // The padding spaces get empty ranges: they only separate words.
            cleaned.push_back({U' ', c.begin, c.begin});
            cleaned.push_back(c);
            cleaned.push_back({U' ', c.end, c.end});
        } else {
            cleaned.push_back(c);
        }
    }
    // 3b. HF normalizes to NFC. When accents are stripped the NFD below gives the same text
    // without it (NFD(NFC(x)) == NFD(x)) and keeps finer offsets, so it is skipped then.
    // HF lower-cases each word again here; the text is lower-case already, so that is a no-op.
    const WordPieceOptions& options = ctx.tokenizer.options();
    const bool strip = options.stripAccents.value_or(options.lowercase);
    if (!strip) cleaned = wordpiece::normalizeChars(cleaned, /*compose=*/true);

    // 3c. Whitespace split, accent stripping, punctuation split, then WordPiece per word.
    Chars word;
    std::size_t i = 0;
    while (i < cleaned.size()) {
        if (wordpiece::isPythonSpace(cleaned[i].cp)) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < cleaned.size() && !wordpiece::isPythonSpace(cleaned[j].cp)) ++j;
        Chars token(cleaned.begin() + static_cast<std::ptrdiff_t>(i), cleaned.begin() + static_cast<std::ptrdiff_t>(j));
        i = j;
        // never_split: a whitespace token spelled like a special token is kept whole.
        const bool keepWhole =
            std::any_of(ctx.specialTexts.begin(), ctx.specialTexts.end(),
                        [&](const std::u32string& s) { return s.size() == token.size() && matchesAt(token, 0, s); });
        if (keepWhole) {
            wordPiece(ctx, token, emit);
            continue;
        }
        if (strip) {
            Chars decomposed = wordpiece::normalizeChars(token, /*compose=*/false);
            token.clear();
            for (const Char& c : decomposed)
                if (!wordpiece::isNonSpacingMark(c.cp)) token.push_back(c);
        }
        for (const Char& c : token) {
            if (wordpiece::isPunctuation(c.cp)) {
                if (!word.empty()) wordPiece(ctx, word, emit);
                word.assign(1, c);
                wordPiece(ctx, word, emit);
                word.clear();
            } else {
                word.push_back(c);
            }
        }
        if (!word.empty()) wordPiece(ctx, word, emit);
        word.clear();
    }
}

}  // namespace

WordPieceTokenizer::WordPieceTokenizer(std::vector<std::string> vocab, WordPieceOptions options)
    : vocab_(std::move(vocab)), options_(std::move(options)) {
    if (vocab_.empty()) throw ModelFileError("the WordPiece vocabulary is empty");
    ids_.reserve(vocab_.size());
    for (std::size_t i = 0; i < vocab_.size(); ++i) {
        ids_[vocab_[i]] = static_cast<int>(i);  // a repeated token keeps its last id, like HF's dict
        maxPieceChars_ = std::max(maxPieceChars_, wordpiece::toUtf32(vocab_[i]).size());
    }
    unkId_ = tokenToId(options_.unkToken);
    clsId_ = tokenToId(options_.clsToken);
    sepId_ = tokenToId(options_.sepToken);
    padId_ = tokenToId(options_.padToken);
    maskId_ = tokenToId(options_.maskToken);
    for (const auto& [id, name] : {std::pair{unkId_, &options_.unkToken}, std::pair{clsId_, &options_.clsToken},
                                   std::pair{sepId_, &options_.sepToken}}) {
        if (id < 0)
            throw ModelFileError("the WordPiece vocabulary (" + std::to_string(vocab_.size()) +
                                 " tokens) has no special token \"" + *name + "\"");
    }
    // HF's all_special_tokens order (unk, sep, pad, cls, mask) decides ties when lower-casing.
    for (const std::string* s :
         {&options_.unkToken, &options_.sepToken, &options_.padToken, &options_.clsToken, &options_.maskToken}) {
        const std::u32string text = wordpiece::toUtf32(*s);
        if (text.empty()) continue;
        specialTexts_.push_back(text);
        if (tokenToId(*s) >= 0) splitSpecials_.emplace_back(text, tokenToId(*s));
    }
}

WordPieceTokenizer WordPieceTokenizer::fromFolder(const std::string& dir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(fs::path(dir), ec))
        throw ModelFileError(dir + ": tokenizer folder does not exist or is not a directory");
    const fs::path vocabPath = fs::path(dir) / "vocab.txt";
    if (!fs::exists(vocabPath, ec))  // anything else there is refused by the reader, by name
        throw ModelFileError(vocabPath.string() + ": not found (the folder needs a WordPiece vocab.txt)");
    std::vector<std::string> vocab = splitVocabLines(readWholeFile(vocabPath), vocabPath.string());

    WordPieceOptions options;
    const fs::path configPath = fs::path(dir) / "tokenizer_config.json";
    if (fs::exists(configPath, ec)) options = parseTokenizerConfig(readWholeFile(configPath), configPath.string());
    try {
        return WordPieceTokenizer(std::move(vocab), std::move(options));
    } catch (const ModelFileError& e) {
        throw ModelFileError(vocabPath.string() + ": " + e.what());
    }
}

int WordPieceTokenizer::tokenToId(const std::string& token) const {
    const auto it = ids_.find(token);
    return it == ids_.end() ? -1 : it->second;
}

const std::string& WordPieceTokenizer::idToToken(int id) const {
    if (id < 0 || static_cast<std::size_t>(id) >= vocab_.size())
        throw std::out_of_range("token id " + std::to_string(id) + " is outside the vocabulary of " +
                                std::to_string(vocab_.size()));
    return vocab_[static_cast<std::size_t>(id)];
}

std::vector<Token> WordPieceTokenizer::tokenize(const std::string& utf8Text) const {
    const DecodedText decoded = wordpiece::decodeUtf8(utf8Text);
    Chars text;
    text.reserve(decoded.cps.size());
    for (std::size_t i = 0; i < decoded.cps.size(); ++i)
        text.push_back({decoded.cps[i], static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(i + 1)});

    // 1. HF lower-cases before anything else, one code point at a time, skipping special tokens.
    if (options_.lowercase) {
        Chars lowered;
        lowered.reserve(text.size());
        for (std::size_t i = 0; i < text.size();) {
            const auto special = std::find_if(specialTexts_.begin(), specialTexts_.end(),
                                              [&](const std::u32string& s) { return matchesAt(text, i, s); });
            if (special != specialTexts_.end()) {
                lowered.insert(lowered.end(), text.begin() + static_cast<std::ptrdiff_t>(i),
                               text.begin() + static_cast<std::ptrdiff_t>(i + special->size()));
                i += special->size();
            } else {
                wordpiece::appendLowered(text[i], lowered);
                ++i;
            }
        }
        text = std::move(lowered);
    }

    // 2. Special tokens in the vocabulary split the text (leftmost, then longest, match wins).
    std::vector<Token> tokens;
    const ChunkContext context{*this, maxPieceChars_, specialTexts_};
    Chars chunk;
    const auto emit = [&](int id, std::uint32_t charBegin, std::uint32_t charEnd) {
        Token t;
        t.id = id;
        t.piece = vocab_[static_cast<std::size_t>(id)];
        t.charBegin = charBegin;
        t.charEnd = charEnd;
        t.byteBegin = decoded.byteAt[charBegin];
        t.byteEnd = decoded.byteAt[charEnd];
        t.special = isSpecialPiece(options_, t.piece);
        tokens.push_back(std::move(t));
    };
    for (std::size_t i = 0; i < text.size();) {
        const std::pair<std::u32string, int>* best = nullptr;
        for (const auto& special : splitSpecials_)
            if (matchesAt(text, i, special.first) && (!best || special.first.size() > best->first.size()))
                best = &special;
        if (!best) {
            chunk.push_back(text[i++]);
            continue;
        }
        tokenizeChunk(context, chunk, emit);
        chunk.clear();
        emit(best->second, text[i].begin, text[i + best->first.size() - 1].end);
        i += best->first.size();
    }
    tokenizeChunk(context, chunk, emit);
    return tokens;
}

Encoding WordPieceTokenizer::encode(const std::string& utf8Text, std::size_t maxLength) const {
    const std::size_t limit = maxLength > 0 ? maxLength : options_.modelMaxLength;
    std::vector<Token> pieces = tokenize(utf8Text);
    Encoding encoding;
    encoding.fullLength = pieces.size() + 2;
    // [CLS] and [SEP] are always kept, even when the limit is below 2.
    const std::size_t keep = std::min(pieces.size(), limit >= 2 ? limit - 2 : 0);
    encoding.truncated = keep < pieces.size();
    pieces.resize(keep);

    const auto specialToken = [&](int id) {
        Token t;
        t.id = id;
        t.piece = vocab_[static_cast<std::size_t>(id)];
        t.special = true;
        return t;
    };
    encoding.tokens.reserve(keep + 2);
    encoding.tokens.push_back(specialToken(clsId_));
    std::move(pieces.begin(), pieces.end(), std::back_inserter(encoding.tokens));
    encoding.tokens.push_back(specialToken(sepId_));
    return encoding;
}

}  // namespace attnscope
