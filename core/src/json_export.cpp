// EncodeResult and TextTranslation -> JSON (schemas "attnscope.encode/1" and
// "attnscope.translate/1", see README.md).
#include "attnscope/json_export.h"

#include "attnscope/errors.h"

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

}  // namespace

nlohmann::json encodeResultToJson(const EncodeResult& r, const std::string& modelDir) {
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
    return json{{"schema", kEncodeSchema},
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
}

void writeJsonFile(const nlohmann::json& json, const std::string& path) {
    // Invalid UTF-8 cannot reach here (the tokenizer replaces it), but never throw mid-dump.
    const std::string text = json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
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
        out.push_back({{"piece", t.piece},
                       {"id", t.id},
                       {"byte_offsets", {t.byteBegin, t.byteEnd}},
                       {"special", t.special}});
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

nlohmann::json translationToJson(const TextTranslation& r, const std::string& modelDir, int beams,
                                 const std::vector<AlignmentLink>& links, int alignLayer) {
    nlohmann::json nbest = nlohmann::json::array();
    for (const auto& h : r.nbest)
        nbest.push_back(
            {{"ids", h.ids}, {"text", h.text}, {"log_probability", h.logProbability}, {"score", h.score}});
    nlohmann::json alignment = nlohmann::json::array();
    for (const auto& l : links) alignment.push_back({l.source, l.target});
    return {{"schema", kTranslateSchema},
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
}


}  // namespace attnscope
