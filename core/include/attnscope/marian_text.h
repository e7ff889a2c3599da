// TextTranslator: text in, translation and every attention out, for a Marian (opus-mt)
// checkpoint folder. It wraps MarianTranslator (ids) and MarianTokenizer (text): generation
// (greedy or beam search) picks the target ids, then one teacher-forced pass over them gives
// the encoder, decoder and cross attentions of the chosen hypothesis as plain data.
// hardAlignment() turns cross-attention into word-piece alignment links (Pharaoh "s-t").
// Threading: immutable after load(); calls on one instance should come from one thread at a time.
#pragma once

#include "attnscope/attention_analysis.h"
#include "attnscope/encoder_result.h"
#include "attnscope/marian_tokenizer.h"
#include "attnscope/inspection.h"
#include "attnscope/marian_translator.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace attnscope {

struct TranslateOptions {
    int beams = 1;               // 1: greedy
    double lengthPenalty = 1.0;  // beam search: score = log-probability / length^lengthPenalty
    int maxNewTokens = 0;        // 0: as many as the model's positions allow
    bool earlyStopping = false;  // beam search: stop once `beams` hypotheses are finished
    // An output cap relative to the source, so a degenerate repetition stops early: with
    // maxNewTokensPerSourceToken > 0, at most perSourceToken × source tokens (those fed to the
    // encoder, </s> included) + slack new tokens, clamped to the model's positions, and
    // maxNewTokens still applies when set. 0: no relative cap.
    int maxNewTokensPerSourceToken = 0;
    int maxNewTokensSlack = 0;
    // Heads switched off for the whole translation (inspection.h); the attentions reported for
    // them are zero.
    HeadAblation ablation;

    // The interactive rule (the app): 2 × source tokens + 10, within the model's positions.
    static TranslateOptions interactive(int beams = 1);
    // The maxNewTokens translate() uses for a source of sourceTokens tokens on a model with
    // maxPositions positions. An explicit maxNewTokens is returned as it is (generation
    // rejects one the model cannot hold) unless the relative cap is smaller.
    int newTokenLimit(int sourceTokens, int maxPositions) const;
};

// One finished hypothesis of the n-best list. logProbability is the sum of the
// log-probabilities of its tokens as generation scored them; score = logProbability /
// tokens^lengthPenalty (greedy: lengthPenalty 1).
struct TranslationHypothesis {
    std::vector<int> ids;  // as generate() returns them: decoder start token first
    std::string text;
    double logProbability = 0.0;
    double score = 0.0;
};

// A node of the beam-search tree (TextTranslation::beamSteps): token `piece` appended to beam
// `parent` of the previous step (-1 at the first step: the decoder start token).
struct BeamNode {
    int parent = -1;
    int tokenId = 0;
    std::string piece;
    double logProbability = 0.0;  // running sum including this token
    double score = 0.0;           // finished nodes: the hypothesis score
    bool finished = false;        // eos: ended a hypothesis
    bool onBest = false;          // part of the chosen translation
};
struct BeamStepNodes {
    std::vector<BeamNode> beams;     // beam j after this step
    std::vector<BeamNode> finished;  // hypotheses ended here
};

// One step of decoding as it happens (greedy: the new token; beam search: the best running
// beam's newest token, which may later lose). partial is the decoded text of that
// hypothesis so far; crossAttention is [layers, heads, 1, source]: where the step looked.
struct TranslationStep {
    int index = 0;  // 0 for the first generated token
    Token token;
    std::string partial;
    AttentionStack crossAttention;
    BeamStepNodes beams;  // beam search only
    // The hypothesis' tokens so far (byte ranges in partial) and their cross-attention rows
    // [layers, heads, tokens, source], whole at every step: under beam search the best beam can
    // change from step to step; under greedy search they grow by one token and one row.
    std::vector<Token> tokens;
    AttentionStack crossAttentions;
    // The source tokens fed to the encoder (TextTranslation::sourceTokens): the columns of
    // crossAttentions, so a partial translation can be shown before the result is complete.
    std::vector<Token> sourceTokens;
};
// Return false to cancel (translate() then throws CancelledError).
using TranslationStepCallback = std::function<bool(const TranslationStep&)>;

