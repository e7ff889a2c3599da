// LibTorch BERT-family layers, computed in the same order as Hugging Face's eager BertModel.
#include "bert_model.h"

#include "activations.h"

#include <cmath>

namespace attnscope {

namespace nn = torch::nn;

// LayerNorm in the parameters' dtype: under bf16 autocast the input arrives in bf16, which
// LibTorch 1.13's CPU kernel cannot mix with float32 weights. A no-op in inference.
static torch::Tensor normalize(nn::LayerNorm& norm, const torch::Tensor& x) {
    return norm(x.to(norm->weight.scalar_type()));
}

static nn::LayerNorm makeLayerNorm(int dim, double eps) {
    return nn::LayerNorm(nn::LayerNormOptions({dim}).eps(eps).elementwise_affine(true));
}

BertEmbeddingsImpl::BertEmbeddingsImpl(const BertConfig& c) : roberta(c.modelType == "roberta"), padId(c.padTokenId) {
    word_embeddings = register_module("word_embeddings", nn::Embedding(c.vocabSize, c.hiddenSize));
    position_embeddings = register_module("position_embeddings", nn::Embedding(c.maxPositions, c.hiddenSize));
    if (c.hasTokenTypes())
        token_type_embeddings = register_module("token_type_embeddings", nn::Embedding(c.typeVocabSize, c.hiddenSize));
    LayerNorm = register_module("LayerNorm", makeLayerNorm(c.hiddenSize, c.layerNormEps));
}

torch::Tensor BertEmbeddingsImpl::positionIds(const torch::Tensor& inputIds) const {
    if (roberta) {
        // HF's create_position_ids_from_input_ids: padding tokens keep padding_idx, the others
        // count from padding_idx + 1.
        auto notPad = inputIds.ne(padId).to(torch::kLong);
        return torch::cumsum(notPad, 1) * notPad + padId;
    }
    auto opts = torch::TensorOptions().dtype(torch::kLong).device(inputIds.device());
    return torch::arange(inputIds.size(1), opts).unsqueeze(0);
}

torch::Tensor BertEmbeddingsImpl::forward(const torch::Tensor& inputIds) {
    auto x = word_embeddings(inputIds);
    // HF adds word + token_type first, then position (DistilBERT: word + position).
    if (token_type_embeddings) x = x + token_type_embeddings(torch::zeros_like(inputIds));  // one segment
    x = x + position_embeddings(positionIds(inputIds));
    return LayerNorm(x);
}

BertSelfAttentionImpl::BertSelfAttentionImpl(const BertConfig& c) : heads(c.numHeads), headDim(c.headDim()) {
    query = register_module("query", PackedLinear(c.hiddenSize, c.hiddenSize));
    key = register_module("key", PackedLinear(c.hiddenSize, c.hiddenSize));
    value = register_module("value", PackedLinear(c.hiddenSize, c.hiddenSize));
}

torch::Tensor BertSelfAttentionImpl::forward(const torch::Tensor& x, torch::Tensor& probs, const torch::Tensor& headMask,
                                             AttentionProbe* probe) {
    const auto batch = x.size(0), length = x.size(1);
    auto split = [&](const torch::Tensor& t) { return t.view({batch, length, heads, headDim}).permute({0, 2, 1, 3}); };
    auto q = split(query(x));
    auto k = split(key(x));
    auto v = split(value(x));
    // Same order as HF's eager path: q·kᵀ, then divide by sqrt(d), then softmax.
    auto scores = torch::matmul(q, k.transpose(-1, -2)) / std::sqrt(static_cast<double>(headDim));
    probs = applyHeadMask(torch::softmax(scores, -1), headMask);  // HF: attention_probs * head_mask
    auto perHead = torch::matmul(probs, v);
    if (probe) {
        probe->input = probe->keyInput = x;
        probe->query = q;
        probe->key = k;
        probe->value = v;
        probe->probs = probs;
        probe->context = perHead;
    }
    auto context = perHead.permute({0, 2, 1, 3}).contiguous();
    return context.view({batch, length, heads * headDim});
}

BertResidualOutputImpl::BertResidualOutputImpl(int in, int out, double eps) {
    dense = register_module("dense", PackedLinear(in, out));
    LayerNorm = register_module("LayerNorm", makeLayerNorm(out, eps));
}

torch::Tensor BertResidualOutputImpl::forward(const torch::Tensor& x, const torch::Tensor& residual) {
    return normalize(LayerNorm, dense(x) + residual);
}

BertAttentionImpl::BertAttentionImpl(const BertConfig& c) {
    self = register_module("self", BertSelfAttention(c));
    output = register_module("output", BertResidualOutput(c.hiddenSize, c.hiddenSize, c.layerNormEps));
}

BertIntermediateImpl::BertIntermediateImpl(const BertConfig& c) {
    dense = register_module("dense", PackedLinear(c.hiddenSize, c.intermediateSize));
}

BertLayerImpl::BertLayerImpl(const BertConfig& c) : act(c.hiddenAct) {
    attention = register_module("attention", BertAttention(c));
    intermediate = register_module("intermediate", BertIntermediate(c));
    output = register_module("output", BertResidualOutput(c.intermediateSize, c.hiddenSize, c.layerNormEps));
}

torch::Tensor BertLayerImpl::forward(const torch::Tensor& x, torch::Tensor& probs, const torch::Tensor& headMask,
                                     AttentionProbe* probe) {
    auto context = attention->self(x, probs, headMask, probe);
    if (probe) probe->output = attention->output->dense(context);  // concatenated heads · W_o + b_o
    auto attended = attention->output(context, x);
    auto inner = applyActivation(intermediate->dense(attended), act);
    return output(inner, attended);
}

BertStackImpl::BertStackImpl(const BertConfig& c) {
    layer = register_module("layer", nn::ModuleList());
    for (int i = 0; i < c.numLayers; ++i) layer->push_back(BertLayer(c));
}

BertPoolerImpl::BertPoolerImpl(const BertConfig& c) {
    dense = register_module("dense", PackedLinear(c.hiddenSize, c.hiddenSize));
}

BertBodyImpl::BertBodyImpl(const BertConfig& c, bool withPooler) {
    embeddings = register_module("embeddings", BertEmbeddings(c));
    encoder = register_module("encoder", BertStack(c));
    if (withPooler) pooler = register_module("pooler", BertPooler(c));
}

BertForwardOutput BertBodyImpl::forward(const torch::Tensor& inputIds, const LayerHeadMasks& headMasks,
                                        const ProbeRequest& probe) {
    BertForwardOutput out;
    auto x = embeddings(inputIds);
    out.hiddenStates.push_back(x[0]);
    int index = 0;
    for (const auto& module : *encoder->layer) {
        torch::Tensor probs;
        x = module->as<BertLayer>()->forward(x, probs, headMasks.of(static_cast<std::size_t>(index)),
                                             probe.at(AttentionKind::Encoder, index));
        ++index;
        out.attentions.push_back(probs[0]);
        out.hiddenStates.push_back(x[0]);
    }
    return out;
}

BertTransformImpl::BertTransformImpl(const BertConfig& c) {
    dense = register_module("dense", PackedLinear(c.hiddenSize, c.hiddenSize));
    LayerNorm = register_module("LayerNorm", makeLayerNorm(c.hiddenSize, c.layerNormEps));
}

BertPredictionsImpl::BertPredictionsImpl(const BertConfig& c) : act(c.hiddenAct) {
    transform = register_module("transform", BertTransform(c));
    bias = register_parameter("bias", torch::zeros({c.vocabSize}));
    if (!c.tieWordEmbeddings) {
        auto decoder = register_module("decoder", std::make_shared<nn::Module>());
        decoderWeight = decoder->register_parameter("weight", torch::zeros({c.vocabSize, c.hiddenSize}));
    }
}

torch::Tensor BertPredictionsImpl::forward(const torch::Tensor& hidden, const torch::Tensor& wordEmbeddings) {
    auto h = normalize(transform->LayerNorm, applyActivation(transform->dense(hidden), act));
    const auto& weight = decoderWeight.defined() ? decoderWeight : wordEmbeddings;
    return torch::matmul(h, weight.t()) + bias;
}

BertMaskedLmHeadImpl::BertMaskedLmHeadImpl(const BertConfig& c) {
    predictions = register_module("predictions", BertPredictions(c));
}

}  // namespace attnscope
