// LibTorch Marian layers, computed in the same order as Hugging Face's eager MarianMTModel.
#include "marian_model.h"

#include <cmath>
#include <limits>

#include "activations.h"

namespace attnscope {

namespace nn = torch::nn;
namespace F = torch::nn::functional;

namespace {

nn::LayerNorm makeLayerNorm(int dim) {
    return nn::LayerNorm(nn::LayerNormOptions({dim}).eps(1e-5).elementwise_affine(true));  // nn.LayerNorm default
}

// fc1 -> activation -> fc2, residual, final_layer_norm: the feed-forward half of every block.
torch::Tensor feedForward(PackedLinear& fc1, PackedLinear& fc2, nn::LayerNorm& norm, const std::string& act,
                          const torch::Tensor& x) {
    return norm(x + fc2(applyActivation(fc1(x), act)));
}

}  // namespace

MarianAttentionImpl::MarianAttentionImpl(int dModel, int heads_) : heads(heads_), headDim(dModel / heads_) {
    k_proj = register_module("k_proj", PackedLinear(dModel, dModel));
    v_proj = register_module("v_proj", PackedLinear(dModel, dModel));
    q_proj = register_module("q_proj", PackedLinear(dModel, dModel));
    out_proj = register_module("out_proj", PackedLinear(dModel, dModel));
}

static torch::Tensor splitHeads(const torch::Tensor& t, int heads, int headDim) {
    return t.view({t.size(0), t.size(1), heads, headDim}).transpose(1, 2).contiguous();
}

torch::Tensor MarianAttentionImpl::keys(const torch::Tensor& x) { return splitHeads(k_proj(x), heads, headDim); }
torch::Tensor MarianAttentionImpl::values(const torch::Tensor& x) { return splitHeads(v_proj(x), heads, headDim); }

torch::Tensor MarianAttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& k, const torch::Tensor& v,
                                           const torch::Tensor& mask, torch::Tensor& probs, const torch::Tensor& headMask,
                                           AttentionProbe* probe) {
    const auto batch = x.size(0), length = x.size(1);
    // HF scales the projected queries first, then multiplies by kᵀ.
    auto q = splitHeads(q_proj(x) * std::pow(static_cast<double>(headDim), -0.5), heads, headDim);
    auto scores = torch::matmul(q, k.transpose(-1, -2));  // [B, H, T, S]
    if (mask.defined()) scores = scores.masked_fill(mask, -std::numeric_limits<float>::infinity());
    probs = applyHeadMask(torch::softmax(scores, -1), headMask);
    auto perHead = torch::matmul(probs, v);
    auto context = perHead.transpose(1, 2).contiguous().view({batch, length, heads * headDim});
    auto output = out_proj(context);
    if (probe) {
        probe->input = x;
        probe->query = splitHeads(q_proj(x), heads, headDim);  // before the scaling, as the lab shows it
        probe->key = k;
        probe->value = v;
        probe->hidden = mask;
        probe->probs = probs;
        probe->context = perHead;
        probe->output = output;
    }
    return output;
}

MarianEncoderLayerImpl::MarianEncoderLayerImpl(const MarianConfig& c) : act(c.activation) {
    self_attn = register_module("self_attn", MarianAttention(c.dModel, c.encoderHeads));
    self_attn_layer_norm = register_module("self_attn_layer_norm", makeLayerNorm(c.dModel));
    fc1 = register_module("fc1", PackedLinear(c.dModel, c.encoderFfnDim));
    fc2 = register_module("fc2", PackedLinear(c.encoderFfnDim, c.dModel));
    final_layer_norm = register_module("final_layer_norm", makeLayerNorm(c.dModel));
}

torch::Tensor MarianEncoderLayerImpl::forward(const torch::Tensor& x, torch::Tensor& probs, const torch::Tensor& headMask,
                                              AttentionProbe* probe) {
    auto h = self_attn(x, self_attn->keys(x), self_attn->values(x), torch::Tensor(), probs, headMask, probe);
    if (probe) probe->keyInput = x;
    h = self_attn_layer_norm(x + h);
    return feedForward(fc1, fc2, final_layer_norm, act, h);
}

