// Fuzz target: the Marian source text's ">>xx<<" language-code scan (the path that crashed on
// a long line, issue #18). Differential: the linear scan must find the same spans as a
// brute-force reading of Python's re.finditer(">>.+<<", s) — leftmost start, greedy to the
// last "<<" of the line, at least one character between, spans never overlapping.
#include "marian_text_parsing.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace {

std::vector<std::pair<std::size_t, std::size_t>> reference(const std::string& s) {
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    std::size_t pos = 0;
    while (pos < s.size()) {
        bool found = false;
        for (std::size_t open = pos; open + 1 < s.size() && !found; ++open) {
            if (s[open] != '>' || s[open + 1] != '>') continue;
            // Greedy: the longest match from this start, i.e. the last "<<" reachable without '\n'.
            std::size_t best = std::string::npos;
            for (std::size_t i = open + 2; i < s.size() && s[i] != '\n'; ++i)
                if (i >= open + 3 && i + 1 < s.size() && s[i] == '<' && s[i + 1] == '<') best = i;
            if (best != std::string::npos) {
                spans.emplace_back(open, best + 2);
                pos = best + 2;
                found = true;
            }
        }
        if (!found) break;
    }
    return spans;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const auto spans = attnscope::languageCodeSpans(text);
    if (size <= 4096 && spans != reference(text)) __builtin_trap();
    std::size_t last = 0;
    for (const auto& [b, e] : spans)
        if (b < last || e > size || e < b + 5) __builtin_trap();
        else last = e;
    return 0;
}
