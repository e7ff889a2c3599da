// MarianTranslator: checkpoint folder -> strict load -> teacher-forced pass, greedy and beam
// search (HF generate() semantics) -> plain C++ results.
#include "attnscope/marian_translator.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>

#include "checkpoint_folder.h"
#include "attnscope/errors.h"
#include "attnscope/safetensors_file.h"
#include "marian_model.h"
#include "torch_device.h"
#include "weight_loading.h"

namespace attnscope {

namespace fs = std::filesystem;

namespace {

std::vector<float> toFloatVector(const torch::Tensor& t) {
    auto c = t.to(torch::kCPU, torch::kFloat32).contiguous();
    return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
}

// Per-layer [1, H, Q, K] (batch row `row`) -> AttentionStack [L, H, Q, K].
AttentionStack toStack(const std::vector<torch::Tensor>& perLayer, int64_t row = 0) {
    std::vector<torch::Tensor> rows;
    for (const auto& t : perLayer) rows.push_back(t[row]);
    auto all = torch::stack(rows);
    AttentionStack s;
    s.layers = static_cast<int>(all.size(0));
    s.heads = static_cast<int>(all.size(1));
    s.queries = static_cast<int>(all.size(2));
    s.keys = static_cast<int>(all.size(3));
    s.values = toFloatVector(all);
    return s;
}

bool isPositionKey(const std::string& key) {
    return key == "model.encoder.embed_positions.weight" || key == "model.decoder.embed_positions.weight";
}

// One finished hypothesis of HF's BeamHypotheses: score and tokens without the final eos.
struct Hypothesis {
    double score;
    std::vector<int> tokens;
    double sumLogProbs;
};

// HF's BeamHypotheses (transformers 4.44): keeps the `beams` best finished hypotheses.
class FinishedHypotheses {
public:
    FinishedHypotheses(int beams, double lengthPenalty, bool earlyStopping)
        : beams_(static_cast<std::size_t>(beams)), lengthPenalty_(lengthPenalty), earlyStopping_(earlyStopping) {}

    double scoreOf(double sumLogProbs, int generatedLength) const {
        return sumLogProbs / std::pow(static_cast<double>(generatedLength), lengthPenalty_);
    }

    void add(const std::vector<int>& tokens, double sumLogProbs, int generatedLength) {
        const double score = scoreOf(sumLogProbs, generatedLength);
        if (list_.size() < beams_ || score > worst_) {
            list_.push_back({score, tokens, sumLogProbs});
            if (list_.size() > beams_) {
                // Python sorts (score, index) pairs: the first (lowest, then earliest) goes.
                std::vector<std::pair<double, std::size_t>> order;
                for (std::size_t i = 0; i < list_.size(); ++i) order.emplace_back(list_[i].score, i);
                std::sort(order.begin(), order.end());
                list_.erase(list_.begin() + static_cast<std::ptrdiff_t>(order[0].second));
                worst_ = order[1].first;
            } else {
                worst_ = std::min(score, worst_);
            }
        }
    }

    bool isDone(double bestSumLogProbs, int generatedLength) const {
        if (list_.size() < beams_) return false;
        if (earlyStopping_) return true;
        return worst_ >= bestSumLogProbs / std::pow(static_cast<double>(generatedLength), lengthPenalty_);
    }

    // Best first. HF's finalize() stable-sorts by score and pop()s the last, so among equal
    // scores the latest added wins: walk the ascending stable order backwards.
    std::vector<Hypothesis> bestFirst() const {
        std::vector<std::size_t> order(list_.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return list_[a].score < list_[b].score; });
        std::vector<Hypothesis> out;
        for (auto it = order.rbegin(); it != order.rend(); ++it) out.push_back(list_[*it]);
        return out;
    }

private:
    std::size_t beams_;
    double lengthPenalty_;
    bool earlyStopping_;
    double worst_ = 1e9;
    std::vector<Hypothesis> list_;
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

    void checkNewTokens(int maxNewTokens) const {
        if (maxNewTokens < 1 || maxNewTokens + 1 > config.maxPositions)
            throw InputError("maxNewTokens must be between 1 and " + std::to_string(config.maxPositions - 1) +
                             " (got " + std::to_string(maxNewTokens) + ")");
    }

