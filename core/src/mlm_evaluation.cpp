// Whole-word masked prediction accuracy over held-out sentences.
#include "attnscope/mlm_evaluation.h"
#include "attnscope/wordpiece_tokenizer.h"

#include "attnscope/errors.h"

#include <algorithm>
#include <cctype>
#include <random>
#include <set>

namespace attnscope {

bool isFunctionWord(const std::string& w) {
    // The most frequent English function words (articles, pronouns, prepositions, auxiliaries).
    static const std::set<std::string> words = {
        "a",     "an",   "the",  "and",   "or",    "but",   "of",    "to",   "in",    "on",   "at",    "by",
        "for",   "with", "from", "up",    "out",   "as",    "is",    "are",  "was",   "were", "be",    "been",
        "am",    "has",  "have", "had",   "do",    "does",  "did",   "i",    "you",   "he",   "she",   "it",
        "we",    "they", "me",   "him",   "her",   "us",    "them",  "my",   "your",  "his",  "its",   "our",
        "their", "this", "that", "these", "those", "there", "not",   "no",   "so",    "if",   "than",  "then",
        "into",  "over", "near", "while", "what",  "who",   "which", "will", "would", "can",  "could", "s",
        "t",     "don",  "very", "too",   "all",   "some",  "one",   "two"};
    return words.count(w) > 0;
}

WholeWordScore evaluateWholeWordMasking(const BertEncoder& encoder, const std::vector<std::string>& lines,
                                        std::size_t maxExamples, std::uint64_t seed, std::size_t keepSamples) {
    if (!encoder.hasMaskedLmHead())
        throw InputError("The model in '" + encoder.modelDir() + "' has no masked-LM head (cls.predictions)");
    // Whole words of a WordPiece vocabulary (lower-cased when it is): BERT and DistilBERT.
    const auto* wordPiece = dynamic_cast<const WordPieceTokenizer*>(&encoder.tokenizer());
    if (!wordPiece)
        throw InputError("eval-mlm works on WordPiece models (BERT, DistilBERT); '" + encoder.modelDir() + "' is " +
                         encoder.config().modelType);
    const auto& tok = *wordPiece;
    std::mt19937_64 rng(seed);
    WholeWordScore score;
    for (const auto& line : lines) {
        if (score.examples >= maxExamples) break;
        // Candidate words: ASCII-letter runs that are one vocabulary piece after lower-casing.
        struct Span {
            std::size_t begin, end;
            std::string lower;
        };
        std::vector<Span> candidates;
        for (std::size_t i = 0; i < line.size();) {
            if (!std::isalpha(static_cast<unsigned char>(line[i]))) {
                ++i;
                continue;
            }
            std::size_t j = i;
            while (j < line.size() && std::isalpha(static_cast<unsigned char>(line[j]))) ++j;
            const bool glued = (i > 0 && static_cast<unsigned char>(line[i - 1]) >= 0x80) ||
                               (j < line.size() && static_cast<unsigned char>(line[j]) >= 0x80);
            std::string lower = line.substr(i, j - i);
            std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
            if (!glued && tok.tokenToId(tok.options().lowercase ? lower : line.substr(i, j - i)) >= 0)
                candidates.push_back({i, j, lower});
            i = j;
        }
        if (candidates.empty()) continue;
        const auto& pick = candidates[std::uniform_int_distribution<std::size_t>(0, candidates.size() - 1)(rng)];
        const std::string masked = line.substr(0, pick.begin) + tok.maskToken() + line.substr(pick.end);
        const auto result = encoder.encode(masked, 5);
        if (result.maskPredictions.size() != 1) continue;  // truncated away
        const auto& top = result.maskPredictions.front().top;
        const std::string answer =
            tok.options().lowercase ? pick.lower : line.substr(pick.begin, pick.end - pick.begin);
        const bool hit1 = !top.empty() && top.front().token == answer;
        const bool hit5 =
            std::any_of(top.begin(), top.end(), [&](const MaskCandidate& c) { return c.token == answer; });
        ++score.examples;
        score.top1 += hit1;
        score.top5 += hit5;
        if (!isFunctionWord(pick.lower)) {
            ++score.contentExamples;
            score.contentTop1 += hit1;
            score.contentTop5 += hit5;
        }
        if (score.samples.size() < keepSamples) {
            WholeWordExample ex{masked, answer, {}, {}};
            for (const auto& c : top) {
                ex.top5.push_back(c.token);
                ex.probabilities.push_back(c.probability);
            }
            score.samples.push_back(std::move(ex));
        }
    }
    return score;
}

}  // namespace attnscope
