// attnscope-cli train-mt: train a Marian-layout translation model from a parallel corpus.
#include "commands.h"

#include "attnscope/mt_trainer.h"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <memory>

namespace {

std::atomic<bool> stopRequested{false};

void onStop(int) { stopRequested = true; }

struct TrainMtArgs {
    attnscope::MtTrainingOptions options;
    std::string device = "auto";
    bool separateVocabularies = false;
};

int runTrainMt(TrainMtArgs& args) {
    using namespace attnscope;
    auto& o = args.options;
    o.device = parseDeviceChoice(args.device);
    o.jointVocabulary = !args.separateVocabularies;
    std::signal(SIGINT, onStop);  // Ctrl-C: stop after this step, checkpoint, export
    auto lastPrint = std::chrono::steady_clock::now() - std::chrono::hours(1);
    const auto result = trainTranslation(
        o,
        [&](const MtProgress& p) {
            const auto now = std::chrono::steady_clock::now();
            if (now - lastPrint > std::chrono::seconds(5) || p.step == p.totalSteps || p.step <= 2) {
                std::printf("epoch %d/%d  step %ld/%ld  loss %.4f  lr %.2e  %.0f tok/s  ETA %s\n", p.epoch, p.epochs,
                            p.step, p.totalSteps, p.loss, p.learningRate, p.tokensPerSecond,
                            formatDuration(p.etaSeconds).c_str());
                std::fflush(stdout);
                lastPrint = now;
            }
            return !stopRequested.load();
        },
        [](const MtEpochReport& r) {
            std::printf("epoch %d done  train loss %.4f", r.epoch, r.trainLoss);
            if (r.validated) std::printf("  valid loss %.4f", r.validLoss);
            if (r.bleuComputed) std::printf("  valid BLEU %.2f (greedy, whitespace tokens)", r.bleu);
            std::printf("  (%s)\n", formatDuration(r.seconds).c_str());
            std::fflush(stdout);
        });
    std::printf("%s after %ld steps in %s on %s (%ld training pairs, vocabulary %d); model written to %s\n",
                result.cancelled ? "stopped" : "finished", result.steps, formatDuration(result.seconds).c_str(),
                result.device.c_str(), result.trainPairs, result.vocabSize, result.modelDir.c_str());
    return result.cancelled ? 130 : 0;
}

}  // namespace

Command addTrainMtCommand(CLI::App& app) {
    auto args = std::make_shared<TrainMtArgs>();
    auto& o = args->options;
    auto* cmd = app.add_subcommand("train-mt", "Train a Marian-layout translation model from parallel text");
    cmd->add_option("--train-src", o.trainSource, "Training source text, one sentence per line (.gz ok)")->required();
    cmd->add_option("--train-tgt", o.trainTarget, "Training target text, aligned line by line")->required();
    cmd->add_option("--valid-src", o.validSource, "Validation source text (scored every epoch)");
    cmd->add_option("--valid-tgt", o.validTarget, "Validation target text");
    cmd->add_option("--out,-o", o.outDir, "Output folder (model + checkpoint/)")->required();
    cmd->add_option("--src-lang", o.sourceLanguage, "Source language code, e.g. en");
    cmd->add_option("--tgt-lang", o.targetLanguage, "Target language code, e.g. de");
    cmd->add_flag("--separate-vocab", args->separateVocabularies, "One SentencePiece model per side (default: joint)");
    cmd->add_option("--vocab-size", o.vocabSize, "SentencePiece vocabulary size")->capture_default_str();
    cmd->add_option("--d-model", o.dModel, "Model width")->capture_default_str();
    cmd->add_option("--encoder-layers", o.encoderLayers, "Encoder layers")->capture_default_str();
    cmd->add_option("--decoder-layers", o.decoderLayers, "Decoder layers")->capture_default_str();
    cmd->add_option("--heads", o.heads, "Attention heads")->capture_default_str();
    cmd->add_option("--ffn-dim", o.ffnDim, "Feed-forward width")->capture_default_str();
    cmd->add_option("--epochs", o.epochs, "Passes over the training text")->capture_default_str();
    cmd->add_option("--max-steps", o.maxSteps, "Stop after this many steps (0: no limit)");
    cmd->add_option("--batch-tokens", o.batchTokens, "Padded tokens per batch")->capture_default_str();
    cmd->add_option("--max-tokens", o.maxTokens, "Truncate sentences to this many pieces")->capture_default_str();
    cmd->add_option("--lr", o.learningRate, "Peak learning rate")->capture_default_str();
    cmd->add_option("--warmup", o.warmupSteps, "Warm-up steps, then 1/sqrt(step) decay")->capture_default_str();
    cmd->add_option("--label-smoothing", o.labelSmoothing, "Label smoothing")->capture_default_str();
    cmd->add_option("--dropout", o.dropout, "Dropout")->capture_default_str();
    cmd->add_option("--bleu-sentences", o.bleuSentences, "Validation pairs decoded for BLEU each epoch")
        ->capture_default_str();
    cmd->add_option("--checkpoint-every", o.checkpointEvery, "Steps between checkpoints")->capture_default_str();
    cmd->add_flag("--resume", o.resume, "Continue from OUT/checkpoint");
    cmd->add_flag("--bf16", o.bfloat16Autocast, "bfloat16 autocast (CPUs with AMX/AVX512-BF16, GPUs)");
    cmd->add_option("--device,-d", args->device, "auto, cpu or cuda")->capture_default_str();
    cmd->add_option("--threads", o.threads, "CPU threads (0: LibTorch's default)");
    cmd->add_option("--seed", o.seed, "Random seed")->capture_default_str();
    return {cmd, [args] { return runTrainMt(*args); }};
}
