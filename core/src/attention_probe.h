// What the attention modules take besides their input: a head mask per layer (head ablation,
// Hugging Face's head_mask semantics) and an optional probe that keeps one layer's
// intermediate tensors for the attention lab (attnscope/inspection.h). Internal to core/.
#pragma once

#include "attnscope/inspection.h"

#include <torch/torch.h>

#include <set>
#include <utility>
#include <vector>

namespace attnscope {

// One attention module's intermediate tensors (batch row 0 is inspected).
struct AttentionProbe {
    torch::Tensor input, keyInput;   // [B, T, D], [B, S, D]
    torch::Tensor query, key, value;  // [B, H, T|S, d]; query before any scaling
    torch::Tensor hidden;             // bool [T, S], true = key hidden from the query; undefined: none
    torch::Tensor probs;              // [B, H, T, S] as exported (head mask applied)
    torch::Tensor context;            // [B, H, T, d]
    torch::Tensor output;             // [B, T, D] after the output projection
};

// Per layer a float [H] tensor of 1 (on) and 0 (off), or an undefined tensor: every head on.
struct LayerHeadMasks {
    std::vector<torch::Tensor> layers;
    torch::Tensor of(std::size_t layer) const { return layer < layers.size() ? layers[layer] : torch::Tensor(); }
};
// Validates every (layer, head) against the model's sizes (InputError naming the head).
LayerHeadMasks makeHeadMasks(const std::set<std::pair<int, int>>& off, int layers, int heads,
                             const torch::Device& device, const char* what);

// Which attention a forward pass probes: layer < 0 means none.
struct ProbeRequest {
    AttentionKind kind = AttentionKind::Encoder;
    int layer = -1;
    AttentionProbe* probe = nullptr;
    AttentionProbe* at(AttentionKind k, int l) const { return probe && k == kind && l == layer ? probe : nullptr; }
};

// probs * mask (per head) when a mask is given, as HF multiplies attention_probs by head_mask.
inline torch::Tensor applyHeadMask(const torch::Tensor& probs, const torch::Tensor& mask) {
    return mask.defined() ? probs * mask.to(probs.scalar_type()).view({1, -1, 1, 1}) : probs;
}

// Any 2-D tensor as a plain float32 matrix on the CPU.
FloatMatrix floatMatrixOf(const torch::Tensor& t);

// The plain-data inspection of one head from a probe (row 0). tokens are filled by the caller.
HeadInspection inspectionFromProbe(const AttentionProbe& probe, AttentionKind kind, int layer, int head);

}  // namespace attnscope
