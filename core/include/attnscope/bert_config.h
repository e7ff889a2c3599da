// The fields of a Hugging Face config.json that a BERT-family encoder needs, parsed with
// nlohmann-json and validated.
#pragma once

#include <string>

namespace attnscope {

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

    // Throws ModelFileError (missing/corrupt file) or UnsupportedModelError (unknown
    // model_type, unsupported activation or position embedding type, inconsistent sizes).
    static BertConfig fromFile(const std::string& configJsonPath);
};

}  // namespace attnscope
