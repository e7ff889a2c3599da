// readSmallFile: see small_file.h.
#include "small_file.h"

#include "attnscope/errors.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace attnscope {

std::string readSmallFile(const std::string& path, std::uint64_t maxBytes) {
    // O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting for one.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) throw ModelFileError("Cannot open '" + path + "': " + std::strerror(errno));
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0) throw ModelFileError("Cannot read '" + path + "': " + std::strerror(errno));
    if (!S_ISREG(st.st_mode))
        throw ModelFileError("'" + path + "' is not a regular file (a folder, FIFO or device): model files must be plain files");
    if (static_cast<std::uint64_t>(st.st_size) > maxBytes)
        throw ModelFileError("'" + path + "' is " + std::to_string(static_cast<std::uint64_t>(st.st_size) >> 20) +
                             " MB: more than the " + std::to_string(maxBytes >> 20) +
                             " MB such a file can be (not a model file, or a damaged one)");
    std::string out(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t done = 0;
    while (done < out.size()) {
        const ssize_t n = ::read(fd, out.data() + done, out.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw ModelFileError("Cannot read '" + path + "': " + std::strerror(errno));
        if (n == 0) break;  // shrank while reading
        done += static_cast<std::size_t>(n);
    }
    out.resize(done);
    return out;
}

}  // namespace attnscope
