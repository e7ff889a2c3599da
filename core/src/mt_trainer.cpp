// Translation training loop over MarianCheckpoint (see attnscope/mt_trainer.h). The training
// forward lives here, built from the modules' public members: it adds key-padding masks and
// dropout, which the inference forward (one unpadded sentence at a time) does not need.
#include "attnscope/mt_trainer.h"

#include "activations.h"
#include "attnscope/errors.h"
#include "attnscope/safetensors_writer.h"
#include "marian_model.h"
#include "mt_training_data.h"
#include "torch_device.h"
#include "training_support.h"

#include <ATen/autocast_mode.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>

namespace attnscope {

namespace fs = std::filesystem;
namespace F = torch::nn::functional;

namespace {

using Clock = std::chrono::steady_clock;

MarianConfig configFor(const MtTrainingOptions& o, int vocabSize) {
    MarianConfig c;
    c.vocabSize = c.decoderVocabSize = vocabSize;
    c.dModel = o.dModel;
    c.encoderLayers = o.encoderLayers;
    c.decoderLayers = o.decoderLayers;
    c.encoderHeads = c.decoderHeads = o.heads;
    c.encoderFfnDim = c.decoderFfnDim = o.ffnDim;
    c.maxPositions = o.maxPositions;
    c.activation = o.activation;
    c.scaleEmbedding = true;  // as every opus-mt model
    c.padTokenId = c.decoderStartTokenId = vocabSize - 1;
    c.eosTokenId = 0;
    c.forcedEosTokenId = 0;
    c.badWordIds = {vocabSize - 1};
    return c;
}

void validate(const MtTrainingOptions& o) {
    if (o.trainSource.empty() || o.trainTarget.empty())
        throw InputError("train-mt needs a training source file and a training target file");
    if (o.validSource.empty() != o.validTarget.empty())
        throw InputError("train-mt needs both validation files or neither");
    if (o.outDir.empty()) throw InputError("train-mt needs an output folder");
    if (o.dModel <= 0 || o.heads <= 0 || o.dModel % o.heads != 0 || o.dModel % 2 != 0)
        throw InputError("d_model must be even and a multiple of the number of heads");
    if (o.encoderLayers < 1 || o.decoderLayers < 1 || o.ffnDim < 1)
        throw InputError("layers and ffn size must be >= 1");
    if (o.maxTokens < 2 || o.maxTokens > o.maxPositions)
        throw InputError("max tokens must lie in [2, max positions = " + std::to_string(o.maxPositions) + "]");
    if (o.vocabSize < 16) throw InputError("the vocabulary size must be at least 16");
    if (o.batchTokens < 1) throw InputError("batch tokens must be >= 1");
    if (o.activation != "swish" && o.activation != "silu" && o.activation != "gelu" && o.activation != "relu" &&
        o.activation != "gelu_new")
        throw InputError("activation '" + o.activation + "' is not one of swish, silu, gelu, gelu_new, relu");
}

// Vaswani et al.: linear warm-up to the peak, then decay with 1/sqrt(step).
double inverseSqrtSchedule(long step, long warmupSteps) {
    if (warmupSteps <= 0) return 1.0;
    const double s = static_cast<double>(std::max(1L, step)), w = static_cast<double>(warmupSteps);
    return std::min(s / w, std::sqrt(w / s));
}

// HF's Marian initialisation: N(0, 0.02) for matrices and embeddings, zero biases and pad row,
// layer norms at identity.
void initialiseWeights(MarianCheckpoint& model, int padId) {
    torch::NoGradGuard noGrad;
    for (auto& item : model->named_parameters()) {
        auto& t = item.value();
        const auto& name = item.key();
        if (name == "final_logits_bias" || name.find("bias") != std::string::npos) t.zero_();
        else if (name.find("layer_norm") != std::string::npos) t.fill_(1.0);
        else t.normal_(0.0, 0.02);
    }
    model->model->shared->weight[padId].zero_();
}

struct PaddedBatch {
    torch::Tensor source, sourcePad;        // [B, S] ids, bool (true = padding)
    torch::Tensor decoderInput, targetPad;  // [B, T]
    torch::Tensor labels;                   // [B, T], pad where padded (ignored)
    long targetTokens = 0;
};

PaddedBatch padBatch(const std::vector<EncodedPair>& data, const MtBatch& batch, int pad, int start,
                     const torch::Device& device) {
    std::size_t S = 0, T = 0;
    for (auto i : batch.pairs) {
        S = std::max(S, data[i].source.size());
        T = std::max(T, data[i].target.size());
    }
    const auto B = batch.pairs.size();
    std::vector<int64_t> src(B * S, pad), dec(B * T, pad), lab(B * T, pad);
    std::vector<uint8_t> srcPad(B * S, 1), tgtPad(B * T, 1);
    PaddedBatch out;
    for (std::size_t b = 0; b < B; ++b) {
        const auto& p = data[batch.pairs[b]];
        for (std::size_t s = 0; s < p.source.size(); ++s) {
            src[b * S + s] = p.source[s];
            srcPad[b * S + s] = 0;
        }
        for (std::size_t t = 0; t < p.target.size(); ++t) {
            dec[b * T + t] = t == 0 ? start : p.target[t - 1];
            lab[b * T + t] = p.target[t];
            tgtPad[b * T + t] = 0;
        }
        out.targetTokens += static_cast<long>(p.target.size());
    }
    const auto bs = static_cast<int64_t>(B), ss = static_cast<int64_t>(S), ts = static_cast<int64_t>(T);
    auto ids = [&](std::vector<int64_t>& v, int64_t n) {
        return torch::tensor(v, torch::kLong).view({bs, n}).to(device);
    };
    auto mask = [&](std::vector<uint8_t>& v, int64_t n) {
        return torch::tensor(std::vector<int64_t>(v.begin(), v.end()), torch::kLong).view({bs, n}).to(device).gt(0);
    };
    out.source = ids(src, ss);
    out.decoderInput = ids(dec, ts);
    out.labels = ids(lab, ts);
    out.sourcePad = mask(srcPad, ss);
    out.targetPad = mask(tgtPad, ts);
    return out;
}

// Teacher-forced training forward over a padded batch: logits [B, T, V] (float32).
class TrainingForward {
public:
    TrainingForward(MarianCheckpoint model, double dropout) : m_(std::move(model)), p_(dropout) {}

