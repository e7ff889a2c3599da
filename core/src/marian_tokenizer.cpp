// MarianTokenizer: opus-mt tokenisation mirroring transformers' tokenization_marian.py and the
// slow-tokenizer decode path (convert_tokens_to_string, clean_up_tokenization).
#include "attnscope/marian_tokenizer.h"

#include "small_file.h"

#include "attnscope/errors.h"
#include "marian_text_parsing.h"
#include "token_offsets.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <utility>

namespace attnscope {

namespace {

const std::string kSpaceMarker = "\xE2\x96\x81";  // U+2581, SentencePiece's word boundary

nlohmann::json readJsonFile(const std::string& path) {
    const std::string text = readSmallFile(path, kMaxVocabBytes);
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw ModelFileError("'" + path + "' is not valid JSON: " + e.what());
    }
}

SentencePieceModel loadSpm(const std::string& dir, const char* name) {
    return SentencePieceModel::load(dir + "/" + name);
}

// A special token in tokenizer_config.json is a string or {"content": ...}.
std::string tokenName(const nlohmann::json& config, const char* key, const std::string& fallback) {
    if (!config.contains(key) || config[key].is_null()) return fallback;
    const auto& v = config[key];
    if (v.is_string()) return v.get<std::string>();
    if (v.is_object() && v.contains("content") && v["content"].is_string()) return v["content"].get<std::string>();
    return fallback;
}

void replaceAll(std::string& s, const std::string& from, const std::string& to) {
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
        s.replace(at, from.size(), to);
}

Token makeToken(std::string piece, int id, std::size_t byteBegin, std::size_t byteEnd, bool special) {
    Token t;
    t.id = id;
    t.piece = std::move(piece);
    t.byteBegin = byteBegin;
    t.byteEnd = byteEnd;
    t.special = special;
    return t;
}

bool isAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string strip(const std::string& s) {
    std::size_t b = 0, e = s.size();
    while (b < e && isAsciiSpace(s[b])) ++b;
    while (e > b && isAsciiSpace(s[e - 1])) --e;
    return s.substr(b, e - b);
}

}  // namespace

MarianTokenizer::MarianTokenizer(SentencePieceModel source, SentencePieceModel target)
    : source_(std::move(source)), target_(std::move(target)) {}

MarianTokenizer MarianTokenizer::load(const std::string& dir, int modelVocabSize) {
    if (!std::filesystem::is_directory(dir)) throw ModelFileError("Model folder '" + dir + "' does not exist");
    std::string missing;
    for (const char* name : {"source.spm", "target.spm", "vocab.json"})
        if (!std::filesystem::is_regular_file(dir + "/" + name))
            missing += std::string(missing.empty() ? "" : ", ") + name;
    if (!missing.empty())
        throw ModelFileError("'" + dir + "' lacks the Marian tokenizer file(s) " + missing +
                             " (an opus-mt folder has source.spm, target.spm and vocab.json)");
    const std::string vocabPath = dir + "/vocab.json";
    nlohmann::json config = nlohmann::json::object();
    const std::string configPath = dir + "/tokenizer_config.json";
    std::error_code ec;
    if (std::filesystem::exists(configPath, ec)) {  // optional; but a FIFO or device there is refused
        config = readJsonFile(configPath);
        if (!config.is_object()) throw ModelFileError("'" + configPath + "' is not a JSON object");
        if (config.value("separate_vocabs", false))
            throw UnsupportedModelError("'" + configPath +
                                        "' asks for separate source and target vocabularies, "
                                        "which attnscope does not support");
    }

    MarianTokenizer t(loadSpm(dir, "source.spm"), loadSpm(dir, "target.spm"));
    auto table = parseMarianVocab(readJsonFile(vocabPath), vocabPath);
    t.vocab_ = std::move(table.ids);
    t.pieces_ = std::move(table.pieces);
    t.eosToken_ = tokenName(config, "eos_token", "</s>");
    t.unkToken_ = tokenName(config, "unk_token", "<unk>");
    t.padToken_ = tokenName(config, "pad_token", "<pad>");
    const auto idOf = [&](const std::string& token) {
        const auto it = t.vocab_.find(token);
        if (it == t.vocab_.end()) throw ModelFileError("'" + vocabPath + "' lacks the special token '" + token + "'");
        return it->second;
    };
    t.eosId_ = idOf(t.eosToken_);
    t.unkId_ = idOf(t.unkToken_);
    t.padId_ = idOf(t.padToken_);
    t.cleanUpSpaces_ = config.value("clean_up_tokenization_spaces", true);
    if (modelVocabSize > 0 && t.vocabSize() > modelVocabSize)
        throw ModelFileError("'" + vocabPath + "' has ids up to " + std::to_string(t.vocabSize() - 1) +
                             " but the model's vocabulary has only " + std::to_string(modelVocabSize) +
                             " entries: tokenizer and model do not belong together");
    return t;
}

