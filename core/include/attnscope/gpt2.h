// GPT-2 (decoder-only, causal self-attention) over a Hugging Face checkpoint folder:
// config.json (model_type "gpt2"), model.safetensors or pytorch_model.bin (GPT2LMHeadModel's
// "transformer.*" or a bare GPT2Model), vocab.json + merges.txt (byte-level BPE, no specials
// added around the prompt). Conv1D weights are stored [in, out] and transposed at load.
// Generation runs through the shared greedy / beam search (decoding.h, HF generate()
// semantics) and streams each new token; the result carries every causal attention over the
// prompt and the continuation. Thread-safety: weights are immutable after load(); generate()
// may be called from one thread at a time per instance.
#pragma once

#include "attnscope/byte_level_bpe.h"
#include "attnscope/encoder_result.h"
#include "attnscope/generation.h"
#include "attnscope/inspection.h"
#include "attnscope/load_options.h"

#include <memory>
#include <string>
#include <vector>

namespace attnscope {

struct Gpt2Config {
    int vocabSize = 0;
    int maxPositions = 1024;  // n_positions
    int hiddenSize = 0;       // n_embd
    int numLayers = 0;        // n_layer
    int numHeads = 0;         // n_head
    int innerSize = 0;        // n_inner (null: 4 × n_embd)
    std::string activation = "gelu_new";
    double layerNormEps = 1e-5;
    int eosTokenId = 50256;
    bool tieWordEmbeddings = true;

    int headDim() const { return hiddenSize / numHeads; }
    // Throws ModelFileError (missing/corrupt) or UnsupportedModelError (another model_type,
    // options Hugging Face would run differently: scale_attn_by_inverse_layer_idx,
    // reorder_and_upcast_attn, add_cross_attention, scale_attn_weights false).
    static Gpt2Config fromFile(const std::string& configJsonPath);
};

struct GenerateOptions {
    int beams = 1;               // 1: greedy
    int maxNewTokens = 20;       // clamped to the positions left after the prompt
    double lengthPenalty = 1.0;  // beam search
    bool earlyStopping = false;  // beam search
    HeadAblation ablation;       // .decoder: HF's head_mask on every pass
};

struct TextGeneration {
    std::string prompt;             // as given
    std::string text;               // the best sequence decoded (prompt + continuation)
    std::string continuation;       // its generated tokens decoded
    std::vector<Token> tokens;      // prompt tokens (offsets into prompt), then the generated ones (offsets into text)
    std::size_t promptTokens = 0;
    std::vector<ScoredSequence> nbest;  // ids with the prompt first; greedy: one
    std::vector<BeamStep> beamSteps;    // beam search only
    // [layers, heads, T, T] over tokens: the causal attentions of one forward pass over the
    // whole best sequence (row t: what position t attends to when predicting token t + 1).
    AttentionStack attentions;
    double generateMs = 0.0, attentionMs = 0.0;
};

class Gpt2Generator {
public:
    // Throws ModelFileError, UnsupportedModelError, WeightMismatchError, DeviceError, CancelledError.
    static std::unique_ptr<Gpt2Generator> load(const std::string& modelDir, const LoadOptions& options = {},
                                               const LoadProgress& progress = {});
    ~Gpt2Generator();

    // Throws InputError on an empty prompt, one that fills the model's positions, bad options
    // or heads; CancelledError when onStep returned false.
    TextGeneration generate(const std::string& prompt, const GenerateOptions& options = {},
                            const GenerationCallback& onStep = {}) const;
    // One forward pass over ids: every causal attention [L, H, T, T] and the logits [T, V].
    AttentionStack attentions(const std::vector<int>& ids, const HeadAblation& ablation = {},
                              std::vector<float>* logits = nullptr) const;

    // How head `head` of layer `layer` computes its causal weights over ids (the attention lab):
    // Q, K, V, the scores, the mask (the future is hidden), the weights, the head's output, with
    // the same ablation. Tokens are the vocabulary pieces (no offsets). Throws InputError as
    // attentions() and on a layer or head out of range.
    HeadInspection inspect(const std::vector<int>& ids, int layer, int head, const HeadAblation& ablation = {}) const;

    const Gpt2Config& config() const;
    const ByteLevelBpeTokenizer& tokenizer() const;
    std::string device() const;
    const std::string& modelDir() const;

private:
    struct Impl;
    explicit Gpt2Generator(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace attnscope