    torch::Tensor operator()(const PaddedBatch& b, bool training) {
        auto& body = *m_->model;
        const auto& emb = body.shared->weight;
        const auto B = b.source.size(0), S = b.source.size(1), T = b.decoderInput.size(1);
        const auto sourceMask = b.sourcePad.view({B, 1, 1, S});

        auto x = embed(b.source, emb, body.encoder->embedScale, body.encoder->embed_positions->weight, training);
        for (const auto& module : *body.encoder->layers) {
            auto& layer = *module->as<MarianEncoderLayer>();
            torch::Tensor probs;
            auto h = layer.self_attn(x, layer.self_attn->keys(x), layer.self_attn->values(x), sourceMask, probs);
            x = layer.self_attn_layer_norm(x + drop(h, training));
            x = layer.final_layer_norm(x + drop(layer.fc2(applyActivation(layer.fc1(x), layer.act)), training));
        }
        const auto encoded = x;

        auto opts = torch::TensorOptions().dtype(torch::kLong).device(b.source.device());
        const auto causal = torch::arange(0, T, opts).unsqueeze(0) > torch::arange(0, T, opts).unsqueeze(1);
        const auto selfMask = causal.view({1, 1, T, T}).logical_or(b.targetPad.view({B, 1, 1, T}));
        auto y = embed(b.decoderInput, emb, body.decoder->embedScale, body.decoder->embed_positions->weight, training);
        for (const auto& module : *body.decoder->layers) {
            auto& layer = *module->as<MarianDecoderLayer>();
            torch::Tensor probs;
            auto h = layer.self_attn(y, layer.self_attn->keys(y), layer.self_attn->values(y), selfMask, probs);
            y = layer.self_attn_layer_norm(y + drop(h, training));
            h = layer.encoder_attn(y, layer.encoder_attn->keys(encoded), layer.encoder_attn->values(encoded),
                                   sourceMask, probs);
            y = layer.encoder_attn_layer_norm(y + drop(h, training));
            y = layer.final_layer_norm(y + drop(layer.fc2(applyActivation(layer.fc1(y), layer.act)), training));
        }
        return (F::linear(y, emb) + m_->final_logits_bias).to(torch::kFloat32);
    }

private:
    torch::Tensor drop(const torch::Tensor& x, bool training) const {
        return training && p_ > 0 ? F::dropout(x, F::DropoutFuncOptions().p(p_).training(true)) : x;
    }
    torch::Tensor embed(const torch::Tensor& ids, const torch::Tensor& emb, double scale,
                        const torch::Tensor& positions, bool training) const {
        auto x = F::embedding(ids, emb) * scale + positions.narrow(0, 0, ids.size(1)).unsqueeze(0);
        return drop(x, training);
    }

