// Attention maths behind the views, Qt-free and unit-tested: picking a head or an aggregate,
// hiding special tokens, merging word pieces into words, rollout, per-head statistics.
// All matrices are row-major [queries, keys]; row i is where token i looks.
#pragma once

#include "attnscope/encoder_result.h"

#include <string>
#include <vector>

namespace attnmath {

using attnscope::AttentionStack;
using attnscope::FloatMatrix;

FloatMatrix headMatrix(const AttentionStack& a, int layer, int head);
FloatMatrix meanOverHeads(const AttentionStack& a, int layer);
// Element-wise max over the heads of a layer, each row renormalised to sum to 1.
FloatMatrix maxOverHeads(const AttentionStack& a, int layer);
// Mean over every layer and head.
FloatMatrix meanOverLayers(const AttentionStack& a);
// Attention rollout (Abnar & Zuidema 2020): per layer Â = 0.5·mean_heads(A) + 0.5·I with rows
// renormalised, multiplied from layer 0 up to and including upToLayer: R = Â_k ⋯ Â_1 Â_0.
FloatMatrix rollout(const AttentionStack& a, int upToLayer);

// Keeps only the rows and columns whose keep[i] is true and renormalises each row to sum to 1
// (rows that become all-zero stay zero).
FloatMatrix keepAndRenormalise(const FloatMatrix& m, const std::vector<bool>& keep);

// Word-piece merging: a word is a maximal run of tokens where every token after the first
// starts with "##". Rule (as in Clark et al. 2019): attention *to* a word is the sum over its
// pieces (rows still sum to 1); attention *from* a word is the mean over its pieces' rows.
struct WordGroups {
    std::vector<std::vector<int>> members;  // token indices of each word
    std::vector<std::string> labels;        // pieces joined without "##"
};
WordGroups groupWordPieces(const std::vector<std::string>& pieces);
FloatMatrix mergeWords(const FloatMatrix& m, const WordGroups& groups);

// Per-row entropy in bits, averaged over rows.
double meanRowEntropyBits(const FloatMatrix& m);
// Mean attention distance: average over rows i of sum_j a_ij * |i - j| (in tokens).
double meanAttentionDistance(const FloatMatrix& m);

struct HeadStatistics {
    int layers = 0, heads = 0;
    std::vector<double> entropyBits;  // [layers * heads]
    std::vector<double> distance;     // [layers * heads]
    double entropyAt(int l, int h) const { return entropyBits[static_cast<std::size_t>(l) * heads + h]; }
    double distanceAt(int l, int h) const { return distance[static_cast<std::size_t>(l) * heads + h]; }
};
HeadStatistics headStatistics(const AttentionStack& a);

// Sinusoidal positional encoding of Vaswani et al. 2017: PE[p, 2i] = sin(p / 10000^(2i/d)),
// PE[p, 2i+1] = cos(p / 10000^(2i/d)). Returns [positions, dims].
FloatMatrix sinusoidalEncoding(int positions, int dims);
// Cosine similarity between every pair of rows: [rows, rows].
FloatMatrix rowCosineSimilarity(const FloatMatrix& m);

}  // namespace attnmath
