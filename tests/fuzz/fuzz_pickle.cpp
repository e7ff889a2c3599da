// Fuzz target: pytorch_model.bin, the weights-only unpickler and the zip layer around it. An
// input that starts with a zip signature is the whole file; any other input is data.pkl, put in
// a valid stored zip archive next to a small fixture's storages (so the unpickler's
// storage, offset, stride and shape checks are reached, not only its opcode parser). Any input
// must load or throw one of the core's errors; a global outside the allow-list must never run.
#include "fuzz_support.h"

#include "attnscope/errors.h"
#include "checkpoint_weights.h"
#include "pytorch_checkpoint.h"

#include <unzip.h>
#include <zlib.h>

#include <cstring>
#include <utility>
#include <vector>

namespace {

struct Entry {
    std::string name;
    std::string bytes;
};

// The storages (PREFIX/data/KEY) of the small valid fixture views.bin (strided, offset, shared
// and float16 tensors; tests/data/make_pytorch_fixtures.py), renamed to archive/.
const std::vector<Entry>& storages() {
    static const std::vector<Entry> entries = [] {
        std::vector<Entry> out;
        unzFile z = unzOpen64(ATTNSCOPE_FUZZ_DATA "/hostile_pickles/views.bin");
        if (!z) __builtin_trap();
        for (int rc = unzGoToFirstFile(z); rc == UNZ_OK; rc = unzGoToNextFile(z)) {
            unz_file_info64 info{};
            char name[512];
            unzGetCurrentFileInfo64(z, &info, name, sizeof name, nullptr, 0, nullptr, 0);
            const std::string n = name;
            const auto slash = n.find('/');
            if (slash == std::string::npos || n.compare(slash, 6, "/data/") != 0) continue;
            std::string bytes(info.uncompressed_size, '\0');
            unzOpenCurrentFile(z);
            unzReadCurrentFile(z, bytes.data(), static_cast<unsigned>(bytes.size()));
            unzCloseCurrentFile(z);
            out.push_back({"archive" + n.substr(slash), std::move(bytes)});
        }
        unzClose(z);
        return out;
    }();
    return entries;
}

void put16(std::string& s, unsigned v) { s.push_back(char(v & 0xFF)); s.push_back(char((v >> 8) & 0xFF)); }
void put32(std::string& s, std::uint32_t v) { put16(s, v & 0xFFFF); put16(s, v >> 16); }

struct Zip {
    std::string file, directory;
    std::uint16_t count = 0;
};

// Appends a stored entry (local header + bytes, and its central directory record).
void add(Zip& zip, const std::string& name, const std::string& bytes) {
    const auto crc =
        static_cast<std::uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size())));
    const auto offset = static_cast<std::uint32_t>(zip.file.size());
    const auto size = static_cast<std::uint32_t>(bytes.size());
    const auto nameLength = static_cast<unsigned>(name.size());
    std::string& f = zip.file;
    put32(f, 0x04034b50); put16(f, 20); put16(f, 0); put16(f, 0); put16(f, 0); put16(f, 0);
    put32(f, crc); put32(f, size); put32(f, size); put16(f, nameLength); put16(f, 0);
    f += name;
    f += bytes;
    std::string& d = zip.directory;
    put32(d, 0x02014b50); put16(d, 20); put16(d, 20); put16(d, 0); put16(d, 0); put16(d, 0); put16(d, 0);
    put32(d, crc); put32(d, size); put32(d, size); put16(d, nameLength); put16(d, 0); put16(d, 0); put16(d, 0);
    put16(d, 0); put32(d, 0); put32(d, offset);
    d += name;
    ++zip.count;
}

std::string finish(const Zip& zip) {
    std::string out = zip.file + zip.directory;
    put32(out, 0x06054b50); put16(out, 0); put16(out, 0); put16(out, zip.count); put16(out, zip.count);
    put32(out, static_cast<std::uint32_t>(zip.directory.size())); put32(out, static_cast<std::uint32_t>(zip.file.size()));
    put16(out, 0);
    return out;
}

// The storages, written once; each input's data.pkl is appended as the last entry.
const Zip& storageZip() {
    static const Zip zip = [] {
        Zip z;
        for (const auto& e : storages()) add(z, e.name, e.bytes);
        return z;
    }();
    return zip;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string path;
    if (size >= 4 && std::memcmp(data, "PK\x03\x04", 4) == 0) {
        path = fuzz::writeFile("pytorch_model.bin", data, size);
    } else {
        Zip zip = storageZip();
        add(zip, "archive/data.pkl", std::string(reinterpret_cast<const char*>(data), size));
        const std::string bytes = finish(zip);
        path = fuzz::writeFile("pytorch_model.bin", reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    }
    try {
        const auto weights = attnscope::readPytorchCheckpoint(path);
        for (const auto& t : weights.tensors()) {
            const std::byte* p = weights.data(t);
            const std::uint64_t bytes = static_cast<std::uint64_t>(t.numel()) * attnscope::dtypeSize(t.dtype);
            if (bytes > 0)  // first and last byte: ASan or the mapping's end catches a bad range
                fuzz::sink = fuzz::sink + std::to_integer<unsigned>(p[0]) + std::to_integer<unsigned>(p[bytes - 1]);
        }
    } catch (const attnscope::Error&) {
    }
    return 0;
}
