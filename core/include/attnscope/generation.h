// Plain results of autoregressive generation, shared by every model family that generates
// (greedy and beam search, core/src/decoding.h): the beam-search tree, the n-best list and
// the per-step streaming callback. No torch types.
#pragma once

#include <functional>
#include <vector>

#include "attnscope/encoder_result.h"  // AttentionStack

namespace attnscope {

// One candidate of one beam-search step: the token appended to beam `parent` of the previous
// step (0 at the first step: the decoder start token), with the running sum of
// log-probabilities including it. Finished candidates (eos) ended a hypothesis: `score` is
// then logProbability / generatedLength^lengthPenalty, the value beam search ranks them by.
struct BeamCandidate {
    int parent = 0;
    int tokenId = 0;
    double logProbability = 0.0;
    double score = 0.0;
    bool finished = false;
};

// One beam-search step: `beams[j]` is beam j after the step (the parent of the next step's
// candidates with parent == j); `finished` are the hypotheses that ended with eos here.
struct BeamStep {
    std::vector<BeamCandidate> beams;
    std::vector<BeamCandidate> finished;
};

// A finished hypothesis: ids as generate() returns them (decoder start token first, eos last
// unless it hit the maximum length); score = logProbability / generatedLength^lengthPenalty.
struct ScoredSequence {
    std::vector<int> ids;
    double logProbability = 0.0;
    double score = 0.0;
};

struct BeamSearchResult {
    std::vector<ScoredSequence> hypotheses;  // the n-best list, best first (at most `beams`)
    std::vector<BeamStep> steps;             // one per decoding step: the search tree
    const std::vector<int>& best() const { return hypotheses.front().ids; }
};

// One decoding step, as it happens. Greedy: the new token. Beam search: the newest token of
// the best running beam (it may later lose), with `sequence` that beam's ids so far and
// `beams` the whole step. crossAttention is [layers, heads, 1, source]: where the decoder
// position that chose tokenId looked in the source.
struct GenerationStep {
    int index = 0;  // 0 for the first generated token
    int tokenId = 0;
    std::vector<int> sequence;  // the prompt (decoder start token) first, tokenId last
    AttentionStack crossAttention;
    BeamStep beams;  // beam search only
    // The cross-attention rows of every generated token of `sequence` so far, as the steps that
    // chose them computed them (beam search: that hypothesis' ancestors): [layers, heads,
    // index + 1, source], last row = crossAttention. Empty for a model without cross-attention.
    AttentionStack crossAttentionHistory;
};
// Return false to cancel (the call then throws CancelledError).
using GenerationCallback = std::function<bool(const GenerationStep&)>;

}  // namespace attnscope
