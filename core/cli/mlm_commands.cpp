// attnscope-cli train-mlm / eval-mlm: train a masked-LM head on a BERT checkpoint and score
// masked whole-word prediction on held-out text.
#include "commands.h"

#include "attnscope/errors.h"
#include "attnscope/hub_cache.h"
#include "attnscope/json_export.h"
#include "attnscope/mlm_evaluation.h"
#include "attnscope/mlm_trainer.h"
#include "attnscope/text_lines.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <memory>

namespace {

std::atomic<bool> interrupted{false};

void onInterrupt(int) { interrupted = true; }

struct TrainArgs {
    attnscope::MlmTrainingOptions options;
    std::string device = "auto";
    bool bf16 = false;
};

int runTrain(TrainArgs& args) {
    using namespace attnscope;
    auto& o = args.options;
    o.device = parseDeviceChoice(args.device);
    o.bfloat16Autocast = args.bf16;
    std::signal(SIGINT, onInterrupt);  // Ctrl-C: stop after this step, checkpoint, export
    auto lastPrint = std::chrono::steady_clock::now() - std::chrono::hours(1);
    const auto result = trainMaskedLm(
        o,
        [&](const MlmProgress& p) {
            const auto now = std::chrono::steady_clock::now();
            if (now - lastPrint > std::chrono::seconds(5) || p.step == p.totalSteps || p.step <= 2) {
                std::printf("epoch %d/%d  step %ld/%ld  loss %.4f  masked acc %.3f  %.0f tok/s  ETA %s\n", p.epoch,
                            p.epochs, p.step, p.totalSteps, p.loss, p.maskedAccuracy, p.tokensPerSecond,
                            formatDuration(p.etaSeconds).c_str());
                std::fflush(stdout);
                lastPrint = now;
            }
            return !interrupted.load();
        },
        [](const MlmEpochReport& r) {
            if (r.validated)
                std::printf("epoch %d done  train loss %.4f  valid loss %.4f  valid masked acc %.4f  (%s)\n", r.epoch,
                            r.trainLoss, r.validLoss, r.validAccuracy, formatDuration(r.seconds).c_str());
            else
                std::printf("epoch %d done  train loss %.4f  (no --valid text)  (%s)\n", r.epoch, r.trainLoss,
                            formatDuration(r.seconds).c_str());
            std::fflush(stdout);
        });
    std::printf("%s after %ld steps in %s on %s; model written to %s\n", result.cancelled ? "stopped" : "finished",
                result.steps, formatDuration(result.seconds).c_str(), result.device.c_str(), result.modelDir.c_str());
    return result.cancelled ? 130 : 0;
}

struct EvalArgs {
    std::string model;
    std::vector<std::string> data;
    std::string json;
    std::size_t max = 2000;
    std::uint64_t seed = 7;
    int threads = 0;
};

int runEval(const EvalArgs& args) {
    using namespace attnscope;
    EncoderOptions options;
    options.threads = args.threads;
    auto encoder = BertEncoder::load(hub::resolveModelPath(args.model), options);
    std::vector<std::string> lines;
    for (const auto& f : args.data) {
        auto more = readTextLines(f);
        lines.insert(lines.end(), more.begin(), more.end());
    }
    const auto s = evaluateWholeWordMasking(*encoder, lines, args.max, args.seed, 10);
    if (s.examples == 0) {  // an empty or unusable file must not look like a score of 0
        std::string files;
        for (const auto& f : args.data) files += (files.empty() ? "'" : ", '") + f + "'";
        throw attnscope::InputError("eval-mlm found no sentence to score in " + files +
                                    " (empty, or no maskable words)");
    }
    std::printf("masked whole-word prediction on %zu held-out sentences\n", s.examples);
    std::printf("  all words:      top-1 %.3f  top-5 %.3f\n", s.top1Rate(), s.top5Rate());
    std::printf("  content words:  top-1 %.3f  top-5 %.3f  (%zu examples; function words excluded)\n",
                s.contentTop1Rate(), s.contentTop5Rate(), s.contentExamples);
    for (const auto& ex : s.samples) {
        std::printf("  %s\n    answer %-12s top-5:", ex.maskedText.c_str(), ex.answer.c_str());
        for (std::size_t i = 0; i < ex.top5.size(); ++i)
            std::printf(" %s (%.2f)", ex.top5[i].c_str(), ex.probabilities[i]);
        std::printf("\n");
    }
    if (!args.json.empty()) {
        nlohmann::json samples = nlohmann::json::array();
        for (const auto& ex : s.samples)
            samples.push_back({{"masked", ex.maskedText},
                               {"answer", ex.answer},
                               {"top5", ex.top5},
                               {"probabilities", ex.probabilities}});
        const nlohmann::json scores{{"examples", s.examples},
                                    {"top1", s.top1Rate()},
                                    {"top5", s.top5Rate()},
                                    {"content_examples", s.contentExamples},
                                    {"content_top1", s.contentTop1Rate()},
                                    {"content_top5", s.contentTop5Rate()},
                                    {"samples", samples}};
        writeTextFile(scores.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), args.json);
    }
    return 0;
}

}  // namespace

