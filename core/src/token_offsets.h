// Code point offsets of tokens whose tokenizer works in UTF-8 bytes (SentencePiece): computed
// here once, so every Token leaves the core with both byte and code point ranges. Internal.
#pragma once

#include "attnscope/token.h"

#include <string>
#include <vector>

namespace attnscope {

// Sets charBegin/charEnd of every token from its byteBegin/byteEnd into text. A code point
// starts at every byte that is not a UTF-8 continuation byte (10xxxxxx), which for valid UTF-8
// equals Python's str indices; offsets past the end are clamped to the text.
void setCodePointOffsets(std::vector<Token>& tokens, const std::string& text);

}  // namespace attnscope
