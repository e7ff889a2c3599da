// Warning signs of an out-of-domain translation (see translation_quality.h).
#include "attnscope/translation_quality.h"

#include <algorithm>
#include <cstdio>
#include <vector>

namespace attnscope {

namespace {

// UTF-8 to code points; an invalid byte stands for itself (good enough to compare runs).
std::vector<char32_t> codePoints(const std::string& text) {
    std::vector<char32_t> out;
    for (std::size_t i = 0; i < text.size();) {
        const auto b = static_cast<unsigned char>(text[i]);
        const int extra = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : b >= 0xC0 ? 1 : 0;
        char32_t c = extra == 3 ? (b & 0x07u) : extra == 2 ? (b & 0x0Fu) : extra == 1 ? (b & 0x1Fu) : b;
        std::size_t j = 1;
        for (; j <= static_cast<std::size_t>(extra) && i + j < text.size(); ++j)
            c = (c << 6) | (static_cast<unsigned char>(text[i + j]) & 0x3Fu);
        out.push_back(c);
        i += j;
    }
    return out;
}

std::string utf8(char32_t c, int times) {
    std::string one;
    if (c < 0x80) {
        one += static_cast<char>(c);
    } else if (c < 0x800) {
        one += static_cast<char>(0xC0 | (c >> 6));
        one += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        one += static_cast<char>(0xE0 | (c >> 12));
        one += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        one += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        one += static_cast<char>(0xF0 | (c >> 18));
        one += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        one += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        one += static_cast<char>(0x80 | (c & 0x3F));
    }
    std::string out;
    for (int i = 0; i < times; ++i) out += one;
    return out;
}

// Letters and digits: ASCII ones, and every code point from Latin-1's letters up (umlauts, ß).
bool isWordCharacter(char32_t c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0xC0;
}

char32_t lower(char32_t c) { return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c; }

// Longest run of c (case-insensitive) in text.
int longestRun(const std::vector<char32_t>& text, char32_t c) {
    int best = 0, run = 0;
    for (char32_t t : text) {
        run = lower(t) == c ? run + 1 : 0;
        best = std::max(best, run);
    }
    return best;
}

// The first run of at least minRun identical letters or digits that the source has no run of.
std::string suspiciousRun(const std::string& source, const std::string& translation, int minRun) {
    const auto target = codePoints(translation);
    const auto from = codePoints(source);
    for (std::size_t i = 0; i < target.size();) {
        const char32_t c = lower(target[i]);
        std::size_t j = i + 1;
        while (j < target.size() && lower(target[j]) == c) ++j;
        const int run = static_cast<int>(j - i);
        if (isWordCharacter(c) && run >= minRun && longestRun(from, c) < run) return utf8(c, run);
        i = j;
    }
    return {};
}

// Words of the text, lower-cased, without the punctuation around them.
std::vector<std::string> words(const std::string& text) {
    std::vector<std::string> out;
    std::string word;
    auto flush = [&] {
        std::size_t a = 0, b = word.size();
        auto punct = [](char ch) { return ch >= 0 && ch < 0x7F && !isWordCharacter(static_cast<char32_t>(ch)); };
        while (a < b && punct(word[a])) ++a;
        while (b > a && punct(word[b - 1])) --b;
        if (b > a) out.push_back(word.substr(a, b - a));
        word.clear();
    };
    for (char ch : text) {
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') flush();
        else word += ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch + ('a' - 'A')) : ch;
    }
    flush();
    return out;
}

// The first phrase of 1-4 words that occurs minRepeats times back to back.
std::string repeatedPhrase(const std::string& translation, int minRepeats) {
    const auto w = words(translation);
    for (std::size_t n = 1; n <= 4; ++n)
        for (std::size_t i = 0; i + n * static_cast<std::size_t>(minRepeats) <= w.size(); ++i) {
            int repeats = 1;
            for (std::size_t next = i + n; next + n <= w.size(); next += n) {
                bool same = true;
                for (std::size_t k = 0; k < n && same; ++k) same = w[i + k] == w[next + k];
                if (!same) break;
                ++repeats;
            }
            if (repeats >= minRepeats) {
                std::string phrase;
                for (std::size_t k = 0; k < n; ++k) phrase += (k ? " " : "") + w[i + k];
                return phrase;
            }
        }
    return {};
}

}  // namespace

QualityThresholds builtInModelThresholds() {
    QualityThresholds t;
    // Measured with the built-in model, greedy, CPU (attnscope-cli translate --model
    // models/attnscope-en-de --input FILE --output OUT --quality SIGNS.tsv) on 200 in-domain
    // sentences (the first 200 of Multi30K val.en) and 200 everyday ones (every 87th line of
    // Tatoeba v2021-08-07 en, from line 1). Mean log-probability per token:
    //   Multi30K val: median -0.36, 10th percentile -0.89, 5th -1.06, min -1.46
    //   Tatoeba:      median -1.42, 75th percentile -1.22, 90th -0.90, max -0.30
    // Below -1.0: 14 of 200 Multi30K (each of those 14 translations was broken: letter runs,
    // made-up words) and 179 of 200 Tatoeba. With the run and repeat signs: 18 vs 183 flagged.
    t.minMeanLogProbability = -1.0;
    return t;
}

std::string TranslationQuality::describe() const {
    std::string out;
    auto add = [&](const std::string& s) { out += (out.empty() ? "" : "; ") + s; };
    if (lowConfidence) {
        char buffer[96];
        std::snprintf(buffer, sizeof buffer, "mean log-probability %.2f per token", meanLogProbability);
        add(buffer);
    }
    if (!characterRun.empty()) add("\"" + characterRun + "\" in a word");
    if (!repeatedPhrase.empty()) add("\"" + repeatedPhrase + "\" repeated");
    return out;
}

TranslationQuality assessTranslation(const std::string& source, const std::string& translation, double logProbability,
                                     int generatedTokens, const QualityThresholds& thresholds) {
    TranslationQuality q;
    q.generatedTokens = generatedTokens;
    if (generatedTokens > 0) {
        q.meanLogProbability = logProbability / generatedTokens;
        q.lowConfidence = q.meanLogProbability < thresholds.minMeanLogProbability;
    }
    q.characterRun = suspiciousRun(source, translation, thresholds.minCharacterRun);
    q.repeatedPhrase = repeatedPhrase(translation, thresholds.minPhraseRepeats);
    return q;
}

TranslationQuality assessTranslation(const TextTranslation& translation, const QualityThresholds& thresholds) {
    if (translation.nbest.empty())
        return assessTranslation(translation.text, translation.translation, 0.0, 0, thresholds);
    const TranslationHypothesis& best = translation.nbest.front();
    // ids start with the decoder start token, which was not generated.
    const int generated = best.ids.empty() ? 0 : static_cast<int>(best.ids.size()) - 1;
    return assessTranslation(translation.text, best.text, best.logProbability, generated, thresholds);
}

}  // namespace attnscope
