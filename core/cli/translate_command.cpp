// attnscope-cli translate: translate a text with a Marian (opus-mt) checkpoint; print the
// translation, the times and a Pharaoh word-piece alignment; export every attention as JSON
// (schema "attnscope.translate/1").
#include "commands.h"

#include "attnscope/errors.h"
#include "attnscope/hub_cache.h"
#include "attnscope/json_export.h"
#include "attnscope/marian_text.h"
#include "attnscope/model_registry.h"
#include "attnscope/text_lines.h"
#include "attnscope/translation_quality.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>

namespace {

struct TranslateArgs {
    std::string model;
    std::string text;
    bool textGiven = false;
    std::string input;
    std::string output;
    std::string device = "auto";
    std::string json;
    std::string quality;                  // --quality: per-line warning signs (TSV), with --input
    std::vector<std::string> aggregates;  // --aggregate, each mean|max|rollout
    bool stats = false;
    int beams = 1;
    double lengthPenalty = 1.0;
    int maxNewTokens = 0;
    bool earlyStopping = false;
    int alignLayer = -1;
    int threads = 0;
    std::string ablateCross, ablateEncoder, ablateDecoder;  // --ablate*, LAYER:HEAD lists
};

// --input: one translation per line of the input (empty lines stay empty), written to
// --output (or stdout), with a summary on stderr. For corpus evaluation (e.g. sacreBLEU).
int runTranslateFile(const attnscope::TextTranslator& translator, const attnscope::TranslateOptions& t,
                     const TranslateArgs& args) {
    using namespace attnscope;
    const auto lines = readTextLines(args.input, /*keepEmptyLines=*/true);
    std::FILE* out = args.output.empty() || args.output == "-" ? stdout : std::fopen(args.output.c_str(), "w");
    if (!out) throw InputError("Cannot write '" + args.output + "'");
    std::FILE* quality = args.quality.empty() ? nullptr : std::fopen(args.quality.c_str(), "w");
    if (!args.quality.empty() && !quality) throw InputError("Cannot write '" + args.quality + "'");
    if (quality)
        std::fprintf(quality, "line\tmean_log_probability\ttokens\tlow_confidence\tcharacter_run\trepeated_phrase\n");
    std::size_t lineNumber = 0, flagged = 0;
    const auto start = std::chrono::steady_clock::now();
    std::size_t translated = 0, truncated = 0;
    for (const auto& line : lines) {
        std::string translation;
        if (line.find_first_not_of(" \t\r\n\f\v") != std::string::npos) {
            const auto r = translator.translate(line, t);
            translation = r.translation;
            ++translated;
            truncated += r.truncated ? 1 : 0;
            if (quality) {
                const auto q = assessTranslation(r);
                flagged += q.suspicious() ? 1 : 0;
                std::fprintf(quality, "%zu\t%.4f\t%d\t%d\t%s\t%s\n", lineNumber + 1, q.meanLogProbability,
                             q.generatedTokens, q.lowConfidence ? 1 : 0, q.characterRun.c_str(),
                             q.repeatedPhrase.c_str());
            }
        }
        ++lineNumber;
        std::fprintf(out, "%s\n", translation.c_str());
    }
    if (out != stdout) std::fclose(out);
    if (quality) {
        std::fclose(quality);
        std::fprintf(stderr, "%zu of %zu translations show out-of-domain signs (written to %s)\n", flagged, translated,
                     args.quality.c_str());
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::fprintf(stderr, "translated %zu lines (%zu truncated) in %.1f s (%.1f ms per line, %s, %s)\n", translated,
                 truncated, seconds, translated ? 1000.0 * seconds / static_cast<double>(translated) : 0.0,
                 args.beams > 1 ? ("beam " + std::to_string(args.beams)).c_str() : "greedy",
                 translator.translator().device().c_str());
    return 0;
}

int runTranslate(const TranslateArgs& args) {
    using namespace attnscope;
    LoadOptions options;
    options.device = parseDeviceChoice(args.device);
    options.threads = args.threads;
    // As encode: the registry reads config.json first, so a BERT folder is sent to `encode`
    // and an unknown model_type names the known ones, before any weights are read.
    const std::string model = hub::resolveModelPath(args.model);  // a folder, or ORG/NAME in the HF cache
    const ModelIdentity identity = identifyModel(model);
    if (identity.family != ModelFamily::Translator)
        throw InputError("'" + args.model + "' holds an " + modelFamilyName(identity.family) + " (model_type \"" +
                         identity.modelType + "\"): use 'attnscope-cli encode' for it");
    if (args.input.empty() != args.textGiven) throw InputError("Give either --text or --input (one sentence per line)");
    if (args.input.empty() && args.text.find_first_not_of(" \t\r\n\f\v") == std::string::npos)
        throw InputError("The text is empty: type something to translate");
    const ExportAnalysis extra = exportAnalysis(args.aggregates, args.stats, args.json);
    auto translator = TextTranslator::load(model, options);
    TranslateOptions t;
    t.ablation.cross = parseHeadList(args.ablateCross);
    t.ablation.encoder = parseHeadList(args.ablateEncoder);
    t.ablation.decoder = parseHeadList(args.ablateDecoder);
    t.beams = args.beams;
    t.lengthPenalty = args.lengthPenalty;
    t.maxNewTokens = args.maxNewTokens;
    t.earlyStopping = args.earlyStopping;
    if (!args.input.empty()) return runTranslateFile(*translator, t, args);
    const auto r = translator->translate(args.text, t);
    const int layers = r.crossAttentions.layers;
    const int layer = args.alignLayer < 0 ? args.alignLayer + layers : args.alignLayer;
    const auto links = hardAlignment(r, layer);

    const auto& c = translator->translator().config();
    std::printf("model:       %s (marian, %d+%d layers x %d heads, d_model %d)\n", args.model.c_str(), c.encoderLayers,
                c.decoderLayers, c.decoderHeads, c.dModel);
    std::printf("device:      %s\n", r.device.c_str());
    for (const auto kind : {AttentionKind::Encoder, AttentionKind::Decoder, AttentionKind::Cross})
        if (!t.ablation.of(kind).empty())
            std::printf("ablated:     %s heads %s switched off\n", attentionKindName(kind),
                        headListString(t.ablation.of(kind)).c_str());
    std::printf("time:        %.2f ms generation (%s), %.2f ms attention pass\n", r.generateMs,
                args.beams > 1 ? ("beam " + std::to_string(args.beams)).c_str() : "greedy", r.attentionMs);
    std::printf("source:      %zu tokens\n", r.sourceTokens.size());
    if (r.truncated)
        std::printf("note:        text truncated to %zu of %zu tokens (the model's maximum)\n", r.sourceTokens.size(),
                    r.fullLength);
    std::printf("target:      %zu tokens\n", r.targetTokens.size());
    std::printf("translation: %s\n", r.translation.c_str());
    const auto quality = assessTranslation(r);
    std::printf("confidence:  mean log-probability %.4f per token over %d tokens%s\n", quality.meanLogProbability,
                quality.generatedTokens, quality.suspicious() ? ("; warning: " + quality.describe()).c_str() : "");
    if (r.nbest.size() > 1) {
        std::printf("n-best:      (score = log-probability / length^%g)\n", args.lengthPenalty);
        for (std::size_t k = 0; k < r.nbest.size(); ++k)
            std::printf("  %zu. %8.4f  %s\n", k + 1, r.nbest[k].score, r.nbest[k].text.c_str());
    }
    std::printf("alignment:   %s\n", pharaohString(links).c_str());
    std::printf("(layer %d, source-target token indices)\n", layer);
    if (!args.json.empty()) {
        writeTextFile(translationJson(r, args.model, args.beams, links, layer, extra), args.json);
        if (args.json != "-") std::printf("json:        %s\n", args.json.c_str());
    }
    return 0;
}

}  // namespace

Command addTranslateCommand(CLI::App& app) {
    auto args = std::make_shared<TranslateArgs>();
    auto* cmd = app.add_subcommand("translate", "Translate a text with a Marian (opus-mt) model");
    cmd->add_option("--model,-m", args->model,
                    "Marian checkpoint folder (config.json, model.safetensors, "
                    "source.spm, target.spm, vocab.json)")
        ->required();
    auto* text = cmd->add_option("--text,-t", args->text, "Text to translate");
    cmd->add_option("--input,-i", args->input, "Translate every line of this file instead (.gz ok)");
    cmd->add_option("--output,-o", args->output, "With --input: write the translations here (default: stdout)");
    cmd->add_option("--quality", args->quality,
                    "With --input: write each line's out-of-domain signs here (TSV: mean log-probability per token, "
                    "repeated characters, repeated phrases)");
    cmd->add_option("--beams,-b", args->beams, "Beams (1: greedy)")->check(CLI::Range(1, 64))->capture_default_str();
    // A finite number in a sensible range: NaN made every score print "nan".
    cmd->add_option("--length-penalty", args->lengthPenalty, "Beam search length penalty (-10 to 10)")
        ->check(CLI::Validator(
            [](std::string& text) {
                // CLI::Range lets NaN through (every comparison with it is false).
                char* end = nullptr;
                const double v = std::strtod(text.c_str(), &end);
                if (end == text.c_str() || *end != '\0' || !std::isfinite(v) || v < -10.0 || v > 10.0)
                    return std::string("must be a number from -10 to 10, not " + text);
                return std::string();
            },
            "FLOAT in [-10, 10]"))
        ->capture_default_str();
    cmd->add_option("--max-new-tokens", args->maxNewTokens, "Most generated tokens (0: the model's maximum)")
        ->check(CLI::Range(0, 100000));
    cmd->add_flag("--early-stopping", args->earlyStopping, "Beam search stops once all beams are finished");
    cmd->add_option("--device,-d", args->device, "auto, cpu or cuda")->capture_default_str();
    cmd->add_option("--json,-j", args->json, "Write pieces, alignment and all attentions to this file ('-': stdout)");
    addExportAnalysisOptions(*cmd, args->aggregates, args->stats);
    cmd->add_option("--align-layer", args->alignLayer, "Decoder layer for the alignment (-1: last)")
        ->capture_default_str();
    cmd->add_option("--threads", args->threads, "CPU threads for LibTorch (0: its default)")
        ->check(CLI::Range(0, 1024));
    cmd->add_option("--ablate", args->ablateCross,
                    "Switch cross-attention heads off, LAYER:HEAD[,...] from 0 (Hugging Face's cross_attn_head_mask)");
    cmd->add_option("--ablate-encoder", args->ablateEncoder, "Switch encoder self-attention heads off (head_mask)");
    cmd->add_option("--ablate-decoder", args->ablateDecoder,
                    "Switch decoder self-attention heads off (decoder_head_mask)");
    return {cmd, [args, text] {
                args->textGiven = text->count() > 0;
                return runTranslate(*args);
            }};
}
