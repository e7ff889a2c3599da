// Fuzz target: a model.safetensors file (header length, JSON header, tensor table, data area).
// Any input must either load, with every tensor's bytes inside the mapping, or throw one of the
// core's errors.
#include "fuzz_support.h"

#include "attnscope/errors.h"
#include "attnscope/safetensors_file.h"

#include <stdexcept>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = fuzz::writeFile("model.safetensors", data, size);
    try {
        const attnscope::SafetensorsFile file(path);
        for (const auto& t : file.tensors()) {
            if (t.end < t.begin) __builtin_trap();
            const std::byte* p = file.data(t);
            if (t.end > t.begin)  // first and last byte: ASan or the mapping's end catches a bad range
                fuzz::sink = fuzz::sink + std::to_integer<unsigned>(p[0]) + std::to_integer<unsigned>(p[t.end - t.begin - 1]);
            if (file.find(t.name) != &t) __builtin_trap();
            (void)t.shapeString();
        }
    } catch (const attnscope::Error&) {  // a clear message; anything else escapes and is a finding
    }
    return 0;
}
