// Masked whole-word prediction accuracy: in each held-out sentence one word that is a single
// vocabulary piece is replaced by [MASK]; a hit is the model's top-1 (or top-5) piece equal
// to the word. Also scored without very frequent function words, which are easy to guess.
#pragma once

#include "attnscope/bert_encoder.h"

#include <cstdint>
#include <string>
#include <vector>

namespace attnscope {

struct WholeWordExample {
    std::string maskedText;
    std::string answer;
    std::vector<std::string> top5;
    std::vector<float> probabilities;
};

struct WholeWordScore {
    std::size_t examples = 0, top1 = 0, top5 = 0;
    std::size_t contentExamples = 0, contentTop1 = 0, contentTop5 = 0;  // function words excluded
    std::vector<WholeWordExample> samples;                              // the first few, for model cards
    double top1Rate() const { return examples ? double(top1) / examples : 0.0; }
    double top5Rate() const { return examples ? double(top5) / examples : 0.0; }
    double contentTop1Rate() const { return contentExamples ? double(contentTop1) / contentExamples : 0.0; }
    double contentTop5Rate() const { return contentExamples ? double(contentTop5) / contentExamples : 0.0; }
};

// Throws InputError when the model has no masked-LM head.
WholeWordScore evaluateWholeWordMasking(const BertEncoder& encoder, const std::vector<std::string>& lines,
                                        std::size_t maxExamples, std::uint64_t seed = 7, std::size_t keepSamples = 10);

bool isFunctionWord(const std::string& lowercaseWord);

}  // namespace attnscope
