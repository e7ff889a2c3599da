// WordPiece tokenizer, behaving exactly like Hugging Face's (slow, Python) BertTokenizer:
// text cleaning, CJK splitting, punctuation splitting, optional lower-casing and accent
// stripping, greedy longest-match-first WordPiece with "##", [CLS]/[SEP], truncation.
// Every token keeps its offsets into the original UTF-8 text (the GUI highlights words).
// Thread-safety: a constructed tokenizer is immutable; encode() may run on any thread.
#pragma once

#include "attnscope/encoder_tokenizer.h"
#include "attnscope/token.h"

#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace attnscope {

struct WordPieceOptions {
    bool lowercase = true;             // tokenizer_config.json "do_lower_case"
    std::optional<bool> stripAccents;  // "strip_accents"; unset (null) follows lowercase
    bool tokenizeChineseChars = true;  // "tokenize_chinese_chars"
    std::string unkToken = "[UNK]";
    std::string clsToken = "[CLS]";
    std::string sepToken = "[SEP]";
    std::string padToken = "[PAD]";
    std::string maskToken = "[MASK]";
    std::size_t maxInputCharsPerWord = 100;  // longer words become [UNK], as in Hugging Face
    std::size_t modelMaxLength = 512;        // "model_max_length"
};

class WordPieceTokenizer : public EncoderTokenizer {
public:
    // vocab: one token per line, line number = id (vocab.txt). Throws ModelFileError on an
    // empty vocabulary or when a required special token (unk, cls, sep) is missing.
    WordPieceTokenizer(std::vector<std::string> vocab, WordPieceOptions options);

    // Reads DIR/vocab.txt (required) and DIR/tokenizer_config.json (optional; keys
    // do_lower_case, strip_accents, tokenize_chinese_chars, *_token, model_max_length).
    // Throws ModelFileError naming the missing or malformed file.
    static WordPieceTokenizer fromFolder(const std::string& dir);

    // Word pieces of the text without [CLS]/[SEP] (Hugging Face's tokenizer.tokenize()).
    std::vector<Token> tokenize(const std::string& utf8Text) const override;

    // [CLS] + pieces + [SEP], truncated from the end to at most maxLength tokens
    // (0 means options().modelMaxLength). Invalid UTF-8 is replaced by U+FFFD first.
    Encoding encode(const std::string& utf8Text, std::size_t maxLength = 0) const override;

    int tokenToId(const std::string& token) const override;  // -1 when absent
    const std::string& idToToken(int id) const override;  // throws std::out_of_range
    std::size_t vocabSize() const override { return vocab_.size(); }
    const WordPieceOptions& options() const { return options_; }
    int unkId() const override { return unkId_; }
    int clsId() const override { return clsId_; }
    int sepId() const override { return sepId_; }
    int padId() const override { return padId_; }    // -1 when the vocabulary has none
    int maskId() const override { return maskId_; }  // -1 when the vocabulary has none
    const std::string& maskToken() const override { return options_.maskToken; }
    std::size_t modelMaxLength() const override { return options_.modelMaxLength; }

private:
    std::vector<std::string> vocab_;
    std::unordered_map<std::string, int> ids_;
    WordPieceOptions options_;
    int unkId_ = -1, clsId_ = -1, sepId_ = -1, padId_ = -1, maskId_ = -1;
    std::size_t maxPieceChars_ = 0;                              // longest vocabulary entry, in code points
    std::vector<std::u32string> specialTexts_;                   // special tokens, in HF's all_special_tokens order
    std::vector<std::pair<std::u32string, int>> splitSpecials_;  // those in the vocabulary, with their ids
};

}  // namespace attnscope