struct TextTranslation {
    std::string text;         // the input text
    std::string translation;  // decode(ids, skip_special_tokens=True)
    // Source tokens fed to the encoder, ending with </s>; byte and code point ranges in text.
    std::vector<Token> sourceTokens;
    bool truncated = false;      // the source was cut to the model's maximum positions
    std::size_t fullLength = 0;  // source tokens before truncation
    // Generated tokens (the decoder start token excluded, the final </s> included); byte and
    // code point ranges in translation. Decoder position t read the previous token and produced targetTokens[t].
    std::vector<Token> targetTokens;
    AttentionStack encoderAttentions;          // [layers, heads, source, source]
    AttentionStack decoderAttentions;          // [layers, heads, target, target]
    AttentionStack crossAttentions;            // [layers, heads, target, source]
    std::vector<TranslationHypothesis> nbest;  // best first (greedy: the one translation)
    std::vector<BeamStepNodes> beamSteps;      // beam search: the search tree, one entry per step
    std::string device;                        // "cpu" or "cuda:0"
    double generateMs = 0.0;                   // generation (greedy or beam search)
    double attentionMs = 0.0;                  // beam search: the teacher-forced pass for the attentions
                                               // (0 for greedy: its steps computed them)
};

// Source token index -> target token index (indices into sourceTokens / targetTokens).
struct AlignmentLink {
    int source = 0;
    int target = 0;
};

class TextTranslator {
public:
    // Loads the model (MarianTranslator::load) and the tokenizer of the same folder. Throws what
    // those throw, and ModelFileError when tokenizer and model disagree (vocabulary size, eos or
    // pad ids). openModel() (model_registry.h) picks this loader from config.json's model_type.
    static std::unique_ptr<TextTranslator> load(const std::string& modelDir, const LoadOptions& options = {},
                                                const LoadProgress& progress = {});
    ~TextTranslator();

    // Throws InputError on empty (or all-space) text and invalid options.
    // onStep (optional) sees every decoding step as it happens and can cancel.
    TextTranslation translate(const std::string& text, const TranslateOptions& options = {},
                              const TranslationStepCallback& onStep = {}) const;

    // One head's computation (inspection.h) on text, with tokens. Decoder and cross-attention
    // run over the decoder start token followed by targetPrefix (target.spm pieces) or, when
    // targetPrefix is empty, by the model's own translation (options: beams, ablation) without
    // its last token: the rows are what each step of generating it computed.
    HeadInspection inspect(const std::string& text, AttentionKind kind, int layer, int head,
                           const TranslateOptions& options = {}, const std::string& targetPrefix = {}) const;
    // The same over an explicit decoder input (the start token first), e.g. a translation's ids
    // without the last: row t is what the step that chose token t + 1 computed.
    HeadInspection inspectIds(const std::string& text, AttentionKind kind, int layer, int head,
                              const std::vector<int>& decoderInput, const HeadAblation& ablation = {}) const;

    const MarianTranslator& translator() const { return *translator_; }
    const MarianTokenizer& tokenizer() const { return tokenizer_; }

private:
    TextTranslator(std::unique_ptr<MarianTranslator> translator, MarianTokenizer tokenizer);
    BeamNode beamNode(const BeamCandidate& candidate, bool firstStep) const;
    std::unique_ptr<MarianTranslator> translator_;
    MarianTokenizer tokenizer_;
};

// The argmax rule of hardAlignment, now in the analysis module (attention_analysis.h).
using analysis::argmaxSource;

// For each non-special target token: the source token with the most cross-attention in
// `layer` (negative: counted from the end, -1 = last), averaged over heads. Special source
// tokens (</s>) are not chosen unless there is nothing else. Throws InputError on a bad layer.
std::vector<AlignmentLink> hardAlignment(const TextTranslation& result, int layer = -1);
// "0-0 1-2 ..." (source-target pairs, Pharaoh format).
std::string pharaohString(const std::vector<AlignmentLink>& links);

}  // namespace attnscope
