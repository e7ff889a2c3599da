// Greedy and beam search over an IncrementalDecoder, reproducing Hugging Face generate()
// (transformers 4.44) token for token and score for score.
#include "decoding.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "attnscope/errors.h"

namespace attnscope {

namespace {

// One finished hypothesis of HF's BeamHypotheses: score and tokens without the final eos.
struct Hypothesis {
    double score;
    std::vector<int> tokens;
    double sumLogProbs;
};

// HF's BeamHypotheses: keeps the `beams` best finished hypotheses.
class FinishedHypotheses {
public:
    FinishedHypotheses(int beams, double lengthPenalty, bool earlyStopping)
        : beams_(static_cast<std::size_t>(beams)), lengthPenalty_(lengthPenalty), earlyStopping_(earlyStopping) {}

    double scoreOf(double sumLogProbs, int generatedLength) const {
        return sumLogProbs / std::pow(static_cast<double>(generatedLength), lengthPenalty_);
    }

    void add(const std::vector<int>& tokens, double sumLogProbs, int generatedLength) {
        const double score = scoreOf(sumLogProbs, generatedLength);
        if (list_.size() < beams_ || score > worst_) {
            list_.push_back({score, tokens, sumLogProbs});
            if (list_.size() > beams_) {
                // Python sorts (score, index) pairs: the first (lowest, then earliest) goes.
                std::vector<std::pair<double, std::size_t>> order;
                for (std::size_t i = 0; i < list_.size(); ++i) order.emplace_back(list_[i].score, i);
                std::sort(order.begin(), order.end());
                list_.erase(list_.begin() + static_cast<std::ptrdiff_t>(order[0].second));
                worst_ = order[1].first;
            } else {
                worst_ = std::min(score, worst_);
            }
        }
    }

    bool isDone(double bestSumLogProbs, int generatedLength) const {
        if (list_.size() < beams_) return false;
        if (earlyStopping_) return true;
        return worst_ >= bestSumLogProbs / std::pow(static_cast<double>(generatedLength), lengthPenalty_);
    }

    // Best first. HF's finalize() stable-sorts by score and pop()s the last, so among equal
    // scores the latest added wins: walk the ascending stable order backwards.
    std::vector<Hypothesis> bestFirst() const {
        std::vector<std::size_t> order(list_.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return list_[a].score < list_[b].score; });
        std::vector<Hypothesis> out;
        for (auto it = order.rbegin(); it != order.rend(); ++it) out.push_back(list_[*it]);
        return out;
    }

private:
    std::size_t beams_;
    double lengthPenalty_;
    bool earlyStopping_;
    double worst_ = 1e9;
    std::vector<Hypothesis> list_;
};

void checkSettings(const SearchSettings& s) {
    if (s.prompt.empty()) throw InputError("Generation needs at least one prompt token");
    if (s.maxLength <= static_cast<int>(s.prompt.size()))
        throw InputError("The maximum length (" + std::to_string(s.maxLength) + ") leaves no room after the " +
                         std::to_string(s.prompt.size()) + "-token prompt");
}

void applyProcessors(const SearchSettings& s, torch::Tensor& scores, int currentLength) {
    for (const auto& process : s.processors) process(scores, currentLength, s.maxLength);
}

void notify(const GenerationCallback& onStep, const GenerationStep& step) {
    if (!onStep(step)) throw CancelledError("Generation was cancelled");
}

}  // namespace

std::vector<float> floatValues(const torch::Tensor& t) {
    auto c = t.to(torch::kCPU, torch::kFloat32).contiguous();
    return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
}

AttentionStack attentionStack(const std::vector<torch::Tensor>& perLayer, int64_t row) {
    if (perLayer.empty()) return {};
    std::vector<torch::Tensor> rows;
    for (const auto& t : perLayer) rows.push_back(t[row]);
    return attentionStackOf(torch::stack(rows));
}

AttentionStack attentionStackOf(const torch::Tensor& all) {
    AttentionStack s;
    s.layers = static_cast<int>(all.size(0));
    s.heads = static_cast<int>(all.size(1));
    s.queries = static_cast<int>(all.size(2));
    s.keys = static_cast<int>(all.size(3));
    s.values = floatValues(all);
    return s;
}

LogitsProcessor suppressTokens(std::vector<int> ids, int vocabSize) {
    ids.erase(std::remove_if(ids.begin(), ids.end(), [&](int id) { return id < 0 || id >= vocabSize; }), ids.end());
    return [ids](torch::Tensor& scores, int, int) {
        for (int id : ids) scores.select(1, id).fill_(-std::numeric_limits<float>::infinity());
    };
}

