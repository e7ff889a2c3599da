// Marian encoder-decoder (Hugging Face MarianMTModel, e.g. Helsinki-NLP/opus-mt-*) over a
// checkpoint folder (config.json, model.safetensors), working on token ids: tokenisation is
// separate. Loading is strict: every missing, unexpected or mis-shaped tensor is named.
// teacherForced() returns logits and every attention (encoder self, decoder self, cross) as
// plain data; greedy() and beamSearch() reproduce Hugging Face generate() ids, using a KV cache.
// Thread-safety: weights are immutable after load(); each call builds its own decoding state
// (cache, beams), but calls on one instance should come from one thread at a time.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "attnscope/device.h"
#include "attnscope/encoder_result.h"
#include "attnscope/generation.h"
#include "attnscope/inspection.h"
#include "attnscope/load_options.h"
#include "attnscope/marian_config.h"

namespace attnscope {

// The translator's earlier name for LoadOptions (load_options.h), kept for existing callers.
// The translator computes in float32 whatever options.precision says.
using TranslatorOptions = LoadOptions;

// How teacherForced() runs the decoder: one pass over the whole target (as HF's forward), or
// one token at a time through the KV cache (as generation does). Both give the same numbers.
enum class DecoderPass { Full, Incremental };

struct TeacherForcedResult {
    int targetLength = 0;
    int vocabSize = 0;
    std::vector<float> logits;         // [target, vocab], row t predicts target token t + 1
    AttentionStack encoderAttentions;  // [layers, heads, source, source]
    AttentionStack decoderAttentions;  // [layers, heads, target, target], causal (zeros above)
    AttentionStack crossAttentions;    // [layers, heads, target, source]
};

// Load progress: fraction in [0, 1] and what is happening; return false to cancel.
using TranslatorLoadProgress = LoadProgress;  // the earlier name of LoadProgress (load_options.h)

class MarianTranslator {
public:
    // Throws ModelFileError, UnsupportedModelError, WeightMismatchError, DeviceError, or
    // CancelledError when progress returned false.
    static std::unique_ptr<MarianTranslator> load(const std::string& modelDir, const LoadOptions& options = {},
                                                  const LoadProgress& progress = {});
    ~MarianTranslator();

    // sourceIds: encoder input (normally ending with eos). targetIds: decoder input, normally
    // starting with the decoder start token. Throws InputError on empty, too long or
    // out-of-vocabulary ids.
    // Every call takes an optional HeadAblation (inspection.h): the heads it names are switched
    // off as HF's head_mask, decoder_head_mask and cross_attn_head_mask do (InputError for a head
    // the model does not have).
    TeacherForcedResult teacherForced(const std::vector<int>& sourceIds, const std::vector<int>& targetIds,
                                      DecoderPass pass = DecoderPass::Full, const HeadAblation& ablation = {}) const;

    // Ids as HF generate() returns them for one source: the decoder start token first, then
    // up to maxNewTokens tokens, the last being eos when the model stopped (forced_eos_token_id
    // forces eos as the last allowed token, as HF does).
    std::vector<int> greedy(const std::vector<int>& sourceIds, int maxNewTokens,
                            const GenerationCallback& onStep = {}, const HeadAblation& ablation = {}) const;
    // greedy() that also keeps what each step computed: the encoder self-attention, and row t of
    // the decoder self- and cross-attention from the step at decoder position t, i.e. the
    // attentions of teacherForced(source, ids without the last, DecoderPass::Incremental)
    // without a second pass. logProbability: sum of log-softmax(logits) of the chosen tokens.
    struct GreedyResult {
        std::vector<int> ids;
        double logProbability = 0.0;
        AttentionStack encoderAttentions;  // [layers, heads, source, source]
        AttentionStack decoderAttentions;  // [layers, heads, target, target], zeros above the diagonal
        AttentionStack crossAttentions;    // [layers, heads, target, source]
    };
    GreedyResult greedyWithAttentions(const std::vector<int>& sourceIds, int maxNewTokens,
                                      const GenerationCallback& onStep = {}, const HeadAblation& ablation = {}) const;

    // HF's beam search (BeamSearchScorer): hypothesis score = sum of log-probabilities /
    // generated_length^lengthPenalty; earlyStopping true stops once `beams` hypotheses are done,
    // false stops when no running beam can beat the worst finished one. result.best() equals
    // generate()'s output; hypotheses is the n-best list, steps the search tree.
    BeamSearchResult beamSearch(const std::vector<int>& sourceIds, int beams, double lengthPenalty, int maxNewTokens,
                                bool earlyStopping, const GenerationCallback& onStep = {},
                                const HeadAblation& ablation = {}) const;

    // How head `head` of layer `layer` of one attention kind computes its weights: encoder self-
    // attention over the source; decoder self-attention (causal) and cross-attention over the
    // decoder input targetIds (the decoder start token and the target prefix so far), one
    // teacher-forced pass as teacherForced(). Tokens are left empty (this class works on ids).
    HeadInspection inspect(const std::vector<int>& sourceIds, const std::vector<int>& targetIds, AttentionKind kind,
                           int layer, int head, const HeadAblation& ablation = {}) const;

    const MarianConfig& config() const;
    std::string device() const;  // "cpu" or "cuda:0"
    const std::string& modelDir() const;

private:
    struct Impl;
    explicit MarianTranslator(std::unique_ptr<Impl> impl);
    // greedy(); with collect, also the attentions and log-probability (GreedyResult).
    GreedyResult runGreedy(const std::vector<int>& sourceIds, int maxNewTokens, const GenerationCallback& onStep,
                           bool collect, const HeadAblation& ablation) const;
    std::unique_ptr<Impl> impl_;
};

}  // namespace attnscope
