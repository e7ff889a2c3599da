// The fields of a Hugging Face MarianMTModel config.json (transformers' MarianConfig) that the
// Marian encoder-decoder needs, parsed with nlohmann-json and validated.
#pragma once

#include <string>
#include <vector>

namespace attnscope {

struct MarianConfig {
    std::string modelType = "marian";
    int vocabSize = 0;
    int decoderVocabSize = 0;  // = vocabSize unless config.json says otherwise
    int dModel = 0;
    int encoderLayers = 0;
    int decoderLayers = 0;
    int encoderHeads = 0;
    int decoderHeads = 0;
    int encoderFfnDim = 0;
    int decoderFfnDim = 0;
    int maxPositions = 1024;
    std::string activation = "gelu";  // swish/silu, gelu, gelu_new/gelu_pytorch_tanh, relu
    bool scaleEmbedding = false;      // multiply token embeddings by sqrt(d_model)
    int padTokenId = 0;
    int eosTokenId = 0;
    int decoderStartTokenId = 0;
    int forcedEosTokenId = -1;  // -1: none; otherwise forced at the last allowed step of generation
    bool shareEncoderDecoderEmbeddings = true;
    bool tieWordEmbeddings = true;  // lm_head.weight is model.shared.weight
    // bad_words_ids entries of one token each: generation never picks them.
    std::vector<int> badWordIds;

    int encoderHeadDim() const { return dModel / encoderHeads; }
    int decoderHeadDim() const { return dModel / decoderHeads; }

    // Throws ModelFileError (missing/corrupt file) or UnsupportedModelError (not "marian",
    // unknown activation, separate encoder/decoder vocabularies, inconsistent sizes).
    static MarianConfig fromFile(const std::string& configJsonPath);
};

}  // namespace attnscope