LogitsProcessor forceEosAtMaxLength(int eosTokenId) {
    return [eosTokenId](torch::Tensor& scores, int currentLength, int maxLength) {
        if (currentLength != maxLength - 1) return;
        scores.fill_(-std::numeric_limits<float>::infinity());
        scores.select(1, eosTokenId).fill_(0.f);
    };
}

GreedySearchResult greedySearch(IncrementalDecoder& decoder, const SearchSettings& settings, bool keepAttentions,
                                const GenerationCallback& onStep) {
    checkSettings(settings);
    const int promptLength = static_cast<int>(settings.prompt.size());
    std::vector<int> sequence = settings.prompt;
    GreedySearchResult result;
    std::vector<std::vector<torch::Tensor>> selfRows, crossRows;  // [layer][step], keepAttentions only
    std::vector<torch::Tensor> historyRows;                       // per step [L, H, 1, S], streaming only
    while (static_cast<int>(sequence.size()) < settings.maxLength) {
        auto input = torch::tensor({static_cast<int64_t>(sequence.back())}, torch::kLong).view({1, 1});
        auto out = decoder.step(input.to(decoder.device()));
        auto scores = out.logits.clone();  // the raw logits stay for the log-probability
        applyProcessors(settings, scores, static_cast<int>(sequence.size()));
        const int next = static_cast<int>(scores.argmax(-1).item<int64_t>());
        sequence.push_back(next);
        if (keepAttentions) {
            result.logProbability += torch::log_softmax(out.logits, -1)[0][next].item<double>();
            selfRows.resize(out.selfAttentions.size());
            crossRows.resize(out.crossAttentions.size());
            for (std::size_t l = 0; l < selfRows.size(); ++l) selfRows[l].push_back(out.selfAttentions[l]);
            for (std::size_t l = 0; l < crossRows.size(); ++l) crossRows[l].push_back(out.crossAttentions[l]);
        }
        if (onStep) {
            GenerationStep step;
            step.index = static_cast<int>(sequence.size()) - promptLength - 1;
            step.tokenId = next;
            step.sequence = sequence;
            step.crossAttention = attentionStack(out.crossAttentions);
            if (!out.crossAttentions.empty()) {
                historyRows.push_back(torch::stack(out.crossAttentions, 0).select(1, 0));  // [L, H, 1, S]
                step.crossAttentionHistory = attentionStackOf(torch::cat(historyRows, 2));
            }
            notify(onStep, step);
        }
        if (next == settings.eosTokenId) break;
    }
    if (keepAttentions) {
        for (auto& rows : selfRows) {
            // Row t saw fewer keys than the last row: pad with zeros to the full causal row.
            const int64_t keys = rows.back().size(-1);
            for (auto& row : rows) row = torch::constant_pad_nd(row, {0, keys - row.size(-1)}, 0.0);
            result.selfAttentions.push_back(torch::cat(rows, 2));
        }
        for (auto& rows : crossRows) result.crossAttentions.push_back(torch::cat(rows, 2));
    }
    result.ids = std::move(sequence);
    return result;
}

