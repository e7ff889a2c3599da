// setCodePointOffsets: one pass over the text, then a table lookup per offset.
#include "token_offsets.h"

#include <algorithm>

namespace attnscope {

void setCodePointOffsets(std::vector<Token>& tokens, const std::string& text) {
    // codePointsBefore[b]: code points that start in text[0, b).
    std::vector<std::size_t> codePointsBefore(text.size() + 1, 0);
    for (std::size_t b = 0; b < text.size(); ++b)
        codePointsBefore[b + 1] = codePointsBefore[b] + ((static_cast<unsigned char>(text[b]) & 0xC0) != 0x80 ? 1 : 0);
    const auto at = [&](std::size_t byte) { return codePointsBefore[std::min(byte, text.size())]; };
    for (auto& t : tokens) {
        t.charBegin = at(t.byteBegin);
        t.charEnd = at(t.byteEnd);
    }
}

}  // namespace attnscope
