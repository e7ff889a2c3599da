// Writes .safetensors files (trainer checkpoints, exported models). The file is written to a
// temporary name and renamed, so a crash never leaves a half-written checkpoint behind.
#pragma once

#include "attnscope/safetensors_file.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace attnscope {

struct TensorBlob {
    std::string name;
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;
    const void* data = nullptr;  // numel(shape) * dtypeSize(dtype) bytes
};

// Throws Error when the file cannot be written.
void writeSafetensors(const std::string& path, const std::vector<TensorBlob>& tensors,
                      const std::map<std::string, std::string>& metadata = {});

}  // namespace attnscope