void MarianDecoderCache::reorder(const torch::Tensor& beamIndex) {
    for (auto* list : {&selfKeys, &selfValues, &crossKeys, &crossValues})
        for (auto& t : *list) t = t.index_select(0, beamIndex);
}

MarianDecoderLayerImpl::MarianDecoderLayerImpl(const MarianConfig& c) : act(c.activation) {
    self_attn = register_module("self_attn", MarianAttention(c.dModel, c.decoderHeads));
    self_attn_layer_norm = register_module("self_attn_layer_norm", makeLayerNorm(c.dModel));
    encoder_attn = register_module("encoder_attn", MarianAttention(c.dModel, c.decoderHeads));
    encoder_attn_layer_norm = register_module("encoder_attn_layer_norm", makeLayerNorm(c.dModel));
    fc1 = register_module("fc1", PackedLinear(c.dModel, c.decoderFfnDim));
    fc2 = register_module("fc2", PackedLinear(c.decoderFfnDim, c.dModel));
    final_layer_norm = register_module("final_layer_norm", makeLayerNorm(c.dModel));
}

torch::Tensor marianSinusoids(int positions, int dim) {
    // float64 as HF's numpy code, then rounded to float32; sin of even j first, cos of odd j after.
    auto out = torch::empty({positions, dim}, torch::kFloat32);
    auto a = out.accessor<float, 2>();
    const int sinCount = (dim + 1) / 2;
    for (int pos = 0; pos < positions; ++pos)
        for (int j = 0; j < dim; ++j) {
            const double angle = pos / std::pow(10000.0, 2.0 * (j / 2) / dim);
            if (j % 2 == 0) a[pos][j / 2] = static_cast<float>(std::sin(angle));
            else a[pos][sinCount + j / 2] = static_cast<float>(std::cos(angle));
        }
    return out;
}

MarianPositionsImpl::MarianPositionsImpl(int positions, int dim) {
    weight = register_buffer("weight", marianSinusoids(positions, dim));
}

static torch::Tensor embed(const torch::Tensor& ids, const torch::Tensor& tokenEmbeddings, double scale,
                           const torch::Tensor& positions, int64_t start) {
    auto x = F::embedding(ids, tokenEmbeddings) * scale;
    auto index =
        torch::arange(start, start + ids.size(1), torch::TensorOptions().dtype(torch::kLong).device(ids.device()));
    return x + positions.index_select(0, index);
}

MarianEncoderImpl::MarianEncoderImpl(const MarianConfig& c)
    : embedScale(c.scaleEmbedding ? std::sqrt(static_cast<double>(c.dModel)) : 1.0) {
    embed_positions = register_module("embed_positions", MarianPositions(c.maxPositions, c.dModel));
    layers = register_module("layers", nn::ModuleList());
    for (int i = 0; i < c.encoderLayers; ++i) layers->push_back(MarianEncoderLayer(c));
}

MarianEncoderOutput MarianEncoderImpl::forward(const torch::Tensor& ids, const torch::Tensor& tokenEmbeddings,
                                               const MarianRunOptions& run) {
    MarianEncoderOutput out;
    auto x = embed(ids, tokenEmbeddings, embedScale, embed_positions->weight, 0);
    int index = 0;
    for (const auto& module : *layers) {
        torch::Tensor probs;
        x = module->as<MarianEncoderLayer>()->forward(x, probs, run.encoder.of(static_cast<std::size_t>(index)),
                                                      run.probe.at(AttentionKind::Encoder, index));
        ++index;
        out.attentions.push_back(probs);
    }
    out.hidden = x;
    return out;
}

MarianDecoderImpl::MarianDecoderImpl(const MarianConfig& c)
    : embedScale(c.scaleEmbedding ? std::sqrt(static_cast<double>(c.dModel)) : 1.0) {
    embed_positions = register_module("embed_positions", MarianPositions(c.maxPositions, c.dModel));
    layers = register_module("layers", nn::ModuleList());
    for (int i = 0; i < c.decoderLayers; ++i) layers->push_back(MarianDecoderLayer(c));
}

