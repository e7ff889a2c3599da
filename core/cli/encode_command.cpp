// attnscope-cli encode: run a BERT-family encoder on a text; print or export attentions.
#include "commands.h"

#include "attnscope/bert_encoder.h"
#include "attnscope/errors.h"
#include "attnscope/hub_cache.h"
#include "attnscope/json_export.h"
#include "attnscope/model_registry.h"

#include <cstdio>
#include <memory>

namespace {

struct EncodeArgs {
    std::string model;
    std::string text;
    std::string device = "auto";
    std::string precision = "float32";
    std::string json;
    std::vector<std::string> aggregates;  // --aggregate, each mean|max|rollout
    bool stats = false;
    int topK = 5;
    int threads = 0;
    std::string ablate;  // --ablate L:H,...
};

int runEncode(const EncodeArgs& args) {
    using namespace attnscope;
    // The registry reads config.json first, so a translation model gets pointed at the right
    // command and an unknown model_type names the known ones, before any weights are read.
    const std::string model = hub::resolveModelPath(args.model);  // a folder, or ORG/NAME in the HF cache
    const ModelIdentity identity = identifyModel(model);
    if (identity.family != ModelFamily::Encoder)
        throw InputError("'" + args.model + "' holds a " + modelFamilyName(identity.family) + " (model_type \"" +
                         identity.modelType + "\"): use 'attnscope-cli translate' for it");
    LoadOptions options;
    options.device = parseDeviceChoice(args.device);
    if (args.precision == "bfloat16" || args.precision == "bf16") options.precision = Precision::BFloat16;
    else if (args.precision != "float32" && args.precision != "fp32")
        throw InputError("Unknown precision '" + args.precision + "': choose float32 or bfloat16");
    options.threads = args.threads;
    const ExportAnalysis extra = exportAnalysis(args.aggregates, args.stats, args.json);

    auto encoder = BertEncoder::load(model, options);
    HeadAblation ablation;
    ablation.encoder = parseHeadList(args.ablate);
    const auto result = encoder->encode(args.text, args.topK, ablation);
    const auto& c = encoder->config();

    std::printf("model:   %s (%s, %d layers x %d heads, hidden %d%s)\n", args.model.c_str(), c.modelType.c_str(),
                c.numLayers, c.numHeads, c.hiddenSize, encoder->hasMaskedLmHead() ? ", masked-LM head" : "");
    std::printf("device:  %s (%s)\n", result.device.c_str(), result.precision.c_str());
    std::printf("forward: %.2f ms\n", result.forwardMs);
    if (!ablation.empty()) std::printf("ablated: heads %s switched off\n", headListString(ablation.encoder).c_str());
    std::printf("tokens:  %zu\n", result.tokens.size());
    std::string line;
    for (std::size_t i = 0; i < result.tokens.size(); ++i) {
        line += (i ? " " : "  ") + result.tokens[i].piece;
        if (line.size() > 90 || i + 1 == result.tokens.size()) {
            std::printf("%s\n", line.c_str());
            line = " ";
        }
    }
    if (result.truncated)
        std::printf("note:    text truncated to %zu of %zu tokens (the model's maximum)\n", result.tokens.size(),
                    result.fullLength);
    for (const auto& p : result.maskPredictions) {
        std::printf("[MASK] at token %zu:", p.tokenIndex);
        for (const auto& cand : p.top) std::printf("  %s %.4f", cand.token.c_str(), cand.probability);
        std::printf("\n");
    }
    if (!encoder->hasMaskedLmHead() && encoder->tokenizer().maskId() >= 0) {
        for (const auto& t : result.tokens)
            if (t.id == encoder->tokenizer().maskId()) {
                std::printf("note:    this checkpoint has no masked-LM head (cls.predictions), so [MASK] is not "
                            "predicted\n");
                break;
            }
    }
    if (!args.json.empty()) {
        writeTextFile(encodeResultJson(result, args.model, extra), args.json);
        if (args.json != "-") std::printf("json:    %s\n", args.json.c_str());
    }
    return 0;
}

}  // namespace

Command addEncodeCommand(CLI::App& app) {
    auto args = std::make_shared<EncodeArgs>();
    auto* enc = app.add_subcommand("encode", "Run a BERT-family encoder on a text");
    enc->add_option("--model,-m", args->model,
                    "Hugging Face checkpoint folder (config.json, model.safetensors, "
                    "vocab.txt)")
        ->required();
    enc->add_option("--text,-t", args->text, "Text to encode; [MASK] marks words to predict")->required();
    enc->add_option("--device,-d", args->device, "auto, cpu or cuda")->capture_default_str();
    enc->add_option("--precision", args->precision, "float32 (faithful) or bfloat16 (fast mode)")
        ->capture_default_str();
    enc->add_option("--json,-j", args->json, "Write tokens, offsets and all attentions to this file ('-': stdout)");
    addExportAnalysisOptions(*enc, args->aggregates, args->stats);
    enc->add_option("--top-k,-k", args->topK, "Predictions shown per [MASK]")
        ->check(CLI::Range(1, 1000))
        ->capture_default_str();
    enc->add_option("--threads", args->threads, "CPU threads for LibTorch (0: its default)")
        ->check(CLI::Range(0, 1024));
    enc->add_option("--ablate", args->ablate,
                    "Switch heads off, LAYER:HEAD[,LAYER:HEAD...] counted from 0 (Hugging Face's head_mask)");
    return {enc, [args] { return runEncode(*args); }};
}
