// MarianTranslator: checkpoint folder -> strict load -> teacher-forced pass, and greedy and
// beam search (decoding.h, HF generate() semantics) over a Marian decoder state -> plain C++ results.
#include "attnscope/marian_translator.h"

#include <algorithm>
#include <filesystem>

#include "attnscope/errors.h"
#include "attnscope/safetensors_file.h"
#include "checkpoint_folder.h"
#include "decoding.h"
#include "marian_model.h"
#include "size_check.h"
#include "torch_device.h"
#include "weight_loading.h"

namespace attnscope {

namespace fs = std::filesystem;

namespace {

bool isPositionKey(const std::string& key) {
    return key == "model.encoder.embed_positions.weight" || key == "model.decoder.embed_positions.weight";
}

// One request's Marian decoder state for the shared searches: the encoder output (one row,
// or one per beam) and the KV cache; the weights are only read.
class MarianDecoderState final : public IncrementalDecoder {
public:
    MarianDecoderState(MarianCheckpointImpl& model, torch::Tensor encoderHidden, torch::Device device,
                       const MarianRunOptions& run)
        : model_(model), hidden_(std::move(encoderHidden)), device_(device), run_(run) {}

    DecoderStepOutput step(const torch::Tensor& lastTokens) override {
        MarianDecoderOutput out;
        DecoderStepOutput step;
        step.logits = model_.decode(lastTokens, hidden_, cache_, out, run_).select(1, -1);  // [B, V]
        step.selfAttentions = std::move(out.selfAttentions);
        step.crossAttentions = std::move(out.crossAttentions);
        return step;
    }
    void reorder(const torch::Tensor& beamIndex) override { cache_.reorder(beamIndex); }
    void expandToBeams(int beams) override {
        // As HF: the encoder runs once, its output is repeated for every beam (the cache is
        // still empty: its cross-attention K/V come from these rows at the first step).
        hidden_ = hidden_.expand({beams, hidden_.size(1), hidden_.size(2)}).contiguous();
    }
    torch::Device device() const override { return device_; }

private:
    MarianCheckpointImpl& model_;
    torch::Tensor hidden_;
    torch::Device device_;
    const MarianRunOptions& run_;
    MarianDecoderCache cache_;
};

}  // namespace

struct MarianTranslator::Impl {
    std::string dir;
    MarianConfig config;
    MarianCheckpoint model{nullptr};
    torch::Device device{torch::kCPU};

    torch::Tensor idTensor(const std::vector<int>& ids, const char* what) const {
        if (ids.empty()) throw InputError(std::string("The ") + what + " ids are empty");
        if (ids.size() > static_cast<std::size_t>(config.maxPositions))
            throw InputError(std::string("The ") + what + " has " + std::to_string(ids.size()) +
                             " tokens; the model allows at most " + std::to_string(config.maxPositions));
        std::vector<int64_t> v;
        for (int id : ids) {
            if (id < 0 || id >= config.vocabSize)
                throw InputError(std::string("The ") + what + " holds token id " + std::to_string(id) +
                                 ", outside the vocabulary (size " + std::to_string(config.vocabSize) + ")");
            v.push_back(id);
        }
        return torch::tensor(v, torch::kLong).view({1, static_cast<int64_t>(v.size())}).to(device);
    }

    MarianRunOptions runOptions(const HeadAblation& ablation) const {
        MarianRunOptions run;
        run.encoder = makeHeadMasks(ablation.encoder, config.encoderLayers, config.encoderHeads, device, "encoder");
        run.decoder = makeHeadMasks(ablation.decoder, config.decoderLayers, config.decoderHeads, device, "decoder");
        run.cross = makeHeadMasks(ablation.cross, config.decoderLayers, config.decoderHeads, device, "cross-attention");
        return run;
    }

    void checkNewTokens(int maxNewTokens) const {
        if (maxNewTokens < 1 || maxNewTokens + 1 > config.maxPositions)
            throw InputError("maxNewTokens must be between 1 and " + std::to_string(config.maxPositions - 1) +
                             " (got " + std::to_string(maxNewTokens) + ")");
    }

