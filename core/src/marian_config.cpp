// config.json parsing for Marian encoder-decoders (MarianMTModel).
#include "attnscope/marian_config.h"

#include <nlohmann/json.hpp>

#include "attnscope/errors.h"
#include "config_json.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>

namespace attnscope {

namespace {

bool supportedActivation(const std::string& a) {
    return a == "swish" || a == "silu" || a == "gelu" || a == "gelu_new" || a == "gelu_pytorch_tanh" || a == "relu";
}

}  // namespace

MarianConfig MarianConfig::fromFile(const std::string& path) {
    const auto j = readConfigJson(path);
    MarianConfig c;
    c.modelType = configField<std::string>(j, "model_type", path, "", true);
    if (c.modelType != "marian")
        throw UnsupportedModelError("'" + path + "': model_type \"" + c.modelType +
                                    "\" is not a Marian encoder-decoder (supported: marian)");
    // Defaults are MarianConfig's in transformers 4.44.
    c.vocabSize = configField<int>(j, "vocab_size", path, 58101, false);
    c.decoderVocabSize = configField<int>(j, "decoder_vocab_size", path, c.vocabSize, false);
    c.dModel = configField<int>(j, "d_model", path, 1024, false);
    c.encoderLayers = configField<int>(j, "encoder_layers", path, 12, false);
    c.decoderLayers = configField<int>(j, "decoder_layers", path, 12, false);
    c.encoderHeads = configField<int>(j, "encoder_attention_heads", path, 16, false);
    c.decoderHeads = configField<int>(j, "decoder_attention_heads", path, 16, false);
    c.encoderFfnDim = configField<int>(j, "encoder_ffn_dim", path, 4096, false);
    c.decoderFfnDim = configField<int>(j, "decoder_ffn_dim", path, 4096, false);
    c.maxPositions = configField<int>(j, "max_position_embeddings", path, 1024, false);
    c.activation = configField<std::string>(j, "activation_function", path, "gelu", false);
    c.scaleEmbedding = configField<bool>(j, "scale_embedding", path, false, false);
    c.padTokenId = configField<int>(j, "pad_token_id", path, 58100, false);
    c.eosTokenId = configField<int>(j, "eos_token_id", path, 0, false);
    c.decoderStartTokenId = configField<int>(j, "decoder_start_token_id", path, 58100, false);
    c.forcedEosTokenId = configField<int>(j, "forced_eos_token_id", path, -1, false);
    c.shareEncoderDecoderEmbeddings = configField<bool>(j, "share_encoder_decoder_embeddings", path, true, false);
    c.tieWordEmbeddings = configField<bool>(j, "tie_word_embeddings", path, true, false);
    if (auto it = j.find("bad_words_ids"); it != j.end() && it->is_array())
        for (const auto& entry : *it)
            if (entry.is_array() && entry.size() == 1 && entry[0].is_number_integer()) {
                // An id outside the vocabulary is a broken config (2^32 used to wrap to 0: </s>).
                const auto& id = entry[0];
                const bool inside = id.is_number_unsigned()
                                        ? id.get<std::uint64_t>() < static_cast<std::uint64_t>(std::max(0, c.vocabSize))
                                        : id.get<std::int64_t>() >= 0 && id.get<std::int64_t>() < c.vocabSize;
                if (!inside)
                    throw UnsupportedModelError("'" + path + "': bad_words_ids holds " + id.dump() +
                                                ", which is not a token id of this vocabulary (0 to " +
                                                std::to_string(c.vocabSize - 1) + ")");
                c.badWordIds.push_back(id.get<int>());
            }

    if (!supportedActivation(c.activation))
        throw UnsupportedModelError("'" + path + "': activation_function \"" + c.activation +
                                    "\" is not supported (swish, silu, gelu, gelu_new, gelu_pytorch_tanh, relu)");
    if (!c.shareEncoderDecoderEmbeddings || c.decoderVocabSize != c.vocabSize)
        throw UnsupportedModelError("'" + path +
                                    "': separate source and target vocabularies "
                                    "(share_encoder_decoder_embeddings false) are not supported");
    for (const auto& [name, value] :
         {std::pair{"vocab_size", c.vocabSize}, std::pair{"d_model", c.dModel}, std::pair{"encoder_layers", c.encoderLayers},
          std::pair{"decoder_layers", c.decoderLayers}, std::pair{"encoder_attention_heads", c.encoderHeads},
          std::pair{"decoder_attention_heads", c.decoderHeads}, std::pair{"encoder_ffn_dim", c.encoderFfnDim},
          std::pair{"decoder_ffn_dim", c.decoderFfnDim}, std::pair{"max_position_embeddings", c.maxPositions}})
        if (value <= 0)
            throw UnsupportedModelError("'" + path + "': " + name + " must be positive, not " + std::to_string(value));
    if (c.dModel % c.encoderHeads != 0 || c.dModel % c.decoderHeads != 0)
        throw UnsupportedModelError("'" + path + "': d_model " + std::to_string(c.dModel) +
                                    " is not divisible by the number of attention heads");
    auto checkId = [&](int id, const char* name, bool optional) {
        if (optional && id < 0) return;
        if (id < 0 || id >= c.vocabSize)
            throw UnsupportedModelError("'" + path + "': " + name + " " + std::to_string(id) +
                                        " is outside the vocabulary (size " + std::to_string(c.vocabSize) + ")");
    };
    checkId(c.padTokenId, "pad_token_id", false);
    checkId(c.eosTokenId, "eos_token_id", false);
    checkId(c.decoderStartTokenId, "decoder_start_token_id", false);
    checkId(c.forcedEosTokenId, "forced_eos_token_id", true);
    return c;
}

}  // namespace attnscope
