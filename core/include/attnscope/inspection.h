// How one attention head computes its weights, as plain data (issue #12: the attention lab),
// and which heads are switched off (head ablation). Every number equals Hugging Face's eager
// forward pass on the same checkpoint and input (tests/core/tst_inspection.cpp against forward
// hooks and head_mask).
#pragma once

#include "attnscope/attention.h"
#include "attnscope/token.h"

#include <set>
#include <string>
#include <utility>
#include <vector>

namespace attnscope {

enum class AttentionKind { Encoder, Decoder, Cross };  // encoder self, decoder self, encoder-decoder
const char* attentionKindName(AttentionKind kind);     // "encoder", "decoder", "cross"
AttentionKind parseAttentionKind(const std::string& name);  // throws InputError

// Heads switched off, as Hugging Face's head_mask (encoder), decoder_head_mask (decoder self)
// and cross_attn_head_mask: the head's softmax weights are multiplied by 0, so its output (and
// the weights reported for it) are zero; nothing else changes.
struct HeadAblation {
    std::set<std::pair<int, int>> encoder, decoder, cross;  // (layer, head)
    bool empty() const { return encoder.empty() && decoder.empty() && cross.empty(); }
    std::set<std::pair<int, int>>& of(AttentionKind kind);
    const std::set<std::pair<int, int>>& of(AttentionKind kind) const;
};
// "L:H,L:H" (0-based, as the views show layer 0 … and head 0 …) -> pairs; throws InputError.
std::set<std::pair<int, int>> parseHeadList(const std::string& text);
std::string headListString(const std::set<std::pair<int, int>>& heads);

// One head of one attention layer on one input. T queries, S keys, d = head size, D = model width.
struct HeadInspection {
    AttentionKind kind = AttentionKind::Encoder;
    int layer = 0;
    int head = 0;
    int headDim = 0;                 // d
    int modelDim = 0;                // D
    std::vector<Token> queryTokens;  // T: the tokens whose rows are computed
    std::vector<Token> keyTokens;    // S: the tokens looked at (cross: the source)

    FloatMatrix input;     // [T, D] the layer's input hidden states (queries' side)
    FloatMatrix keyInput;  // [S, D] what keys and values are computed from (cross: the encoder output)
    // Layer 0 only (else empty): the input's parts. BERT: input = LayerNorm(word + position +
    // tokenType); Marian: input = word * embedScale + position (sinusoidal), no LayerNorm.
    FloatMatrix wordEmbeddings, positionEmbeddings, tokenTypeEmbeddings;  // [T, D]; tokenType BERT only
    double embedScale = 1.0;                                               // Marian: sqrt(D) or 1

    FloatMatrix query;  // [T, d] x·W_q + b_q for this head (not yet scaled)
    FloatMatrix key;    // [S, d]
    FloatMatrix value;  // [S, d]
    FloatMatrix scores;  // [T, S] q·kᵀ
    double scale = 1.0;  // 1/√d
    // [T, S] 1 where a key is hidden from a query (decoder: the future), else 0; hidden keys get
    // weight 0 (the model adds -inf before the softmax).
    FloatMatrix masked;
    FloatMatrix weights;     // [T, S] softmax(scores·scale + mask), × 0 when the head is ablated
    FloatMatrix headOutput;  // [T, d] weights · value
    // [T, D] the layer's attention output: every head's output concatenated, times W_o, + b_o
    // (before the residual and LayerNorm).
    FloatMatrix layerOutput;
    bool ablated = false;  // this head is switched off in the ablation used
};

}  // namespace attnscope
