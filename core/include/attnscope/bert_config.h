// The fields of a Hugging Face config.json that a BERT-family encoder needs, parsed with
// nlohmann-json and validated.
#pragma once

#include <string>

namespace attnscope {

// One network for three Hugging Face families that compute the same post-LayerNorm encoder:
// BERT ("bert"), DistilBERT ("distilbert": no token types, no pooler, its own parameter names)
// and RoBERTa ("roberta": position ids start after the padding id, byte-level BPE tokenizer).
struct BertConfig {
    std::string modelType = "bert";
    int vocabSize = 0;
    int hiddenSize = 0;
    int numLayers = 0;
    int numHeads = 0;
    int intermediateSize = 0;
    int maxPositions = 512;
    int typeVocabSize = 2;
    int padTokenId = 0;
    double layerNormEps = 1e-12;
    std::string hiddenAct = "gelu";  // gelu (erf), gelu_new / gelu_pytorch_tanh (tanh), relu
    bool tieWordEmbeddings = true;

    int headDim() const { return hiddenSize / numHeads; }
    bool hasTokenTypes() const { return typeVocabSize > 0; }  // DistilBERT has none
    // RoBERTa numbers positions from padding_idx + 1 (HF's create_position_ids_from_input_ids):
    // a text of T tokens uses positions padTokenId + 1 … padTokenId + T. 0 for the others.
    int positionOffset() const { return modelType == "roberta" ? padTokenId + 1 : 0; }
    // The longest input the position table allows.
    int maxTokens() const { return maxPositions - positionOffset(); }

    // Throws ModelFileError (missing/corrupt file) or UnsupportedModelError (unknown
    // model_type, unsupported activation or position embedding type, inconsistent sizes).
    static BertConfig fromFile(const std::string& configJsonPath);
};

}  // namespace attnscope