    MarianCheckpoint m_;
    double p_;
};

// Greedy decoding of one source through the inference modules (KV cache); ids after the start.
std::vector<int64_t> greedyDecode(MarianCheckpoint& model, const std::vector<int64_t>& source, int start, int eos,
                                  int pad, int maxNew, const torch::Device& device) {
    torch::NoGradGuard noGrad;
    auto src = torch::tensor(source, torch::kLong).view({1, -1}).to(device);
    const auto encoded = model->encode(src).hidden;
    MarianDecoderCache cache;
    MarianDecoderOutput out;
    std::vector<int64_t> ids;
    int64_t next = start;
    for (int i = 0; i < maxNew; ++i) {
        auto logits = model->decode(
            torch::full({1, 1}, next, torch::TensorOptions().dtype(torch::kLong).device(device)), encoded, cache, out);
        auto last = logits.select(1, 0).select(0, 0).to(torch::kFloat32);
        last[pad] = -std::numeric_limits<float>::infinity();
        next = last.argmax().item<int64_t>();
        if (next == eos) break;
        ids.push_back(next);
    }
    return ids;
}

// SentencePiece detokenisation over vocab.json pieces: concatenate, ▁ becomes a space.
std::string detokenize(const MtVocabulary& vocab, const std::vector<int64_t>& ids) {
    std::string text;
    for (auto id : ids) text += vocab.pieces[static_cast<std::size_t>(id)];
    std::string out;
    const std::string marker = "\xe2\x96\x81";
    for (std::size_t i = 0; i < text.size();) {
        if (text.compare(i, marker.size(), marker) == 0) {
            if (!out.empty()) out += ' ';
            i += marker.size();
        } else {
            out += text[i++];
        }
    }
    return out;
}

// The opus-mt / Hugging Face MarianMTModel folder that MarianTranslator::load reads.
void exportMarian(MarianCheckpoint& model, const MarianConfig& c, const MtTrainingOptions& o, long steps) {
    const fs::path out(o.outDir);
    nlohmann::ordered_json config = {{"architectures", {"MarianMTModel"}},
                                     {"model_type", "marian"},
                                     {"vocab_size", c.vocabSize},
                                     {"decoder_vocab_size", c.vocabSize},
                                     {"d_model", c.dModel},
                                     {"encoder_layers", c.encoderLayers},
                                     {"decoder_layers", c.decoderLayers},
                                     {"encoder_attention_heads", c.encoderHeads},
                                     {"decoder_attention_heads", c.decoderHeads},
                                     {"encoder_ffn_dim", c.encoderFfnDim},
                                     {"decoder_ffn_dim", c.decoderFfnDim},
                                     {"max_position_embeddings", c.maxPositions},
                                     {"activation_function", c.activation},
                                     {"scale_embedding", c.scaleEmbedding},
                                     {"static_position_embeddings", true},
                                     {"normalize_embedding", false},
                                     {"dropout", o.dropout},
                                     {"attention_dropout", 0.0},
                                     {"activation_dropout", 0.0},
                                     {"init_std", 0.02},
                                     {"pad_token_id", c.padTokenId},
                                     {"eos_token_id", c.eosTokenId},
                                     {"decoder_start_token_id", c.decoderStartTokenId},
                                     {"forced_eos_token_id", c.forcedEosTokenId},
                                     {"bad_words_ids", {{c.padTokenId}}},
                                     {"is_encoder_decoder", true},
                                     {"share_encoder_decoder_embeddings", true},
                                     {"tie_word_embeddings", true},
                                     {"max_length", o.maxPositions},
                                     {"num_beams", 4},
                                     {"torch_dtype", "float32"},
                                     {"trained_by", "attnscope-cli train-mt (" + std::to_string(steps) + " steps)"}};
    std::ofstream((out / "config.json").string()) << config.dump(2) << "\n";
    nlohmann::ordered_json tokenizer = {{"tokenizer_class", "MarianTokenizer"},
                                        {"source_lang", o.sourceLanguage},
                                        {"target_lang", o.targetLanguage},
                                        {"eos_token", "</s>"},
                                        {"unk_token", "<unk>"},
                                        {"pad_token", "<pad>"},
                                        {"model_max_length", o.maxPositions},
                                        {"separate_vocabs", false},
                                        {"sp_model_kwargs", nlohmann::ordered_json::object()}};
    std::ofstream((out / "tokenizer_config.json").string()) << tokenizer.dump(2) << "\n";

    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const auto& item : model->named_parameters())
        tensors.emplace_back(item.key(), item.value().detach().to(torch::kCPU, torch::kFloat32).contiguous());
    for (const auto& item : model->named_buffers())  // the sinusoids, as HF saves them
        tensors.emplace_back(item.key(), item.value().detach().to(torch::kCPU, torch::kFloat32).contiguous());
    writeSafetensors((out / "model.safetensors").string(), blobsOf(tensors),
                     {{"format", "pt"}, {"trained_by", "attnscope-cli train-mt"}, {"steps", std::to_string(steps)}});
}

std::vector<EncodedPair> encodePairs(const LinePairs& lines, const MtTokenizers& tok, const MtVocabulary& vocab,
                                     int maxTokens, std::size_t cap) {
    std::vector<EncodedPair> out;
    for (std::size_t i = 0; i < lines.source.size() && out.size() < cap; ++i)
        out.push_back({encodeLine(tok.source, vocab, lines.source[i], maxTokens),
                       encodeLine(tok.target, vocab, lines.target[i], maxTokens)});
    return out;
}

}  // namespace

