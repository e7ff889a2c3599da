// Fuzz target: config.json for each model family (BERT-family encoders and Marian). Any input
// must parse into a validated config or throw one of the core's errors (a clear message);
// another exception type (nlohmann's, std::bad_alloc, ...) escapes and is a finding.
#include "fuzz_support.h"

#include "attnscope/bert_config.h"
#include "attnscope/errors.h"
#include "attnscope/marian_config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = fuzz::writeFile("config.json", data, size);
    try {
        const auto c = attnscope::BertConfig::fromFile(path);
        if (c.hiddenSize <= 0 || c.numHeads <= 0 || c.hiddenSize % c.numHeads != 0 || c.numLayers <= 0 || c.vocabSize <= 0)
            __builtin_trap();  // a validated config never has these
    } catch (const attnscope::Error&) {
    }
    try {
        const auto c = attnscope::MarianConfig::fromFile(path);
        if (c.dModel <= 0 || c.encoderHeads <= 0 || c.decoderHeads <= 0 || c.dModel % c.encoderHeads != 0 ||
            c.dModel % c.decoderHeads != 0 || c.vocabSize <= 0)
            __builtin_trap();
    } catch (const attnscope::Error&) {
    }
    return 0;
}
