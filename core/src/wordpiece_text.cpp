// Unicode text helpers for the WordPiece tokenizer: see wordpiece_text.h. Character classes
// follow Python's unicodedata (the reference) by way of ICU.
#include "wordpiece_text.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <stdexcept>

namespace attnscope::wordpiece {
namespace {

// Hugging Face's results depend on Python's unicodedata tables: Python 3.11 ships Unicode 14,
// so characters added later count as unassigned (and are dropped), as they are there.
constexpr int kReferenceUnicodeMajor = 14;

bool isContinuation(unsigned char b, unsigned char lo = 0x80, unsigned char hi = 0xBF) { return b >= lo && b <= hi; }

bool knownToReference(char32_t c) {
    UVersionInfo age;
    u_charAge(static_cast<UChar32>(c), age);
    return age[0] <= kReferenceUnicodeMajor;
}

// General category as Python's unicodedata.category would give it.
std::int8_t category(char32_t c) {
    if (c < 0x80) return u_charType(static_cast<UChar32>(c));
    if (!knownToReference(c)) return U_UNASSIGNED;
    return u_charType(static_cast<UChar32>(c));
}

const icu::Normalizer2& normalizer(bool compose) {
    // ICU returns process-wide singletons; they are thread-safe and never freed.
    static const icu::Normalizer2* const nfc = [] {
        UErrorCode err = U_ZERO_ERROR;
        const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(err);
        if (U_FAILURE(err)) throw std::runtime_error("ICU NFC normalizer unavailable");
        return n;
    }();
    static const icu::Normalizer2* const nfd = [] {
        UErrorCode err = U_ZERO_ERROR;
        const icu::Normalizer2* n = icu::Normalizer2::getNFDInstance(err);
        if (U_FAILURE(err)) throw std::runtime_error("ICU NFD normalizer unavailable");
        return n;
    }();
    return compose ? *nfc : *nfd;
}

std::u32string normalizeCps(const std::u32string& in, const icu::Normalizer2& norm) {
    icu::UnicodeString src;
    for (char32_t c : in) src.append(static_cast<UChar32>(c));
    UErrorCode err = U_ZERO_ERROR;
    const icu::UnicodeString result = norm.normalize(src, err);
    if (U_FAILURE(err)) return in;
    std::u32string out;
    for (std::int32_t i = 0; i < result.length(); i = result.moveIndex32(i, 1))
        out += static_cast<char32_t>(result.char32At(i));
    return out;
}

// Gives each normalized code point the original range of the input code points it is made
// of: inputs are fully decomposed, and each output claims the decomposed pieces it consists of.
void appendAligned(const Char* in, std::size_t n, const std::u32string& normalized, Chars& out) {
    struct Piece {
        char32_t cp;
        std::uint32_t begin, end;
        bool used;
    };
    std::vector<Piece> pieces;
    std::uint32_t segBegin = in[0].begin, segEnd = in[0].end;
    for (std::size_t k = 0; k < n; ++k) {
        segBegin = std::min(segBegin, in[k].begin);
        segEnd = std::max(segEnd, in[k].end);
        for (char32_t d : normalizeCps(std::u32string(1, in[k].cp), normalizer(false)))
            pieces.push_back({d, in[k].begin, in[k].end, false});
    }
    for (char32_t c : normalized) {
        Char ch{c, UINT32_MAX, 0};
        bool complete = true;
        for (char32_t d : normalizeCps(std::u32string(1, c), normalizer(false))) {
            auto it = std::find_if(pieces.begin(), pieces.end(), [d](const Piece& p) { return !p.used && p.cp == d; });
            if (it == pieces.end()) {
                complete = false;
                break;
            }
            it->used = true;
            ch.begin = std::min(ch.begin, it->begin);
            ch.end = std::max(ch.end, it->end);
        }
        if (!complete || ch.begin >= ch.end) {
            ch.begin = segBegin;
            ch.end = segEnd;
        }
        out.push_back(ch);
    }
}

}  // namespace

// Decodes UTF-8, replacing each maximal invalid subpart by U+FFFD (as Python's "replace" does).
DecodedText decodeUtf8(const std::string& text) {
    DecodedText out;
    out.cps.reserve(text.size());
    out.byteAt.reserve(text.size() + 1);
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        const auto b0 = static_cast<unsigned char>(text[i]);
        out.byteAt.push_back(i);
        if (b0 < 0x80) {
            out.cps.push_back(b0);
            ++i;
            continue;
        }
        int need = 0;
        unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
        char32_t cp = 0;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            need = 1;
            cp = b0 & 0x1F;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            need = 2;
            cp = b0 & 0x0F;
            if (b0 == 0xE0) lo = 0xA0;  // no overlong forms
            if (b0 == 0xED) hi = 0x9F;  // no surrogates
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            need = 3;
            cp = b0 & 0x07;
            if (b0 == 0xF0) lo = 0x90;
            if (b0 == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
        }
        std::size_t j = i + 1;
        int got = 0;
        while (got < need && j < n) {
            const auto b = static_cast<unsigned char>(text[j]);
            if (!(got == 0 ? isContinuation(b, lo, hi) : isContinuation(b))) break;
            cp = (cp << 6) | (b & 0x3F);
            ++j;
            ++got;
        }
        out.cps.push_back(need > 0 && got == need ? cp : U'\uFFFD');
        i = (need == 0) ? i + 1 : j;
    }
    out.byteAt.push_back(n);
    return out;
}

