// The BERT-family network in LibTorch. Module and parameter names mirror Hugging Face's
// checkpoint keys (embeddings.word_embeddings.weight, encoder.layer.N.attention.self.query...)
// so loading is a strict name-for-name transfer. forward() returns every layer's attention
// explicitly. Internal to core/: torch types never leave it.
#pragma once

#include "attention_probe.h"
#include "attnscope/bert_config.h"
#include "packed_linear.h"

#include <torch/torch.h>

#include <vector>

namespace attnscope {

struct BertEmbeddingsImpl : torch::nn::Module {
    explicit BertEmbeddingsImpl(const BertConfig& c);
    torch::Tensor forward(const torch::Tensor& inputIds);  // [1, T] -> [1, T, D]
    torch::Tensor positionIds(const torch::Tensor& inputIds) const;  // [1, T], as the family numbers them

    torch::nn::Embedding word_embeddings{nullptr}, position_embeddings{nullptr};
    torch::nn::Embedding token_type_embeddings{nullptr};  // absent for DistilBERT
    torch::nn::LayerNorm LayerNorm{nullptr};
    bool roberta = false;
    int padId = 0;
};
TORCH_MODULE(BertEmbeddings);

struct BertSelfAttentionImpl : torch::nn::Module {
    explicit BertSelfAttentionImpl(const BertConfig& c);
    // x [1, T, D] -> context [1, T, D]; probs receives [1, H, T, T] (times headMask [H] when
    // defined); probe (optional) keeps q, k, v, probs and context.
    torch::Tensor forward(const torch::Tensor& x, torch::Tensor& probs, const torch::Tensor& headMask = {},
                          AttentionProbe* probe = nullptr);

    PackedLinear query{nullptr}, key{nullptr}, value{nullptr};
    int heads;
    int headDim;
};
TORCH_MODULE(BertSelfAttention);

// dense + dropout(no-op) + LayerNorm(x + residual): HF's BertSelfOutput and BertOutput.
struct BertResidualOutputImpl : torch::nn::Module {
    BertResidualOutputImpl(int in, int out, double eps);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& residual);

    PackedLinear dense{nullptr};
    torch::nn::LayerNorm LayerNorm{nullptr};
};
TORCH_MODULE(BertResidualOutput);

struct BertAttentionImpl : torch::nn::Module {
    explicit BertAttentionImpl(const BertConfig& c);
    BertSelfAttention self{nullptr};
    BertResidualOutput output{nullptr};
};
TORCH_MODULE(BertAttention);

struct BertIntermediateImpl : torch::nn::Module {
    explicit BertIntermediateImpl(const BertConfig& c);
    PackedLinear dense{nullptr};
};
TORCH_MODULE(BertIntermediate);

struct BertLayerImpl : torch::nn::Module {
    explicit BertLayerImpl(const BertConfig& c);
    torch::Tensor forward(const torch::Tensor& x, torch::Tensor& probs, const torch::Tensor& headMask = {},
                          AttentionProbe* probe = nullptr);

    BertAttention attention{nullptr};
    BertIntermediate intermediate{nullptr};
    BertResidualOutput output{nullptr};
    std::string act;
};
TORCH_MODULE(BertLayer);

struct BertStackImpl : torch::nn::Module {  // HF's BertEncoder: encoder.layer.N
    explicit BertStackImpl(const BertConfig& c);
    torch::nn::ModuleList layer{nullptr};
};
TORCH_MODULE(BertStack);

struct BertPoolerImpl : torch::nn::Module {  // kept only so checkpoints that carry it load strictly
    explicit BertPoolerImpl(const BertConfig& c);
    PackedLinear dense{nullptr};
};
TORCH_MODULE(BertPooler);

struct BertForwardOutput {
    std::vector<torch::Tensor> attentions;    // per layer [H, T, T]
    std::vector<torch::Tensor> hiddenStates;  // embeddings + per layer, [T, D]
};

// HF's BertModel: embeddings, encoder and (when the checkpoint has one) pooler.
struct BertBodyImpl : torch::nn::Module {
    BertBodyImpl(const BertConfig& c, bool withPooler);
    // inputIds [1, T]; headMasks switch heads off (HF's head_mask); probe keeps one layer's tensors.
    BertForwardOutput forward(const torch::Tensor& inputIds, const LayerHeadMasks& headMasks = {},
                              const ProbeRequest& probe = {});

    BertEmbeddings embeddings{nullptr};
    BertStack encoder{nullptr};
    BertPooler pooler{nullptr};
};
TORCH_MODULE(BertBody);

// HF's BertLMPredictionHead under "cls.predictions": transform (dense, act, LayerNorm),
// then a decoder tied to the word embeddings (or its own when tie_word_embeddings is false).
struct BertTransformImpl : torch::nn::Module {
    explicit BertTransformImpl(const BertConfig& c);
    PackedLinear dense{nullptr};
    torch::nn::LayerNorm LayerNorm{nullptr};
};
TORCH_MODULE(BertTransform);

struct BertPredictionsImpl : torch::nn::Module {
    BertPredictionsImpl(const BertConfig& c);
    // hidden [N, D] -> logits [N, V]; wordEmbeddings is the tied decoder weight.
    torch::Tensor forward(const torch::Tensor& hidden, const torch::Tensor& wordEmbeddings);

    BertTransform transform{nullptr};
    torch::Tensor bias;
    torch::Tensor decoderWeight;  // registered as decoder.weight only when untied
    std::string act;
};
TORCH_MODULE(BertPredictions);

struct BertMaskedLmHeadImpl : torch::nn::Module {  // "cls"
    explicit BertMaskedLmHeadImpl(const BertConfig& c);
    BertPredictions predictions{nullptr};
};
TORCH_MODULE(BertMaskedLmHead);

}  // namespace attnscope
