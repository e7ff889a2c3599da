// Strict loading of a BERT checkpoint folder into BertCheckpoint.
#include "bert_checkpoint.h"

#include "attnscope/errors.h"
#include "attnscope/safetensors_file.h"
#include "checkpoint_folder.h"
#include "size_check.h"
#include "weight_loading.h"

#include <algorithm>

namespace attnscope {

namespace {
bool startsWith(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }
}  // namespace

BertCheckpointImpl::BertCheckpointImpl(const BertConfig& c, bool withPooler, bool withMaskedLm) {
    body = register_module("body", BertBody(c, withPooler));
    if (withMaskedLm) cls = register_module("cls", BertMaskedLmHead(c));
}

void BertCheckpointImpl::addMaskedLmHead(const BertConfig& c, double initStd) {
    cls = register_module("cls", BertMaskedLmHead(c));
    torch::NoGradGuard noGrad;
    // Hugging Face's BertPreTrainedModel init: normal(0, initializer_range), LayerNorm 1/0, bias 0.
    auto& p = *cls->predictions;
    p.transform->dense->weight.normal_(0.0, initStd);
    p.transform->dense->bias.zero_();
    p.transform->LayerNorm->weight.fill_(1.0);
    p.transform->LayerNorm->bias.zero_();
    p.bias.zero_();
    if (p.decoderWeight.defined()) p.decoderWeight.normal_(0.0, initStd);
}

std::string checkpointKey(const std::string& name, const std::string& bodyPrefix) {
    return startsWith(name, "body.") ? bodyPrefix + name.substr(5) : name;
}

LoadedBert loadBertCheckpoint(const std::string& modelDir, const LoadProgress& progress) {
    auto report = [&](double fraction, const std::string& stage) {
        reportLoadProgress(progress, modelDir, fraction, stage);
    };
    const CheckpointFolder folder = openCheckpointFolder(modelDir, {"bert"}, "the BERT encoder", progress);
    LoadedBert loaded;
    loaded.config = BertConfig::fromFile(folder.configPath);
    const auto& config = loaded.config;
    loaded.tokenizer.emplace(WordPieceTokenizer::fromFolder(modelDir));
    if (loaded.tokenizer->vocabSize() > static_cast<std::size_t>(config.vocabSize))
        throw ModelFileError("vocab.txt in '" + modelDir + "' has " + std::to_string(loaded.tokenizer->vocabSize()) +
                             " entries but config.json says vocab_size " + std::to_string(config.vocabSize) +
                             ": the tokenizer belongs to another model");

    report(0.1, "mapping " + folder.weightsFileName());
    const CheckpointWeights file = openCheckpointWeights(folder);

    bool bertPrefix = false, hasMaskedLm = false;
    for (const auto& t : file.tensors()) {
        bertPrefix = bertPrefix || startsWith(t.name, "bert.");
        hasMaskedLm = hasMaskedLm || startsWith(t.name, "cls.predictions.");
    }
    loaded.bodyPrefix = bertPrefix ? "bert." : "";
    const std::string& prefix = loaded.bodyPrefix;
    const bool hasPooler = file.find(prefix + "pooler.dense.weight") != nullptr;
    checkBertSizes(config, file, prefix, folder.configPath);  // before any module is allocated
    loaded.model = BertCheckpoint(config, hasPooler, hasMaskedLm);

    StrictLoadSpec spec;
    spec.describe = "BERT encoder";
    spec.keyFor = [&](const std::string& name) { return checkpointKey(name, prefix); };
    spec.ignorable = [&](const std::string& key) {
        return key == prefix + "embeddings.position_ids"    // a buffer, recomputed
               || startsWith(key, "cls.seq_relationship.")  // next-sentence head, unused
               || key == "cls.predictions.decoder.bias"     // alias of cls.predictions.bias
               || (config.tieWordEmbeddings && key == "cls.predictions.decoder.weight");  // tied
    };
    spec.onTensor = [&](std::size_t done, std::size_t total) {
        report(0.15 + 0.75 * static_cast<double>(done) / static_cast<double>(std::max<std::size_t>(1, total)),
               "loading weights");
    };
    loadStrict(*loaded.model, file, spec);
    return loaded;
}

}  // namespace attnscope
