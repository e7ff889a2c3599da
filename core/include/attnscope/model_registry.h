// Opening any supported checkpoint folder: config.json's model_type picks the model family
// (a table in model_registry.cpp: model_type -> family, loader), so clients need not know
// which class loads what. Adding a family is one line there (see core/README.md).
// Threading: every function may be called from any thread; loading blocks the caller.
#pragma once

#include "attnscope/bert_encoder.h"
#include "attnscope/gpt2.h"
#include "attnscope/load_options.h"
#include "attnscope/marian_text.h"

#include <memory>
#include <string>
#include <vector>

namespace attnscope {

enum class ModelFamily {
    Encoder,     // BERT-style encoder: BertEncoder (text -> self-attention, masked-word predictions)
    Translator,  // Marian-style encoder-decoder: TextTranslator (text -> translation, three attention kinds)
    Generator,   // GPT-2-style decoder-only: Gpt2Generator (prompt -> continuation, causal self-attention)
};

// "encoder", "translator" or "generator".
const char* modelFamilyName(ModelFamily family);

// What a folder holds, from its config.json alone.
struct ModelIdentity {
    std::string modelType;  // config.json's model_type, e.g. "bert"
    ModelFamily family = ModelFamily::Encoder;
};

// A loaded model: exactly one of encoder / translator is set, the one `family` names.
struct OpenedModel {
    ModelFamily family = ModelFamily::Encoder;
    std::string modelType;
    std::unique_ptr<BertEncoder> encoder;        // family == Encoder
    std::unique_ptr<TextTranslator> translator;  // family == Translator
    std::unique_ptr<Gpt2Generator> generator;    // family == Generator
};

// Reads config.json's model_type and says which family opens it, without loading weights.
// Throws ModelFileError (no folder, no or broken config.json) and UnsupportedModelError
// (model_type absent or not in knownModelTypes(); the message lists the known ones).
ModelIdentity identifyModel(const std::string& modelDir);

// identifyModel(), then that family's loader (BertEncoder::load or TextTranslator::load) with
// options and progress. Throws what identifyModel and the loader throw.
OpenedModel openModel(const std::string& modelDir, const LoadOptions& options = {}, const LoadProgress& progress = {});

// openModel for a client that handles one family (a workspace): a folder of another family
// throws UnsupportedModelError naming both families, before any weights are read.
OpenedModel openModel(const std::string& modelDir, ModelFamily expected, const LoadOptions& options = {},
                      const LoadProgress& progress = {});

// The files a folder of a model_type holds besides config.json and its weights
// (model.safetensors or pytorch_model.bin): those the loader needs and those it reads when
// present. What a download fetches and what makes a cached model complete.
struct ModelFiles {
    std::vector<std::string> required;
    std::vector<std::string> optional;
};
// Throws UnsupportedModelError (listing the known types) for a type not in the registry.
ModelFiles modelFilesFor(const std::string& modelType);
// The family a model_type opens as; throws like modelFilesFor.
ModelFamily familyOf(const std::string& modelType);

// The model_type values openModel accepts, in the table's order ("bert", "marian").
std::vector<std::string> knownModelTypes();

}  // namespace attnscope
