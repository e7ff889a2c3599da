// config.json parsing for BERT-family encoders.
#include "attnscope/bert_config.h"

#include "attnscope/errors.h"
#include "config_json.h"

#include <string>
#include <utility>

#include <nlohmann/json.hpp>

namespace attnscope {

BertConfig BertConfig::fromFile(const std::string& path) {
    const auto j = readConfigJson(path);
    BertConfig c;
    c.modelType = configField<std::string>(j, "model_type", path, "", true);
    if (c.modelType != "bert" && c.modelType != "distilbert" && c.modelType != "roberta")
        throw UnsupportedModelError("'" + path + "': model_type \"" + c.modelType +
                                    "\" is not a BERT-family encoder (supported: bert, distilbert, roberta)");
    if (c.modelType == "distilbert") {
        // DistilBertConfig's own names; LayerNorm eps is fixed at 1e-12, no token types.
        c.vocabSize = configField<int>(j, "vocab_size", path, 0, true);
        c.hiddenSize = configField<int>(j, "dim", path, 0, true);
        c.numLayers = configField<int>(j, "n_layers", path, 0, true);
        c.numHeads = configField<int>(j, "n_heads", path, 0, true);
        c.intermediateSize = configField<int>(j, "hidden_dim", path, 0, true);
        c.maxPositions = configField<int>(j, "max_position_embeddings", path, 512, false);
        c.typeVocabSize = 0;
        c.padTokenId = configField<int>(j, "pad_token_id", path, 0, false);
        c.layerNormEps = 1e-12;
        c.hiddenAct = configField<std::string>(j, "activation", path, "gelu", false);
        c.tieWordEmbeddings = configField<bool>(j, "tie_word_embeddings", path, true, false);
        if (c.hiddenAct != "gelu" && c.hiddenAct != "relu")
            throw UnsupportedModelError("'" + path + "': activation \"" + c.hiddenAct +
                                        "\" is not supported (DistilBERT: gelu, relu)");
        for (const auto& [name, value] :
             {std::pair{"vocab_size", c.vocabSize}, std::pair{"dim", c.hiddenSize}, std::pair{"n_layers", c.numLayers},
              std::pair{"n_heads", c.numHeads}, std::pair{"hidden_dim", c.intermediateSize},
              std::pair{"max_position_embeddings", c.maxPositions}})
            if (value <= 0)
                throw UnsupportedModelError("'" + path + "': " + name + " must be positive, not " + std::to_string(value));
        if (c.hiddenSize % c.numHeads != 0)
            throw UnsupportedModelError("'" + path + "': dim " + std::to_string(c.hiddenSize) +
                                        " is not divisible by n_heads " + std::to_string(c.numHeads));
        return c;
    }
    c.vocabSize = configField<int>(j, "vocab_size", path, 0, true);
    c.hiddenSize = configField<int>(j, "hidden_size", path, 0, true);
    c.numLayers = configField<int>(j, "num_hidden_layers", path, 0, true);
    c.numHeads = configField<int>(j, "num_attention_heads", path, 0, true);
    c.intermediateSize = configField<int>(j, "intermediate_size", path, 0, true);
    c.maxPositions = configField<int>(j, "max_position_embeddings", path, 512, false);
    c.typeVocabSize = configField<int>(j, "type_vocab_size", path, 2, false);
    c.padTokenId = configField<int>(j, "pad_token_id", path, 0, false);
    c.layerNormEps = configField<double>(j, "layer_norm_eps", path, 1e-12, false);
    c.hiddenAct = configField<std::string>(j, "hidden_act", path, "gelu", false);
    c.tieWordEmbeddings = configField<bool>(j, "tie_word_embeddings", path, true, false);

    const auto posType = configField<std::string>(j, "position_embedding_type", path, "absolute", false);
    if (posType != "absolute")
        throw UnsupportedModelError("'" + path + "': position_embedding_type \"" + posType +
                                    "\" is not supported (only \"absolute\")");
    // Fields Hugging Face acts on that this encoder does not implement: refused rather than run
    // differently (is_decoder makes HF apply a causal mask; attentions would differ by up to 1).
    if (configField<bool>(j, "is_decoder", path, false, false))
        throw UnsupportedModelError("'" + path +
                                    "': is_decoder is true (a causal decoder); attnscope runs BERT as a "
                                    "bidirectional encoder only");
    if (configField<bool>(j, "add_cross_attention", path, false, false))
        throw UnsupportedModelError("'" + path + "': add_cross_attention is true (an encoder-decoder BERT); not supported");
    if (c.hiddenAct != "gelu" && c.hiddenAct != "gelu_new" && c.hiddenAct != "gelu_pytorch_tanh" &&
        c.hiddenAct != "relu")
        throw UnsupportedModelError("'" + path + "': hidden_act \"" + c.hiddenAct +
                                    "\" is not supported (gelu, gelu_new, gelu_pytorch_tanh, relu)");
    for (const auto& [name, value] : {std::pair{"vocab_size", c.vocabSize}, std::pair{"hidden_size", c.hiddenSize},
                                      std::pair{"num_hidden_layers", c.numLayers},
                                      std::pair{"num_attention_heads", c.numHeads},
                                      std::pair{"intermediate_size", c.intermediateSize},
                                      std::pair{"max_position_embeddings", c.maxPositions},
                                      std::pair{"type_vocab_size", c.typeVocabSize}})
        if (value <= 0)
            throw UnsupportedModelError("'" + path + "': " + name + " must be positive, not " + std::to_string(value));
    if (c.hiddenSize % c.numHeads != 0)
        throw UnsupportedModelError("'" + path + "': hidden_size " + std::to_string(c.hiddenSize) +
                                    " is not divisible by num_attention_heads " + std::to_string(c.numHeads));
    if (c.modelType == "roberta" && (c.padTokenId < 0 || c.maxPositions <= c.positionOffset()))
        throw UnsupportedModelError("'" + path + "': max_position_embeddings " + std::to_string(c.maxPositions) +
                                    " leaves no position after pad_token_id " + std::to_string(c.padTokenId) +
                                    " (RoBERTa numbers positions from pad_token_id + 1)");
    return c;
}

}  // namespace attnscope
