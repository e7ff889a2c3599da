// EncodeResult and TextTranslation -> JSON (schemas "attnscope.encode/1" and
// "attnscope.translate/1", see README.md), with the optional per-layer aggregates and per-head
// statistics of attnscope::analysis.
#include "attnscope/json_export.h"

#include "attnscope/byte_level_bpe.h"
#include "attnscope/errors.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>

namespace attnscope {

namespace {

// values[layer][head][query][key], as nested arrays (what bertviz and json.load() take).
nlohmann::json nestedValues(const AttentionStack& a) {
    nlohmann::json layers = nlohmann::json::array();
    for (int l = 0; l < a.layers; ++l) {
        nlohmann::json heads = nlohmann::json::array();
        for (int h = 0; h < a.heads; ++h) {
            nlohmann::json rows = nlohmann::json::array();
            const float* m = a.matrix(l, h);
            for (int i = 0; i < a.queries; ++i)
                rows.push_back(std::vector<float>(m + static_cast<std::size_t>(i) * a.keys,
                                                  m + static_cast<std::size_t>(i + 1) * a.keys));
            heads.push_back(std::move(rows));
        }
        layers.push_back(std::move(heads));
    }
    return layers;
}

// rows[i] of a row-major matrix, as nested arrays.
nlohmann::json nestedRows(const FloatMatrix& m) {
    nlohmann::json rows = nlohmann::json::array();
    for (int i = 0; i < m.rows; ++i)
        rows.push_back(std::vector<float>(m.values.begin() + static_cast<std::ptrdiff_t>(i) * m.cols,
                                          m.values.begin() + static_cast<std::ptrdiff_t>(i + 1) * m.cols));
    return rows;
}

// {"mean": {"shape": [L, Q, K], "values": [L][Q][K]}, ...}: each asked-for aggregate at every
// layer (rollout: up to that layer), by the same rule as the views.
nlohmann::json aggregatesJson(const AttentionStack& a, const std::vector<analysis::Aggregate>& aggregates,
                              analysis::StackKind kind) {
    nlohmann::json out = nlohmann::json::object();
    for (const analysis::Aggregate how : aggregates) {
        nlohmann::json layers = nlohmann::json::array();
        for (int l = 0; l < a.layers; ++l) layers.push_back(nestedRows(analysis::aggregate(a, l, 0, how, kind)));
        out[exportAggregateName(how)] = {{"shape", {a.layers, a.queries, a.keys}}, {"values", std::move(layers)}};
    }
    return out;
}

// {"entropy_bits": [L][H], "mean_distance": [L][H]} of every head.
nlohmann::json statsJson(const AttentionStack& a) {
    const analysis::HeadStatistics s = analysis::headStatistics(a);
    nlohmann::json entropy = nlohmann::json::array(), distance = nlohmann::json::array();
    for (int l = 0; l < s.layers; ++l) {
        std::vector<double> e, d;
        for (int h = 0; h < s.heads; ++h) {
            e.push_back(s.entropyAt(l, h));
            d.push_back(s.distanceAt(l, h));
        }
        entropy.push_back(std::move(e));
        distance.push_back(std::move(d));
    }
    return {{"entropy_bits", std::move(entropy)}, {"mean_distance", std::move(distance)}};
}

// Invalid UTF-8 cannot reach here (the tokenizers replace it), but never throw mid-dump.
std::string dump(const nlohmann::json& json) {
    return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::string exportAggregateName(analysis::Aggregate aggregate) {
    switch (aggregate) {
    case analysis::Aggregate::MeanHeads: return "mean";
    case analysis::Aggregate::MaxHeads: return "max";
    case analysis::Aggregate::Rollout: return "rollout";
    case analysis::Aggregate::SingleHead:
    case analysis::Aggregate::MeanLayers: break;
    }
    throw InputError("This aggregate has no export name: choose mean, max or rollout");
}

analysis::Aggregate parseExportAggregate(const std::string& name) {
    if (name == "mean") return analysis::Aggregate::MeanHeads;
    if (name == "max") return analysis::Aggregate::MaxHeads;
    if (name == "rollout") return analysis::Aggregate::Rollout;
    throw InputError("Unknown aggregate '" + name + "': choose mean, max or rollout");
}

std::string encodeResultJson(const EncodeResult& r, const std::string& modelDir, const ExportAnalysis& extra) {
    using nlohmann::json;
    json tokens = json::array(), ids = json::array(), offsets = json::array(), byteOffsets = json::array();
    for (const auto& t : r.tokens) {
        tokens.push_back(t.piece);
        ids.push_back(t.id);
        offsets.push_back({t.charBegin, t.charEnd});
        byteOffsets.push_back({t.byteBegin, t.byteEnd});
    }
    const auto& a = r.attentions;
    json masks = json::array();
    for (const auto& p : r.maskPredictions) {
        json top = json::array();
        for (const auto& c : p.top) top.push_back({{"token", c.token}, {"id", c.id}, {"probability", c.probability}});
        masks.push_back({{"token_index", p.tokenIndex}, {"top", std::move(top)}});
    }
    json out{{"schema", kEncodeSchema},
             {"model", modelDir},
             {"device", r.device},
             {"precision", r.precision},
             {"forward_ms", r.forwardMs},
             {"text", r.text},
             {"truncated", r.truncated},
             {"full_length", r.fullLength},
             {"tokens", std::move(tokens)},
             {"token_ids", std::move(ids)},
             {"offsets", std::move(offsets)},
             {"byte_offsets", std::move(byteOffsets)},
             {"shape", {a.layers, a.heads, a.queries, a.keys}},
             {"attention", nestedValues(a)},
             {"mask_predictions", std::move(masks)}};
    if (!extra.aggregates.empty())
        out["aggregates"] = aggregatesJson(a, extra.aggregates, analysis::StackKind::SelfAttention);
    if (extra.stats) out["stats"] = statsJson(a);
    return dump(out);
}

void writeTextFile(const std::string& text, const std::string& path) {
    if (path == "-") {
        std::cout << text << '\n';
        return;
    }
    std::ofstream out(path, std::ios::binary);
    if (!out) throw Error("Cannot write '" + path + "': check that the folder exists and is writable");
    out << text << '\n';
    if (!out) throw Error("Writing '" + path + "' failed (disk full?)");
}

namespace {

nlohmann::json attentionJson(const AttentionStack& a) {
    return {{"shape", {a.layers, a.heads, a.queries, a.keys}}, {"values", nestedValues(a)}};
}

nlohmann::json tokensJson(const std::vector<Token>& tokens) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& t : tokens)
        out.push_back(
            {{"piece", t.piece}, {"id", t.id}, {"byte_offsets", {t.byteBegin, t.byteEnd}}, {"special", t.special}});
    return out;
}

nlohmann::json beamStepsJson(const std::vector<BeamStepNodes>& steps) {
    const auto nodes = [](const std::vector<BeamNode>& list) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& n : list)
            out.push_back({{"parent", n.parent},
                           {"id", n.tokenId},
                           {"piece", n.piece},
                           {"log_probability", n.logProbability},
                           {"score", n.score},
                           {"finished", n.finished},
                           {"on_best", n.onBest}});
        return out;
    };
    nlohmann::json out = nlohmann::json::array();
    for (const auto& s : steps) out.push_back({{"beams", nodes(s.beams)}, {"finished", nodes(s.finished)}});
    return out;
}

}  // namespace

