// safetensors writer: header padded to 8 bytes, tensors in the order given, atomic rename.
#include "attnscope/safetensors_writer.h"

#include "attnscope/errors.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace attnscope {

void writeSafetensors(const std::string& path, const std::vector<TensorBlob>& tensors,
                      const std::map<std::string, std::string>& metadata) {
    nlohmann::json header = nlohmann::json::object();
    if (!metadata.empty()) header["__metadata__"] = metadata;
    std::uint64_t offset = 0;
    std::vector<std::uint64_t> sizes;
    for (const auto& t : tensors) {
        std::uint64_t bytes = dtypeSize(t.dtype);
        for (auto d : t.shape) bytes *= static_cast<std::uint64_t>(d);
        header[t.name] = {
            {"dtype", dtypeName(t.dtype)}, {"shape", t.shape}, {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
        sizes.push_back(bytes);
    }
    std::string text = header.dump();
    while (text.size() % 8) text += ' ';  // keeps every tensor 8-byte aligned for zero-copy reads
    const std::string temporary = path + ".part";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out) throw Error("Cannot write '" + temporary + "': check that the folder exists and is writable");
        const std::uint64_t n = text.size();
        for (int i = 0; i < 8; ++i) out.put(static_cast<char>((n >> (8 * i)) & 0xff));
        out << text;
        for (std::size_t i = 0; i < tensors.size(); ++i)
            out.write(static_cast<const char*>(tensors[i].data), static_cast<std::streamsize>(sizes[i]));
        if (!out) throw Error("Writing '" + temporary + "' failed (disk full?)");
    }
    std::error_code ec;
    std::filesystem::rename(temporary, path, ec);
    if (ec) throw Error("Cannot rename '" + temporary + "' to '" + path + "': " + ec.message());
}

}  // namespace attnscope
