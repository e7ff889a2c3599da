// attnscope-cli inspect: how one attention head computes its weights on a text (the attention
// lab's numbers, attnscope/inspection.h): Q, K, V, q·kᵀ, the scale, the mask, the softmax
// weights, the head's output and the layer's projected output, printed in short and exported
// in full with --json.
#include "commands.h"

#include "attnscope/bert_encoder.h"
#include "attnscope/errors.h"
#include "attnscope/hub_cache.h"
#include "attnscope/inspection.h"
#include "attnscope/json_export.h"
#include "attnscope/marian_text.h"
#include "attnscope/model_registry.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <memory>

namespace {

struct InspectArgs {
    std::string model;
    std::string text;
    std::string kind = "encoder";
    std::string targetPrefix;
    std::string ablate;
    std::string json;
    int layer = 0;
    int head = 0;
    int beams = 1;
    int threads = 0;
};

nlohmann::json matrixJson(const attnscope::FloatMatrix& m) {
    auto rows = nlohmann::json::array();
    for (int r = 0; r < m.rows; ++r)
        rows.push_back(std::vector<float>(m.values.begin() + static_cast<std::ptrdiff_t>(r) * m.cols,
                                         m.values.begin() + static_cast<std::ptrdiff_t>(r + 1) * m.cols));
    return rows;
}

nlohmann::json tokensJson(const std::vector<attnscope::Token>& tokens) {
    auto out = nlohmann::json::array();
    for (const auto& t : tokens)
        out.push_back({{"id", t.id}, {"piece", t.piece}, {"begin", t.charBegin}, {"end", t.charEnd}, {"special", t.special}});
    return out;
}

int runInspect(const InspectArgs& args) {
    using namespace attnscope;
    const std::string model = hub::resolveModelPath(args.model);
    const ModelIdentity identity = identifyModel(model);
    const AttentionKind kind = parseAttentionKind(args.kind);
    LoadOptions options;
    options.threads = args.threads;
    HeadAblation ablation;
    HeadInspection r;
    if (identity.family == ModelFamily::Encoder) {
        if (kind != AttentionKind::Encoder)
            throw InputError("'" + args.model + "' is an encoder: it has only --kind encoder (self-attention)");
        if (!args.targetPrefix.empty()) throw InputError("--target-prefix is for translation models");
        ablation.encoder = parseHeadList(args.ablate);
        r = BertEncoder::load(model, options)->inspect(args.text, args.layer, args.head, ablation);
    } else {
        ablation.of(kind) = parseHeadList(args.ablate);
        TranslateOptions t = TranslateOptions::interactive(args.beams);
        t.ablation = ablation;
        r = TextTranslator::load(model, options)->inspect(args.text, kind, args.layer, args.head, t, args.targetPrefix);
    }

    std::printf("model:    %s\n", args.model.c_str());
    std::printf("head:     %s attention, layer %d, head %d (d = %d of D = %d)%s\n", attentionKindName(kind), r.layer,
                r.head, r.headDim, r.modelDim, r.ablated ? ", switched off" : "");
    if (!ablation.empty()) std::printf("ablated:  %s\n", headListString(ablation.of(kind)).c_str());
    std::printf("weights:  softmax(q·kᵀ × %.6f + mask), %zu queries × %zu keys\n", r.scale, r.queryTokens.size(),
                r.keyTokens.size());
    // Per query: its strongest key and that weight.
    for (int q = 0; q < r.weights.rows; ++q) {
        int best = 0;
        for (int k = 1; k < r.weights.cols; ++k)
            if (r.weights.at(q, k) > r.weights.at(q, best)) best = k;
        int hidden = 0;
        for (int k = 0; k < r.masked.cols; ++k) hidden += r.masked.at(q, k) > 0.5f;
        std::printf("  %-16s -> %-16s %.4f  (q·k %.3f)%s\n", r.queryTokens[static_cast<std::size_t>(q)].piece.c_str(),
                    r.keyTokens[static_cast<std::size_t>(best)].piece.c_str(), r.weights.at(q, best), r.scores.at(q, best),
                    hidden ? (", " + std::to_string(hidden) + " future keys masked").c_str() : "");
    }
    if (!args.json.empty()) {
        nlohmann::json j = {{"model", args.model},
                            {"kind", attentionKindName(kind)},
                            {"layer", r.layer},
                            {"head", r.head},
                            {"head_dim", r.headDim},
                            {"model_dim", r.modelDim},
                            {"scale", r.scale},
                            {"ablated", r.ablated},
                            {"ablation", headListString(ablation.of(kind))},
                            {"query_tokens", tokensJson(r.queryTokens)},
                            {"key_tokens", tokensJson(r.keyTokens)},
                            {"input", matrixJson(r.input)},
                            {"key_input", matrixJson(r.keyInput)},
                            {"query", matrixJson(r.query)},
                            {"key", matrixJson(r.key)},
                            {"value", matrixJson(r.value)},
                            {"scores", matrixJson(r.scores)},
                            {"masked", matrixJson(r.masked)},
                            {"weights", matrixJson(r.weights)},
                            {"head_output", matrixJson(r.headOutput)},
                            {"layer_output", matrixJson(r.layerOutput)}};
        if (r.wordEmbeddings.rows > 0) {
            j["word_embeddings"] = matrixJson(r.wordEmbeddings);
            j["position_embeddings"] = matrixJson(r.positionEmbeddings);
            if (r.tokenTypeEmbeddings.rows > 0) j["token_type_embeddings"] = matrixJson(r.tokenTypeEmbeddings);
            j["embed_scale"] = r.embedScale;
        }
        writeTextFile(j.dump(), args.json);
        if (args.json != "-") std::printf("json:     %s\n", args.json.c_str());
    }
    return 0;
}

}  // namespace

Command addInspectCommand(CLI::App& app) {
    auto args = std::make_shared<InspectArgs>();
    auto* cmd = app.add_subcommand("inspect", "Show how one attention head computes its weights (Q, K, V, scores, softmax)");
    cmd->add_option("--model,-m", args->model, "Checkpoint folder (an encoder or a Marian translator)")->required();
    cmd->add_option("--text,-t", args->text, "Text (the source text for a translator)")->required();
    cmd->add_option("--layer,-l", args->layer, "Layer, from 0")->required()->check(CLI::Range(0, 1000));
    cmd->add_option("--head", args->head, "Head, from 0")->required()->check(CLI::Range(0, 1000));
    cmd->add_option("--kind,-k", args->kind, "encoder, decoder (causal self-attention) or cross (encoder-decoder)")
        ->capture_default_str();
    cmd->add_option("--target-prefix", args->targetPrefix,
                    "Decoder input after the start token (default: the model's own translation so far)");
    cmd->add_option("--ablate", args->ablate, "Heads of the same kind switched off, LAYER:HEAD[,...]");
    cmd->add_option("--beams,-b", args->beams, "Beams for the translation the decoder rows follow")
        ->check(CLI::Range(1, 64))
        ->capture_default_str();
    cmd->add_option("--json,-j", args->json, "Write every matrix to this file ('-': stdout)");
    cmd->add_option("--threads", args->threads, "CPU threads for LibTorch (0: its default)")->check(CLI::Range(0, 1024));
    return {cmd, [args] { return runInspect(*args); }};
}
