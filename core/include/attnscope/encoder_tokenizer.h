// What the BERT-family encoder needs from a tokenizer, whichever the family uses: WordPiece
// (BERT, DistilBERT: wordpiece_tokenizer.h) or byte-level BPE (RoBERTa: byte_level_bpe.h).
// Tokens are attnscope::Token (token.h) with byte and code point offsets into the input.
// Thread-safety: a constructed tokenizer is immutable; encode() may run on any thread.
#pragma once

#include "attnscope/token.h"

#include <cstddef>
#include <string>
#include <vector>

namespace attnscope {

struct Encoding {
    std::vector<Token> tokens;   // including the specials around the text ([CLS] … [SEP], <s> … </s>)
    bool truncated = false;      // true when tokens were dropped to fit maxLength
    std::size_t fullLength = 0;  // number of tokens (with specials) before truncation
};

class EncoderTokenizer {
public:
    virtual ~EncoderTokenizer() = default;

    // The pieces of the text without the specials around it (Hugging Face's tokenize()).
    virtual std::vector<Token> tokenize(const std::string& utf8Text) const = 0;
    // Specials + pieces, truncated from the end to at most maxLength tokens (0: the tokenizer's
    // model_max_length). Invalid UTF-8 is replaced by U+FFFD first.
    virtual Encoding encode(const std::string& utf8Text, std::size_t maxLength = 0) const = 0;

    virtual int tokenToId(const std::string& token) const = 0;  // -1 when absent
    virtual const std::string& idToToken(int id) const = 0;     // throws std::out_of_range
    virtual std::size_t vocabSize() const = 0;
    virtual int unkId() const = 0;
    virtual int clsId() const = 0;   // the token before the text ([CLS], <s>)
    virtual int sepId() const = 0;   // the token after it ([SEP], </s>)
    virtual int padId() const = 0;   // -1 when the vocabulary has none
    virtual int maskId() const = 0;  // -1 when the vocabulary has none
    virtual const std::string& maskToken() const = 0;  // what a user types to hide a word
    virtual std::size_t modelMaxLength() const = 0;
    // A vocabulary piece as the text it stands for, for showing a prediction: WordPiece pieces
    // as they are ("##ing"), byte-level pieces decoded ("Ġcat" → " cat").
    virtual std::string pieceText(const std::string& piece) const { return piece; }
};

}  // namespace attnscope
