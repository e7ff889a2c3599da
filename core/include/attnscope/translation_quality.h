// Warning signs that a translation is outside what its model knows: a small model trained on
// one domain (the built-in attnscope-en-de: Multi30K image captions) turns text from another
// domain into fluent-looking nonsense ("Der Headaammaaaaa der Tomaten der 199999 ..."). Three
// cheap signs, none of them a quality score: a low mean log-probability of the generated
// tokens (the model is unsure of most of its choices), a run of one repeated letter or digit
// the source does not have, and a phrase repeated back to back (the decoder looping).
// Plain C++; no state.
#pragma once

#include "attnscope/marian_text.h"

#include <string>

namespace attnscope {

struct QualityThresholds {
    // Below this mean log-probability per generated token (</s> included) the translation is
    // flagged. Measured for the built-in model; see the comment at its definition.
    double minMeanLogProbability = -1.0;
    int minCharacterRun = 4;   // this many identical letters or digits in a row
    int minPhraseRepeats = 3;  // a phrase of 1-4 words this many times back to back
};

// The default thresholds, measured on the built-in attnscope-en-de (translation_quality.cpp).
QualityThresholds builtInModelThresholds();

struct TranslationQuality {
    int generatedTokens = 0;          // </s> included; 0 when there was no hypothesis
    double meanLogProbability = 0.0;  // log-probability of the best hypothesis / generatedTokens
    bool lowConfidence = false;       // meanLogProbability < minMeanLogProbability
    std::string characterRun;         // the first suspicious run ("aaaaa"), or empty
    std::string repeatedPhrase;       // the first phrase repeated back to back ("der Mann"), or empty

    bool suspicious() const { return lowConfidence || !characterRun.empty() || !repeatedPhrase.empty(); }
    // One line for people, e.g. "mean log-probability -2.31 per token; "aaaaa" repeated".
    std::string describe() const;
};

// The signs for a finished translation (its best hypothesis).
TranslationQuality assessTranslation(const TextTranslation& translation,
                                     const QualityThresholds& thresholds = builtInModelThresholds());
// The same from plain values: source and translated text (UTF-8), the hypothesis'
// log-probability and its number of generated tokens.
TranslationQuality assessTranslation(const std::string& source, const std::string& translation, double logProbability,
                                     int generatedTokens,
                                     const QualityThresholds& thresholds = builtInModelThresholds());

}  // namespace attnscope