int MarianTokenizer::vocabSize() const {
    int top = -1;
    for (const auto& [id, piece] : pieces_) top = std::max(top, id);
    return top + 1;
}

std::string MarianTokenizer::idToPiece(int id) const {
    const auto it = pieces_.find(id);
    return it == pieces_.end() ? unkToken_ : it->second;
}

int MarianTokenizer::pieceToId(const std::string& piece) const {
    const auto it = vocab_.find(piece);
    return it == vocab_.end() ? unkId_ : it->second;
}


std::vector<Token> MarianTokenizer::encode(const std::string& text) const {
    std::vector<Token> tokens;
    const std::string specials[] = {eosToken_, unkToken_, padToken_};
    // Encodes text[begin, end) as MarianTokenizer._tokenize does: a ">>xx<<" language code at
    // the start becomes a token of its own, every ">>...<<" is removed, the rest goes through
    // source.spm. Offsets are mapped back to the whole text.
    const auto encodeSegment = [&](std::size_t begin, std::size_t end) {
        if (begin >= end) return;
        const std::string segment = text.substr(begin, end - begin);
        const auto codes = languageCodeSpans(segment);
        if (!codes.empty() && codes.front().first == 0) {
            const std::string code = segment.substr(0, codes.front().second);
            tokens.push_back(makeToken(code, pieceToId(code), begin, begin + code.size(), false));
        }
        std::string rest;
        std::vector<std::pair<std::size_t, std::size_t>> chunks;  // (start in rest, start in text)
        std::size_t kept = 0;
        for (const auto& [from, to] : codes) {
            chunks.emplace_back(rest.size(), begin + kept);
            rest += segment.substr(kept, from - kept);
            kept = to;
        }
        chunks.emplace_back(rest.size(), begin + kept);
        rest += segment.substr(kept);
        const auto toText = [&](std::size_t at) {
            auto chunk = std::upper_bound(chunks.begin(), chunks.end(), std::make_pair(at, SIZE_MAX));
            --chunk;
            return chunk->second + (at - chunk->first);
        };
        for (const auto& p : source_.encodePieces(rest)) {
            const std::size_t b = toText(p.begin), e = p.end > p.begin ? toText(p.end - 1) + 1 : b;
            tokens.push_back(makeToken(p.piece, pieceToId(p.piece), b, e, false));
        }
    };
    // Hugging Face splits the text on special tokens first (its added-tokens trie: the earliest
    // match, the longest at one position).
    std::size_t from = 0;
    while (from < text.size()) {
        std::size_t best = std::string::npos, bestLength = 0;
        for (const auto& s : specials) {
            const auto at = text.find(s, from);
            if (at != std::string::npos && (at < best || (at == best && s.size() > bestLength))) {
                best = at;
                bestLength = s.size();
            }
        }
        if (best == std::string::npos) break;
        encodeSegment(from, best);
        const std::string token = text.substr(best, bestLength);
        tokens.push_back(makeToken(token, pieceToId(token), best, best + bestLength, true));
        from = best + bestLength;
    }
    encodeSegment(from, text.size());
    tokens.push_back(makeToken(eosToken_, eosId_, text.size(), text.size(), true));
    setCodePointOffsets(tokens, text);
    return tokens;
}

