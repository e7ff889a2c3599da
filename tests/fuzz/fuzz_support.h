// Shared by the fuzz targets: the core's loaders read files, so each input is written to a file
// in a per-process scratch folder (in /dev/shm when it exists: no disk traffic).
#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace fuzz {

inline const std::string& scratchDir() {
    // Never destroyed: the exit handler below still needs it.
    static const std::string& dir = *new std::string([] {
        const std::filesystem::path base =
            std::filesystem::is_directory("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
        auto d = base / ("attnscope-fuzz-" + std::to_string(::getpid()));
        std::filesystem::create_directories(d);
        std::atexit([] { std::error_code ec; std::filesystem::remove_all(scratchDir(), ec); });
        return d.string();
    }());
    return dir;
}

// Writes bytes to scratchDir()/name and returns the path.
inline std::string writeFile(const std::string& name, const std::uint8_t* data, std::size_t size) {
    const std::string path = scratchDir() + "/" + name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    return path;
}

// Defeats the optimiser: every byte a loader exposes is read, so ASan sees any bad pointer.
inline volatile unsigned sink = 0;

}  // namespace fuzz
