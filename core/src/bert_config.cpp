// config.json parsing for BERT-family encoders.
#include "attnscope/bert_config.h"

#include "attnscope/errors.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

namespace attnscope {

namespace {

nlohmann::json readJsonFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw ModelFileError("Cannot open '" + path + "': the model folder needs a config.json from Hugging Face");
    try {
        auto j = nlohmann::json::parse(in);
        if (!j.is_object()) throw ModelFileError("'" + path + "' is JSON but not an object: expected a model config");
        return j;
    } catch (const nlohmann::json::exception& e) {
        throw ModelFileError("'" + path + "' is not valid JSON (" + e.what() + ")");
    }
}

template <typename T>
T field(const nlohmann::json& j, const char* key, const std::string& path, T fallback, bool required) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) {
        if (required) throw UnsupportedModelError("'" + path + "' lacks the required field \"" + key + "\"");
        return fallback;
    }
    try {
        return it->get<T>();
    } catch (const nlohmann::json::exception&) {
        throw UnsupportedModelError("'" + path + "': field \"" + key + "\" has the wrong type (" + it->dump() + ")");
    }
}

}  // namespace

std::string readModelType(const std::string& modelDir) {
    const std::string path = (std::filesystem::path(modelDir) / "config.json").string();
    if (!std::filesystem::is_directory(modelDir))
        throw ModelFileError("Model folder '" + modelDir + "' does not exist");
    auto j = readJsonFile(path);
    return field<std::string>(j, "model_type", path, "", true);
}

BertConfig BertConfig::fromFile(const std::string& path) {
    const auto j = readJsonFile(path);
    BertConfig c;
    c.modelType = field<std::string>(j, "model_type", path, "", true);
    if (c.modelType != "bert")
        throw UnsupportedModelError("'" + path + "': model_type \"" + c.modelType +
                                    "\" is not a BERT-family encoder (supported: bert)");
    c.vocabSize = field<int>(j, "vocab_size", path, 0, true);
    c.hiddenSize = field<int>(j, "hidden_size", path, 0, true);
    c.numLayers = field<int>(j, "num_hidden_layers", path, 0, true);
    c.numHeads = field<int>(j, "num_attention_heads", path, 0, true);
    c.intermediateSize = field<int>(j, "intermediate_size", path, 0, true);
    c.maxPositions = field<int>(j, "max_position_embeddings", path, 512, false);
    c.typeVocabSize = field<int>(j, "type_vocab_size", path, 2, false);
    c.padTokenId = field<int>(j, "pad_token_id", path, 0, false);
    c.layerNormEps = field<double>(j, "layer_norm_eps", path, 1e-12, false);
    c.hiddenAct = field<std::string>(j, "hidden_act", path, "gelu", false);
    c.tieWordEmbeddings = field<bool>(j, "tie_word_embeddings", path, true, false);

    const auto posType = field<std::string>(j, "position_embedding_type", path, "absolute", false);
    if (posType != "absolute")
        throw UnsupportedModelError("'" + path + "': position_embedding_type \"" + posType +
                                    "\" is not supported (only \"absolute\")");
    if (c.hiddenAct != "gelu" && c.hiddenAct != "gelu_new" && c.hiddenAct != "gelu_pytorch_tanh" &&
        c.hiddenAct != "relu")
        throw UnsupportedModelError("'" + path + "': hidden_act \"" + c.hiddenAct +
                                    "\" is not supported (gelu, gelu_new, gelu_pytorch_tanh, relu)");
    if (c.vocabSize <= 0 || c.hiddenSize <= 0 || c.numLayers <= 0 || c.numHeads <= 0 || c.intermediateSize <= 0 ||
        c.maxPositions <= 0 || c.typeVocabSize <= 0)
        throw UnsupportedModelError("'" + path + "': sizes must be positive");
    if (c.hiddenSize % c.numHeads != 0)
        throw UnsupportedModelError("'" + path + "': hidden_size " + std::to_string(c.hiddenSize) +
                                    " is not divisible by num_attention_heads " + std::to_string(c.numHeads));
    return c;
}

}  // namespace attnscope