MarianDecoderOutput MarianDecoderImpl::forward(const torch::Tensor& ids, const torch::Tensor& tokenEmbeddings,
                                               const torch::Tensor& encoderHidden, MarianDecoderCache& cache,
                                               const MarianRunOptions& run) {
    const int64_t past = cache.length, length = ids.size(1);
    const auto count = layers->size();
    cache.selfKeys.resize(count);
    cache.selfValues.resize(count);
    const bool needCross = cache.crossKeys.size() != count;
    if (needCross) {
        cache.crossKeys.assign(count, torch::Tensor());
        cache.crossValues.assign(count, torch::Tensor());
    }
    // Query i (absolute past + i) sees keys 0 .. past + i; none hidden for a single new token.
    torch::Tensor causal;
    if (length > 1) {
        auto opts = torch::TensorOptions().dtype(torch::kLong).device(ids.device());
        auto q = torch::arange(past, past + length, opts).unsqueeze(1);
        auto k = torch::arange(0, past + length, opts).unsqueeze(0);
        causal = k > q;
    }
    MarianDecoderOutput out;
    auto x = embed(ids, tokenEmbeddings, embedScale, embed_positions->weight, past);
    for (std::size_t i = 0; i < count; ++i) {
        auto& layer = *layers[i]->as<MarianDecoderLayer>();
        auto k = layer.self_attn->keys(x), v = layer.self_attn->values(x);
        if (cache.selfKeys[i].defined()) {
            k = torch::cat({cache.selfKeys[i], k}, 2);
            v = torch::cat({cache.selfValues[i], v}, 2);
        }
        cache.selfKeys[i] = k;
        cache.selfValues[i] = v;
        torch::Tensor selfProbs, crossProbs;
        const int index = static_cast<int>(i);
        auto* selfProbe = run.probe.at(AttentionKind::Decoder, index);
        auto* crossProbe = run.probe.at(AttentionKind::Cross, index);
        auto h = layer.self_attn_layer_norm(x + layer.self_attn(x, k, v, causal, selfProbs, run.decoder.of(i), selfProbe));
        if (selfProbe) selfProbe->keyInput = x;  // the new positions' input (the whole target in a full pass)
        if (needCross) {
            cache.crossKeys[i] = layer.encoder_attn->keys(encoderHidden);
            cache.crossValues[i] = layer.encoder_attn->values(encoderHidden);
        }
        h = layer.encoder_attn_layer_norm(h + layer.encoder_attn(h, cache.crossKeys[i], cache.crossValues[i],
                                                                 torch::Tensor(), crossProbs, run.cross.of(i), crossProbe));
        if (crossProbe) crossProbe->keyInput = encoderHidden;
        x = feedForward(layer.fc1, layer.fc2, layer.final_layer_norm, layer.act, h);
        out.selfAttentions.push_back(selfProbs);
        out.crossAttentions.push_back(crossProbs);
    }
    cache.length = past + length;
    out.hidden = x;
    return out;
}

MarianBodyImpl::MarianBodyImpl(const MarianConfig& c) {
    shared = register_module("shared", nn::Embedding(c.vocabSize, c.dModel));
    encoder = register_module("encoder", MarianEncoder(c));
    decoder = register_module("decoder", MarianDecoder(c));
}

MarianCheckpointImpl::MarianCheckpointImpl(const MarianConfig& c) {
    model = register_module("model", MarianBody(c));
    final_logits_bias = register_parameter("final_logits_bias", torch::zeros({1, c.vocabSize}));
}

MarianEncoderOutput MarianCheckpointImpl::encode(const torch::Tensor& sourceIds, const MarianRunOptions& run) {
    return model->encoder(sourceIds, model->shared->weight, run);
}

torch::Tensor MarianCheckpointImpl::decode(const torch::Tensor& targetIds, const torch::Tensor& encoderHidden,
                                           MarianDecoderCache& cache, MarianDecoderOutput& out,
                                           const MarianRunOptions& run) {
    out = model->decoder(targetIds, model->shared->weight, encoderHidden, cache, run);
    // lm_head is tied to the shared embeddings (HF: Linear without bias, plus final_logits_bias).
    return F::linear(out.hidden, model->shared->weight) + final_logits_bias;
}

}  // namespace attnscope
