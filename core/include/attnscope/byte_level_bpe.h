// Byte-level BPE tokenizer, behaving like Hugging Face's RobertaTokenizerFast (and, without the
// specials around the text, GPT2TokenizerFast): added tokens (<s>, </s>, <mask> …) split off
// first (<mask> takes the spaces before it, lstrip), then GPT-2's pre-tokenizer pattern
//   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
// the UTF-8 bytes of each piece mapped to printable characters (a space reads "Ġ"), then the
// merges of merges.txt by rank. Offsets as the fast tokenizer gives them: RoBERTa's trim_offsets
// leaves a token's leading and trailing "Ġ" out of its range, GPT-2's keeps them. Reads vocab.json, merges.txt and
// tokenizer_config.json (optional). Thread-safety: immutable once built.
#pragma once

#include "attnscope/encoder_tokenizer.h"

#include <cstddef>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace attnscope {

struct ByteLevelBpeOptions {
    std::string clsToken = "<s>";   // before the text (bos)
    std::string sepToken = "</s>";  // after it (eos)
    std::string unkToken = "<unk>";
    std::string padToken = "<pad>";
    std::string maskToken = "<mask>";
    bool maskLstrip = true;          // <mask> takes the whitespace before it (RoBERTa)
    bool addSpecials = true;         // RoBERTa: <s> … </s>; GPT-2: none
    bool trimOffsets = true;         // RoBERTa: a token's range leaves out its spaces; GPT-2: keeps them
    std::size_t modelMaxLength = 512;
};

// The text a byte-level piece stands for ("Ġcat" → " cat", "Ã©" → "é"); bytes that do not
// make whole UTF-8 characters read as U+FFFD; characters outside the byte alphabet as they are.
std::string byteLevelPieceText(const std::string& piece);
// The raw bytes a byte-level piece stands for (possibly part of a UTF-8 character).
std::string byteLevelPieceBytes(const std::string& piece);

class ByteLevelBpeTokenizer : public EncoderTokenizer {
public:
    // vocab: piece (in the byte alphabet) → id; merges in rank order. Throws ModelFileError when
    // the vocabulary is empty, an id is repeated or out of range, or a merge's parts or result are
    // not in the vocabulary.
    ByteLevelBpeTokenizer(std::unordered_map<std::string, int> vocab,
                          std::vector<std::pair<std::string, std::string>> merges, ByteLevelBpeOptions options);
    // DIR/vocab.json and DIR/merges.txt (required), DIR/tokenizer_config.json (optional: the
    // *_token names, model_max_length, add_prefix_space, added_tokens_decoder's lstrip). Throws
    // ModelFileError naming the missing or malformed file, UnsupportedModelError for
    // add_prefix_space true.
    // addSpecials true: RoBERTa's conventions (<s> … </s>, trimmed offsets); false: GPT-2's.
    static ByteLevelBpeTokenizer fromFolder(const std::string& dir, bool addSpecials = true);

    std::vector<Token> tokenize(const std::string& utf8Text) const override;
    Encoding encode(const std::string& utf8Text, std::size_t maxLength = 0) const override;
    // The text of ids (the byte alphabet decoded, invalid UTF-8 replaced by U+FFFD); specials
    // are left out when skipSpecial.
    std::string decode(const std::vector<int>& ids, bool skipSpecial = true) const;

    int tokenToId(const std::string& token) const override;
    const std::string& idToToken(int id) const override;
    std::size_t vocabSize() const override { return pieces_.size(); }
    int unkId() const override { return unkId_; }
    int clsId() const override { return clsId_; }
    int sepId() const override { return sepId_; }
    int padId() const override { return padId_; }
    int maskId() const override { return maskId_; }
    const std::string& maskToken() const override { return options_.maskToken; }
    std::size_t modelMaxLength() const override { return options_.modelMaxLength; }
    std::string pieceText(const std::string& piece) const override;
    const ByteLevelBpeOptions& options() const { return options_; }

private:
    struct Special {
        std::u32string text;
        int id;
        bool lstrip;
    };
    void bpe(const std::string& bytes, std::vector<std::pair<int, std::size_t>>& out) const;  // (id, byte length)

    std::unordered_map<std::string, int> ids_;
    std::vector<std::string> pieces_;  // id → piece ("" for ids the vocabulary skips)
    std::unordered_map<std::string, int> ranks_;  // "left right" → rank
    ByteLevelBpeOptions options_;
    std::vector<Special> specials_;  // longest first
    int unkId_ = -1, clsId_ = -1, sepId_ = -1, padId_ = -1, maskId_ = -1;
};

}  // namespace attnscope
