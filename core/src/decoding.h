// Autoregressive decoding written once for every model family, after CTranslate2's
// SearchStrategy: greedy and beam search (Hugging Face generate() semantics, transformers
// 4.44) run over an IncrementalDecoder, one request's decoder state. A model family only
// implements step() (ids -> next-token logits and the step's attention rows) and reorder();
// logits processors (bad words, forced eos) are plain functions built from its config.
// Internal to core/: torch types never leave it.
// Threading: a decoder and a search belong to one request on one thread.
#pragma once

#include <torch/torch.h>

#include <functional>
#include <vector>

#include "attnscope/encoder_result.h"  // AttentionStack
#include "attnscope/generation.h"

namespace attnscope {

// What one decoder step computed for each of its B rows (beams).
struct DecoderStepOutput {
    torch::Tensor logits;                        // [B, V], the scores of the next token
    std::vector<torch::Tensor> selfAttentions;   // per layer [B, H, 1, keys so far]
    std::vector<torch::Tensor> crossAttentions;  // per layer [B, H, 1, source]; empty for decoder-only models
};

// One request's decoder state (KV cache, encoder output). The search owns the token
// sequences; the decoder has consumed every prompt token but the last (an encoder-decoder's
// prompt is just the decoder start token) and starts with one row.
class IncrementalDecoder {
public:
    virtual ~IncrementalDecoder() = default;
    // lastTokens [B, 1] (long, on device()): the newest token of each row -> that row's next position.
    virtual DecoderStepOutput step(const torch::Tensor& lastTokens) = 0;
    // Row j continues row beamIndex[j] (long [B], on device()).
    virtual void reorder(const torch::Tensor& beamIndex) = 0;
    // Before the first step of beam search: the one row becomes `beams` identical rows.
    virtual void expandToBeams(int beams) = 0;
    virtual torch::Device device() const = 0;
};

// A Hugging Face LogitsProcessor: rewrites a step's scores [B, V] in place. currentLength is
// the length of the sequences being extended (prompt included), maxLength HF's max_length.
using LogitsProcessor = std::function<void(torch::Tensor& scores, int currentLength, int maxLength)>;
// NoBadWordsLogitsProcessor for single-token bad words: they are never chosen. Ids outside
// [0, vocabSize) are ignored.
LogitsProcessor suppressTokens(std::vector<int> ids, int vocabSize);
// ForcedEOSTokenLogitsProcessor: eos is the only choice for the last allowed position.
LogitsProcessor forceEosAtMaxLength(int eosTokenId);

// What both searches share: where the sequences start, where they end, how scores are bent.
struct SearchSettings {
    std::vector<int> prompt;  // the sequences' first tokens (Marian: the decoder start token)
    int maxLength = 0;        // HF's max_length: prompt plus generated tokens, at most
    int eosTokenId = 0;
    std::vector<LogitsProcessor> processors;  // applied in order, as HF's LogitsProcessorList
};

struct GreedySearchResult {
    std::vector<int> ids;  // the prompt first, then the generated tokens (eos last when the model stopped)
    // With keepAttentions only: the sum of log-softmax(logits) of the chosen tokens, and row t
    // of every attention from the step at position t, as a teacher-forced pass over ids without
    // the last token would give them.
    double logProbability = 0.0;
    std::vector<torch::Tensor> selfAttentions;   // per layer [1, H, T, keys], zeros where row t saw fewer keys
    std::vector<torch::Tensor> crossAttentions;  // per layer [1, H, T, source]
};

// HF's greedy search. onStep sees each new token; returning false throws CancelledError.
GreedySearchResult greedySearch(IncrementalDecoder& decoder, const SearchSettings& settings, bool keepAttentions,
                                const GenerationCallback& onStep = {});

struct BeamSettings {
    int beams = 1;
    double lengthPenalty = 1.0;  // hypothesis score = sum of log-probabilities / generated length^lengthPenalty
    bool earlyStopping = false;  // stop once `beams` hypotheses are finished
};

// HF's beam search (BeamSearchScorer + BeamHypotheses): the n-best list, best first, and the
// search tree. onStep sees the best running beam after each step; false throws CancelledError.
BeamSearchResult beamSearch(IncrementalDecoder& decoder, const SearchSettings& settings, const BeamSettings& beam,
                            const GenerationCallback& onStep = {});

// Per-layer [B, H, Q, K] (batch row `row`) -> AttentionStack [L, H, Q, K] on the CPU.
AttentionStack attentionStack(const std::vector<torch::Tensor>& perLayer, int64_t row = 0);
// [L, H, Q, K] -> AttentionStack on the CPU.
AttentionStack attentionStackOf(const torch::Tensor& layersHeadsQueriesKeys);
// Any tensor -> its float32 values, row-major, on the CPU.
std::vector<float> floatValues(const torch::Tensor& t);

}  // namespace attnscope
