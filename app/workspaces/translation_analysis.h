// Turns one translation into the Analysis the attention views (heatmap, head, model) take:
// one of its three attention stacks with the tokens that label its axes.
//  - Encoder: source x source self-attention; tokens = the source pieces (ending with </s>).
//  - Decoder: target-side self-attention, labelled by the decoder's *input* at each position:
//    position 0 reads the decoder start token (shown as "<s>", special), position t > 0 reads
//    targetTokens[t - 1]. (targetTokens[t] is what position t produced.)
//  - Cross: queries = targetTokens (each row labelled by the token its position produced, as in
//    Bahdanau et al. 2015, Fig. 3), keys = sourceTokens; [target, source], not square.
// Offsets: source tokens index Analysis::text (the source); target-side tokens index
// result.text (the translation). The decoder start token is an empty range at 0.
// Plain function, any thread.
#pragma once

#include "analysis.h"
#include "translation.h"

enum class AttentionKind { Encoder, Decoder, Cross };

// Null when that stack is not there: a partial translation (complete == false) carries only
// cross-attention, and a stack whose shape disagrees with the tokens is refused.
AnalysisPtr analysisForTranslation(const Translation& t, AttentionKind kind);

// "Encoder self-attention", "Decoder self-attention", "Cross-attention".
QString attentionKindLabel(AttentionKind kind);
