// The Marian encoder-decoder (Hugging Face's MarianMTModel) in LibTorch. Module and parameter
// names mirror the checkpoint keys (model.shared.weight, model.encoder.layers.N.self_attn.q_proj...,
// final_logits_bias) so loading is a strict name-for-name transfer. Forward passes return every
// attention explicitly; the decoder takes an optional KV cache kept outside the weights.
// Internal to core/: torch types never leave it.
#pragma once

#include <torch/torch.h>

#include <vector>

#include "attention_probe.h"
#include "attnscope/marian_config.h"
#include "packed_linear.h"

namespace attnscope {

// HF's MarianAttention: q/k/v/out projections; queries scaled by head_dim^-0.5 before q·kᵀ.
struct MarianAttentionImpl : torch::nn::Module {
    MarianAttentionImpl(int dModel, int heads);
    // x [B, T, D] -> [B, H, T, hd] through k_proj or v_proj.
    torch::Tensor keys(const torch::Tensor& x);
    torch::Tensor values(const torch::Tensor& x);
    // query input [B, T, D] against k, v [B, H, S, hd]; mask (optional, bool [T, S], true =
    // hidden). Returns out_proj(context) [B, T, D]; probs receives [B, H, T, S] (times headMask
    // [H] when defined, as HF's layer_head_mask); probe (optional) keeps the intermediates.
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& k, const torch::Tensor& v,
                          const torch::Tensor& mask, torch::Tensor& probs, const torch::Tensor& headMask = {},
                          AttentionProbe* probe = nullptr);

    PackedLinear q_proj{nullptr}, k_proj{nullptr}, v_proj{nullptr}, out_proj{nullptr};
    int heads;
    int headDim;
};
TORCH_MODULE(MarianAttention);

// Post-layer-norm encoder block: self_attn, self_attn_layer_norm, fc1, fc2, final_layer_norm.
// Head masks and the probe of one forward pass (head ablation, the attention lab).
struct MarianRunOptions {
    LayerHeadMasks encoder, decoder, cross;  // HF's head_mask, decoder_head_mask, cross_attn_head_mask
    ProbeRequest probe;
};

struct MarianEncoderLayerImpl : torch::nn::Module {
    explicit MarianEncoderLayerImpl(const MarianConfig& c);
    torch::Tensor forward(const torch::Tensor& x, torch::Tensor& probs, const torch::Tensor& headMask = {},
                          AttentionProbe* probe = nullptr);

    MarianAttention self_attn{nullptr};
    torch::nn::LayerNorm self_attn_layer_norm{nullptr};
    PackedLinear fc1{nullptr}, fc2{nullptr};
    torch::nn::LayerNorm final_layer_norm{nullptr};
    std::string act;
};
TORCH_MODULE(MarianEncoderLayer);

// Per-request decoder state: self-attention K/V grow by one position per step; cross-attention
// K/V are computed once per source. Batch dimension = beams; reorder() follows beam choices.
struct MarianDecoderCache {
    std::vector<torch::Tensor> selfKeys, selfValues;    // per layer [B, H, t, hd]
    std::vector<torch::Tensor> crossKeys, crossValues;  // per layer [B, H, S, hd]
    int64_t length = 0;                                 // target positions already cached

    void reorder(const torch::Tensor& beamIndex);  // index_select on the batch dimension
};

struct MarianDecoderLayerImpl : torch::nn::Module {
    explicit MarianDecoderLayerImpl(const MarianConfig& c);

    MarianAttention self_attn{nullptr};
    torch::nn::LayerNorm self_attn_layer_norm{nullptr};
    MarianAttention encoder_attn{nullptr};
    torch::nn::LayerNorm encoder_attn_layer_norm{nullptr};
    PackedLinear fc1{nullptr}, fc2{nullptr};
    torch::nn::LayerNorm final_layer_norm{nullptr};
    std::string act;
};
TORCH_MODULE(MarianDecoderLayer);

// Static sinusoidal positions as HF's MarianSinusoidalPositionalEmbedding: sin in the first
// half of each vector, cos in the second. Held as the buffer "weight" (not a parameter).
struct MarianPositionsImpl : torch::nn::Module {
    MarianPositionsImpl(int positions, int dim);
    torch::Tensor weight;
};
TORCH_MODULE(MarianPositions);
torch::Tensor marianSinusoids(int positions, int dim);

struct MarianEncoderOutput {
    torch::Tensor hidden;                   // [1, S, D]
    std::vector<torch::Tensor> attentions;  // per layer [1, H, S, S]
};

struct MarianEncoderImpl : torch::nn::Module {
    explicit MarianEncoderImpl(const MarianConfig& c);
    MarianEncoderOutput forward(const torch::Tensor& ids, const torch::Tensor& tokenEmbeddings,  // ids [1, S]
                                const MarianRunOptions& run = {});

    MarianPositions embed_positions{nullptr};
    torch::nn::ModuleList layers{nullptr};
    double embedScale;
};
TORCH_MODULE(MarianEncoder);

struct MarianDecoderOutput {
    torch::Tensor hidden;                        // [B, T, D]
    std::vector<torch::Tensor> selfAttentions;   // per layer [B, H, T, past + T]
    std::vector<torch::Tensor> crossAttentions;  // per layer [B, H, T, S]
};

struct MarianDecoderImpl : torch::nn::Module {
    explicit MarianDecoderImpl(const MarianConfig& c);
    // ids [B, T] at positions cache.length ... cache.length + T - 1. encoderHidden [B, S, D] is
    // read only when the cache has no cross-attention K/V yet; the cache is extended.
    MarianDecoderOutput forward(const torch::Tensor& ids, const torch::Tensor& tokenEmbeddings,
                                const torch::Tensor& encoderHidden, MarianDecoderCache& cache,
                                const MarianRunOptions& run = {});

    MarianPositions embed_positions{nullptr};
    torch::nn::ModuleList layers{nullptr};
    double embedScale;
};
TORCH_MODULE(MarianDecoder);

// HF's MarianModel: "model.shared", "model.encoder", "model.decoder".
struct MarianBodyImpl : torch::nn::Module {
    explicit MarianBodyImpl(const MarianConfig& c);
    torch::nn::Embedding shared{nullptr};
    MarianEncoder encoder{nullptr};
    MarianDecoder decoder{nullptr};
};
TORCH_MODULE(MarianBody);

// HF's MarianMTModel: the body plus final_logits_bias [1, V]; lm_head is tied to model.shared.
struct MarianCheckpointImpl : torch::nn::Module {
    explicit MarianCheckpointImpl(const MarianConfig& c);
    MarianEncoderOutput encode(const torch::Tensor& sourceIds, const MarianRunOptions& run = {});  // [1, S]
    // Decoder pass; returns logits [B, T, V] (+ final_logits_bias) and fills out.
    torch::Tensor decode(const torch::Tensor& targetIds, const torch::Tensor& encoderHidden, MarianDecoderCache& cache,
                         MarianDecoderOutput& out, const MarianRunOptions& run = {});

    MarianBody model{nullptr};
    torch::Tensor final_logits_bias;
};
TORCH_MODULE(MarianCheckpoint);

}  // namespace attnscope
