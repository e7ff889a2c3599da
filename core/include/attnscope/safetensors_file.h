// Read-only, memory-mapped view of a .safetensors file (Hugging Face's weight format).
// The constructor validates the whole header up front (length, JSON, dtypes, shapes, offsets
// inside the data area, no overlaps) so later reads never touch memory outside the file.
// Thread-safety: immutable after construction; the mapping lives as long as any copy or
// any keepAlive() handle does.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace attnscope {

enum class DType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, Bool, F8_E4M3, F8_E5M2 };

const char* dtypeName(DType dtype);
std::size_t dtypeSize(DType dtype);

struct TensorInfo {
    std::string name;
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;
    std::uint64_t begin = 0;  // byte offsets relative to the start of the data area
    std::uint64_t end = 0;

    std::int64_t numel() const;
    std::string shapeString() const;  // e.g. "[384, 1536]"
};

class SafetensorsFile {
public:
    // Throws ModelFileError naming the file and the defect.
    explicit SafetensorsFile(const std::string& path);

    const std::string& path() const { return path_; }
    const std::vector<TensorInfo>& tensors() const { return tensors_; }
    const std::map<std::string, std::string>& metadata() const { return metadata_; }
    const TensorInfo* find(const std::string& name) const;  // nullptr when absent
    const std::byte* data(const TensorInfo& info) const;    // points into the mapping
    // A handle that keeps the mapping alive, for zero-copy tensors that outlive this object.
    std::shared_ptr<const void> keepAlive() const { return mapping_; }

private:
    std::string path_;
    std::shared_ptr<const void> mapping_;  // the mapped file (mapped_file.h)
    const std::byte* dataStart_ = nullptr;
    std::vector<TensorInfo> tensors_;
    std::map<std::string, std::size_t> index_;
    std::map<std::string, std::string> metadata_;
};

}  // namespace attnscope