std::string generationJson(const TextGeneration& r, const std::string& modelDir, int beams) {
    nlohmann::json tokens = nlohmann::json::array();
    for (std::size_t i = 0; i < r.tokens.size(); ++i) {
        const auto& t = r.tokens[i];
        tokens.push_back({{"id", t.id}, {"piece", t.piece}, {"text", t.special ? t.piece : byteLevelPieceText(t.piece)},
                          {"prompt", i < r.promptTokens}, {"special", t.special},
                          {"char_begin", t.charBegin}, {"char_end", t.charEnd}});
    }
    nlohmann::json nbest = nlohmann::json::array();
    for (const auto& h : r.nbest) nbest.push_back({{"ids", h.ids}, {"log_probability", h.logProbability}, {"score", h.score}});
    const auto& a = r.attentions;
    nlohmann::json j = {{"schema", kGenerateSchema}, {"model", modelDir},   {"prompt", r.prompt},
                        {"text", r.text},            {"continuation", r.continuation}, {"beams", beams},
                        {"prompt_tokens", r.promptTokens}, {"tokens", tokens}, {"nbest", nbest},
                        {"attentions", {{"layers", a.layers}, {"heads", a.heads}, {"weights", nestedValues(a)}}}};
    return j.dump(1);
}

std::string translationJson(const TextTranslation& r, const std::string& modelDir, int beams,
                            const std::vector<AlignmentLink>& links, int alignLayer, const ExportAnalysis& extra) {
    nlohmann::json nbest = nlohmann::json::array();
    for (const auto& h : r.nbest)
        nbest.push_back({{"ids", h.ids}, {"text", h.text}, {"log_probability", h.logProbability}, {"score", h.score}});
    nlohmann::json alignment = nlohmann::json::array();
    for (const auto& l : links) alignment.push_back({l.source, l.target});
    nlohmann::json out{{"schema", kTranslateSchema},
                       {"model", modelDir},
                       {"device", r.device},
                       {"generate_ms", r.generateMs},
                       {"attention_ms", r.attentionMs},
                       {"beams", beams},
                       {"text", r.text},
                       {"translation", r.translation},
                       {"truncated", r.truncated},
                       {"full_length", r.fullLength},
                       {"source_tokens", tokensJson(r.sourceTokens)},
                       {"target_tokens", tokensJson(r.targetTokens)},
                       {"encoder_attention", attentionJson(r.encoderAttentions)},
                       {"decoder_attention", attentionJson(r.decoderAttentions)},
                       {"cross_attention", attentionJson(r.crossAttentions)},
                       {"alignment_layer", alignLayer},
                       {"alignment", std::move(alignment)},
                       {"pharaoh", pharaohString(links)},
                       {"nbest", std::move(nbest)},
                       {"beam_steps", beamStepsJson(r.beamSteps)}};
    // Cross-attention has no rollout: there "rollout" is the mean over every layer and head.
    if (!extra.aggregates.empty())
        out["cross_aggregates"] =
            aggregatesJson(r.crossAttentions, extra.aggregates, analysis::StackKind::CrossAttention);
    if (extra.stats) {
        out["encoder_stats"] = statsJson(r.encoderAttentions);
        out["cross_stats"] = statsJson(r.crossAttentions);
    }
    return dump(out);
}

}  // namespace attnscope
