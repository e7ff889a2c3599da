// Attention weights as plain data, shared by every model family: one stack of post-softmax
// matrices per attention kind (encoder self, decoder self, cross), and a plain float matrix.
#pragma once

#include <cstddef>
#include <vector>

namespace attnscope {

// Post-softmax attention of every layer and head: [layers, heads, queries, keys], row-major.
// Row i of a matrix is where query token i looks; each row sums to 1.
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

// A plain row-major matrix (e.g. learned position embeddings [positions, dims]).
struct FloatMatrix {
    int rows = 0;
    int cols = 0;
    std::vector<float> values;
    float at(int r, int c) const { return values[static_cast<std::size_t>(r) * cols + c]; }
};

}  // namespace attnscope
