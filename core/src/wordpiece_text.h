// Unicode text helpers for the WordPiece tokenizer (private to the core): UTF-8 decoding,
// the character classes of Hugging Face's BasicTokenizer as Python's unicodedata sees them,
// lower-casing and NFC/NFD normalization that keep each code point's original range.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace attnscope::wordpiece {

// A code point being processed, with the half-open range of original code points it came from.
struct Char {
    char32_t cp;
    std::uint32_t begin;
    std::uint32_t end;
};
using Chars = std::vector<Char>;

// The input decoded to code points; byteAt[i] is the byte offset of code point i (size n + 1).
struct DecodedText {
    std::vector<char32_t> cps;
    std::vector<std::size_t> byteAt;
};

// Decodes UTF-8, replacing each maximal invalid subpart by U+FFFD (as Python's "replace" does).
DecodedText decodeUtf8(const std::string& text);
void appendUtf8(std::string& out, char32_t cp);
std::u32string toUtf32(const std::string& utf8);

// HF _is_control: category C* except tab, newline and carriage return.
bool isControl(char32_t c);
// HF _is_whitespace: space, tab, newline, carriage return or category Zs.
bool isWhitespace(char32_t c);
// HF _is_punctuation: all non-alphanumeric printable ASCII, or category P*.
bool isPunctuation(char32_t c);
// HF _is_chinese_char: the CJK Unified Ideographs blocks (not kana, not hangul).
bool isChineseChar(char32_t c);
// Python's str.isspace(), which str.split() splits on.
bool isPythonSpace(char32_t c);
// Category Mn, the marks that strip_accents removes after NFD.
bool isNonSpacingMark(char32_t c);

// NFC (compose) or NFD of the text; every output code point keeps the original range of the
// input code points it is made of.
Chars normalizeChars(const Chars& in, bool compose);

// Python's str.lower() of a single code point, appended to out with c's range.
void appendLowered(const Char& c, Chars& out);

}  // namespace attnscope::wordpiece