MtTrainingResult trainTranslation(const MtTrainingOptions& o, const MtProgressCallback& onProgress,
                                  const MtEpochCallback& onEpoch) {
    validate(o);
    setComputeThreads(o.threads);
    const auto device = resolveDevice(o.device);
    if (o.bfloat16Autocast) resolvePrecision(Precision::BFloat16, device);  // refuses CPUs without bf16

    const auto trainLines = readLinePairs(o.trainSource, o.trainTarget);
    const auto validLines = o.validSource.empty() ? LinePairs{} : readLinePairs(o.validSource, o.validTarget);
    if (trainLines.source.empty()) throw InputError("The training files hold no sentence pairs");
    fs::create_directories(o.outDir);
    TrainingCheckpoint checkpoint(fs::path(o.outDir) / "checkpoint");
    const bool resuming = o.resume && checkpoint.exists();
    const auto vocabPath = (fs::path(o.outDir) / "vocab.json").string();
    const auto tok = prepareSentencePiece(o, trainLines, resuming);
    const auto vocab = resuming && fs::exists(vocabPath) ? MtVocabulary::fromJsonFile(vocabPath)
                                                         : MtVocabulary::fromModels({&tok.source, &tok.target});
    vocab.writeJson(vocabPath);
    const int pad = vocab.pad(), start = vocab.pad(), eos = vocab.eos();

    const auto train = encodePairs(trainLines, tok, vocab, o.maxTokens, SIZE_MAX);
    const auto valid =
        encodePairs(validLines, tok, vocab, o.maxTokens, static_cast<std::size_t>(std::max(0, o.validSentences)));

    torch::manual_seed(o.seed);
    const auto config = configFor(o, vocab.size());
    MarianCheckpoint model(config);
    initialiseWeights(model, pad);
    model->final_logits_bias.set_requires_grad(false);  // a buffer in HF, never trained
    model->to(device);
    model->train();
    std::vector<std::string> trainableNames;
    std::vector<torch::Tensor> trainable;
    for (auto& item : model->named_parameters())
        if (item.key() != "final_logits_bias") {
            trainableNames.push_back(item.key());
            trainable.push_back(item.value());
        }

    const auto batchesPerEpoch = static_cast<long>(makeMtBatches(train, o.batchTokens, o.seed).size());
    long totalSteps = batchesPerEpoch * o.epochs;
    if (o.maxSteps > 0) totalSteps = std::min(totalSteps, o.maxSteps);

    torch::optim::AdamW optimizer(
        trainable, torch::optim::AdamWOptions(o.learningRate).betas({0.9, 0.98}).eps(1e-9).weight_decay(o.weightDecay));
    long step = 0;
    int startEpoch = 1;
    long skipBatches = 0;
    if (resuming) {
        const auto state = checkpoint.load(*model, trainableNames, optimizer);
        step = state.step;
        startEpoch = state.epoch;
        skipBatches = state.batchInEpoch;
    }

    MtTrainingResult result;
    result.device = deviceLabel(device);
    result.modelDir = o.outDir;
    result.vocabSize = vocab.size();
    result.trainPairs = static_cast<long>(train.size());
    const auto started = Clock::now();
    TrainingForward forward(model, o.dropout);
    const auto lossOptions = [&](double smoothing) {
        return F::CrossEntropyFuncOptions().ignore_index(pad).label_smoothing(smoothing);
    };

    for (int epoch = startEpoch; epoch <= o.epochs && step < totalSteps && !result.cancelled; ++epoch) {
        const auto batches = makeMtBatches(train, o.batchTokens, o.seed + static_cast<std::uint64_t>(epoch));
        double lossSum = 0.0;
        long lossCount = 0, tokens = 0;
        const auto epochStart = Clock::now();
        const long firstStepThisRun = step;
        for (long b = skipBatches; b < static_cast<long>(batches.size()) && step < totalSteps; ++b) {
            ++step;
            // Dropout masks depend only on the step, so a resumed run repeats them exactly.
            torch::manual_seed(o.seed * 1000003 + static_cast<std::uint64_t>(step));
            const double lr = o.learningRate * inverseSqrtSchedule(step, o.warmupSteps);
            for (auto& group : optimizer.param_groups())
                static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);

            const auto batch = padBatch(train, batches[static_cast<std::size_t>(b)], pad, start, device);
            torch::Tensor logits;
            {
                AutocastScope autocast(o.bfloat16Autocast, device);
                logits = forward(batch, true);
            }
            auto loss = F::cross_entropy(logits.view({-1, logits.size(-1)}), batch.labels.view({-1}),
                                         lossOptions(o.labelSmoothing));
            optimizer.zero_grad();
            loss.backward();
            if (o.clipNorm > 0) torch::nn::utils::clip_grad_norm_(trainable, o.clipNorm);
            optimizer.step();
            if (o.bfloat16Autocast) at::autocast::clear_cache();

            MtProgress progress;
            progress.epoch = epoch;
            progress.epochs = o.epochs;
            progress.step = step;
            progress.totalSteps = totalSteps;
            progress.loss = loss.item<double>();
            progress.learningRate = lr;
            tokens += batch.targetTokens;
            const double elapsed = std::chrono::duration<double>(Clock::now() - epochStart).count();
            progress.tokensPerSecond = elapsed > 0 ? static_cast<double>(tokens) / elapsed : 0.0;
            progress.etaSeconds =
                elapsed / static_cast<double>(step - firstStepThisRun) * static_cast<double>(totalSteps - step);
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

        MtEpochReport report;
        report.epoch = epoch;
        report.trainLoss = lossCount ? lossSum / static_cast<double>(lossCount) : 0.0;
        if (!valid.empty()) {
            torch::NoGradGuard noGrad;
            double lossTotal = 0.0, count = 0.0;
            for (const auto& vb : makeMtBatches(valid, o.batchTokens, 99)) {
                const auto batch = padBatch(valid, vb, pad, start, device);
                AutocastScope autocast(o.bfloat16Autocast, device);
                auto logits = forward(batch, false);
                const auto n = static_cast<double>(batch.targetTokens);
                lossTotal +=
                    F::cross_entropy(logits.view({-1, logits.size(-1)}), batch.labels.view({-1}), lossOptions(0.0))
                        .item<double>() *
                    n;
                count += n;
            }
            report.validated = true;
            report.validLoss = lossTotal / count;
            const auto n = std::min<std::size_t>(valid.size(), static_cast<std::size_t>(std::max(0, o.bleuSentences)));
            if (n > 0) {
                std::vector<std::string> hypotheses, references;
                for (std::size_t i = 0; i < n; ++i) {
                    const auto ids = greedyDecode(model, valid[i].source, start, eos, pad,
                                                  std::min(o.maxPositions - 1, 2 * o.maxTokens), device);
                    hypotheses.push_back(detokenize(vocab, ids));
                    references.push_back(validLines.target[i]);
                }
                report.bleuComputed = true;
                report.bleu = corpusBleu(hypotheses, references);
            }
        }
        report.seconds = std::chrono::duration<double>(Clock::now() - started).count();
        result.epochs.push_back(report);
        if (onEpoch) onEpoch(report);
        checkpoint.save(*model, trainableNames, optimizer, {step, epoch + 1, 0});
    }
    result.steps = step;
    result.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    exportMarian(model, config, o, step);
    return result;
}

