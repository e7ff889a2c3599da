// mapFile: see mapped_file.h.
#include "mapped_file.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace attnscope {

MappedFile::~MappedFile() {
    if (address && address != MAP_FAILED) ::munmap(address, length);
}

std::shared_ptr<MappedFile> mapFile(const std::string& path, const FileError& fail,
                                    const std::function<void(int fd, std::uint64_t size)>& beforeMapping) {
    // O_NONBLOCK: a FIFO in place of the weights is refused below instead of blocking the open.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) throw fail(std::strerror(errno));
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) throw fail("not a regular file");
    const auto size = static_cast<std::uint64_t>(st.st_size);
    if (beforeMapping) beforeMapping(fd, size);
    auto file = std::make_shared<MappedFile>();
    file->length = static_cast<std::size_t>(size);
    file->address = ::mmap(nullptr, file->length, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    if (file->address == MAP_FAILED) {
        file->address = nullptr;
        throw fail(std::string("mmap failed: ") + std::strerror(errno));
    }
    return file;
}

}  // namespace attnscope
