// attnscope-cli generate: continue a prompt with a GPT-2 checkpoint (greedy or beam search),
// streaming the tokens as they come; print the text and the times; export the tokens, the
// n-best list and every causal attention as JSON (schema "attnscope.generate/1").
#include "commands.h"

#include "attnscope/errors.h"
#include "attnscope/gpt2.h"
#include "attnscope/hub_cache.h"
#include "attnscope/json_export.h"
#include "attnscope/model_registry.h"

#include <cstdio>
#include <memory>

namespace {

struct GenerateArgs {
    std::string model, text, device = "auto", json, ablate;
    int beams = 1;
    int maxNewTokens = 20;
    double lengthPenalty = 1.0;
    bool earlyStopping = false;
    int threads = 0;
};

int runGenerate(const GenerateArgs& args) {
    using namespace attnscope;
    const std::string modelDir = hub::resolveModelPath(args.model);
    LoadOptions load;
    load.device = parseDeviceChoice(args.device);
    load.threads = args.threads;
    auto opened = openModel(modelDir, ModelFamily::Generator, load);
    const Gpt2Generator& model = *opened.generator;
    GenerateOptions options;
    options.beams = args.beams;
    options.maxNewTokens = args.maxNewTokens;
    options.lengthPenalty = args.lengthPenalty;
    options.earlyStopping = args.earlyStopping;
    options.ablation.decoder = parseHeadList(args.ablate);
    const bool streaming = args.beams == 1 && args.json != "-";
    if (streaming) std::printf("%s", args.text.c_str());
    const auto r = model.generate(args.text, options, [&](const GenerationStep& step) {
        if (streaming && step.tokenId != model.config().eosTokenId) {
            std::printf("%s", byteLevelPieceBytes(model.tokenizer().idToToken(step.tokenId)).c_str());
            std::fflush(stdout);
        }
        return true;
    });
    if (args.json != "-") {
        if (streaming) std::printf("\n");
        else std::printf("%s\n", r.text.c_str());
        std::fprintf(stderr, "%zu prompt + %zu new tokens, generated in %.1f ms (+ %.1f ms attention pass), %s\n",
                     r.promptTokens, r.tokens.size() - r.promptTokens, r.generateMs, r.attentionMs,
                     model.device().c_str());
    }
    if (!args.json.empty()) writeTextFile(generationJson(r, args.model, args.beams), args.json);
    return 0;
}

}  // namespace

Command addGenerateCommand(CLI::App& app) {
    auto args = std::make_shared<GenerateArgs>();
    auto* cmd = app.add_subcommand("generate", "Continue a prompt with a GPT-2 model");
    cmd->add_option("--model,-m", args->model, "GPT-2 checkpoint folder (config.json, weights, vocab.json, merges.txt)")
        ->required();
    cmd->add_option("--text,-t", args->text, "The prompt")->required();
    cmd->add_option("--max-new-tokens,-n", args->maxNewTokens, "Most new tokens")
        ->check(CLI::Range(1, 100000))
        ->capture_default_str();
    cmd->add_option("--beams,-b", args->beams, "Beams (1: greedy)")->check(CLI::Range(1, 16))->capture_default_str();
    cmd->add_option("--length-penalty", args->lengthPenalty, "Beam search length penalty")
        ->check(CLI::Range(-10.0, 10.0))
        ->capture_default_str();
    cmd->add_flag("--early-stopping", args->earlyStopping, "Beam search stops once all beams are finished");
    cmd->add_option("--device,-d", args->device, "auto, cpu or cuda")->capture_default_str();
    cmd->add_option("--json,-j", args->json, "Write tokens, n-best and every attention to this file ('-': stdout)");
    cmd->add_option("--threads", args->threads, "CPU threads for LibTorch (0: its default)")->check(CLI::Range(0, 1024));
    cmd->add_option("--ablate", args->ablate, "Switch heads off, LAYER:HEAD[,...] from 0 (Hugging Face's head_mask)");
    return {cmd, [args] { return runGenerate(*args); }};
}