    // HF's logits processors for this config: bad words never chosen; forced eos as the last
    // allowed token (when the sequence has maxLength - 1 tokens).
    void processScores(torch::Tensor& scores, int currentLength, int maxLength) const {
        for (int id : config.badWordIds)
            if (id >= 0 && id < config.vocabSize) scores.select(1, id).fill_(-std::numeric_limits<float>::infinity());
        if (config.forcedEosTokenId >= 0 && currentLength == maxLength - 1) {
            scores.fill_(-std::numeric_limits<float>::infinity());
            scores.select(1, config.forcedEosTokenId).fill_(0.f);
        }
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

    report(0.1, "mapping model.safetensors");
    SafetensorsFile file(folder.weightsPath);
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
                                                    const std::vector<int>& targetIds, DecoderPass pass) const {
    auto& m = *impl_;
    torch::InferenceMode inference;
    auto source = m.idTensor(sourceIds, "source");
    auto target = m.idTensor(targetIds, "target");
    const auto T = target.size(1);
    auto encoded = m.model->encode(source);

    torch::Tensor logits;
    std::vector<torch::Tensor> selfAttentions, crossAttentions;
    MarianDecoderCache cache;
    if (pass == DecoderPass::Full) {
        MarianDecoderOutput out;
        logits = m.model->decode(target, encoded.hidden, cache, out)[0];
        selfAttentions = out.selfAttentions;
        crossAttentions = out.crossAttentions;
    } else {
        std::vector<torch::Tensor> stepLogits;
        std::vector<std::vector<torch::Tensor>> selfSteps(m.config.decoderLayers), crossSteps(m.config.decoderLayers);
        for (int64_t t = 0; t < T; ++t) {
            MarianDecoderOutput out;
            stepLogits.push_back(m.model->decode(target.slice(1, t, t + 1), encoded.hidden, cache, out)[0]);
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
    r.logits = toFloatVector(logits);
    r.encoderAttentions = toStack(encoded.attentions);
    r.decoderAttentions = toStack(selfAttentions);
    r.crossAttentions = toStack(crossAttentions);
    return r;
}

std::vector<int> MarianTranslator::greedy(const std::vector<int>& sourceIds, int maxNewTokens,
                                          const GenerationCallback& onStep) const {
    return runGreedy(sourceIds, maxNewTokens, onStep, false).ids;
}

MarianTranslator::GreedyResult MarianTranslator::greedyWithAttentions(const std::vector<int>& sourceIds,
                                                                      int maxNewTokens,
                                                                      const GenerationCallback& onStep) const {
    return runGreedy(sourceIds, maxNewTokens, onStep, true);
}

MarianTranslator::GreedyResult MarianTranslator::runGreedy(const std::vector<int>& sourceIds, int maxNewTokens,
                                                           const GenerationCallback& onStep,
                                                           bool collect) const {
    auto& m = *impl_;
    m.checkNewTokens(maxNewTokens);
    torch::InferenceMode inference;
    auto encoded = m.model->encode(m.idTensor(sourceIds, "source"));
    const int maxLength = maxNewTokens + 1;
    std::vector<int> sequence{m.config.decoderStartTokenId};
    MarianDecoderCache cache;
    GreedyResult result;
    std::vector<std::vector<torch::Tensor>> selfRows(static_cast<std::size_t>(m.config.decoderLayers)),
        crossRows(static_cast<std::size_t>(m.config.decoderLayers));
    while (static_cast<int>(sequence.size()) < maxLength) {
        auto input = torch::tensor({static_cast<int64_t>(sequence.back())}, torch::kLong).view({1, 1}).to(m.device);
        MarianDecoderOutput out;
        auto logits = m.model->decode(input, encoded.hidden, cache, out).select(1, -1);  // [1, V]
        auto scores = logits.clone();
        m.processScores(scores, static_cast<int>(sequence.size()), maxLength);
        const int next = static_cast<int>(scores.argmax(-1).item<int64_t>());
        sequence.push_back(next);
        if (collect) {
            result.logProbability += torch::log_softmax(logits, -1)[0][next].item<double>();
            for (int l = 0; l < m.config.decoderLayers; ++l) {
                selfRows[static_cast<std::size_t>(l)].push_back(out.selfAttentions[static_cast<std::size_t>(l)]);
                crossRows[static_cast<std::size_t>(l)].push_back(out.crossAttentions[static_cast<std::size_t>(l)]);
            }
        }
        if (onStep) {
            GenerationStep step;
            step.index = static_cast<int>(sequence.size()) - 2;
            step.tokenId = next;
            step.sequence = sequence;
            step.crossAttention = toStack(out.crossAttentions);
            if (!onStep(step)) throw CancelledError("Translation was cancelled");
        }
        if (next == m.config.eosTokenId) break;
    }
    if (collect) {
        const auto T = static_cast<int64_t>(sequence.size()) - 1;
        std::vector<torch::Tensor> self, cross;
        for (int l = 0; l < m.config.decoderLayers; ++l) {
            auto& rows = selfRows[static_cast<std::size_t>(l)];
            // Row t saw t + 1 keys: pad with zeros to the full causal [T] row.
            for (int64_t t = 0; t < T; ++t)
                rows[static_cast<std::size_t>(t)] = torch::constant_pad_nd(rows[static_cast<std::size_t>(t)], {0, T - t - 1}, 0.0);
            self.push_back(torch::cat(rows, 2));
            cross.push_back(torch::cat(crossRows[static_cast<std::size_t>(l)], 2));
        }
        result.encoderAttentions = toStack(encoded.attentions);
        result.decoderAttentions = toStack(self);
        result.crossAttentions = toStack(cross);
    }
    result.ids = std::move(sequence);
    return result;
}

BeamSearchResult MarianTranslator::beamSearch(const std::vector<int>& sourceIds, int beams, double lengthPenalty,
                                              int maxNewTokens, bool earlyStopping,
                                              const GenerationCallback& onStep) const {
    auto& m = *impl_;
    m.checkNewTokens(maxNewTokens);
    if (beams < 1) throw InputError("beam search needs at least one beam (got " + std::to_string(beams) + ")");
    torch::InferenceMode inference;
    auto encoded = m.model->encode(m.idTensor(sourceIds, "source"));
    // As HF: the encoder runs once, its output is repeated for every beam.
    auto hidden = encoded.hidden.expand({beams, encoded.hidden.size(1), encoded.hidden.size(2)}).contiguous();
    const int maxLength = maxNewTokens + 1, promptLength = 1, eos = m.config.eosTokenId;
    const int64_t vocab = m.config.vocabSize;

    std::vector<std::vector<int>> sequences(static_cast<std::size_t>(beams), {m.config.decoderStartTokenId});
    // Only the first beam is live at the start (HF: -1e9 for the others), in float32 as HF.
    auto beamScores = torch::full({beams}, -1e9f, torch::kFloat32);
    beamScores[0] = 0.f;
    beamScores = beamScores.to(m.device);
    FinishedHypotheses finished(beams, lengthPenalty, earlyStopping);
    MarianDecoderCache cache;
    bool done = false;
    std::vector<int64_t> lastTokens(static_cast<std::size_t>(beams), m.config.decoderStartTokenId);
    int currentLength = 1;
    BeamSearchResult result;
    std::vector<std::vector<torch::Tensor>> rowHistory(static_cast<std::size_t>(beams));  // streaming only
    while (true) {
        auto input = torch::tensor(lastTokens, torch::kLong).view({beams, 1}).to(m.device);
        MarianDecoderOutput out;
        auto logits = m.model->decode(input, hidden, cache, out).select(1, -1);  // [B, V]
        auto scores = torch::log_softmax(logits, -1);
        m.processScores(scores, currentLength, maxLength);
        scores = (scores + beamScores.unsqueeze(1)).view({-1});
        auto [topScores, topIds] = scores.topk(2 * beams, 0, /*largest=*/true, /*sorted=*/true);
        topScores = topScores.to(torch::kCPU).contiguous();
        topIds = topIds.to(torch::kCPU).contiguous();
        const float* ts = topScores.data_ptr<float>();
        const int64_t* ti = topIds.data_ptr<int64_t>();

        const int nextLength = currentLength + 1;  // HF's cur_len inside process()
        std::vector<float> nextScores;
        std::vector<int64_t> nextTokens, nextBeams;
        BeamStep traced;
        for (int rank = 0; rank < 2 * beams && static_cast<int>(nextTokens.size()) < beams; ++rank) {
            const int64_t beam = ti[rank] / vocab, token = ti[rank] % vocab;
            BeamCandidate candidate;
            candidate.parent = static_cast<int>(beam);
            candidate.tokenId = static_cast<int>(token);
            candidate.logProbability = ts[rank];
            if (token == eos) {
                if (rank >= beams) continue;  // an eos outside the top `beams` is not a hypothesis
                finished.add(sequences[static_cast<std::size_t>(beam)], ts[rank], nextLength - promptLength);
                candidate.finished = true;
                candidate.score = finished.scoreOf(ts[rank], nextLength - promptLength);
                traced.finished.push_back(candidate);
            } else {
                nextScores.push_back(ts[rank]);
                nextTokens.push_back(token);
                nextBeams.push_back(beam);
                traced.beams.push_back(candidate);
            }
        }
        if (onStep && !nextTokens.empty()) {
            // Each kept beam's row history: its parent's history plus the row the parent's
            // decoder position computed now ([layers, heads, 1, source] per row).
            auto rowsNow = torch::stack(out.crossAttentions, 0);  // [L, B, H, 1, S]
            std::vector<std::vector<torch::Tensor>> kept;
            for (const auto parent : nextBeams) {
                kept.push_back(rowHistory[static_cast<std::size_t>(parent)]);
                kept.back().push_back(rowsNow.select(1, parent));
            }
            rowHistory = std::move(kept);
            // The best running beam's newest token, and where its decoder position looked.
            GenerationStep step;
            step.index = currentLength - 1;
            step.tokenId = static_cast<int>(nextTokens[0]);
            step.sequence = sequences[static_cast<std::size_t>(nextBeams[0])];
            step.sequence.push_back(step.tokenId);
            std::vector<torch::Tensor> rows;
            for (const auto& layer : out.crossAttentions) rows.push_back(layer.slice(0, nextBeams[0], nextBeams[0] + 1));
            step.crossAttention = toStack(rows);
            auto history = torch::cat(rowHistory[0], 2);  // [L, H, steps, S]
            std::vector<torch::Tensor> perLayer;
            for (int64_t l = 0; l < history.size(0); ++l) perLayer.push_back(history[l].unsqueeze(0));
            step.crossAttentionHistory = toStack(perLayer);
            step.beams = traced;
            if (!onStep(step)) throw CancelledError("Translation was cancelled");
        }
        result.steps.push_back(std::move(traced));
        done = done || finished.isDone(ts[0], nextLength - promptLength);

        std::vector<std::vector<int>> reordered;
        for (std::size_t j = 0; j < nextTokens.size(); ++j) {
            reordered.push_back(sequences[static_cast<std::size_t>(nextBeams[j])]);
            reordered.back().push_back(static_cast<int>(nextTokens[j]));
        }
        sequences = std::move(reordered);
        beamScores = torch::tensor(nextScores, torch::kFloat32).to(m.device);
        cache.reorder(torch::tensor(nextBeams, torch::kLong).to(m.device));
        lastTokens = nextTokens;
        currentLength = nextLength;
        if (done || currentLength >= maxLength) break;
    }
    if (!done) {
        auto finalScores = beamScores.to(torch::kCPU);
        for (int j = 0; j < beams; ++j)
            finished.add(sequences[static_cast<std::size_t>(j)], finalScores[j].item<float>(),
                         static_cast<int>(sequences[static_cast<std::size_t>(j)].size()) - promptLength);
    }
    // HF's finalize(): the hypotheses best first, each plus eos when it ended before the
    // maximum length.
    for (auto& h : finished.bestFirst()) {
        ScoredSequence s;
        s.ids = std::move(h.tokens);
        if (static_cast<int>(s.ids.size()) < maxLength) s.ids.push_back(eos);
        s.logProbability = h.sumLogProbs;
        s.score = h.score;
        result.hypotheses.push_back(std::move(s));
    }
    return result;
}

const MarianConfig& MarianTranslator::config() const { return impl_->config; }
std::string MarianTranslator::device() const { return deviceLabel(impl_->device); }
const std::string& MarianTranslator::modelDir() const { return impl_->dir; }

}  // namespace attnscope
