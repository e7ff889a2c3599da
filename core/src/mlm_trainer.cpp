// Masked-LM training loop over BertCheckpoint (see attnscope/mlm_trainer.h).
#include "attnscope/mlm_trainer.h"

#include "attnscope/errors.h"
#include "attnscope/safetensors_writer.h"
#include "attnscope/text_lines.h"
#include "attnscope/wordpiece_tokenizer.h"
#include "bert_checkpoint.h"
#include "torch_device.h"
#include "training_support.h"

#include <ATen/autocast_mode.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>

namespace attnscope {

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

bool startsWith(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }

// Encoder layer index of a parameter name "body.encoder.layer.N....", or -1.
int layerIndexOf(const std::string& name) {
    const std::string p = "body.encoder.layer.";
    if (!startsWith(name, p)) return -1;
    return std::stoi(name.substr(p.size()));
}

// One training example: ids with [CLS] ... [SEP].
using Sentence = std::vector<int64_t>;

std::vector<Sentence> tokenizeFiles(const std::vector<std::string>& files, const WordPieceTokenizer& tok, int maxTokens,
                                    std::size_t cap) {
    std::vector<Sentence> out;
    for (const auto& file : files)
        for (const auto& line : readTextLines(file)) {
            if (out.size() >= cap) return out;
            const auto enc = tok.encode(line, static_cast<std::size_t>(maxTokens));
            if (enc.tokens.size() < 4) continue;  // too short to mask anything useful
            Sentence s;
            for (const auto& t : enc.tokens) s.push_back(t.id);
            out.push_back(std::move(s));
        }
    return out;
}

struct Batch {
    std::vector<std::size_t> sentences;  // indices, all of one length
};

// Same-length batches of at most batchTokens tokens, in a seeded random order.
std::vector<Batch> makeBatches(const std::vector<Sentence>& data, int batchTokens, std::uint64_t seed) {
    std::map<std::size_t, std::vector<std::size_t>> byLength;
    for (std::size_t i = 0; i < data.size(); ++i) byLength[data[i].size()].push_back(i);
    std::mt19937_64 rng(seed);
    std::vector<Batch> batches;
    for (auto& [length, ids] : byLength) {
        std::shuffle(ids.begin(), ids.end(), rng);
        const std::size_t per = std::max<std::size_t>(1, static_cast<std::size_t>(batchTokens) / length);
        for (std::size_t i = 0; i < ids.size(); i += per)
            batches.push_back({std::vector<std::size_t>(ids.begin() + i, ids.begin() + std::min(ids.size(), i + per))});
    }
    std::shuffle(batches.begin(), batches.end(), rng);
    return batches;
}

struct MaskedBatch {
    torch::Tensor input;      // [B, T] with replacements applied
    torch::Tensor positions;  // flat indices of chosen pieces
    torch::Tensor labels;     // original ids at those positions
};

// BERT masking: each non-special piece chosen with probability p (at least one per batch);
// chosen pieces become [MASK] (80%), a random piece (10%) or stay (10%).
MaskedBatch maskBatch(const std::vector<Sentence>& data, const Batch& batch, const WordPieceTokenizer& tok, double p,
                      std::mt19937_64& rng) {
    const auto T = static_cast<int64_t>(data[batch.sentences.front()].size());
    const auto B = static_cast<int64_t>(batch.sentences.size());
    std::vector<int64_t> ids(static_cast<std::size_t>(B * T));
    std::vector<int64_t> positions, labels;
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    std::uniform_int_distribution<int64_t> randomPiece(0, static_cast<int64_t>(tok.vocabSize()) - 1);
    for (int64_t b = 0; b < B; ++b) {
        const auto& s = data[batch.sentences[static_cast<std::size_t>(b)]];
        for (int64_t t = 0; t < T; ++t) {
            const auto flat = static_cast<std::size_t>(b * T + t);
            ids[flat] = s[static_cast<std::size_t>(t)];
            if (t == 0 || t == T - 1 || uniform(rng) >= p) continue;  // never [CLS]/[SEP]
            positions.push_back(static_cast<int64_t>(flat));
            labels.push_back(ids[flat]);
        }
    }
    if (positions.empty()) {  // guarantee a loss term
        positions.push_back(1);
        labels.push_back(ids[1]);
    }
    for (auto pos : positions) {
        const double r = uniform(rng);
        if (r < 0.8) ids[static_cast<std::size_t>(pos)] = tok.maskId();
        else if (r < 0.9) ids[static_cast<std::size_t>(pos)] = randomPiece(rng);
    }
    return {torch::tensor(ids, torch::kLong).view({B, T}), torch::tensor(positions, torch::kLong),
            torch::tensor(labels, torch::kLong)};
}

}  // namespace

