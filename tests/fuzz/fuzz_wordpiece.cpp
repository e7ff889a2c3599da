// Fuzz target: WordPiece tokenization of arbitrary bytes (invalid UTF-8, combining marks, CJK,
// control characters, special-token look-alikes) with the tiny BERT fixture's vocabulary, both
// lower-casing and cased. Checks the offsets the views rely on: inside the text, in order.
#include "fuzz_support.h"

#include "attnscope/errors.h"
#include "attnscope/wordpiece_tokenizer.h"

#include <optional>

namespace {

const attnscope::WordPieceTokenizer& tokenizer(bool lowerCase) {
    static const auto make = [](bool lower) {
        auto base = attnscope::WordPieceTokenizer::fromFolder(ATTNSCOPE_FUZZ_DATA "/tiny_bert");
        std::vector<std::string> vocab;
        for (std::size_t i = 0; i < base.vocabSize(); ++i) vocab.push_back(base.idToToken(static_cast<int>(i)));
        attnscope::WordPieceOptions options = base.options();
        options.lowercase = lower;
        return attnscope::WordPieceTokenizer(vocab, options);
    };
    static const auto lower = make(true), cased = make(false);
    return lowerCase ? lower : cased;
}

void check(const attnscope::WordPieceTokenizer& t, const std::string& text) {
    const auto encoding = t.encode(text, 64);
    if (encoding.tokens.size() > 64 || encoding.tokens.empty()) __builtin_trap();
    std::size_t last = 0;
    for (const auto& token : encoding.tokens) {
        if (token.id < 0 || static_cast<std::size_t>(token.id) >= t.vocabSize()) __builtin_trap();
        if (token.special) continue;
        if (token.byteBegin > token.byteEnd || token.byteEnd > text.size() || token.byteBegin < last) __builtin_trap();
        last = token.byteBegin;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    check(tokenizer(true), text);
    check(tokenizer(false), text);
    return 0;
}
