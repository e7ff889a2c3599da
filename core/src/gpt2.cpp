// Gpt2Generator: config.json -> strict load (Conv1D transposed) -> causal forward with a KV
// cache -> the shared greedy / beam search -> plain results. Module and parameter names mirror
// Hugging Face's GPT2LMHeadModel ("transformer.h.N.attn.c_attn" …), computed in the same order
// as its eager attention.
#include "attnscope/gpt2.h"

#include "activations.h"
#include "attention_probe.h"
#include "attnscope/errors.h"
#include "checkpoint_folder.h"
#include "checkpoint_weights.h"
#include "config_json.h"
#include "decoding.h"
#include "packed_linear.h"
#include "size_check.h"
#include "token_offsets.h"
#include "torch_device.h"
#include "weight_loading.h"

#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <limits>

namespace attnscope {

Gpt2Config Gpt2Config::fromFile(const std::string& path) {
    const auto j = readConfigJson(path);
    const auto type = configField<std::string>(j, "model_type", path, "", true);
    if (type != "gpt2")
        throw UnsupportedModelError("'" + path + "': model_type \"" + type + "\" is not GPT-2 (supported: gpt2)");
    Gpt2Config c;
    c.vocabSize = configField<int>(j, "vocab_size", path, 0, true);
    c.maxPositions = configField<int>(j, "n_positions", path, 1024, false);
    c.hiddenSize = configField<int>(j, "n_embd", path, 0, true);
    c.numLayers = configField<int>(j, "n_layer", path, 0, true);
    c.numHeads = configField<int>(j, "n_head", path, 0, true);
    c.innerSize = configField<int>(j, "n_inner", path, 0, false);
    if (c.innerSize == 0) c.innerSize = 4 * c.hiddenSize;
    c.activation = configField<std::string>(j, "activation_function", path, "gelu_new", false);
    c.layerNormEps = configField<double>(j, "layer_norm_epsilon", path, 1e-5, false);
    c.eosTokenId = configField<int>(j, "eos_token_id", path, 50256, false);
    c.tieWordEmbeddings = configField<bool>(j, "tie_word_embeddings", path, true, false);
    for (const auto& [name, value] :
         {std::pair{"vocab_size", c.vocabSize}, std::pair{"n_positions", c.maxPositions}, std::pair{"n_embd", c.hiddenSize},
          std::pair{"n_layer", c.numLayers}, std::pair{"n_head", c.numHeads}, std::pair{"n_inner", c.innerSize}})
        if (value <= 0 || value > 1000000)
            throw UnsupportedModelError("'" + path + "': " + name + " must be between 1 and 10^6, not " + std::to_string(value));
    if (c.hiddenSize % c.numHeads != 0)
        throw UnsupportedModelError("'" + path + "': n_embd " + std::to_string(c.hiddenSize) +
                                    " is not divisible by n_head " + std::to_string(c.numHeads));
    if (c.activation != "gelu_new" && c.activation != "gelu" && c.activation != "gelu_pytorch_tanh" &&
        c.activation != "relu")
        throw UnsupportedModelError("'" + path + "': activation_function \"" + c.activation + "\" is not supported");
    // Options Hugging Face would run differently from this implementation: refused.
    if (!configField<bool>(j, "scale_attn_weights", path, true, false))
        throw UnsupportedModelError("'" + path + "': scale_attn_weights false is not supported");
    for (const char* flag : {"scale_attn_by_inverse_layer_idx", "reorder_and_upcast_attn", "add_cross_attention"})
        if (configField<bool>(j, flag, path, false, false))
            throw UnsupportedModelError("'" + path + "': " + flag + " true is not supported");
    return c;
}

// Internal modules; a named namespace because Gpt2Generator::Impl holds one of them.
namespace gpt2_internal {

namespace nn = torch::nn;

nn::LayerNorm layerNorm(int dim, double eps) { return nn::LayerNorm(nn::LayerNormOptions({dim}).eps(eps)); }

// Per request: every layer's keys and values so far, [B, H, t, d]; batch rows are beams.
struct Gpt2Cache {
    std::vector<torch::Tensor> keys, values;
    int64_t length = 0;
    void reorder(const torch::Tensor& index) {
        for (auto& k : keys) k = k.index_select(0, index);
        for (auto& v : values) v = v.index_select(0, index);
    }
};

struct Gpt2AttentionImpl : nn::Module {
    Gpt2AttentionImpl(const Gpt2Config& c) : heads(c.numHeads), headDim(c.headDim()) {
        c_attn = register_module("c_attn", PackedLinear(c.hiddenSize, 3 * c.hiddenSize));
        c_proj = register_module("c_proj", PackedLinear(c.hiddenSize, c.hiddenSize));
    }
    // x [B, T, D] at positions past … past + T - 1; keys/values of the cache extended.
    torch::Tensor forward(const torch::Tensor& x, torch::Tensor& pastK, torch::Tensor& pastV, torch::Tensor& probs,
                          const torch::Tensor& headMask, AttentionProbe* probe) {
        const auto B = x.size(0), T = x.size(1);
        auto qkv = c_attn(x).split(x.size(2), 2);
        auto split = [&](const torch::Tensor& t) { return t.view({B, T, heads, headDim}).permute({0, 2, 1, 3}); };
        auto q = split(qkv[0]), k = split(qkv[1]), v = split(qkv[2]);
        if (pastK.defined()) {
            k = torch::cat({pastK, k}, 2);
            v = torch::cat({pastV, v}, 2);
        }
        pastK = k;
        pastV = v;
        const auto S = k.size(2), past = S - T;
        // HF's eager GPT-2: q·kᵀ / √d, the causal mask as the dtype's lowest value, softmax,
        // then the head mask.
        auto scores = torch::matmul(q, k.transpose(-1, -2)) / std::sqrt(static_cast<double>(headDim));
        auto opts = torch::TensorOptions().dtype(torch::kLong).device(x.device());
        auto hidden = torch::arange(S, opts).unsqueeze(0) > (torch::arange(T, opts) + past).unsqueeze(1);  // [T, S]
        scores = scores.masked_fill(hidden, std::numeric_limits<float>::lowest());
        probs = applyHeadMask(torch::softmax(scores, -1), headMask);
        auto context = torch::matmul(probs, v);
        auto out = c_proj(context.permute({0, 2, 1, 3}).reshape({B, T, heads * headDim}));
        if (probe) {
            probe->input = probe->keyInput = x;
            probe->query = q;
            probe->key = k;
            probe->value = v;
            probe->hidden = hidden;
            probe->probs = probs;
            probe->context = context;
            probe->output = out;
        }
        return out;
    }
    PackedLinear c_attn{nullptr}, c_proj{nullptr};
    int heads, headDim;
};
TORCH_MODULE(Gpt2Attention);

struct Gpt2MlpImpl : nn::Module {
    Gpt2MlpImpl(const Gpt2Config& c) : act(c.activation) {
        c_fc = register_module("c_fc", PackedLinear(c.hiddenSize, c.innerSize));
        c_proj = register_module("c_proj", PackedLinear(c.innerSize, c.hiddenSize));
    }
    torch::Tensor forward(const torch::Tensor& x) { return c_proj(applyActivation(c_fc(x), act)); }
    PackedLinear c_fc{nullptr}, c_proj{nullptr};
    std::string act;
};
TORCH_MODULE(Gpt2Mlp);

struct Gpt2BlockImpl : nn::Module {
    Gpt2BlockImpl(const Gpt2Config& c) {
        ln_1 = register_module("ln_1", layerNorm(c.hiddenSize, c.layerNormEps));
        attn = register_module("attn", Gpt2Attention(c));
        ln_2 = register_module("ln_2", layerNorm(c.hiddenSize, c.layerNormEps));
        mlp = register_module("mlp", Gpt2Mlp(c));
    }
    nn::LayerNorm ln_1{nullptr}, ln_2{nullptr};
    Gpt2Attention attn{nullptr};
    Gpt2Mlp mlp{nullptr};
};
TORCH_MODULE(Gpt2Block);

struct Gpt2BodyImpl : nn::Module {  // HF's GPT2Model: "transformer"
    Gpt2BodyImpl(const Gpt2Config& c) {
        wte = register_module("wte", nn::Embedding(c.vocabSize, c.hiddenSize));
        wpe = register_module("wpe", nn::Embedding(c.maxPositions, c.hiddenSize));
        h = register_module("h", nn::ModuleList());
        for (int i = 0; i < c.numLayers; ++i) h->push_back(Gpt2Block(c));
        ln_f = register_module("ln_f", layerNorm(c.hiddenSize, c.layerNormEps));
    }
    // ids [B, T] after cache.length cached positions -> final hidden [B, T, D]; attentions per
    // layer [B, H, T, past + T].
    torch::Tensor forward(const torch::Tensor& ids, Gpt2Cache& cache, const LayerHeadMasks& masks,
                          std::vector<torch::Tensor>& attentions, const ProbeRequest& probe = {}) {
        const auto T = ids.size(1);
        if (cache.keys.empty()) {
            cache.keys.resize(h->size());
            cache.values.resize(h->size());
        }
        auto positions = torch::arange(cache.length, cache.length + T,
                                       torch::TensorOptions().dtype(torch::kLong).device(ids.device()));
        auto x = wte(ids) + wpe(positions).unsqueeze(0);
        attentions.clear();
        for (std::size_t l = 0; l < h->size(); ++l) {
            auto& block = *h->ptr<Gpt2BlockImpl>(l);
            torch::Tensor probs;
            AttentionProbe* p = probe.layer == static_cast<int>(l) ? probe.probe : nullptr;
            x = x + block.attn->forward(block.ln_1(x), cache.keys[l], cache.values[l], probs, masks.of(l), p);
            x = x + block.mlp->forward(block.ln_2(x));
            attentions.push_back(probs);
        }
        cache.length += T;
        return ln_f(x);
    }
    nn::Embedding wte{nullptr}, wpe{nullptr};
    nn::ModuleList h{nullptr};
    nn::LayerNorm ln_f{nullptr};
};
TORCH_MODULE(Gpt2Body);

struct Gpt2CheckpointImpl : nn::Module {  // GPT2LMHeadModel
    Gpt2CheckpointImpl(const Gpt2Config& c) {
        transformer = register_module("transformer", Gpt2Body(c));
        if (!c.tieWordEmbeddings) lmHead = register_parameter("lm_head_weight", torch::zeros({c.vocabSize, c.hiddenSize}));
    }
    torch::Tensor logits(const torch::Tensor& hidden) {
        return torch::matmul(hidden, (lmHead.defined() ? lmHead : transformer->wte->weight).t());
    }
    Gpt2Body transformer{nullptr};
    torch::Tensor lmHead;
};
TORCH_MODULE(Gpt2Checkpoint);

bool startsWith(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }
bool endsWith(const std::string& s, const std::string& e) {
    return s.size() >= e.size() && s.compare(s.size() - e.size(), e.size(), e) == 0;
}

// One request's state for the shared searches.
class Gpt2DecoderState final : public IncrementalDecoder {
public:
    Gpt2DecoderState(Gpt2CheckpointImpl& model, torch::Device device, const LayerHeadMasks& masks)
        : model_(model), device_(device), masks_(masks) {}
    // Feeds the prompt but its last token (the searches feed that one).
    void prefill(const std::vector<int>& prompt) {
        if (prompt.size() < 2) return;
        std::vector<int64_t> ids(prompt.begin(), prompt.end() - 1);
        auto t = torch::tensor(ids, torch::kLong).view({1, -1}).to(device_);
        std::vector<torch::Tensor> attentions;
        model_.transformer->forward(t, cache_, masks_, attentions);
    }
    DecoderStepOutput step(const torch::Tensor& lastTokens) override {
        DecoderStepOutput out;
        auto hidden = model_.transformer->forward(lastTokens, cache_, masks_, out.selfAttentions);
        out.logits = model_.logits(hidden).select(1, -1);
        return out;
    }
    void reorder(const torch::Tensor& beamIndex) override { cache_.reorder(beamIndex); }
    void expandToBeams(int beams) override {
        for (auto& k : cache_.keys)
            if (k.defined()) k = k.expand({beams, k.size(1), k.size(2), k.size(3)}).contiguous();
        for (auto& v : cache_.values)
            if (v.defined()) v = v.expand({beams, v.size(1), v.size(2), v.size(3)}).contiguous();
    }
    torch::Device device() const override { return device_; }

private:
    Gpt2CheckpointImpl& model_;
    torch::Device device_;
    const LayerHeadMasks& masks_;
    Gpt2Cache cache_;
};

}  // namespace gpt2_internal
using namespace gpt2_internal;

struct Gpt2Generator::Impl {
    std::string dir;
    Gpt2Config config;
    ByteLevelBpeTokenizer tokenizer;
    Gpt2Checkpoint model{nullptr};
    torch::Device device{torch::kCPU};
};

Gpt2Generator::Gpt2Generator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Gpt2Generator::~Gpt2Generator() = default;

std::unique_ptr<Gpt2Generator> Gpt2Generator::load(const std::string& modelDir, const LoadOptions& options,
                                                   const LoadProgress& progress) {
    auto report = [&](double fraction, const std::string& stage) { reportLoadProgress(progress, modelDir, fraction, stage); };
    const CheckpointFolder folder = openCheckpointFolder(modelDir, {"gpt2"}, "the GPT-2 generator", progress);
    const Gpt2Config config = Gpt2Config::fromFile(folder.configPath);
    auto tokenizer = ByteLevelBpeTokenizer::fromFolder(modelDir, /*addSpecials=*/false);
    if (tokenizer.vocabSize() > static_cast<std::size_t>(config.vocabSize))
        throw ModelFileError("vocab.json in '" + modelDir + "' has " + std::to_string(tokenizer.vocabSize()) +
                             " entries but config.json says vocab_size " + std::to_string(config.vocabSize) +
                             ": the tokenizer belongs to another model");
    report(0.1, "mapping " + folder.weightsFileName());
    const CheckpointWeights file = openCheckpointWeights(folder);
    bool prefixed = false;
    for (const auto& t : file.tensors()) prefixed = prefixed || startsWith(t.name, "transformer.");
    const std::string prefix = prefixed ? "transformer." : "";
    checkGpt2Sizes(config, file, prefix, folder.configPath);  // before any module is allocated
    auto impl = std::make_unique<Impl>(Impl{modelDir, config, std::move(tokenizer), Gpt2Checkpoint(config)});
    StrictLoadSpec spec;
    spec.describe = "GPT-2 model";
    spec.keyFor = [&](const std::string& name) {
        if (name == "lm_head_weight") return std::string("lm_head.weight");
        return startsWith(name, "transformer.") ? prefix + name.substr(12) : name;
    };
    spec.ignorable = [&](const std::string& key) {
        return endsWith(key, ".attn.bias") || endsWith(key, ".attn.masked_bias")  // old causal-mask buffers
               || (config.tieWordEmbeddings && key == "lm_head.weight");           // tied to wte
    };
    spec.transform = [](const std::string& key, torch::Tensor stored) {
        // Conv1D keeps [in, out]: a Linear wants [out, in].
        const bool conv = endsWith(key, "c_attn.weight") || endsWith(key, "c_proj.weight") || endsWith(key, "c_fc.weight");
        return conv && stored.dim() == 2 ? stored.t() : stored;
    };
    spec.onTensor = [&](std::size_t done, std::size_t total) {
        report(0.15 + 0.75 * static_cast<double>(done) / static_cast<double>(std::max<std::size_t>(1, total)),
               "loading weights");
    };
    loadStrict(*impl->model, file, spec);
    setComputeThreads(options.threads);
    impl->device = resolveDevice(options.device);
    impl->model->to(impl->device);
    impl->model->eval();
    for (auto& parameter : impl->model->parameters()) parameter.set_requires_grad(false);
    report(1.0, "ready");
    return std::unique_ptr<Gpt2Generator>(new Gpt2Generator(std::move(impl)));
}

namespace {
void checkIds(const std::vector<int>& ids, const Gpt2Config& c) {
    if (ids.empty()) throw InputError("No tokens to run");
    if (ids.size() > static_cast<std::size_t>(c.maxPositions))
        throw InputError("The sequence has " + std::to_string(ids.size()) + " tokens; the model reads at most " +
                         std::to_string(c.maxPositions));
    for (int id : ids)
        if (id < 0 || id >= c.vocabSize) throw InputError("Token id " + std::to_string(id) + " is outside the vocabulary");
}
}  // namespace

HeadInspection Gpt2Generator::inspect(const std::vector<int>& ids, int layer, int head, const HeadAblation& ablation) const {
    auto& m = *impl_;
    checkIds(ids, m.config);
    if (layer < 0 || layer >= m.config.numLayers || head < 0 || head >= m.config.numHeads)
        throw InputError("There is no head " + std::to_string(layer) + ":" + std::to_string(head) + " (layers 0-" +
                         std::to_string(m.config.numLayers - 1) + ", heads 0-" + std::to_string(m.config.numHeads - 1) + ")");
    torch::InferenceMode inference;
    const auto masks = makeHeadMasks(ablation.decoder, m.config.numLayers, m.config.numHeads, m.device, "decoder");
    std::vector<int64_t> ids64(ids.begin(), ids.end());
    auto input = torch::tensor(ids64, torch::kLong).view({1, -1}).to(m.device);
    Gpt2Cache cache;
    std::vector<torch::Tensor> perLayer;
    AttentionProbe probe;
    m.model->transformer->forward(input, cache, masks, perLayer, ProbeRequest{AttentionKind::Decoder, layer, &probe});
    HeadInspection r = inspectionFromProbe(probe, AttentionKind::Decoder, layer, head);
    r.ablated = ablation.decoder.count({layer, head}) > 0;
    for (int id : ids) {
        Token t;
        t.id = id;
        t.piece = m.tokenizer.idToToken(id);
        t.special = id == m.config.eosTokenId;
        r.queryTokens.push_back(t);
    }
    r.keyTokens = r.queryTokens;
    return r;
}

AttentionStack Gpt2Generator::attentions(const std::vector<int>& ids, const HeadAblation& ablation,
                                         std::vector<float>* logits) const {
    auto& m = *impl_;
    checkIds(ids, m.config);
    torch::InferenceMode inference;
    const auto masks = makeHeadMasks(ablation.decoder, m.config.numLayers, m.config.numHeads, m.device, "decoder");
    std::vector<int64_t> ids64(ids.begin(), ids.end());
    auto input = torch::tensor(ids64, torch::kLong).view({1, -1}).to(m.device);
    Gpt2Cache cache;
    std::vector<torch::Tensor> perLayer;
    auto hidden = m.model->transformer->forward(input, cache, masks, perLayer);
    if (logits) *logits = floatValues(m.model->logits(hidden)[0]);
    return attentionStack(perLayer);
}

TextGeneration Gpt2Generator::generate(const std::string& prompt, const GenerateOptions& options,
                                       const GenerationCallback& onStep) const {
    auto& m = *impl_;
    if (options.beams < 1 || options.beams > 16) throw InputError("beams must be between 1 and 16");
    if (options.maxNewTokens < 1) throw InputError("max new tokens must be at least 1");
    TextGeneration r;
    r.prompt = prompt;
    std::vector<Token> promptTokens = m.tokenizer.tokenize(prompt);
    if (promptTokens.empty()) throw InputError("The prompt is empty: type the start of a text for the model to continue");
    if (promptTokens.size() >= static_cast<std::size_t>(m.config.maxPositions))
        throw InputError("The prompt has " + std::to_string(promptTokens.size()) + " tokens; the model reads at most " +
                         std::to_string(m.config.maxPositions) + " including what it writes");
    r.promptTokens = promptTokens.size();
    SearchSettings settings;
    for (const auto& t : promptTokens) settings.prompt.push_back(t.id);
    const int room = m.config.maxPositions - static_cast<int>(promptTokens.size());
    settings.maxLength = static_cast<int>(promptTokens.size()) + std::min(options.maxNewTokens, room);
    settings.eosTokenId = m.config.eosTokenId;

    torch::InferenceMode inference;
    const auto masks = makeHeadMasks(options.ablation.decoder, m.config.numLayers, m.config.numHeads, m.device, "decoder");
    Gpt2DecoderState decoder(*m.model, m.device, masks);
    const auto started = std::chrono::steady_clock::now();
    decoder.prefill(settings.prompt);
    if (options.beams == 1) {
        auto search = greedySearch(decoder, settings, /*keepAttentions=*/false, onStep);
        r.nbest.push_back({search.ids, search.logProbability, 0.0});
    } else {
        BeamSettings beam;
        beam.beams = options.beams;
        beam.lengthPenalty = options.lengthPenalty;
        beam.earlyStopping = options.earlyStopping;
        auto search = beamSearch(decoder, settings, beam, onStep);
        r.nbest = std::move(search.hypotheses);
        r.beamSteps = std::move(search.steps);
    }
    synchronize(m.device);
    r.generateMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();

    const std::vector<int>& best = r.nbest.front().ids;
    const std::vector<int> generated(best.begin() + static_cast<std::ptrdiff_t>(r.promptTokens), best.end());
    r.continuation = m.tokenizer.decode(generated);
    r.text = m.tokenizer.decode(best);
    // Tokens: the prompt's with their offsets into it; the generated ones by their bytes after it.
    r.tokens = std::move(promptTokens);
    std::string bytes = prompt;
    std::vector<Token> written;
    for (int id : generated) {
        Token t;
        t.id = id;
        t.piece = m.tokenizer.idToToken(id);
        t.special = id == m.config.eosTokenId;
        t.byteBegin = bytes.size();
        if (!t.special) bytes += byteLevelPieceBytes(t.piece);
        t.byteEnd = bytes.size();
        written.push_back(std::move(t));
    }
    setCodePointOffsets(written, bytes);
    for (auto& t : written) r.tokens.push_back(std::move(t));

    const auto attentionStarted = std::chrono::steady_clock::now();
    r.attentions = attentions(best, options.ablation);
    r.attentionMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - attentionStarted).count();
    return r;
}

const Gpt2Config& Gpt2Generator::config() const { return impl_->config; }
const ByteLevelBpeTokenizer& Gpt2Generator::tokenizer() const { return impl_->tokenizer; }
std::string Gpt2Generator::device() const { return deviceLabel(impl_->device); }
const std::string& Gpt2Generator::modelDir() const { return impl_->dir; }

}  // namespace attnscope
