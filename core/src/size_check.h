// Before a model's modules are built: the size of model config.json asks for (layers, hidden,
// feed-forward, vocabulary, positions) against the tensors the checkpoint holds, read from its
// header (no allocation). A config of 10^9 layers used to allocate gigabytes and run for a
// minute before failing; a config that would build more than twice the checkpoint's
// parameters now fails in milliseconds naming the fields that disagree with the weights.
// Smaller mismatches go on to the strict loader, which names every mismatched tensor.
// Torch-free; internal to core/.
#pragma once

#include "attnscope/bert_config.h"
#include "attnscope/gpt2.h"
#include "attnscope/marian_config.h"
#include "checkpoint_weights.h"

#include <functional>
#include <string>

namespace attnscope {

// keyOf: a BertCheckpoint parameter name ("body.encoder.layer.0.attention.self.query.weight")
// as the checkpoint's family and prefix name it; layerPrefix: the checkpoint keys' prefix before
// the layer number ("bert.encoder.layer.", "distilbert.transformer.layer."). Throws ModelFileError.
void checkBertSizes(const BertConfig& config, const CheckpointWeights& weights,
                    const std::function<std::string(const std::string&)>& keyOf, const std::string& layerPrefix,
                    const std::string& configPath);
void checkMarianSizes(const MarianConfig& config, const CheckpointWeights& weights, const std::string& configPath);
// prefix: "transformer." or "" (GPT2LMHeadModel or a bare GPT2Model).
void checkGpt2Sizes(const Gpt2Config& config, const CheckpointWeights& weights, const std::string& prefix,
                    const std::string& configPath);

}  // namespace attnscope