Command addTrainMlmCommand(CLI::App& app) {
    auto args = std::make_shared<TrainArgs>();
    auto& o = args->options;
    auto* cmd = app.add_subcommand("train-mlm", "Train a masked-LM head (and top layers) on a BERT checkpoint");
    cmd->add_option("--init", o.initModel, "BERT checkpoint folder to start from")->required();
    cmd->add_option("--train", o.trainFiles, "Training text, one sentence per line (.gz ok)")->required();
    cmd->add_option("--valid", o.validFiles, "Validation text, scored after every epoch");
    cmd->add_option("--out,-o", o.outDir, "Output folder (model + checkpoint/)")->required();
    cmd->add_option("--epochs", o.epochs, "Passes over the training text")->capture_default_str();
    cmd->add_option("--max-steps", o.maxSteps, "Stop after this many steps (0: no limit)");
    cmd->add_option("--batch-tokens", o.batchTokens, "Tokens per batch")->capture_default_str();
    cmd->add_option("--max-tokens", o.maxTokens, "Truncate sentences to this many tokens")->capture_default_str();
    cmd->add_option("--lr", o.learningRate, "Peak learning rate (AdamW)")->capture_default_str();
    cmd->add_option("--warmup", o.warmupSteps, "Warm-up steps")->capture_default_str();
    cmd->add_option("--train-layers", o.trainLayers, "Top encoder layers to fine-tune with the head")
        ->capture_default_str();
    cmd->add_option("--mask-prob", o.maskProbability, "Share of word pieces masked")->capture_default_str();
    cmd->add_option("--valid-sentences", o.validSentences, "Cap on validation sentences")->capture_default_str();
    cmd->add_option("--checkpoint-every", o.checkpointEvery, "Steps between checkpoints")->capture_default_str();
    cmd->add_flag("--resume", o.resume, "Continue from OUT/checkpoint");
    cmd->add_flag("--bf16", args->bf16, "bfloat16 autocast for the trained part (CPUs with AMX/AVX512-BF16, GPUs)");
    cmd->add_option("--device,-d", args->device, "auto, cpu or cuda")->capture_default_str();
    cmd->add_option("--threads", o.threads, "CPU threads (0: LibTorch's default)");
    cmd->add_option("--seed", o.seed, "Random seed (masking, batch order, head init)")->capture_default_str();
    return {cmd, [args] { return runTrain(*args); }};
}

Command addEvalMlmCommand(CLI::App& app) {
    auto args = std::make_shared<EvalArgs>();
    auto* cmd = app.add_subcommand("eval-mlm", "Score masked whole-word prediction on held-out text");
    cmd->add_option("--model,-m", args->model, "Checkpoint folder with a masked-LM head")->required();
    cmd->add_option("--data", args->data, "Held-out text, one sentence per line (.gz ok)")->required();
    cmd->add_option("--max", args->max, "Sentences to score")->capture_default_str();
    cmd->add_option("--seed", args->seed, "Which word of each sentence is masked")->capture_default_str();
    cmd->add_option("--json", args->json, "Write the scores and examples as JSON");
    cmd->add_option("--threads", args->threads, "CPU threads (0: LibTorch's default)");
    return {cmd, [args] { return runEval(*args); }};
}
