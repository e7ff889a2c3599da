// attnscope-cli: the command-line face of the core. `encode` runs a BERT-family model on a
// text and prints tokens, device, time and masked-word predictions; --json exports every
// attention weight. Errors print one line and exit non-zero.
#include "attnscope/bert_encoder.h"
#include "attnscope/errors.h"
#include "attnscope/json_export.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

namespace {

struct EncodeArgs {
    std::string model;
    std::string text;
    std::string device = "auto";
    std::string precision = "float32";
    std::string json;
    int topK = 5;
    int threads = 0;
};

int runEncode(const EncodeArgs& args) {
    using namespace attnscope;
    EncoderOptions options;
    options.device = parseDeviceChoice(args.device);
    if (args.precision == "bfloat16" || args.precision == "bf16")
        options.precision = Precision::BFloat16;
    else if (args.precision != "float32" && args.precision != "fp32")
        throw InputError("Unknown precision '" + args.precision + "': choose float32 or bfloat16");
    options.threads = args.threads;

    auto encoder = BertEncoder::load(args.model, options);
    const auto result = encoder->encode(args.text, args.topK);
    const auto& c = encoder->config();

    std::printf("model:   %s (%s, %d layers x %d heads, hidden %d%s)\n", args.model.c_str(), c.modelType.c_str(),
                c.numLayers, c.numHeads, c.hiddenSize, encoder->hasMaskedLmHead() ? ", masked-LM head" : "");
    std::printf("device:  %s (%s)\n", result.device.c_str(), result.precision.c_str());
    std::printf("forward: %.2f ms\n", result.forwardMs);
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
        writeJsonFile(encodeResultToJson(result, args.model), args.json);
        if (args.json != "-") std::printf("json:    %s\n", args.json.c_str());
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"attnscope-cli: run a transformer and print or export every attention weight"};
    app.require_subcommand(1);

    EncodeArgs encode;
    auto* enc = app.add_subcommand("encode", "Run a BERT-family encoder on a text");
    enc->add_option("--model,-m", encode.model, "Hugging Face checkpoint folder (config.json, model.safetensors, "
                                                "vocab.txt)")
        ->required();
    enc->add_option("--text,-t", encode.text, "Text to encode; [MASK] marks words to predict")->required();
    enc->add_option("--device,-d", encode.device, "auto, cpu or cuda")->capture_default_str();
    enc->add_option("--precision", encode.precision, "float32 (faithful) or bfloat16 (fast mode)")
        ->capture_default_str();
    enc->add_option("--json,-j", encode.json, "Write tokens, offsets and all attentions to this file ('-': stdout)");
    enc->add_option("--top-k,-k", encode.topK, "Predictions shown per [MASK]")->check(CLI::Range(1, 1000))
        ->capture_default_str();
    enc->add_option("--threads", encode.threads, "CPU threads for LibTorch (0: its default)")
        ->check(CLI::Range(0, 1024));

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    try {
        if (*enc) return runEncode(encode);
    } catch (const attnscope::Error& e) {
        std::fprintf(stderr, "attnscope-cli: error: %s\n", e.what());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "attnscope-cli: internal error: %s\n", e.what());
        return 2;
    }
    return 0;
}
