// Fuzz target: byte-level BPE tokenization of arbitrary bytes (invalid UTF-8, lone
// continuation bytes, special-token look-alikes such as "<mask" or " <mask>", whitespace runs)
// with RoBERTa's conventions (the test BPE: specials around the text, trimmed offsets) and
// GPT-2's (tiny_gpt2: no specials, offsets keep the spaces). Checks what the views rely on:
// ids in the vocabulary, byte and code point ranges inside the text and in order, and that
// decoding and showing every piece never fails.
#include "fuzz_support.h"

#include "attnscope/byte_level_bpe.h"

namespace {

void check(const attnscope::ByteLevelBpeTokenizer& t, const std::string& text) {
    const auto encoding = t.encode(text, 4096);
    std::size_t lastByte = 0, lastChar = 0;
    std::vector<int> ids;
    for (const auto& token : encoding.tokens) {
        ids.push_back(token.id);
        if (token.id < 0 || static_cast<std::size_t>(token.id) >= t.vocabSize() + 1024) __builtin_trap();
        (void)t.pieceText(token.piece);
        if (token.byteBegin > token.byteEnd || token.byteEnd > text.size()) __builtin_trap();
        if (token.charBegin > token.charEnd) __builtin_trap();
        if (token.special && token.byteBegin == 0 && token.byteEnd == 0) continue;  // <s>, </s>
        if (token.byteBegin < lastByte || token.charBegin < lastChar) __builtin_trap();
        lastByte = token.byteBegin;
        lastChar = token.charBegin;
    }
    (void)t.decode(ids);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto roberta = attnscope::ByteLevelBpeTokenizer::fromFolder(ATTNSCOPE_FUZZ_DATA "/bpe");
    static const auto gpt2 = attnscope::ByteLevelBpeTokenizer::fromFolder(ATTNSCOPE_FUZZ_DATA "/tiny_gpt2", false);
    const std::string text(reinterpret_cast<const char*>(data), size);
    check(roberta, text);
    check(gpt2, text);
    return 0;
}
