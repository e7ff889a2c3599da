// The model registry: one table from config.json's model_type to a family and its loader.
#include "attnscope/model_registry.h"

#include "attnscope/errors.h"
#include "config_json.h"

namespace attnscope {

namespace {

struct RegistryEntry {
    const char* modelType;
    ModelFamily family;
    void (*load)(OpenedModel& into, const std::string& dir, const LoadOptions& options, const LoadProgress& progress);
    ModelFiles files;  // tokenizer files: what the loader reads besides config.json and weights
};

// One line per model_type. A new family adds its loader here (see core/README.md).
const RegistryEntry kRegistry[] = {
    {"bert", ModelFamily::Encoder,
     [](OpenedModel& m, const std::string& dir, const LoadOptions& o, const LoadProgress& p) {
         m.encoder = BertEncoder::load(dir, o, p);
     },
     {{"vocab.txt"}, {"tokenizer_config.json"}}},
    {"distilbert", ModelFamily::Encoder,
     [](OpenedModel& m, const std::string& dir, const LoadOptions& o, const LoadProgress& p) {
         m.encoder = BertEncoder::load(dir, o, p);
     },
     {{"vocab.txt"}, {"tokenizer_config.json"}}},
    {"roberta", ModelFamily::Encoder,
     [](OpenedModel& m, const std::string& dir, const LoadOptions& o, const LoadProgress& p) {
         m.encoder = BertEncoder::load(dir, o, p);
     },
     {{"vocab.json", "merges.txt"}, {"tokenizer_config.json"}}},
    {"gpt2", ModelFamily::Generator,
     [](OpenedModel& m, const std::string& dir, const LoadOptions& o, const LoadProgress& p) {
         m.generator = Gpt2Generator::load(dir, o, p);
     },
     {{"vocab.json", "merges.txt"}, {"tokenizer_config.json"}}},
    {"marian", ModelFamily::Translator,
     [](OpenedModel& m, const std::string& dir, const LoadOptions& o, const LoadProgress& p) {
         m.translator = TextTranslator::load(dir, o, p);
     },
     {{"source.spm", "target.spm", "vocab.json"}, {"tokenizer_config.json"}}},
};

const RegistryEntry& entryFor(const std::string& modelDir, const std::string& modelType) {
    for (const auto& entry : kRegistry)
        if (modelType == entry.modelType) return entry;
    std::string known;
    for (const auto& entry : kRegistry)
        known += std::string(known.empty() ? "" : ", ") + "\"" + entry.modelType + "\" (" +
                 modelFamilyName(entry.family) + ")";
    const std::string what = modelDir.empty() ? "A \"" + modelType + "\" model (config.json's model_type) is not supported"
                                              : "'" + modelDir + "' holds a \"" + modelType +
                                                    "\" model (config.json's model_type)";
    throw UnsupportedModelError(what + "; attnscope opens model_type " + known);
}

}  // namespace

const char* modelFamilyName(ModelFamily family) {
    switch (family) {
    case ModelFamily::Encoder: return "encoder";
    case ModelFamily::Translator: return "translator";
    case ModelFamily::Generator: return "generator";
    }
    return "?";
}

ModelIdentity identifyModel(const std::string& modelDir) {
    ModelIdentity identity;
    identity.modelType = readModelType(modelDir);
    identity.family = entryFor(modelDir, identity.modelType).family;
    return identity;
}

namespace {

OpenedModel openWith(const std::string& modelDir, const ModelFamily* expected, const LoadOptions& options,
                     const LoadProgress& progress) {
    OpenedModel opened;
    opened.modelType = readModelType(modelDir);
    const RegistryEntry& entry = entryFor(modelDir, opened.modelType);
    if (expected && entry.family != *expected)
        throw UnsupportedModelError("'" + modelDir + "' holds a \"" + opened.modelType + "\" model (" +
                                    modelFamilyName(entry.family) + " family); this needs the " +
                                    modelFamilyName(*expected) + " family");
    opened.family = entry.family;
    entry.load(opened, modelDir, options, progress);
    return opened;
}

}  // namespace

OpenedModel openModel(const std::string& modelDir, const LoadOptions& options, const LoadProgress& progress) {
    return openWith(modelDir, nullptr, options, progress);
}

OpenedModel openModel(const std::string& modelDir, ModelFamily expected, const LoadOptions& options,
                      const LoadProgress& progress) {
    return openWith(modelDir, &expected, options, progress);
}

ModelFiles modelFilesFor(const std::string& modelType) { return entryFor("", modelType).files; }

ModelFamily familyOf(const std::string& modelType) { return entryFor("", modelType).family; }

std::vector<std::string> knownModelTypes() {
    std::vector<std::string> types;
    for (const auto& entry : kRegistry) types.emplace_back(entry.modelType);
    return types;
}

}  // namespace attnscope