MlmTrainingResult trainMaskedLm(const MlmTrainingOptions& o, const MlmProgressCallback& onProgress,
                                const MlmEpochCallback& onEpoch) {
    if (o.trainFiles.empty()) throw InputError("train-mlm needs at least one training text file");
    if (o.outDir.empty()) throw InputError("train-mlm needs an output folder");
    setComputeThreads(o.threads);
    torch::manual_seed(o.seed);

    auto loaded = loadBertCheckpoint(o.initModel);
    const auto& config = loaded.config;
    // The trainer writes BERT's checkpoint names and masks WordPiece vocabularies.
    if (config.modelType != "bert")
        throw UnsupportedModelError("train-mlm continues BERT checkpoints; '" + o.initModel + "' is " + config.modelType);
    const auto& tok = dynamic_cast<const WordPieceTokenizer&>(*loaded.tokenizer);
    if (tok.maskId() < 0) throw InputError("The vocabulary of '" + o.initModel + "' has no [MASK] token");
    auto model = loaded.model;
    if (!model->cls) model->addMaskedLmHead(config, 0.02);
    const int L = config.numLayers;
    const int firstTrained = L - std::clamp(o.trainLayers, 0, L);

    const auto device = resolveDevice(o.device);
    if (o.bfloat16Autocast) resolvePrecision(Precision::BFloat16, device);  // refuses CPUs without bf16
    model->to(device);
    model->train();

    std::vector<std::string> trainableNames;
    std::vector<torch::Tensor> trainable;
    for (auto& item : model->named_parameters()) {
        const int layer = layerIndexOf(item.key());
        const bool train = startsWith(item.key(), "cls.") || (layer >= firstTrained);
        item.value().set_requires_grad(train);
        if (train) {
            trainableNames.push_back(item.key());
            trainable.push_back(item.value());
        }
    }
    preparePackedLinears(*model);  // frozen layers run through oneDNN

    const auto train = tokenizeFiles(o.trainFiles, tok, o.maxTokens, SIZE_MAX);
    const auto valid =
        tokenizeFiles(o.validFiles, tok, o.maxTokens, static_cast<std::size_t>(std::max(0, o.validSentences)));
    if (train.empty()) throw InputError("The training files hold no usable sentences (each needs at least two words)");
    const auto batchesPerEpoch = static_cast<long>(makeBatches(train, o.batchTokens, o.seed).size());
    long totalSteps = batchesPerEpoch * o.epochs;
    if (o.maxSteps > 0) totalSteps = std::min(totalSteps, o.maxSteps);

    torch::optim::AdamW optimizer(trainable, torch::optim::AdamWOptions(o.learningRate).weight_decay(o.weightDecay));
    TrainingCheckpoint checkpoint(fs::path(o.outDir) / "checkpoint");
    fs::create_directories(o.outDir);

    long step = 0;
    int startEpoch = 1;
    long skipBatches = 0;
    if (o.resume && checkpoint.exists()) {
        const auto state = checkpoint.load(*model, trainableNames, optimizer);
        step = state.step;
        startEpoch = state.epoch;
        skipBatches = state.batchInEpoch;
    }

    MlmTrainingResult result;
    result.device = deviceLabel(device);
    result.modelDir = o.outDir;
    const auto started = Clock::now();
    const auto wordEmbeddings = model->body->embeddings->word_embeddings->weight;
    auto& layers = *model->body->encoder->layer;

    // Forward to the logits of the chosen positions; frozen layers run without autograd.
    auto forward = [&](const MaskedBatch& mb) {
        torch::Tensor x;
        {
            torch::NoGradGuard frozen;
            x = model->body->embeddings(mb.input.to(device));
            for (int i = 0; i < firstTrained; ++i) {
                torch::Tensor probs;
                x = layers[i]->as<BertLayer>()->forward(x, probs);
            }
        }
        AutocastScope autocast(o.bfloat16Autocast, device);
        for (int i = firstTrained; i < L; ++i) {
            torch::Tensor probs;
            x = layers[i]->as<BertLayer>()->forward(x, probs);
        }
        auto hidden = x.reshape({-1, config.hiddenSize}).index_select(0, mb.positions.to(device));
        return model->cls->predictions(hidden, wordEmbeddings).to(torch::kFloat32);
    };

    for (int epoch = startEpoch; epoch <= o.epochs && step < totalSteps && !result.cancelled; ++epoch) {
        const auto batches = makeBatches(train, o.batchTokens, o.seed + static_cast<std::uint64_t>(epoch));
        std::mt19937_64 rng(o.seed * 1000003 + static_cast<std::uint64_t>(epoch));
        double lossSum = 0.0;
        long lossCount = 0, tokens = 0;
        const auto epochStart = Clock::now();
        const long firstStepThisRun = step;
        for (long b = 0; b < static_cast<long>(batches.size()) && step < totalSteps; ++b) {
            auto mb = maskBatch(train, batches[static_cast<std::size_t>(b)], tok, o.maskProbability, rng);
            if (b < skipBatches) continue;  // resumed: these were trained before the checkpoint
            ++step;
            const double lr = o.learningRate * warmupLinearDecay(step, o.warmupSteps, totalSteps);
            for (auto& group : optimizer.param_groups())
                static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);

            auto logits = forward(mb);
            auto labels = mb.labels.to(device);
            auto loss = torch::nn::functional::cross_entropy(logits, labels);
            optimizer.zero_grad();
            loss.backward();
            torch::nn::utils::clip_grad_norm_(trainable, 1.0);
            optimizer.step();
            if (o.bfloat16Autocast) at::autocast::clear_cache();

            MlmProgress progress;
            progress.epoch = epoch;
            progress.epochs = o.epochs;
            progress.step = step;
            progress.totalSteps = totalSteps;
            progress.loss = loss.item<double>();
            progress.maskedAccuracy = logits.argmax(-1).eq(labels).to(torch::kFloat32).mean().item<double>();
            tokens += mb.input.numel();
            const double elapsed = std::chrono::duration<double>(Clock::now() - epochStart).count();
            progress.tokensPerSecond = elapsed > 0 ? tokens / elapsed : 0.0;
            const double perStep = elapsed / static_cast<double>(step - firstStepThisRun);
            progress.etaSeconds = perStep * static_cast<double>(totalSteps - step);
            lossSum += progress.loss;
            ++lossCount;

            const bool keepGoing = !onProgress || onProgress(progress);
            if (!keepGoing || (o.checkpointEvery > 0 && step % o.checkpointEvery == 0))
                checkpoint.save(*model, trainableNames, optimizer, {step, epoch, b + 1});
            if (!keepGoing) {
                result.cancelled = true;
                break;
            }
        }
        skipBatches = 0;
        if (result.cancelled) break;

        MlmEpochReport report;
        report.epoch = epoch;
        report.trainLoss = lossCount ? lossSum / static_cast<double>(lossCount) : 0.0;
        if (!valid.empty()) {
            torch::NoGradGuard noGrad;
            std::mt19937_64 validRng(12345);  // the same masks every epoch, so scores compare
            double lossTotal = 0.0, correct = 0.0, count = 0.0;
            for (const auto& batch : makeBatches(valid, o.batchTokens, 99)) {
                auto mb = maskBatch(valid, batch, tok, o.maskProbability, validRng);
                auto logits = forward(mb);
                auto labels = mb.labels.to(device);
                const auto n = static_cast<double>(labels.size(0));
                lossTotal += torch::nn::functional::cross_entropy(logits, labels).item<double>() * n;
                correct += logits.argmax(-1).eq(labels).sum().item<double>();
                count += n;
            }
            report.validated = true;
            report.validLoss = lossTotal / count;
            report.validAccuracy = correct / count;
        }
        report.seconds = std::chrono::duration<double>(Clock::now() - started).count();
        result.epochs.push_back(report);
        if (onEpoch) onEpoch(report);
        checkpoint.save(*model, trainableNames, optimizer, {step, epoch + 1, 0});
    }
    result.steps = step;
    result.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    exportBertForMaskedLm(model, o.initModel, o.outDir, trainableNames,
                          {{"base_model", fs::path(o.initModel).filename().string()},
                           {"trained_by", "attnscope-cli train-mlm"},
                           {"steps", std::to_string(step)}});
    return result;
}

}  // namespace attnscope
