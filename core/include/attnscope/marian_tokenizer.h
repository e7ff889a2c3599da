// MarianTokenizer: the text side of a Marian (opus-mt) checkpoint, equal to Hugging Face's
// MarianTokenizer (transformers 4.44, without sacremoses, i.e. no Moses punctuation
// normalisation). Files: source.spm, target.spm, vocab.json (piece -> id, shared by both
// sides) and, optionally, tokenizer_config.json (special token names, clean-up of spaces).
// Source text -> source.spm pieces -> vocab.json ids (<unk> when absent) + </s>; target ids ->
// pieces -> text with target.spm's rules, special tokens skipped.
// A ">>xx<<" language code at the start of the text is one token, as in Hugging Face.
// Not supported (refused by load()): separate source and target vocabularies.
// Threading: immutable after load(); every const member may be called concurrently.
#pragma once

#include "attnscope/sentencepiece_model.h"
#include "attnscope/token.h"

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

namespace attnscope {

class MarianTokenizer {
public:
    // Reads dir/source.spm, dir/target.spm, dir/vocab.json and dir/tokenizer_config.json (when
    // present). modelVocabSize > 0 checks that every id fits the model. Throws ModelFileError
    // naming the file on a missing, corrupt or inconsistent file (e.g. vocab.json without
    // </s> or <unk>), UnsupportedModelError for separate vocabularies.
    static MarianTokenizer load(const std::string& dir, int modelVocabSize = 0);

    // Source tokens of text, ending with </s>, with their byte and code point ranges in text
    // (</s> has an empty range at the end). Literal "</s>", "<unk>", "<pad>" in the text are
    // those special tokens, as in Hugging Face. Empty text gives just </s>.
    std::vector<Token> encode(const std::string& text) const;
    std::vector<int> encodeIds(const std::string& text) const;
    // Target-side ids of text (target.spm, as HF's text_target), without </s>: a target prefix.
    std::vector<int> encodeTargetIds(const std::string& text) const;

    // tokenizer.decode(ids, skip_special_tokens=True).
    std::string decode(const std::vector<int>& ids) const;
    // One token per id (specials included, with empty ranges) with its byte and code point
    // range in decode(ids).
    std::vector<Token> decodeTokens(const std::vector<int>& ids) const;

    // vocab.json's piece for id; "<unk>" for an id it lacks (as Hugging Face).
    std::string idToPiece(int id) const;
    int pieceToId(const std::string& piece) const;  // unkId() when absent
    int vocabSize() const;                          // largest id + 1
    int eosId() const { return eosId_; }
    int unkId() const { return unkId_; }
    int padId() const { return padId_; }
    bool isSpecial(int id) const { return id == eosId_ || id == unkId_ || id == padId_; }

private:
    MarianTokenizer(SentencePieceModel source, SentencePieceModel target);
    std::string tokensToString(const std::vector<std::string>& tokens) const;
    std::string piecesToText(const std::vector<std::string>& pieces) const;

    SentencePieceModel source_;
    SentencePieceModel target_;
    std::unordered_map<std::string, int> vocab_;
    std::unordered_map<int, std::string> pieces_;
    std::string eosToken_ = "</s>", unkToken_ = "<unk>", padToken_ = "<pad>";
    int eosId_ = 0, unkId_ = 1, padId_ = 0;
    bool cleanUpSpaces_ = true;
};

}  // namespace attnscope
