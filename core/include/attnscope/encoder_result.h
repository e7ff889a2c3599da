// Plain C++ results of one encoder pass: tokens, attentions, hidden states and masked-word
// predictions. No torch types: the GUI, the CLI and the tests consume these directly.
// The attention and token types every model family shares are in attention.h and token.h.
#pragma once

#include "attnscope/attention.h"  // AttentionStack, FloatMatrix (they lived here)
#include "attnscope/token.h"

#include <cstddef>
#include <string>
#include <vector>

namespace attnscope {

// Hidden states: the embedding output followed by each layer's output: [layers + 1, tokens, dims].
struct HiddenStates {
    int layers = 0;  // number of stored states (= model layers + 1)
    int tokens = 0;
    int dims = 0;
    std::vector<float> values;
};

struct MaskCandidate {
    int id = 0;
    std::string token;  // the vocabulary piece ("##ing", "Ġcat")
    float probability = 0.f;
    float logit = 0.f;
    std::string text;   // the piece as text ("##ing", " cat": byte-level pieces decoded)
};

// Top predictions for one [MASK] position of the input.
struct MaskPrediction {
    std::size_t tokenIndex = 0;
    std::vector<MaskCandidate> top;
};

struct EncodeResult {
    std::string text;
    std::vector<Token> tokens;  // [CLS] ... [SEP]
    bool truncated = false;
    std::size_t fullLength = 0;  // token count before truncation
    AttentionStack attentions;
    HiddenStates hiddenStates;
    std::vector<MaskPrediction> maskPredictions;  // empty when the model has no masked-LM head
    std::string device;                           // "cpu" or "cuda:0"
    std::string precision;                        // "float32" or "bfloat16"
    double forwardMs = 0.0;                       // wall time of the forward pass (GPU synchronised)
};

}  // namespace attnscope
