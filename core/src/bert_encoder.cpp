// BertEncoder: checkpoint folder -> strict load -> forward pass -> plain C++ results.
#include "attnscope/bert_encoder.h"

#include "attnscope/errors.h"
#include "bert_checkpoint.h"
#include "checkpoint_folder.h"
#include "torch_device.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>

namespace attnscope {

namespace {

std::vector<float> toFloatVector(const torch::Tensor& t) {
    auto c = t.to(torch::kCPU, torch::kFloat32).contiguous();
    return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
}

}  // namespace

struct BertEncoder::Impl {
    std::string dir;
    BertConfig config;
    std::unique_ptr<EncoderTokenizer> tokenizer;
    BertCheckpoint model{nullptr};
    torch::Device device{torch::kCPU};
    torch::ScalarType dtype = torch::kFloat32;
    std::size_t maxTokens = 512;
};

BertEncoder::BertEncoder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
BertEncoder::~BertEncoder() = default;

std::unique_ptr<BertEncoder> BertEncoder::load(const std::string& modelDir, const LoadOptions& options,
                                               const LoadProgress& progress) {
    auto loaded = loadBertCheckpoint(modelDir, progress);
    setComputeThreads(options.threads);
    auto impl = std::make_unique<Impl>(Impl{modelDir, loaded.config, std::move(loaded.tokenizer), loaded.model});

    impl->device = resolveDevice(options.device);
    impl->dtype = resolvePrecision(options.precision, impl->device);
    impl->model->to(impl->device, impl->dtype);
    impl->model->eval();
    // Inference weights are immutable: no autograd, and PackedLinear may use its packed copy.
    for (auto& parameter : impl->model->parameters()) parameter.set_requires_grad(false);
    preparePackedLinears(*impl->model);
    reportLoadProgress(progress, modelDir, 1.0, "ready");
    impl->maxTokens = std::min<std::size_t>(impl->config.maxTokens(), impl->tokenizer->modelMaxLength());
    return std::unique_ptr<BertEncoder>(new BertEncoder(std::move(impl)));
}

namespace {

Encoding tokenizeForModel(const EncoderTokenizer& tokenizer, const std::string& text, std::size_t maxTokens) {
    Encoding encoding = tokenizer.encode(text, maxTokens);
    if (encoding.tokens.size() <= 2)
        throw InputError(text.empty() ? "The text is empty: type a sentence to see its attention"
                                      : "The text holds no tokens (only spaces or control characters)");
    return encoding;
}

}  // namespace

EncodeResult BertEncoder::encode(const std::string& text, int topK, const HeadAblation& ablation) const {
    auto& m = *impl_;
    Encoding encoding = tokenizeForModel(*m.tokenizer, text, m.maxTokens);

    EncodeResult result;
    result.text = text;
    result.truncated = encoding.truncated;
    result.fullLength = encoding.fullLength;
    result.device = deviceLabel(m.device);
    result.precision = m.dtype == torch::kBFloat16 ? "bfloat16" : "float32";

    std::vector<int64_t> ids;
    std::vector<int64_t> maskPositions;
    for (std::size_t i = 0; i < encoding.tokens.size(); ++i) {
        ids.push_back(encoding.tokens[i].id);
        if (encoding.tokens[i].id == m.tokenizer->maskId() && m.tokenizer->maskId() >= 0)
            maskPositions.push_back(static_cast<int64_t>(i));
    }
    const auto T = static_cast<int64_t>(ids.size());

    torch::InferenceMode inference;
    const auto masks = makeHeadMasks(ablation.encoder, m.config.numLayers, m.config.numHeads, m.device, "encoder");
    auto input = torch::tensor(ids, torch::kLong).view({1, T}).to(m.device);
    const auto start = std::chrono::steady_clock::now();
    BertForwardOutput out = m.model->body(input, masks);
    torch::Tensor maskLogits;
    if (m.model->cls && !maskPositions.empty()) {
        auto index = torch::tensor(maskPositions, torch::kLong).to(m.device);
        auto hidden = out.hiddenStates.back().index_select(0, index);
        maskLogits = m.model->cls->predictions(hidden, m.model->body->embeddings->word_embeddings->weight);
    }
    synchronize(m.device);
    result.forwardMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();

    auto attentions = torch::stack(out.attentions);  // [L, H, T, T]
    result.attentions.layers = static_cast<int>(attentions.size(0));
    result.attentions.heads = static_cast<int>(attentions.size(1));
    result.attentions.queries = result.attentions.keys = static_cast<int>(T);
    result.attentions.values = toFloatVector(attentions);

    auto hidden = torch::stack(out.hiddenStates);  // [L+1, T, D]
    result.hiddenStates.layers = static_cast<int>(hidden.size(0));
    result.hiddenStates.tokens = static_cast<int>(T);
    result.hiddenStates.dims = static_cast<int>(hidden.size(2));
    result.hiddenStates.values = toFloatVector(hidden);

    if (maskLogits.defined()) {
        auto logits = maskLogits.to(torch::kCPU, torch::kFloat32);
        auto probs = torch::softmax(logits, -1);
        const int k = std::max(1, std::min<int>(topK, static_cast<int>(logits.size(1))));
        auto [topProbs, topIds] = probs.topk(k, -1);
        for (std::size_t r = 0; r < maskPositions.size(); ++r) {
            MaskPrediction prediction;
            prediction.tokenIndex = static_cast<std::size_t>(maskPositions[r]);
            for (int j = 0; j < k; ++j) {
                MaskCandidate c;
                c.id = static_cast<int>(topIds[r][j].item<int64_t>());
                try {
                    c.token = m.tokenizer->idToToken(c.id);
                } catch (const std::out_of_range&) {
                    c.token = "[?]";  // a logit past the vocabulary (vocab_size larger than it)
                }
                c.text = m.tokenizer->pieceText(c.token);
                c.probability = topProbs[r][j].item<float>();
                c.logit = logits[r][c.id].item<float>();
                prediction.top.push_back(std::move(c));
            }
            result.maskPredictions.push_back(std::move(prediction));
        }
    }
    result.tokens = std::move(encoding.tokens);
    return result;
}

HeadInspection BertEncoder::inspect(const std::string& text, int layer, int head, const HeadAblation& ablation) const {
    auto& m = *impl_;
    if (layer < 0 || layer >= m.config.numLayers || head < 0 || head >= m.config.numHeads)
        throw InputError("There is no head " + std::to_string(layer) + ":" + std::to_string(head) + " (layers 0-" +
                         std::to_string(m.config.numLayers - 1) + ", heads 0-" + std::to_string(m.config.numHeads - 1) + ")");
    Encoding encoding = tokenizeForModel(*m.tokenizer, text, m.maxTokens);
    std::vector<int64_t> ids;
    for (const auto& t : encoding.tokens) ids.push_back(t.id);
    const auto T = static_cast<int64_t>(ids.size());

    torch::InferenceMode inference;
    const auto masks = makeHeadMasks(ablation.encoder, m.config.numLayers, m.config.numHeads, m.device, "encoder");
    auto input = torch::tensor(ids, torch::kLong).view({1, T}).to(m.device);
    AttentionProbe probe;
    m.model->body(input, masks, ProbeRequest{AttentionKind::Encoder, layer, &probe});
    HeadInspection r = inspectionFromProbe(probe, AttentionKind::Encoder, layer, head);
    r.ablated = ablation.encoder.count({layer, head}) > 0;
    r.queryTokens = encoding.tokens;
    r.keyTokens = encoding.tokens;
    if (layer == 0) {  // input = LayerNorm(word + token type + position), as HF's embeddings
        auto& e = *m.model->body->embeddings;
        r.wordEmbeddings = floatMatrixOf(e.word_embeddings(input[0]));
        r.positionEmbeddings = floatMatrixOf(e.position_embeddings(e.positionIds(input)[0]));
        if (e.token_type_embeddings)  // DistilBERT has none
            r.tokenTypeEmbeddings = floatMatrixOf(e.token_type_embeddings(torch::zeros_like(input[0])));
    }
    return r;
}

const BertConfig& BertEncoder::config() const { return impl_->config; }
const EncoderTokenizer& BertEncoder::tokenizer() const { return *impl_->tokenizer; }
bool BertEncoder::hasMaskedLmHead() const { return static_cast<bool>(impl_->model->cls); }
std::string BertEncoder::device() const { return deviceLabel(impl_->device); }
std::size_t BertEncoder::maxTokens() const { return impl_->maxTokens; }
const std::string& BertEncoder::modelDir() const { return impl_->dir; }

FloatMatrix BertEncoder::positionEmbeddings() const {
    torch::InferenceMode inference;
    // From the first position a text uses (RoBERTa's table starts after the padding index).
    auto w = impl_->model->body->embeddings->position_embeddings->weight.slice(0, impl_->config.positionOffset());
    FloatMatrix m;
    m.rows = static_cast<int>(w.size(0));
    m.cols = static_cast<int>(w.size(1));
    m.values = toFloatVector(w);
    return m;
}

}  // namespace attnscope
