// Attention maths behind the views, Qt-free and unit-tested: picking a head or an aggregate,
// hiding special tokens, merging word pieces into words, rollout, per-head statistics.
// All matrices are row-major [queries, keys]; row i is where token i looks. Queries and keys
// may be different tokens (cross-attention: [target, source]); every function below works on
// any shape unless it says it needs square self-attention.
#pragma once

#include "attnscope/encoder_result.h"
#include "attnscope/wordpiece_tokenizer.h"

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
// Needs square self-attention (the residual path adds a token to itself): a stack with
// queries != keys gives zeros; callers fall back to meanOverLayers (see rolloutApplies).
FloatMatrix rollout(const AttentionStack& a, int upToLayer);
bool rolloutApplies(const AttentionStack& a);

// Keeps only the rows and columns whose keep[i] is true and renormalises each row to sum to 1
// (rows that become all-zero stay zero). Indices beyond a mask's size are kept.
FloatMatrix keepAndRenormalise(const FloatMatrix& m, const std::vector<bool>& keep);
// The same with separate masks for the rows (queries) and the columns (keys).
FloatMatrix keepAndRenormalise(const FloatMatrix& m, const std::vector<bool>& keepRows,
                               const std::vector<bool>& keepCols);

// Word-piece merging. Two piece conventions, detected from the pieces themselves:
//  - WordPiece (BERT): a piece starting with "##" continues the word before it;
//  - SentencePiece (Marian): a piece starting with "▁" (U+2581) begins a word and every other
//    piece continues the word before it. Used when any non-special piece starts with "▁".
// Special tokens always stand alone, and a word never continues across one. Rule (as in Clark
// et al. 2019): attention *to* a word is the sum over its pieces (rows still sum to 1);
// attention *from* a word is the mean over its pieces' rows.
enum class PieceScheme { WordPiece, SentencePiece };
PieceScheme detectPieceScheme(const std::vector<std::string>& pieces, const std::vector<bool>& special = {});
// A piece as shown on an axis: a leading "▁" stripped ("##" kept: it tells a continuation).
std::string displayPiece(const std::string& piece);

struct WordGroups {
    std::vector<std::vector<int>> members;  // token indices of each word
    std::vector<std::string> labels;        // pieces joined without "##" / "▁"
};
// special (optional, per piece) marks tokens that stand alone.
WordGroups groupWordPieces(const std::vector<std::string>& pieces, const std::vector<bool>& special = {});
// Square merge: the same groups on both axes.
FloatMatrix mergeWords(const FloatMatrix& m, const WordGroups& groups);
// Rows merged by rowGroups (mean), columns by colGroups (sum).
FloatMatrix mergeWords(const FloatMatrix& m, const WordGroups& rowGroups, const WordGroups& colGroups);

// Which of a token list a view shows, as rows (or columns), and how each maps back to tokens:
// hidden specials dropped, then word pieces optionally merged. One per axis.
struct VisibleTokens {
    std::vector<bool> keep;                  // per model token: shown (not a hidden special)
    std::vector<int> keptTokens;             // model token index of each kept token
    WordGroups keptGroups;                   // rows as groups of kept-token positions
    std::vector<std::vector<int>> members;   // rows as model token indices
    std::vector<std::string> labels;         // row labels (displayPiece, or merged words)
    std::vector<int> rowOfToken;             // per model token: its row, -1 when hidden
    bool hideSpecial = false;
    bool merge = false;

    int rows() const { return static_cast<int>(members.size()); }
    int firstToken(int row) const { return members[static_cast<std::size_t>(row)].front(); }
};

VisibleTokens visibleTokens(const std::vector<attnscope::Token>& tokens, bool hideSpecial, bool mergePieces);
// A [queries, keys] matrix reduced to the shown rows and columns: hidden specials dropped with
// rows renormalised, then pieces merged into words (attention to a word summed, from it averaged).
FloatMatrix visibleMatrix(const FloatMatrix& tokenMatrix, const VisibleTokens& rows, const VisibleTokens& cols);
// Self-attention: the same tokens on both axes.
FloatMatrix visibleMatrix(const FloatMatrix& tokenMatrix, const VisibleTokens& visible);

// Per-row entropy in bits, averaged over rows.
double meanRowEntropyBits(const FloatMatrix& m);
// Mean attention distance: average over rows i of sum_j a_ij * |i - j| (in tokens). Only
// meaningful for self-attention (query and key positions in the same sequence).
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
