// One text generation (GPT-2) as the generation workspace sees it: immutable, shared through a
// shared_ptr, tagged with the request id and the prompt. While it streams, `complete` is false
// and `result` holds the tokens so far (prompt + generated) and the continuation decoded so far,
// without attentions; the complete one carries every causal attention over the best sequence.
#pragma once

#include "analysis.h"

#include "attnscope/gpt2.h"

#include <QMetaType>
#include <QString>

#include <memory>

struct Generation {
    quint64 requestId = 0;
    QString prompt;
    QString modelName;
    int beams = 1;
    bool complete = true;
    attnscope::TextGeneration result;
    attnscope::HeadAblation ablation;
};

using GenerationPtr = std::shared_ptr<const Generation>;
Q_DECLARE_METATYPE(GenerationPtr)

// The views' input for a complete generation: every token (prompt and continuation) on both
// axes, the causal self-attention, the switched-off heads.
AnalysisPtr analysisForGeneration(const Generation& generation);
