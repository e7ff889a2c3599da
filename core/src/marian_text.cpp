// TextTranslator: tokenise, generate, re-run teacher-forced for the attentions, decode.
#include "attnscope/marian_text.h"

#include "attnscope/errors.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <utility>

namespace attnscope {

namespace {

double millisecondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

bool blank(const std::string& text) {
    return std::all_of(text.begin(), text.end(), [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    });
}

// Marks the nodes of the chosen hypothesis (ids: decoder start first) in the tree: the token
// at step s is ids[s + 1]; a step's node is on the path when its parent is.
void markBestPath(std::vector<BeamStepNodes>& steps, const std::vector<int>& ids) {
    // Walk forward: among the nodes whose parent is the previous path node, the one holding
    // the chosen token. The last token (eos, or the final one at the maximum length) may be
    // a finished node.
    int parentBeam = -1;
    for (std::size_t s = 0; s < steps.size() && s + 1 < ids.size(); ++s) {
        const int token = ids[s + 1];
        const bool last = s + 2 == ids.size();
        int found = -1;
        if (last)
            for (auto& n : steps[s].finished)
                if (n.parent == parentBeam && n.tokenId == token && !n.onBest) {
                    n.onBest = true;
                    return;
                }
        for (std::size_t j = 0; j < steps[s].beams.size(); ++j) {
            auto& n = steps[s].beams[j];
            if (n.parent == parentBeam && n.tokenId == token) {
                n.onBest = true;
                found = static_cast<int>(j);
                break;
            }
        }
        if (found < 0) return;
        parentBeam = found;
    }
}

}  // namespace

TranslateOptions TranslateOptions::interactive(int beams) {
    TranslateOptions o;
    o.beams = beams;
    o.maxNewTokensPerSourceToken = 2;
    o.maxNewTokensSlack = 10;
    return o;
}

int TranslateOptions::newTokenLimit(int sourceTokens, int maxPositions) const {
    const int modelLimit = std::max(1, maxPositions - 1);
    int limit = maxNewTokens > 0 ? maxNewTokens : modelLimit;
    if (maxNewTokensPerSourceToken > 0) {
        // In 64 bits: a huge factor must clamp, not overflow.
        const long long relative =
            static_cast<long long>(maxNewTokensPerSourceToken) * sourceTokens + maxNewTokensSlack;
        limit = static_cast<int>(std::min<long long>(limit, std::clamp<long long>(relative, 1, modelLimit)));
    }
    return limit;
}

TextTranslator::TextTranslator(std::unique_ptr<MarianTranslator> translator, MarianTokenizer tokenizer)
    : translator_(std::move(translator)), tokenizer_(std::move(tokenizer)) {}

TextTranslator::~TextTranslator() = default;

std::unique_ptr<TextTranslator> TextTranslator::load(const std::string& modelDir, const LoadOptions& options,
                                                     const LoadProgress& progress) {
    auto translator = MarianTranslator::load(modelDir, options, progress);
    const auto& c = translator->config();
    auto tokenizer = MarianTokenizer::load(modelDir, c.vocabSize);
    const auto mismatch = [&](const char* what, int tokenizerId, int modelId) {
        if (tokenizerId != modelId)
            throw ModelFileError("'" + modelDir + "': the tokenizer's " + what + " id is " +
                                 std::to_string(tokenizerId) + " but config.json says " + std::to_string(modelId) +
                                 ": tokenizer and model do not belong together");
    };
    mismatch("eos", tokenizer.eosId(), c.eosTokenId);
    mismatch("pad", tokenizer.padId(), c.padTokenId);
    return std::unique_ptr<TextTranslator>(new TextTranslator(std::move(translator), std::move(tokenizer)));
}

BeamNode TextTranslator::beamNode(const BeamCandidate& c, bool firstStep) const {
    BeamNode n;
    n.parent = firstStep ? -1 : c.parent;
    n.tokenId = c.tokenId;
    n.piece = tokenizer_.idToPiece(c.tokenId);
    n.logProbability = c.logProbability;
    n.score = c.score;
    n.finished = c.finished;
    return n;
}

HeadInspection TextTranslator::inspect(const std::string& text, AttentionKind kind, int layer, int head,
                                      const TranslateOptions& options, const std::string& targetPrefix) const {
    if (blank(text)) throw InputError("The text is empty: type something to translate");
    std::vector<int> target{translator_->config().decoderStartTokenId};
    if (kind != AttentionKind::Encoder) {
        if (!targetPrefix.empty()) {
            for (int id : tokenizer_.encodeTargetIds(targetPrefix)) target.push_back(id);
        } else {
            const auto translation = translate(text, options);
            const auto& ids = translation.nbest.front().ids;
            target.assign(ids.begin(), ids.end() - (ids.size() > 1 ? 1 : 0));
        }
    }
    return inspectIds(text, kind, layer, head, target, options.ablation);
}

HeadInspection TextTranslator::inspectIds(const std::string& text, AttentionKind kind, int layer, int head,
                                          const std::vector<int>& decoderInput, const HeadAblation& ablation) const {
    if (blank(text)) throw InputError("The text is empty: type something to translate");
    const auto& config = translator_->config();
    std::vector<Token> source = tokenizer_.encode(text);
    if (source.size() > static_cast<std::size_t>(config.maxPositions)) {
        const Token eos = source.back();
        source.resize(static_cast<std::size_t>(config.maxPositions) - 1);
        source.push_back(eos);
    }
    std::vector<int> sourceIds;
    for (const auto& t : source) sourceIds.push_back(t.id);
    if (kind != AttentionKind::Encoder && decoderInput.size() > static_cast<std::size_t>(config.maxPositions))
        throw InputError("The target prefix is longer than the model's " + std::to_string(config.maxPositions) +
                         " positions");
    HeadInspection r = translator_->inspect(sourceIds, decoderInput, kind, layer, head, ablation);
    std::vector<Token> targetTokens = tokenizer_.decodeTokens(decoderInput);
    r.queryTokens = kind == AttentionKind::Encoder ? source : targetTokens;
    r.keyTokens = kind == AttentionKind::Decoder ? targetTokens : source;
    return r;
}

TextTranslation TextTranslator::translate(const std::string& text, const TranslateOptions& options,
                                          const TranslationStepCallback& onStep) const {
    if (blank(text)) throw InputError("The text is empty: type something to translate");
    if (options.beams < 1) throw InputError("The number of beams must be at least 1");
    const auto& config = translator_->config();
    TextTranslation r;
    r.text = text;
    r.device = translator_->device();
    r.sourceTokens = tokenizer_.encode(text);
    r.fullLength = r.sourceTokens.size();
    // Keep the first maxPositions - 1 pieces and the final </s>.
    if (r.sourceTokens.size() > static_cast<std::size_t>(config.maxPositions)) {
        const Token eos = r.sourceTokens.back();
        r.sourceTokens.resize(static_cast<std::size_t>(config.maxPositions) - 1);
        r.sourceTokens.push_back(eos);
        r.truncated = true;
    }
    std::vector<int> sourceIds;
    for (const auto& t : r.sourceTokens) sourceIds.push_back(t.id);

    const int maxNewTokens = options.newTokenLimit(static_cast<int>(sourceIds.size()), config.maxPositions);
    GenerationCallback stepCallback;
    if (onStep)
        stepCallback = [&](const GenerationStep& g) {
            TranslationStep step;
            step.index = g.index;
            const auto tokens = tokenizer_.decodeTokens(g.sequence);
            step.token = tokens.back();
            step.partial = tokenizer_.decode(g.sequence);
            step.crossAttention = g.crossAttention;
            for (const auto& c : g.beams.beams) step.beams.beams.push_back(beamNode(c, g.index == 0));
            for (const auto& c : g.beams.finished) step.beams.finished.push_back(beamNode(c, g.index == 0));
            if (g.crossAttentionHistory.layers > 0) {
                step.tokens.assign(tokens.begin() + 1, tokens.end());
                step.crossAttentions = g.crossAttentionHistory;
            }
            step.sourceTokens = r.sourceTokens;
            return onStep(step);
        };
    auto start = std::chrono::steady_clock::now();
    if (options.beams == 1) {
        // Greedy: the decoding steps already computed every attention row (the incremental
        // pass, equal to the teacher-forced one); no second pass.
        auto greedy = translator_->greedyWithAttentions(sourceIds, maxNewTokens, stepCallback, options.ablation);
        r.generateMs = millisecondsSince(start);
        r.encoderAttentions = std::move(greedy.encoderAttentions);
        r.decoderAttentions = std::move(greedy.decoderAttentions);
        r.crossAttentions = std::move(greedy.crossAttentions);
        r.translation = tokenizer_.decode(greedy.ids);
        auto decoded = tokenizer_.decodeTokens(greedy.ids);
        r.targetTokens.assign(decoded.begin() + 1, decoded.end());
        TranslationHypothesis best;
        best.ids = greedy.ids;
        best.text = r.translation;
        best.logProbability = greedy.logProbability;
        best.score = best.logProbability / static_cast<double>(greedy.ids.size() - 1);
        r.nbest.push_back(std::move(best));
        return r;
    }
    BeamSearchResult search = translator_->beamSearch(sourceIds, options.beams, options.lengthPenalty, maxNewTokens,
                                                      options.earlyStopping, stepCallback, options.ablation);
    const std::vector<int>& ids = search.best();
    r.generateMs = millisecondsSince(start);

    // Decoder input = every generated id but the last, so row t produced ids[t + 1].
    start = std::chrono::steady_clock::now();
    const std::vector<int> decoderInput(ids.begin(), ids.end() - 1);
    auto forced = translator_->teacherForced(sourceIds, decoderInput, DecoderPass::Full, options.ablation);
    r.attentionMs = millisecondsSince(start);
    r.encoderAttentions = std::move(forced.encoderAttentions);
    r.decoderAttentions = std::move(forced.decoderAttentions);
    r.crossAttentions = std::move(forced.crossAttentions);

    r.translation = tokenizer_.decode(ids);
    auto decoded = tokenizer_.decodeTokens(ids);
    r.targetTokens.assign(decoded.begin() + 1, decoded.end());

    for (const auto& h : search.hypotheses) {
        TranslationHypothesis hyp;
        hyp.ids = h.ids;
        hyp.text = tokenizer_.decode(h.ids);
        hyp.logProbability = h.logProbability;
        hyp.score = h.score;
        r.nbest.push_back(std::move(hyp));
    }
    // The tree, with the chosen hypothesis traced back from its last running node.
    for (std::size_t s = 0; s < search.steps.size(); ++s) {
        BeamStepNodes nodes;
        for (const auto& c : search.steps[s].beams) nodes.beams.push_back(beamNode(c, s == 0));
        for (const auto& c : search.steps[s].finished) nodes.finished.push_back(beamNode(c, s == 0));
        r.beamSteps.push_back(std::move(nodes));
    }
    markBestPath(r.beamSteps, ids);
    return r;
}

std::vector<AlignmentLink> hardAlignment(const TextTranslation& result, int layer) {
    const auto& a = result.crossAttentions;
    if (layer < 0) layer += a.layers;
    if (layer < 0 || layer >= a.layers)
        throw InputError("Alignment layer out of range: the decoder has " + std::to_string(a.layers) + " layers");
    // The views' "mean over heads" of that layer, so the CLI and the alignment view agree.
    const FloatMatrix mean =
        analysis::aggregate(a, layer, 0, analysis::Aggregate::MeanHeads, analysis::StackKind::CrossAttention);
    std::vector<bool> sourceSpecial;
    for (const auto& t : result.sourceTokens) sourceSpecial.push_back(t.special);
    std::vector<AlignmentLink> links;
    for (int t = 0; t < a.queries && t < static_cast<int>(result.targetTokens.size()); ++t) {
        if (result.targetTokens[static_cast<std::size_t>(t)].special) continue;
        const int source = analysis::argmaxSource(mean, t, sourceSpecial);
        if (source >= 0) links.push_back({source, t});
    }
    return links;
}

std::string pharaohString(const std::vector<AlignmentLink>& links) {
    std::string out;
    for (const auto& l : links) {
        if (!out.empty()) out += ' ';
        out += std::to_string(l.source) + "-" + std::to_string(l.target);
    }
    return out;
}

}  // namespace attnscope