BeamSearchResult beamSearch(IncrementalDecoder& decoder, const SearchSettings& settings, const BeamSettings& beam,
                            const GenerationCallback& onStep) {
    checkSettings(settings);
    const int beams = beam.beams;
    if (beams < 1) throw InputError("beam search needs at least one beam (got " + std::to_string(beams) + ")");
    decoder.expandToBeams(beams);
    const auto device = decoder.device();
    const int maxLength = settings.maxLength, eos = settings.eosTokenId;
    const int promptLength = static_cast<int>(settings.prompt.size());

    std::vector<std::vector<int>> sequences(static_cast<std::size_t>(beams), settings.prompt);
    // Only the first beam is live at the start (HF: -1e9 for the others), in float32 as HF.
    auto beamScores = torch::full({beams}, -1e9f, torch::kFloat32);
    beamScores[0] = 0.f;
    beamScores = beamScores.to(device);
    FinishedHypotheses finished(beams, beam.lengthPenalty, beam.earlyStopping);
    bool done = false;
    std::vector<int64_t> lastTokens(static_cast<std::size_t>(beams), settings.prompt.back());
    int currentLength = promptLength;
    BeamSearchResult result;
    std::vector<std::vector<torch::Tensor>> rowHistory(static_cast<std::size_t>(beams));  // streaming only
    while (true) {
        auto out = decoder.step(torch::tensor(lastTokens, torch::kLong).view({beams, 1}).to(device));
        const int64_t vocab = out.logits.size(1);
        auto scores = torch::log_softmax(out.logits, -1);
        applyProcessors(settings, scores, currentLength);
        scores = (scores + beamScores.unsqueeze(1)).view({-1});
        auto [topScores, topIds] = scores.topk(2 * beams, 0, /*largest=*/true, /*sorted=*/true);
        topScores = topScores.to(torch::kCPU).contiguous();
        topIds = topIds.to(torch::kCPU).contiguous();
        const float* ts = topScores.data_ptr<float>();
        const int64_t* ti = topIds.data_ptr<int64_t>();

        const int nextLength = currentLength + 1;  // HF's cur_len inside process()
        std::vector<float> nextScores;
        std::vector<int64_t> nextTokens, nextBeams;
        BeamStep traced;
        for (int rank = 0; rank < 2 * beams && static_cast<int>(nextTokens.size()) < beams; ++rank) {
            const int64_t parent = ti[rank] / vocab, token = ti[rank] % vocab;
            BeamCandidate candidate;
            candidate.parent = static_cast<int>(parent);
            candidate.tokenId = static_cast<int>(token);
            candidate.logProbability = ts[rank];
            if (token == eos) {
                if (rank >= beams) continue;  // an eos outside the top `beams` is not a hypothesis
                finished.add(sequences[static_cast<std::size_t>(parent)], ts[rank], nextLength - promptLength);
                candidate.finished = true;
                candidate.score = finished.scoreOf(ts[rank], nextLength - promptLength);
                traced.finished.push_back(candidate);
            } else {
                nextScores.push_back(ts[rank]);
                nextTokens.push_back(token);
                nextBeams.push_back(parent);
                traced.beams.push_back(candidate);
            }
        }
        if (onStep && !nextTokens.empty()) {
            // The best running beam's newest token, and where its decoder position looked.
            GenerationStep step;
            step.index = currentLength - promptLength;
            step.tokenId = static_cast<int>(nextTokens[0]);
            step.sequence = sequences[static_cast<std::size_t>(nextBeams[0])];
            step.sequence.push_back(step.tokenId);
            step.crossAttention = attentionStack(out.crossAttentions, nextBeams[0]);
            if (!out.crossAttentions.empty()) {
                // Each kept beam's row history: its parent's history plus the row the parent's
                // decoder position computed now ([layers, heads, 1, source] per row).
                auto rowsNow = torch::stack(out.crossAttentions, 0);  // [L, B, H, 1, S]
                std::vector<std::vector<torch::Tensor>> kept;
                for (const auto parent : nextBeams) {
                    kept.push_back(rowHistory[static_cast<std::size_t>(parent)]);
                    kept.back().push_back(rowsNow.select(1, parent));
                }
                rowHistory = std::move(kept);
                step.crossAttentionHistory = attentionStackOf(torch::cat(rowHistory[0], 2));  // [L, H, steps, S]
            }
            step.beams = traced;
            notify(onStep, step);
        }
        result.steps.push_back(std::move(traced));
        done = done || finished.isDone(ts[0], nextLength - promptLength);

        std::vector<std::vector<int>> reordered;
        for (std::size_t j = 0; j < nextTokens.size(); ++j) {
            reordered.push_back(sequences[static_cast<std::size_t>(nextBeams[j])]);
            reordered.back().push_back(static_cast<int>(nextTokens[j]));
        }
        sequences = std::move(reordered);
        beamScores = torch::tensor(nextScores, torch::kFloat32).to(device);
        decoder.reorder(torch::tensor(nextBeams, torch::kLong).to(device));
        lastTokens = nextTokens;
        currentLength = nextLength;
        if (done || currentLength >= maxLength) break;
    }
    if (!done) {
        auto finalScores = beamScores.to(torch::kCPU);
        for (int j = 0; j < beams; ++j)
            finished.add(sequences[static_cast<std::size_t>(j)], finalScores[j].item<float>(),
                         static_cast<int>(sequences[static_cast<std::size_t>(j)].size()) - promptLength);
    }
    // HF's finalize(): the hypotheses best first, each plus eos when it ended before the
    // maximum length.
    for (auto& h : finished.bestFirst()) {
        ScoredSequence s;
        s.ids = std::move(h.tokens);
        if (static_cast<int>(s.ids.size()) < maxLength) s.ids.push_back(eos);
        s.logProbability = h.sumLogProbs;
        s.score = h.score;
        result.hypotheses.push_back(std::move(s));
    }
    return result;
}

}  // namespace attnscope