double corpusBleu(const std::vector<std::string>& hypotheses, const std::vector<std::string>& references) {
    auto words = [](const std::string& s) {
        std::istringstream in(s);
        std::vector<std::string> w;
        for (std::string t; in >> t;) w.push_back(t);
        return w;
    };
    double matches[4] = {0, 0, 0, 0}, totals[4] = {0, 0, 0, 0};
    double hypLength = 0, refLength = 0;
    for (std::size_t i = 0; i < std::min(hypotheses.size(), references.size()); ++i) {
        const auto h = words(hypotheses[i]), r = words(references[i]);
        hypLength += static_cast<double>(h.size());
        refLength += static_cast<double>(r.size());
        for (std::size_t n = 1; n <= 4; ++n) {
            std::map<std::vector<std::string>, int> refCounts;
            for (std::size_t k = 0; k + n <= r.size(); ++k) ++refCounts[{r.begin() + k, r.begin() + k + n}];
            for (std::size_t k = 0; k + n <= h.size(); ++k) {
                auto it = refCounts.find({h.begin() + k, h.begin() + k + n});
                if (it != refCounts.end() && it->second > 0) {
                    --it->second;
                    ++matches[n - 1];
                }
                ++totals[n - 1];
            }
        }
    }
    double logPrecision = 0.0;
    for (int n = 0; n < 4; ++n) {
        if (matches[n] == 0 || totals[n] == 0) return 0.0;
        logPrecision += std::log(matches[n] / totals[n]) / 4.0;
    }
    const double brevity = hypLength < refLength ? std::exp(1.0 - refLength / hypLength) : 1.0;
    return 100.0 * brevity * std::exp(logPrecision);
}

}  // namespace attnscope