void appendUtf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

std::u32string toUtf32(const std::string& utf8) {
    const DecodedText d = decodeUtf8(utf8);
    return std::u32string(d.cps.begin(), d.cps.end());
}

// HF _is_control: category C* except tab, newline and carriage return.
bool isControl(char32_t c) {
    if (c == U'\t' || c == U'\n' || c == U'\r') return false;
    switch (category(c)) {
    case U_CONTROL_CHAR:
    case U_FORMAT_CHAR:
    case U_SURROGATE:
    case U_PRIVATE_USE_CHAR:
    case U_UNASSIGNED: return true;
    default: return false;
    }
}

// HF _is_whitespace: space, tab, newline, carriage return or category Zs.
bool isWhitespace(char32_t c) {
    return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || category(c) == U_SPACE_SEPARATOR;
}

// HF _is_punctuation: all non-alphanumeric printable ASCII, or category P*.
bool isPunctuation(char32_t c) {
    if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) return true;
    switch (category(c)) {
    case U_DASH_PUNCTUATION:
    case U_START_PUNCTUATION:
    case U_END_PUNCTUATION:
    case U_CONNECTOR_PUNCTUATION:
    case U_OTHER_PUNCTUATION:
    case U_INITIAL_PUNCTUATION:
    case U_FINAL_PUNCTUATION: return true;
    default: return false;
    }
}

// HF _is_chinese_char: the CJK Unified Ideographs blocks (not kana, not hangul).
bool isChineseChar(char32_t c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF) ||
           (c >= 0x2A700 && c <= 0x2B73F) || (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B820 && c <= 0x2CEAF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}

// Python's str.isspace() (what str.split() splits on); after cleaning only ' ', U+2028 and
// U+2029 can remain, but the full set keeps the split faithful.
bool isPythonSpace(char32_t c) {
    return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

// NFC or NFD, segment by segment (a segment starts where the normalizer has a boundary), so
// the ranges stay as fine as the normalization allows.
Chars normalizeChars(const Chars& in, bool compose) {
    const icu::Normalizer2& norm = normalizer(compose);
    Chars out;
    out.reserve(in.size());
    std::size_t i = 0;
    while (i < in.size()) {
        std::size_t j = i + 1;
        while (j < in.size() && !norm.hasBoundaryBefore(static_cast<UChar32>(in[j].cp))) ++j;
        if (j == i + 1 && (in[i].cp < 0x80 || norm.isInert(static_cast<UChar32>(in[i].cp)))) {
            out.push_back(in[i]);
        } else {
            std::u32string segment;
            for (std::size_t k = i; k < j; ++k) segment += in[k].cp;
            const std::u32string normalized = normalizeCps(segment, norm);
            if (normalized == segment)
                out.insert(out.end(), in.begin() + static_cast<std::ptrdiff_t>(i),
                           in.begin() + static_cast<std::ptrdiff_t>(j));
            else appendAligned(&in[i], j - i, normalized, out);
        }
        i = j;
    }
    return out;
}

// Python's str.lower() of a single code point: the full mapping (U+0130 gives two code points)
// without context, so a capital sigma always becomes U+03C3.
void appendLowered(const Char& c, Chars& out) {
    if (c.cp < 0x80) {
        out.push_back({(c.cp >= U'A' && c.cp <= U'Z') ? c.cp + 32 : c.cp, c.begin, c.end});
        return;
    }
    if (!u_hasBinaryProperty(static_cast<UChar32>(c.cp), UCHAR_CHANGES_WHEN_LOWERCASED) || !knownToReference(c.cp)) {
        out.push_back(c);
        return;
    }
    UChar src[2];
    std::int32_t srcLen = 0;
    U16_APPEND_UNSAFE(src, srcLen, static_cast<UChar32>(c.cp));
    UChar dst[8];
    UErrorCode err = U_ZERO_ERROR;
    const std::int32_t dstLen = u_strToLower(dst, 8, src, srcLen, "", &err);
    if (U_FAILURE(err)) {
        out.push_back(c);
        return;
    }
    for (std::int32_t k = 0; k < dstLen;) {
        UChar32 lc;
        U16_NEXT(dst, k, dstLen, lc);
        out.push_back({static_cast<char32_t>(lc), c.begin, c.end});
    }
}

bool isNonSpacingMark(char32_t c) { return category(c) == U_NON_SPACING_MARK; }

}  // namespace attnscope::wordpiece
