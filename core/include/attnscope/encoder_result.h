// Plain C++ results of one encoder pass: tokens, attentions, hidden states and masked-word
// predictions. No torch types: the GUI, the CLI and the tests consume these directly.
#pragma once

#include "attnscope/wordpiece_tokenizer.h"

#include <cstddef>
#include <string>
#include <vector>

namespace attnscope {

// Post-softmax attention of every layer and head: [layers, heads, queries, keys], row-major.
// Row i of a matrix is where token i looks; each row sums to 1.
struct AttentionStack {
    int layers = 0;
    int heads = 0;
    int queries = 0;
    int keys = 0;
    std::vector<float> values;

    float at(int layer, int head, int query, int key) const {
        return values[((static_cast<std::size_t>(layer) * heads + head) * queries + query) * keys + key];
    }
    // First element of the [queries, keys] matrix of one layer and head.
    const float* matrix(int layer, int head) const {
        return values.data() + (static_cast<std::size_t>(layer) * heads + head) * queries * keys;
    }
};

// Hidden states: the embedding output followed by each layer's output: [layers + 1, tokens, dims].
struct HiddenStates {
    int layers = 0;  // number of stored states (= model layers + 1)
    int tokens = 0;
    int dims = 0;
    std::vector<float> values;
};

// A plain row-major matrix (e.g. learned position embeddings [positions, dims]).
struct FloatMatrix {
    int rows = 0;
    int cols = 0;
    std::vector<float> values;
    float at(int r, int c) const { return values[static_cast<std::size_t>(r) * cols + c]; }
};

struct MaskCandidate {
    int id = 0;
    std::string token;
    float probability = 0.f;
    float logit = 0.f;
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
    std::string device;     // "cpu" or "cuda:0"
    std::string precision;  // "float32" or "bfloat16"
    double forwardMs = 0.0; // wall time of the forward pass (GPU synchronised)
};

}  // namespace attnscope
