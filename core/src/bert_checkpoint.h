// A whole BERT checkpoint as one module tree (body + optional masked-LM head), loaded
// strictly from a Hugging Face folder. Shared by BertEncoder (inference) and the masked-LM
// trainer. Internal to core/.
#pragma once

#include "attnscope/bert_config.h"
#include "attnscope/load_options.h"
#include "attnscope/encoder_tokenizer.h"
#include "bert_model.h"

#include <memory>
#include <string>

namespace attnscope {

// Parameter names are the checkpoint keys once "body." becomes the checkpoint's own prefix
// ("bert." for BertForMaskedLM/BertForPreTraining, "" for a bare BertModel such as
// sentence-transformers saves).
struct BertCheckpointImpl : torch::nn::Module {
    BertCheckpointImpl(const BertConfig& c, bool withPooler, bool withMaskedLm);
    // Adds a freshly initialised masked-LM head (for training one on a bare encoder).
    void addMaskedLmHead(const BertConfig& c, double initStd);

    BertBody body{nullptr};
    BertMaskedLmHead cls{nullptr};
};
TORCH_MODULE(BertCheckpoint);

struct LoadedBert {
    BertConfig config;
    std::unique_ptr<EncoderTokenizer> tokenizer;  // WordPiece (BERT, DistilBERT) or byte-level BPE (RoBERTa)
    BertCheckpoint model{nullptr};
    std::string bodyPrefix;  // "bert." / "distilbert." / "roberta." or ""
};

// Validates the folder (config.json, the tokenizer's files, the weights) and loads strictly on
// the CPU in float32. Throws ModelFileError, UnsupportedModelError or WeightMismatchError.
// progress (optional) gets fractions in [0, 0.9] and may cancel (CancelledError).
LoadedBert loadBertCheckpoint(const std::string& modelDir, const LoadProgress& progress = {});

// The checkpoint key of a parameter name of BertCheckpoint, given the body prefix and the
// family (config.json's model_type): DistilBERT and RoBERTa name the same tensors their own way.
std::string checkpointKey(const std::string& parameterName, const std::string& bodyPrefix,
                          const std::string& modelType = "bert");

}  // namespace attnscope
