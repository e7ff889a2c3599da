// One finished inference as the views see it: immutable, shared by every view through a
// shared_ptr, tagged with the request id and the text it was computed for.
#pragma once

#include "attnscope/encoder_result.h"

#include <QString>

#include <memory>

struct Analysis {
    quint64 requestId = 0;
    QString text;       // exactly the text that was encoded
    QString modelName;  // folder name, for captions
    bool hasMaskedLm = false;
    attnscope::EncodeResult result;
    // The model's learned position embeddings [positions, dims] (for the positional view).
    std::shared_ptr<const attnscope::FloatMatrix> positionEmbeddings;
};

using AnalysisPtr = std::shared_ptr<const Analysis>;
