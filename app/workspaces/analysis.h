// One finished inference as the views see it: immutable, shared by every view through a
// shared_ptr, tagged with the request id and the text it was computed for.
//
// Self-attention (BERT, a translation's encoder or decoder) has one token list labelling both
// axes: result.tokens, and keyTokens stays empty. Cross-attention is not square: queries are
// result.tokens (target), keys are keyTokens (source), and result.attentions is
// [layers, heads, result.tokens.size(), keyTokens.size()]. Views ask keys() for the columns.
//
// Which text the byte/char offsets index: result.tokens index result.text; keyTokens index
// text. For BERT and a translation's encoder both are the input text; for a translation's
// decoder and cross-attention result.text is the translation and text is still the source
// (see translation_analysis.h). Views use only pieces and the special flag, never offsets.
#pragma once

#include "attnscope/encoder_result.h"
#include "attnscope/inspection.h"

#include <QMetaType>
#include <QString>

#include <memory>
#include <set>
#include <utility>
#include <vector>

struct Analysis {
    quint64 requestId = 0;
    QString text;       // exactly the text that was encoded (a translation: the source text)
    QString modelName;  // folder name, for captions
    QString kindLabel;  // caption prefix, e.g. "Cross-attention"; empty for BERT
    // What the query and key tokens are, for axis captions ("target", "source"); empty: generic.
    QString queryName, keyName;
    bool hasMaskedLm = false;
    bool maskable = true;  // tokens may be replaced by the mask token and re-run (the encoder workspace)
    QString maskToken = QStringLiteral("[MASK]");  // the model's ("<mask>" for RoBERTa); empty: none
    attnscope::EncodeResult result;
    // Key tokens when they differ from the queries (cross-attention); empty: keys = result.tokens.
    std::vector<attnscope::Token> keyTokens;
    // The model's learned position embeddings [positions, dims] (for the positional view).
    std::shared_ptr<const attnscope::FloatMatrix> positionEmbeddings;
    // Heads of this attention that were switched off for this result (their weights are zero).
    std::set<std::pair<int, int>> ablatedHeads;

    const std::vector<attnscope::Token>& keys() const { return keyTokens.empty() ? result.tokens : keyTokens; }
    // Queries and keys are the same tokens (rollout, distance and shared selection apply).
    bool selfAttention() const { return keyTokens.empty(); }
};

using AnalysisPtr = std::shared_ptr<const Analysis>;
// Results cross threads in queued signals.
Q_DECLARE_METATYPE(AnalysisPtr)

// One head's computation for the attention lab (attnscope::HeadInspection), from the worker.
using InspectionPtr = std::shared_ptr<const attnscope::HeadInspection>;
Q_DECLARE_METATYPE(InspectionPtr)
