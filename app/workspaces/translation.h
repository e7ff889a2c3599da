// One finished (or, while decoding, partial) translation as the translation views see it:
// immutable, shared through a shared_ptr, tagged with the request id and the source text.
// `result` is the core's TextTranslation: source/target tokens, the three attention stacks,
// the n-best list and (beam search) the search tree. While a translation streams in,
// `complete` is false and `result` holds only the steps decoded so far: targetTokens and the
// rows of crossAttentions for those steps; encoder/decoder attentions stay empty.
#pragma once

#include "attnscope/inspection.h"
#include "attnscope/marian_text.h"

#include <QMetaType>
#include <QString>

#include <memory>

struct Translation {
    quint64 requestId = 0;
    QString text;       // exactly the source text that was translated
    QString modelName;  // folder name, for captions
    int beams = 1;      // 1: greedy
    bool complete = true;
    attnscope::TextTranslation result;
    attnscope::HeadAblation ablation;  // heads switched off for this translation
    // While streaming, when the attention lab is watching (TranslationWorker::setLabWatch): that
    // head's inspection over the tokens decoded so far (row t computed target token t), null
    // when this step was skipped to keep decoding fast. inspectionKind is an AttentionKind.
    std::shared_ptr<const attnscope::HeadInspection> inspection;
    int inspectionKind = -1, inspectionLayer = -1, inspectionHead = -1;
};

using TranslationPtr = std::shared_ptr<const Translation>;
// Results cross threads in queued signals.
Q_DECLARE_METATYPE(TranslationPtr)