std::vector<int> MarianTokenizer::encodeIds(const std::string& text) const {
    std::vector<int> ids;
    for (const auto& t : encode(text)) ids.push_back(t.id);
    return ids;
}

// sp_model.decode_pieces(): pieces unknown to target.spm keep their text; control pieces
// (<s>, </s>) vanish; one leading word boundary of the first piece is dropped.
std::vector<int> MarianTokenizer::encodeTargetIds(const std::string& text) const {
    std::vector<int> ids;
    for (const auto& p : target_.encodePieces(text)) ids.push_back(pieceToId(p.piece));
    return ids;
}

std::string MarianTokenizer::piecesToText(const std::vector<std::string>& pieces) const {
    std::string out;
    bool first = true;
    for (const auto& piece : pieces) {
        const int id = target_.pieceToId(piece);
        if (id >= 0 && (id == target_.bosId() || id == target_.eosId()) && target_.idToPiece(id) == piece) continue;
        std::string surface = piece;
        if (id >= 0 && id == target_.unkId() && target_.idToPiece(id) == piece) surface = " \xE2\x81\x87 ";
        if (first && surface.compare(0, kSpaceMarker.size(), kSpaceMarker) == 0) surface.erase(0, kSpaceMarker.size());
        first = false;
        out += surface;
    }
    replaceAll(out, kSpaceMarker, " ");
    return out;
}

// MarianTokenizer.convert_tokens_to_string followed by clean_up_tokenization.
std::string MarianTokenizer::tokensToString(const std::vector<std::string>& tokens) const {
    std::string out;
    std::vector<std::string> run;
    for (const auto& token : tokens) {
        if (token == eosToken_ || token == unkToken_ || token == padToken_) {
            out += piecesToText(run) + token + " ";
            run.clear();
        } else {
            run.push_back(token);
        }
    }
    out += piecesToText(run);
    replaceAll(out, kSpaceMarker, " ");
    out = strip(out);
    if (cleanUpSpaces_) {
        const std::pair<const char*, const char*> rules[] = {
            {" .", "."},     {" ?", "?"},   {" !", "!"},   {" ,", ","},     {" ' ", "'"},
            {" n't", "n't"}, {" 'm", "'m"}, {" 's", "'s"}, {" 've", "'ve"}, {" 're", "'re"}};
        for (const auto& [from, to] : rules) replaceAll(out, from, to);
    }
    return out;
}

std::string MarianTokenizer::decode(const std::vector<int>& ids) const {
    std::vector<std::string> tokens;
    for (const int id : ids)
        if (!isSpecial(id)) tokens.push_back(idToPiece(id));
    return tokensToString(tokens);
}

std::vector<Token> MarianTokenizer::decodeTokens(const std::vector<int>& ids) const {
    const std::string full = decode(ids);
    std::vector<Token> out;
    std::vector<int> prefix;
    std::size_t previousEnd = 0;
    for (const int id : ids) {
        prefix.push_back(id);
        Token t = makeToken(idToPiece(id), id, previousEnd, previousEnd, isSpecial(id));
        if (!t.special) {
            // The piece spans what it adds to the decoded prefix (clamped, as clean-up and
            // stripping can make a prefix's text differ from the start of the full text).
            const std::string text = decode(prefix);
            std::size_t end = std::min(text.size(), full.size());
            if (full.compare(0, end, text, 0, end) != 0) end = previousEnd;
            t.byteBegin = std::min(previousEnd, end);
            t.byteEnd = std::max(end, t.byteBegin);
            previousEnd = t.byteEnd;
        }
        out.push_back(std::move(t));
    }
    setCodePointOffsets(out, full);
    return out;
}

}  // namespace attnscope
