// checkBertSizes / checkMarianSizes: see size_check.h.
#include "size_check.h"

#include "attnscope/errors.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace attnscope {
namespace {

// Layers numbered PREFIX<n>. in the checkpoint: the highest n + 1 (0 when none).
long long countLayers(const CheckpointWeights& weights, const std::string& prefix) {
    long long highest = -1;
    for (const auto& t : weights.tensors()) {
        if (t.name.compare(0, prefix.size(), prefix) != 0) continue;
        const std::size_t dot = t.name.find('.', prefix.size());
        const std::string number = t.name.substr(prefix.size(), dot - prefix.size());
        if (number.empty() || number.size() > 6 || number.find_first_not_of("0123456789") != std::string::npos) continue;
        highest = std::max(highest, std::stoll(number));
    }
    return highest + 1;
}

// Rows of a 2-D tensor, or 0 when it is absent or not 2-D.
long long rowsOf(const CheckpointWeights& weights, const std::string& name) {
    const TensorInfo* t = weights.find(name);
    return t && t->shape.size() == 2 ? t->shape[0] : 0;
}

double numelOf(const CheckpointWeights& weights) {
    double n = 0;
    for (const auto& t : weights.tensors()) n += static_cast<double>(t.numel());
    return n;
}

struct Field {
    const char* name;
    long long configured;
    long long held;  // what the weights say (0: not known from them)
};

// The config would build far more parameters than the checkpoint holds (a hostile or broken
// config.json): refuse before allocating, naming the sizes that disagree with the weights.
// Smaller disagreements are left to the strict loader, which lists every mismatched tensor.
void refuseOversized(double configured, const CheckpointWeights& weights, const std::vector<Field>& fields,
                     const std::string& configPath) {
    const double held = numelOf(weights);
    if (configured <= 2.0 * held + 1e6) return;
    std::string why;
    for (const Field& f : fields)
        if (f.held > 0 && f.configured != f.held)
            why += std::string(why.empty() ? "" : "; ") + f.name + " " + std::to_string(f.configured) +
                   " where the weights have " + std::to_string(f.held);
    if (why.empty()) why = "its sizes";
    throw ModelFileError("'" + configPath + "' asks for a model of " + std::to_string(static_cast<long long>(configured)) +
                         " parameters but " + weights.path() + " holds " + std::to_string(static_cast<long long>(held)) +
                         " (" + why + "): refused before allocating it");
}

}  // namespace

void checkBertSizes(const BertConfig& c, const CheckpointWeights& weights,
                    const std::function<std::string(const std::string&)>& keyOf, const std::string& layerPrefix,
                    const std::string& configPath) {
    const double h = c.hiddenSize, i = c.intermediateSize;
    const double configured = (static_cast<double>(c.vocabSize) + c.maxPositions + c.typeVocabSize) * h +
                              static_cast<double>(c.numLayers) * (4.0 * h * h + 2.0 * h * i);
    const auto rows = [&](const std::string& name) { return rowsOf(weights, keyOf(name)); };
    refuseOversized(configured, weights,
                    {{"num_hidden_layers", c.numLayers, countLayers(weights, layerPrefix)},
                     {"vocab_size", c.vocabSize, rows("body.embeddings.word_embeddings.weight")},
                     {"max_position_embeddings", c.maxPositions, rows("body.embeddings.position_embeddings.weight")},
                     {"hidden_size", c.hiddenSize, rows("body.encoder.layer.0.attention.self.query.weight")},
                     {"intermediate_size", c.intermediateSize, rows("body.encoder.layer.0.intermediate.dense.weight")},
                     {"type_vocab_size", c.typeVocabSize, rows("body.embeddings.token_type_embeddings.weight")}},
                    configPath);
}

void checkMarianSizes(const MarianConfig& c, const CheckpointWeights& weights, const std::string& configPath) {
    const double d = c.dModel;
    // Positions are built as sinusoid tables on both sides even when not stored.
    const double configured = static_cast<double>(c.vocabSize) * d + 2.0 * c.maxPositions * d +
                              static_cast<double>(c.encoderLayers) * (4.0 * d * d + 2.0 * d * c.encoderFfnDim) +
                              static_cast<double>(c.decoderLayers) * (8.0 * d * d + 2.0 * d * c.decoderFfnDim);
    refuseOversized(configured, weights,
                    {{"encoder_layers", c.encoderLayers, countLayers(weights, "model.encoder.layers.")},
                     {"decoder_layers", c.decoderLayers, countLayers(weights, "model.decoder.layers.")},
                     {"vocab_size", c.vocabSize, rowsOf(weights, "model.shared.weight")},
                     {"d_model", c.dModel, rowsOf(weights, "model.encoder.layers.0.self_attn.q_proj.weight")},
                     {"encoder_ffn_dim", c.encoderFfnDim, rowsOf(weights, "model.encoder.layers.0.fc1.weight")},
                     {"decoder_ffn_dim", c.decoderFfnDim, rowsOf(weights, "model.decoder.layers.0.fc1.weight")},
                     {"max_position_embeddings", c.maxPositions, rowsOf(weights, "model.encoder.embed_positions.weight")}},
                    configPath);
}

void checkGpt2Sizes(const Gpt2Config& c, const CheckpointWeights& weights, const std::string& p,
                    const std::string& configPath) {
    const double d = c.hiddenSize;
    const double configured = (static_cast<double>(c.vocabSize) + c.maxPositions) * d +
                              static_cast<double>(c.numLayers) * (4.0 * d * d + 2.0 * d * c.innerSize);
    // Conv1D weights are stored [in, out]: c_attn's first dimension is n_embd.
    refuseOversized(configured, weights,
                    {{"n_layer", c.numLayers, countLayers(weights, p + "h.")},
                     {"vocab_size", c.vocabSize, rowsOf(weights, p + "wte.weight")},
                     {"n_positions", c.maxPositions, rowsOf(weights, p + "wpe.weight")},
                     {"n_embd", c.hiddenSize, rowsOf(weights, p + "h.0.attn.c_attn.weight")}},
                    configPath);
}

}  // namespace attnscope
