// Attention analysis on plain buffers, shared by the desktop app's views and the CLI's JSON
// export: one meaning per aggregate of heads and layers (aggregate()), rollout, hiding special
// tokens, merging word pieces into words, hard alignment by argmax, per-head statistics.
// All matrices are row-major [queries, keys]; row i is where token i looks. Queries and keys
// may be different tokens (cross-attention: [target, source]); every function below works on
// any shape unless it says it needs square self-attention. Pure functions: any thread.
#pragma once

#include "attnscope/encoder_result.h"
#include "attnscope/wordpiece_tokenizer.h"

#include <cstddef>
#include <string>
#include <vector>

namespace attnscope::analysis {

// What one matrix shown for a (layer, head) selection stands for. aggregate() is the one rule.
enum class Aggregate {
    SingleHead,  // the chosen layer and head
    MeanHeads,   // mean over the heads of the chosen layer
    MaxHeads,    // element-wise max over the heads of the chosen layer, rows renormalised
    MeanLayers,  // mean over all layers and heads
    Rollout,     // attention rollout (Abnar & Zuidema 2020) up to the chosen layer
};

// Whether a stack's queries and keys are the same tokens. A cross-attention stack can be square
// by chance (as many target as source tokens); rollout must still not apply to it.
enum class StackKind { SelfAttention, CrossAttention };

// The building blocks of aggregate(). Out-of-range layers and heads give zeros here (aggregate()
// clamps them instead).
FloatMatrix headMatrix(const AttentionStack& a, int layer, int head);
FloatMatrix meanOverHeads(const AttentionStack& a, int layer);
// Element-wise max over the heads of a layer, each row renormalised to sum to 1.
FloatMatrix maxOverHeads(const AttentionStack& a, int layer);
// Mean over every layer and head.
FloatMatrix meanOverLayers(const AttentionStack& a);
// Attention rollout (Abnar & Zuidema 2020): per layer Â = 0.5·mean_heads(A) + 0.5·I with rows
// renormalised, multiplied from layer 0 up to and including upToLayer: R = Â_k ⋯ Â_1 Â_0.
// Needs square self-attention (the residual path adds a token to itself): a stack with
// queries != keys gives zeros; aggregate() falls back to meanOverLayers (see rolloutApplies).
FloatMatrix rollout(const AttentionStack& a, int upToLayer);
// True for square self-attention with at least one layer: where rollout means something.
bool rolloutApplies(const AttentionStack& a, StackKind kind = StackKind::SelfAttention);

// The [queries, keys] matrix a selection stands for, one meaning for every stack:
//  SingleHead: that layer's head;  MeanHeads: the mean over that layer's heads;
//  MaxHeads: the element-wise max over that layer's heads, each row renormalised to sum to 1
//            (self- and cross-attention alike);
//  MeanLayers: the mean over every layer and head;
//  Rollout: rollout up to that layer where rolloutApplies(a, kind); otherwise (cross-attention,
//           or a stack that is not square) the mean over every layer and head, as MeanLayers.
// Layer and head are clamped into the stack. A stack without layers or heads, or whose values
// are fewer than its shape says, gives zeros of its [queries, keys] shape.
FloatMatrix aggregate(const AttentionStack& a, int layer, int head, Aggregate how,
                      StackKind kind = StackKind::SelfAttention);
// Whether head (layer, head) of the stack contributes to aggregate(a, selectedLayer,
// selectedHead, how, kind), with the same clamping and the same rollout fallback.
bool aggregateIncludes(const AttentionStack& a, int selectedLayer, int selectedHead, Aggregate how, StackKind kind,
                       int layer, int head);

// A stack holds [layers * heads * queries * keys] values (false for an empty stack too).
bool stackConsistent(const AttentionStack& a);
// The part of a (possibly streaming) stack that has tokens on both axes: its first
// min(queryTokens, queries) rows and min(keyTokens, keys) columns of every layer and head.
// An empty stack when there is no such part or the stack is inconsistent. A translation's
// cross-attention while it streams has fewer rows than it will have.
AttentionStack stackWithData(const AttentionStack& a, std::size_t queryTokens, std::size_t keyTokens);

// Row r of a matrix as a vector (empty when out of range).
std::vector<float> matrixRow(const FloatMatrix& m, int row);
// Row `row` of an alignment matrix m [targets, sources]: the source column with the highest
// weight, skipping sources flagged in sourceSpecial unless all are (ties: the first);
// -1 for a row out of range or a matrix without columns.
int argmaxSource(const FloatMatrix& m, int row, const std::vector<bool>& sourceSpecial);
// argmaxSource for every row; -1 for rows flagged in targetSpecial (e.g. </s>).
std::vector<int> hardAlignment(const FloatMatrix& m, const std::vector<bool>& sourceSpecial,
                               const std::vector<bool>& targetSpecial);

// Keeps only the rows and columns whose keep[i] is true and renormalises each row to sum to 1
// (rows that become all-zero stay zero). Indices beyond a mask's size are kept.
FloatMatrix keepAndRenormalise(const FloatMatrix& m, const std::vector<bool>& keep);
// The same with separate masks for the rows (queries) and the columns (keys).
FloatMatrix keepAndRenormalise(const FloatMatrix& m, const std::vector<bool>& keepRows,
                               const std::vector<bool>& keepCols);

// Word-piece merging. Three piece conventions, detected from the pieces themselves:
//  - WordPiece (BERT, DistilBERT): a piece starting with "##" continues the word before it;
//  - SentencePiece (Marian): a piece starting with "▁" (U+2581) begins a word and every other
//    piece continues the word before it. Used when any non-special piece starts with "▁".
//  - ByteLevel (RoBERTa, GPT-2): pieces are UTF-8 bytes written as printable characters; a
//    piece whose text starts with a space ("Ġ") begins a word, the others continue it. Used
//    when a non-special piece starts with "Ġ" or a special is <s> or <|endoftext|>.
// Special tokens always stand alone, and a word never continues across one. Rule (as in Clark
// et al. 2019): attention *to* a word is the sum over its pieces (rows still sum to 1);
// attention *from* a word is the mean over its pieces' rows.
enum class PieceScheme { WordPiece, SentencePiece, ByteLevel };
PieceScheme detectPieceScheme(const std::vector<std::string>& pieces, const std::vector<bool>& special = {});
// A piece as shown on an axis: a leading "▁" stripped ("##" kept: it tells a continuation);
// under ByteLevel the bytes decoded and the leading space dropped ("Ġcaf" + "Ã©" read "caf",
// "é"; a piece of spaces or line breaks stays as written, so it is visible).
std::string displayPiece(const std::string& piece, PieceScheme scheme = PieceScheme::SentencePiece);

struct WordGroups {
    std::vector<std::vector<int>> members;  // token indices of each word
    std::vector<std::string> labels;        // pieces joined without "##" / "▁"
};
// special (optional, per piece) marks tokens that stand alone.
WordGroups groupWordPieces(const std::vector<std::string>& pieces, const std::vector<bool>& special = {});
WordGroups groupWordPieces(const std::vector<std::string>& pieces, const std::vector<bool>& special, PieceScheme scheme);
// Square merge: the same groups on both axes.
FloatMatrix mergeWords(const FloatMatrix& m, const WordGroups& groups);
// Rows merged by rowGroups (mean), columns by colGroups (sum).
FloatMatrix mergeWords(const FloatMatrix& m, const WordGroups& rowGroups, const WordGroups& colGroups);

// Which of a token list a view shows, as rows (or columns), and how each maps back to tokens:
// hidden specials dropped, then word pieces optionally merged. One per axis.
struct VisibleTokens {
    std::vector<bool> keep;                 // per model token: shown (not a hidden special)
    std::vector<int> keptTokens;            // model token index of each kept token
    WordGroups keptGroups;                  // rows as groups of kept-token positions
    std::vector<std::vector<int>> members;  // rows as model token indices
    std::vector<std::string> labels;        // row labels (displayPiece, or merged words)
    std::vector<int> rowOfToken;            // per model token: its row, -1 when hidden
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
// meanRowEntropyBits and meanAttentionDistance of every head's matrix.
HeadStatistics headStatistics(const AttentionStack& a);

// Sinusoidal positional encoding of Vaswani et al. 2017: PE[p, 2i] = sin(p / 10000^(2i/d)),
// PE[p, 2i+1] = cos(p / 10000^(2i/d)). Returns [positions, dims].
FloatMatrix sinusoidalEncoding(int positions, int dims);
// Cosine similarity between every pair of rows: [rows, rows].
FloatMatrix rowCosineSimilarity(const FloatMatrix& m);

}  // namespace attnscope::analysis
