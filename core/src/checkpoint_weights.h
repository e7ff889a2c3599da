// The tensors of a checkpoint, whatever file they came from (model.safetensors or a PyTorch
// pytorch_model.bin): name, dtype, shape and contiguous little-endian bytes, kept alive by one
// handle. The strict loader and every family read weights through this one type. Internal to
// core/; torch-free.
#pragma once

#include "attnscope/safetensors_file.h"

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace attnscope {

class CheckpointWeights {
public:
    // A view of file's tensors (zero-copy: the bytes stay in file's mapping).
    explicit CheckpointWeights(const SafetensorsFile& file);
    // tensors[i]'s bytes start at data[i] (numel * dtypeSize bytes, row-major) and stay valid
    // while keepAlive (or any copy of it) lives.
    CheckpointWeights(std::string path, std::vector<TensorInfo> tensors, std::vector<const std::byte*> data,
                      std::shared_ptr<const void> keepAlive);

    const std::string& path() const { return path_; }
    const std::vector<TensorInfo>& tensors() const { return tensors_; }
    const TensorInfo* find(const std::string& name) const;  // nullptr when absent
    const std::byte* data(const TensorInfo& info) const;    // info must come from this object
    std::shared_ptr<const void> keepAlive() const { return keepAlive_; }

private:
    std::string path_;
    std::vector<TensorInfo> tensors_;
    std::vector<const std::byte*> data_;
    std::map<std::string, std::size_t> index_;
    std::shared_ptr<const void> keepAlive_;
};

struct CheckpointFolder;

// The folder's weights file, read by its format (CheckpointFolder::weightsPath). Throws
// ModelFileError naming the file, the tensor and the defect.
CheckpointWeights openCheckpointWeights(const CheckpointFolder& folder);

}  // namespace attnscope