    // generate()'s settings for this config: the decoder start token as the prompt, and HF's
    // logits processors (bad words never chosen; eos forced as the last allowed token).
    SearchSettings searchSettings(int maxNewTokens) const {
        SearchSettings s;
        s.prompt = {config.decoderStartTokenId};
        s.maxLength = maxNewTokens + 1;
        s.eosTokenId = config.eosTokenId;
        if (!config.badWordIds.empty()) s.processors.push_back(suppressTokens(config.badWordIds, config.vocabSize));
        if (config.forcedEosTokenId >= 0) s.processors.push_back(forceEosAtMaxLength(config.forcedEosTokenId));
        return s;
    }
};

MarianTranslator::MarianTranslator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
MarianTranslator::~MarianTranslator() = default;

std::unique_ptr<MarianTranslator> MarianTranslator::load(const std::string& modelDir, const LoadOptions& options,
                                                         const LoadProgress& progress) {
    auto report = [&](double fraction, const std::string& stage) {
        reportLoadProgress(progress, modelDir, fraction, stage);
    };
    const CheckpointFolder folder = openCheckpointFolder(modelDir, {"marian"}, "the Marian translator", progress);
    auto impl = std::make_unique<Impl>();
    impl->dir = modelDir;
    impl->config = MarianConfig::fromFile(folder.configPath);
    const auto& config = impl->config;
    if (!config.tieWordEmbeddings)
        throw UnsupportedModelError("'" + modelDir + "': an lm_head untied from model.shared is not supported");

    report(0.1, "mapping " + folder.weightsFileName());
    const CheckpointWeights file = openCheckpointWeights(folder);
    checkMarianSizes(config, file, folder.configPath);  // before any module is allocated
    impl->model = MarianCheckpoint(config);

    StrictLoadSpec spec;
    spec.describe = "Marian encoder-decoder";
    spec.keyFor = [](const std::string& name) { return name; };
    spec.ignorable = [](const std::string& key) {
        // Tied aliases of model.shared.weight, and the sinusoids (checked and copied below).
        return key == "lm_head.weight" || key == "model.encoder.embed_tokens.weight" ||
               key == "model.decoder.embed_tokens.weight" || isPositionKey(key);
    };
    spec.onTensor = [&](std::size_t done, std::size_t total) {
        report(0.15 + 0.75 * static_cast<double>(done) / static_cast<double>(std::max<std::size_t>(1, total)),
               "loading weights");
    };
    loadStrict(*impl->model, file, spec);

    // Static sinusoidal positions: computed at construction; a saved copy replaces them.
    torch::NoGradGuard noGrad;
    for (auto* positions : {&impl->model->model->encoder->embed_positions->weight,
                            &impl->model->model->decoder->embed_positions->weight}) {
        const std::string key = positions == &impl->model->model->encoder->embed_positions->weight
                                    ? "model.encoder.embed_positions.weight"
                                    : "model.decoder.embed_positions.weight";
        if (const TensorInfo* info = file.find(key)) {
            const std::vector<int64_t> expected{config.maxPositions, config.dModel};
            if (info->shape != expected)
                throw WeightMismatchError("Weights in '" + file.path() +
                                          "' do not fit the Marian encoder-decoder: tensor '" + key + "' has shape " +
                                          info->shapeString() + ", expected [" + std::to_string(config.maxPositions) +
                                          ", " + std::to_string(config.dModel) + "]");
            positions->copy_(tensorFromCheckpoint(file, *info));
        }
    }

    setComputeThreads(options.threads);
    impl->device = resolveDevice(options.device);
    impl->model->to(impl->device);
    impl->model->eval();
    // Inference weights are immutable. No oneDNN packing here (yet): its summation order moved
    // the tiny fixture's logits by up to 1.1e-5 against Hugging Face, past the 1e-5 bar.
    for (auto& parameter : impl->model->parameters()) parameter.set_requires_grad(false);
    report(1.0, "ready");
    return std::unique_ptr<MarianTranslator>(new MarianTranslator(std::move(impl)));
}

TeacherForcedResult MarianTranslator::teacherForced(const std::vector<int>& sourceIds,
                                                    const std::vector<int>& targetIds, DecoderPass pass,
                                                    const HeadAblation& ablation) const {
    auto& m = *impl_;
    torch::InferenceMode inference;
    auto source = m.idTensor(sourceIds, "source");
    auto target = m.idTensor(targetIds, "target");
    const auto T = target.size(1);
    const auto run = m.runOptions(ablation);
    auto encoded = m.model->encode(source, run);

    torch::Tensor logits;
    std::vector<torch::Tensor> selfAttentions, crossAttentions;
    MarianDecoderCache cache;
    if (pass == DecoderPass::Full) {
        MarianDecoderOutput out;
        logits = m.model->decode(target, encoded.hidden, cache, out, run)[0];
        selfAttentions = out.selfAttentions;
        crossAttentions = out.crossAttentions;
    } else {
        std::vector<torch::Tensor> stepLogits;
        std::vector<std::vector<torch::Tensor>> selfSteps(m.config.decoderLayers), crossSteps(m.config.decoderLayers);
        for (int64_t t = 0; t < T; ++t) {
            MarianDecoderOutput out;
            stepLogits.push_back(m.model->decode(target.slice(1, t, t + 1), encoded.hidden, cache, out, run)[0]);
            for (int l = 0; l < m.config.decoderLayers; ++l) {
                // Row t sees t + 1 keys: pad with zeros to the full causal [T] row.
                selfSteps[l].push_back(torch::constant_pad_nd(out.selfAttentions[l], {0, T - t - 1}, 0.0));
                crossSteps[l].push_back(out.crossAttentions[l]);
            }
        }
        logits = torch::cat(stepLogits, 0);
        for (int l = 0; l < m.config.decoderLayers; ++l) {
            selfAttentions.push_back(torch::cat(selfSteps[l], 2));
            crossAttentions.push_back(torch::cat(crossSteps[l], 2));
        }
    }
    TeacherForcedResult r;
    r.targetLength = static_cast<int>(T);
    r.vocabSize = static_cast<int>(logits.size(1));
    r.logits = floatValues(logits);
    r.encoderAttentions = attentionStack(encoded.attentions);
    r.decoderAttentions = attentionStack(selfAttentions);
    r.crossAttentions = attentionStack(crossAttentions);
    return r;
}

std::vector<int> MarianTranslator::greedy(const std::vector<int>& sourceIds, int maxNewTokens,
                                          const GenerationCallback& onStep, const HeadAblation& ablation) const {
    return runGreedy(sourceIds, maxNewTokens, onStep, false, ablation).ids;
}

MarianTranslator::GreedyResult MarianTranslator::greedyWithAttentions(const std::vector<int>& sourceIds,
                                                                      int maxNewTokens,
                                                                      const GenerationCallback& onStep,
                                                                      const HeadAblation& ablation) const {
    return runGreedy(sourceIds, maxNewTokens, onStep, true, ablation);
}

MarianTranslator::GreedyResult MarianTranslator::runGreedy(const std::vector<int>& sourceIds, int maxNewTokens,
                                                           const GenerationCallback& onStep, bool collect,
                                                           const HeadAblation& ablation) const {
    auto& m = *impl_;
    m.checkNewTokens(maxNewTokens);
    torch::InferenceMode inference;
    const auto run = m.runOptions(ablation);
    auto encoded = m.model->encode(m.idTensor(sourceIds, "source"), run);
    MarianDecoderState decoder(*m.model, encoded.hidden, m.device, run);
    auto search = greedySearch(decoder, m.searchSettings(maxNewTokens), collect, onStep);
    GreedyResult result;
    result.ids = std::move(search.ids);
    if (collect) {
        result.logProbability = search.logProbability;
        result.encoderAttentions = attentionStack(encoded.attentions);
        result.decoderAttentions = attentionStack(search.selfAttentions);
        result.crossAttentions = attentionStack(search.crossAttentions);
    }
    return result;
}

BeamSearchResult MarianTranslator::beamSearch(const std::vector<int>& sourceIds, int beams, double lengthPenalty,
                                              int maxNewTokens, bool earlyStopping,
                                              const GenerationCallback& onStep, const HeadAblation& ablation) const {
    auto& m = *impl_;
    m.checkNewTokens(maxNewTokens);
    torch::InferenceMode inference;
    const auto run = m.runOptions(ablation);
    auto encoded = m.model->encode(m.idTensor(sourceIds, "source"), run);
    MarianDecoderState decoder(*m.model, encoded.hidden, m.device, run);
    BeamSettings settings;
    settings.beams = beams;
    settings.lengthPenalty = lengthPenalty;
    settings.earlyStopping = earlyStopping;
    return attnscope::beamSearch(decoder, m.searchSettings(maxNewTokens), settings, onStep);
}

HeadInspection MarianTranslator::inspect(const std::vector<int>& sourceIds, const std::vector<int>& targetIds,
                                        AttentionKind kind, int layer, int head, const HeadAblation& ablation) const {
    auto& m = *impl_;
    const bool encoder = kind == AttentionKind::Encoder;
    const int layers = encoder ? m.config.encoderLayers : m.config.decoderLayers;
    const int heads = encoder ? m.config.encoderHeads : m.config.decoderHeads;
    if (layer < 0 || layer >= layers || head < 0 || head >= heads)
        throw InputError(std::string("There is no ") + attentionKindName(kind) + " head " + std::to_string(layer) + ":" +
                         std::to_string(head) + " (layers 0-" + std::to_string(layers - 1) + ", heads 0-" +
                         std::to_string(heads - 1) + ")");
    torch::InferenceMode inference;
    auto source = m.idTensor(sourceIds, "source");
    auto target = encoder ? torch::Tensor() : m.idTensor(targetIds, "target");
    auto run = m.runOptions(ablation);
    AttentionProbe probe;
    run.probe = ProbeRequest{kind, layer, &probe};
    auto encoded = m.model->encode(source, run);
    if (!encoder) {
        MarianDecoderCache cache;
        MarianDecoderOutput out;
        m.model->decode(target, encoded.hidden, cache, out, run);
    }
    HeadInspection r = inspectionFromProbe(probe, kind, layer, head);
    r.ablated = ablation.of(kind).count({layer, head}) > 0;
    if (layer == 0 && kind != AttentionKind::Cross) {  // input = word * scale + sinusoidal position
        const auto& ids = encoder ? source : target;
        auto& stack = m.model->model;
        const double scale = encoder ? stack->encoder->embedScale : stack->decoder->embedScale;
        const auto& positions = encoder ? stack->encoder->embed_positions->weight : stack->decoder->embed_positions->weight;
        r.wordEmbeddings = floatMatrixOf(torch::nn::functional::embedding(ids[0], stack->shared->weight));
        r.positionEmbeddings = floatMatrixOf(positions.slice(0, 0, ids.size(1)));
        r.embedScale = scale;
    }
    return r;
}

const MarianConfig& MarianTranslator::config() const { return impl_->config; }
std::string MarianTranslator::device() const { return deviceLabel(impl_->device); }
const std::string& MarianTranslator::modelDir() const { return impl_->dir; }

}  // namespace attnscope
