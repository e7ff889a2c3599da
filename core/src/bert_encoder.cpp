// BertEncoder: checkpoint folder -> strict load -> forward pass -> plain C++ results.
#include "attnscope/bert_encoder.h"

#include "attnscope/errors.h"
#include "attnscope/safetensors_file.h"
#include "bert_model.h"
#include "torch_device.h"
#include "weight_loading.h"

#include <algorithm>
#include <chrono>
#include <filesystem>

namespace attnscope {

namespace fs = std::filesystem;

namespace {

bool startsWith(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

// Root whose parameter names are the checkpoint keys once "body." becomes the checkpoint's
// own prefix ("bert." for BertForMaskedLM/BertForPreTraining, "" for a bare BertModel, as
// sentence-transformers saves it).
struct BertCheckpointImpl : torch::nn::Module {
    BertCheckpointImpl(const BertConfig& c, bool withPooler, bool withMaskedLm) {
        body = register_module("body", BertBody(c, withPooler));
        if (withMaskedLm) cls = register_module("cls", BertMaskedLmHead(c));
    }
    BertBody body{nullptr};
    BertMaskedLmHead cls{nullptr};
};
TORCH_MODULE(BertCheckpoint);

std::vector<float> toFloatVector(const torch::Tensor& t) {
    auto c = t.to(torch::kCPU, torch::kFloat32).contiguous();
    return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
}

}  // namespace

struct BertEncoder::Impl {
    std::string dir;
    BertConfig config;
    WordPieceTokenizer tokenizer;
    BertCheckpoint model{nullptr};
    torch::Device device{torch::kCPU};
    torch::ScalarType dtype = torch::kFloat32;
    std::size_t maxTokens = 512;
};

BertEncoder::BertEncoder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
BertEncoder::~BertEncoder() = default;

std::unique_ptr<BertEncoder> BertEncoder::load(const std::string& modelDir, const EncoderOptions& options) {
    if (!fs::is_directory(modelDir))
        throw ModelFileError("Model folder '" + modelDir + "' does not exist or is not a folder");
    const std::string type = readModelType(modelDir);
    if (type != "bert")
        throw UnsupportedModelError("'" + modelDir + "' holds a \"" + type +
                                    "\" model; the encoder supports model_type \"bert\"");
    auto config = BertConfig::fromFile((fs::path(modelDir) / "config.json").string());
    auto tokenizer = WordPieceTokenizer::fromFolder(modelDir);
    if (tokenizer.vocabSize() > static_cast<std::size_t>(config.vocabSize))
        throw ModelFileError("vocab.txt in '" + modelDir + "' has " + std::to_string(tokenizer.vocabSize()) +
                             " entries but config.json says vocab_size " + std::to_string(config.vocabSize) +
                             ": the tokenizer belongs to another model");

    const auto weightsPath = fs::path(modelDir) / "model.safetensors";
    if (!fs::exists(weightsPath)) {
        const bool hasBin = fs::exists(fs::path(modelDir) / "pytorch_model.bin");
        throw ModelFileError("'" + modelDir + "' has no model.safetensors" +
                             (hasBin ? std::string(" (only pytorch_model.bin, which is not read: download the "
                                                   "safetensors version of the checkpoint)")
                                     : std::string()));
    }
    SafetensorsFile file(weightsPath.string());

    bool bertPrefix = false, hasMaskedLm = false;
    for (const auto& t : file.tensors()) {
        bertPrefix = bertPrefix || startsWith(t.name, "bert.");
        hasMaskedLm = hasMaskedLm || startsWith(t.name, "cls.predictions.");
    }
    const std::string prefix = bertPrefix ? "bert." : "";
    const bool hasPooler = file.find(prefix + "pooler.dense.weight") != nullptr;

    setComputeThreads(options.threads);
    auto impl = std::make_unique<Impl>(Impl{modelDir, config, std::move(tokenizer), nullptr});
    impl->model = BertCheckpoint(config, hasPooler, hasMaskedLm);

    StrictLoadSpec spec;
    spec.describe = "BERT encoder";
    spec.keyFor = [&](const std::string& name) {
        return startsWith(name, "body.") ? prefix + name.substr(5) : name;
    };
    spec.ignorable = [&](const std::string& key) {
        return key == prefix + "embeddings.position_ids"          // a buffer, recomputed
               || startsWith(key, "cls.seq_relationship.")        // next-sentence head, unused
               || key == "cls.predictions.decoder.bias"           // alias of cls.predictions.bias
               || (config.tieWordEmbeddings && key == "cls.predictions.decoder.weight");  // tied
    };
    loadStrict(*impl->model, file, spec);

    impl->device = resolveDevice(options.device);
    impl->dtype = resolvePrecision(options.precision, impl->device);
    impl->model->to(impl->device, impl->dtype);
    impl->model->eval();
    preparePackedLinears(*impl->model);
    impl->maxTokens = std::min<std::size_t>(config.maxPositions, impl->tokenizer.options().modelMaxLength);
    return std::unique_ptr<BertEncoder>(new BertEncoder(std::move(impl)));
}

EncodeResult BertEncoder::encode(const std::string& text, int topK) const {
    auto& m = *impl_;
    Encoding encoding = m.tokenizer.encode(text, m.maxTokens);
    if (encoding.tokens.size() <= 2)
        throw InputError(text.empty() ? "The text is empty: type a sentence to see its attention"
                                      : "The text holds no tokens (only spaces or control characters)");

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
        if (encoding.tokens[i].id == m.tokenizer.maskId() && m.tokenizer.maskId() >= 0)
            maskPositions.push_back(static_cast<int64_t>(i));
    }
    const auto T = static_cast<int64_t>(ids.size());

    torch::InferenceMode inference;
    auto input = torch::tensor(ids, torch::kLong).view({1, T}).to(m.device);
    const auto start = std::chrono::steady_clock::now();
    BertForwardOutput out = m.model->body(input);
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
                c.token = c.id < static_cast<int>(m.tokenizer.vocabSize()) ? m.tokenizer.idToToken(c.id) : "[?]";
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

const BertConfig& BertEncoder::config() const { return impl_->config; }
const WordPieceTokenizer& BertEncoder::tokenizer() const { return impl_->tokenizer; }
bool BertEncoder::hasMaskedLmHead() const { return static_cast<bool>(impl_->model->cls); }
std::string BertEncoder::device() const { return deviceLabel(impl_->device); }
std::size_t BertEncoder::maxTokens() const { return impl_->maxTokens; }
const std::string& BertEncoder::modelDir() const { return impl_->dir; }

}  // namespace attnscope
