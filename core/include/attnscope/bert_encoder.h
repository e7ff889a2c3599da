// BERT-family encoder (BERT, DistilBERT, RoBERTa) over a Hugging Face checkpoint folder
// (config.json, model.safetensors or pytorch_model.bin, vocab.txt or vocab.json + merges.txt,
// tokenizer_config.json). Loading is strict: every missing, unexpected or
// mis-shaped tensor is named. encode() returns every attention weight as plain data.
// Thread-safety: weights are immutable after load(); encode() may be called from one thread
// at a time per instance (LibTorch's own thread pool parallelises inside a call).
#pragma once

#include "attnscope/bert_config.h"
#include "attnscope/encoder_result.h"
#include "attnscope/inspection.h"
#include "attnscope/load_options.h"
#include "attnscope/encoder_tokenizer.h"

#include <memory>
#include <string>

namespace attnscope {

// The encoder's earlier name for LoadOptions (load_options.h), kept for existing callers.
using EncoderOptions = LoadOptions;

class BertEncoder {
public:
    // Throws ModelFileError, UnsupportedModelError, WeightMismatchError, DeviceError, or
    // CancelledError when progress returned false. openModel() (model_registry.h) picks this
    // loader from config.json's model_type.
    static std::unique_ptr<BertEncoder> load(const std::string& modelDir, const LoadOptions& options = {},
                                             const LoadProgress& progress = {});
    ~BertEncoder();

    // Tokenises (truncating to the model's maximum length, reported in the result) and runs
    // one forward pass. topK limits the predictions per [MASK]. ablation.encoder switches heads
    // off (HF's head_mask: their weights, and so their outputs, are zero). Throws InputError on
    // text that holds no tokens or on a head the model does not have.
    EncodeResult encode(const std::string& text, int topK = 5, const HeadAblation& ablation = {}) const;

    // How head `head` of layer `layer` computes its weights on text (the same forward pass as
    // encode(), with the same ablation). Throws InputError as encode() and on a layer or head
    // out of range.
    HeadInspection inspect(const std::string& text, int layer, int head, const HeadAblation& ablation = {}) const;

    const BertConfig& config() const;
    const EncoderTokenizer& tokenizer() const;  // WordPiece or byte-level BPE (byte_level_bpe.h)
    bool hasMaskedLmHead() const;
    std::string device() const;  // "cpu" or "cuda:0"
    std::size_t maxTokens() const;
    const std::string& modelDir() const;
    // The learned absolute position embeddings, float32, one row per position a text can use
    // ([max_position_embeddings - offset, hidden]: RoBERTa's first rows are never used).
    FloatMatrix positionEmbeddings() const;

private:
    struct Impl;
    explicit BertEncoder(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace attnscope
