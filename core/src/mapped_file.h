// A weights file mapped into memory once, for the safetensors and PyTorch checkpoint readers:
// open, check it is a regular file, let the reader look at it (size, first bytes) before
// mapping, then map it copy-on-write (a stray in-place op on a zero-copy weight cannot fault or
// touch the file). Errors come back through the reader's own message maker. Torch-free.
#pragma once

#include "attnscope/errors.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace attnscope {

struct MappedFile {
    void* address = nullptr;
    std::size_t length = 0;
    MappedFile() = default;
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    ~MappedFile();
    const std::byte* data() const { return static_cast<const std::byte*>(address); }
};

using FileError = std::function<ModelFileError(const std::string& what)>;

// beforeMapping(fd, size) may read the open file (pread) and throw; the descriptor is closed
// whatever happens. Throws fail(...) for a missing, unreadable or non-regular file or a failed map.
std::shared_ptr<MappedFile> mapFile(const std::string& path, const FileError& fail,
                                    const std::function<void(int fd, std::uint64_t size)>& beforeMapping = {});

}  // namespace attnscope
