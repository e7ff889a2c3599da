// Strict loading of a BERT checkpoint folder into BertCheckpoint.
#include "bert_checkpoint.h"

#include "attnscope/byte_level_bpe.h"
#include "attnscope/errors.h"
#include "attnscope/wordpiece_tokenizer.h"
#include "attnscope/safetensors_file.h"
#include "checkpoint_folder.h"
#include "size_check.h"
#include "weight_loading.h"

#include <algorithm>
#include <cstring>

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

std::string checkpointKey(const std::string& name, const std::string& bodyPrefix, const std::string& modelType) {
    if (modelType == "distilbert") {
        // DistilBERT: transformer.layer.N.{attention.q_lin, …, sa_layer_norm, ffn.lin1, …} and
        // the masked-LM head's vocab_transform / vocab_layer_norm / vocab_projector.
        static const std::pair<const char*, const char*> layerNames[] = {
            {"attention.self.query.", "attention.q_lin."},  {"attention.self.key.", "attention.k_lin."},
            {"attention.self.value.", "attention.v_lin."},  {"attention.output.dense.", "attention.out_lin."},
            {"attention.output.LayerNorm.", "sa_layer_norm."}, {"intermediate.dense.", "ffn.lin1."},
            {"output.dense.", "ffn.lin2."},                 {"output.LayerNorm.", "output_layer_norm."}};
        static const std::pair<const char*, const char*> headNames[] = {
            {"cls.predictions.transform.dense.", "vocab_transform."},
            {"cls.predictions.transform.LayerNorm.", "vocab_layer_norm."},
            {"cls.predictions.decoder.", "vocab_projector."}};
        if (startsWith(name, "body.encoder.layer.")) {
            const std::size_t numberEnd = name.find('.', 19);
            const std::string layer = name.substr(0, numberEnd + 1), rest = name.substr(numberEnd + 1);
            for (const auto& [from, to] : layerNames)
                if (startsWith(rest, from))
                    return bodyPrefix + "transformer.layer." + layer.substr(19) + to + rest.substr(std::strlen(from));
        }
        if (name == "cls.predictions.bias") return "vocab_projector.bias";
        for (const auto& [from, to] : headNames)
            if (startsWith(name, from)) return to + name.substr(std::strlen(from));
    } else if (modelType == "roberta") {
        // RoBERTa: BERT's body names; the masked-LM head is lm_head.{dense, layer_norm, decoder, bias}.
        static const std::pair<const char*, const char*> headNames[] = {
            {"cls.predictions.transform.dense.", "lm_head.dense."},
            {"cls.predictions.transform.LayerNorm.", "lm_head.layer_norm."},
            {"cls.predictions.decoder.", "lm_head.decoder."}};
        if (name == "cls.predictions.bias") return "lm_head.bias";
        for (const auto& [from, to] : headNames)
            if (startsWith(name, from)) return to + name.substr(std::strlen(from));
    }
    return startsWith(name, "body.") ? bodyPrefix + name.substr(5) : name;
}

LoadedBert loadBertCheckpoint(const std::string& modelDir, const LoadProgress& progress) {
    auto report = [&](double fraction, const std::string& stage) {
        reportLoadProgress(progress, modelDir, fraction, stage);
    };
    const CheckpointFolder folder =
        openCheckpointFolder(modelDir, {"bert", "distilbert", "roberta"}, "the BERT-family encoder", progress);
    LoadedBert loaded;
    loaded.config = BertConfig::fromFile(folder.configPath);
    const auto& config = loaded.config;
    const std::string& family = config.modelType;
    const bool roberta = family == "roberta";
    if (roberta)
        loaded.tokenizer = std::make_unique<ByteLevelBpeTokenizer>(ByteLevelBpeTokenizer::fromFolder(modelDir));
    else
        loaded.tokenizer = std::make_unique<WordPieceTokenizer>(WordPieceTokenizer::fromFolder(modelDir));
    if (loaded.tokenizer->vocabSize() > static_cast<std::size_t>(config.vocabSize))
        throw ModelFileError(std::string(roberta ? "vocab.json" : "vocab.txt") + " in '" + modelDir + "' has " +
                             std::to_string(loaded.tokenizer->vocabSize()) + " entries but config.json says vocab_size " +
                             std::to_string(config.vocabSize) + ": the tokenizer belongs to another model");

    report(0.1, "mapping " + folder.weightsFileName());
    const CheckpointWeights file = openCheckpointWeights(folder);

    // How this family names the body and the masked-LM head in a checkpoint.
    const std::string bodyName = family + ".";  // "bert.", "distilbert.", "roberta."
    const std::string headName = family == "bert" ? "cls.predictions." : family == "distilbert" ? "vocab_transform." : "lm_head.";
    bool prefixed = false, hasMaskedLm = false;
    for (const auto& t : file.tensors()) {
        prefixed = prefixed || startsWith(t.name, bodyName);
        hasMaskedLm = hasMaskedLm || startsWith(t.name, headName);
    }
    loaded.bodyPrefix = prefixed ? bodyName : "";
    const std::string& prefix = loaded.bodyPrefix;
    const bool hasPooler = family != "distilbert" && file.find(prefix + "pooler.dense.weight") != nullptr;
    const auto keyOf = [&](const std::string& name) { return checkpointKey(name, prefix, family); };
    checkBertSizes(config, file, keyOf, prefix + (family == "distilbert" ? "transformer.layer." : "encoder.layer."),
                   folder.configPath);  // before any module is allocated
    loaded.model = BertCheckpoint(config, hasPooler, hasMaskedLm);

    StrictLoadSpec spec;
    spec.describe = family == "bert" ? "BERT encoder" : family == "distilbert" ? "DistilBERT encoder" : "RoBERTa encoder";
    spec.keyFor = keyOf;
    const std::string tiedDecoder = keyOf("cls.predictions.decoder.weight");
    spec.ignorable = [&, tiedDecoder](const std::string& key) {
        return key == prefix + "embeddings.position_ids"     // a buffer, recomputed
               || key == prefix + "embeddings.token_type_ids"  // a buffer of zeros (RoBERTa)
               || startsWith(key, "cls.seq_relationship.")   // next-sentence head, unused
               || key == "cls.predictions.decoder.bias"      // alias of cls.predictions.bias
               || key == "lm_head.decoder.bias"              // alias of lm_head.bias
               // Task heads on top of the encoder (a sentiment classifier, question answering):
               // they do not change the attentions or the hidden states shown.
               || startsWith(key, "classifier.") || startsWith(key, "pre_classifier.") ||
               startsWith(key, "qa_outputs.")
               || (config.tieWordEmbeddings && key == tiedDecoder);  // tied to the word embeddings
    };
    spec.onTensor = [&](std::size_t done, std::size_t total) {
        report(0.15 + 0.75 * static_cast<double>(done) / static_cast<double>(std::max<std::size_t>(1, total)),
               "loading weights");
    };
    loadStrict(*loaded.model, file, spec);
    return loaded;
}

}  // namespace attnscope
