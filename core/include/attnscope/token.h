// One token of either model family (WordPiece for BERT, SentencePiece for Marian), with its
// place in the text it came from both as UTF-8 bytes and as Unicode code points, so clients
// (the GUI's highlighting, the JSON export) copy tokens instead of re-deriving offsets.
#pragma once

#include <cstddef>
#include <string>

namespace attnscope {

// Offsets are half-open ranges into the text the token belongs to (a source token: the input;
// a generated token: the decoded translation). Tokens the tokenizer adds ([CLS], [SEP], </s>,
// a decoder start token) have empty ranges (begin == end).
struct Token {
    int id = 0;
    std::string piece;          // vocabulary string, e.g. "##ing" or "▁Haus"
    std::size_t byteBegin = 0;  // UTF-8 byte offsets
    std::size_t byteEnd = 0;
    std::size_t charBegin = 0;  // Unicode code point offsets (Python's str indices)
    std::size_t charEnd = 0;
    bool special = false;  // a vocabulary special ([CLS], [SEP], [PAD], [MASK], [UNK], </s>, <unk>, <pad>)
};

}  // namespace attnscope
