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
};

// One line per model_type. A new family adds its loader here (see core/README.md).
const RegistryEntry kRegistry[] = {
    {"bert", ModelFamily::Encoder,
     [](OpenedModel& m, const std::string& dir, const LoadOptions& o, const LoadProgress& p) {
         m.encoder = BertEncoder::load(dir, o, p);
     }},
    {"marian", ModelFamily::Translator,
     [](OpenedModel& m, const std::string& dir, const LoadOptions& o, const LoadProgress& p) {
         m.translator = TextTranslator::load(dir, o, p);
     }},
};

const RegistryEntry& entryFor(const std::string& modelDir, const std::string& modelType) {
    for (const auto& entry : kRegistry)
        if (modelType == entry.modelType) return entry;
    std::string known;
    for (const auto& entry : kRegistry)
        known += std::string(known.empty() ? "" : ", ") + "\"" + entry.modelType + "\" (" +
                 modelFamilyName(entry.family) + ")";
    throw UnsupportedModelError("'" + modelDir + "' holds a \"" + modelType +
                                "\" model (config.json's model_type); attnscope opens model_type " + known);
}

}  // namespace

const char* modelFamilyName(ModelFamily family) {
    switch (family) {
    case ModelFamily::Encoder: return "encoder";
    case ModelFamily::Translator: return "translator";
    }
    return "?";
}

ModelIdentity identifyModel(const std::string& modelDir) {
    ModelIdentity identity;
    identity.modelType = readModelType(modelDir);
    identity.family = entryFor(modelDir, identity.modelType).family;
    return identity;
}

OpenedModel openModel(const std::string& modelDir, const LoadOptions& options, const LoadProgress& progress) {
    OpenedModel opened;
    opened.modelType = readModelType(modelDir);
    const RegistryEntry& entry = entryFor(modelDir, opened.modelType);
    opened.family = entry.family;
    entry.load(opened, modelDir, options, progress);
    return opened;
}

std::vector<std::string> knownModelTypes() {
    std::vector<std::string> types;
    for (const auto& entry : kRegistry) types.emplace_back(entry.modelType);
    return types;
}

}  // namespace attnscope
