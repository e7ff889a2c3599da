// Memory-mapped safetensors reader with strict header validation.
#include "attnscope/safetensors_file.h"

#include "attnscope/errors.h"
#include "mapped_file.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>
#include <cstring>
#include <limits>

namespace attnscope {

namespace {

struct DTypeEntry {
    const char* name;
    DType dtype;
    std::size_t size;
};

constexpr DTypeEntry kDTypes[] = {
    {"F64", DType::F64, 8}, {"F32", DType::F32, 4},   {"F16", DType::F16, 2},         {"BF16", DType::BF16, 2},
    {"I64", DType::I64, 8}, {"I32", DType::I32, 4},   {"I16", DType::I16, 2},         {"I8", DType::I8, 1},
    {"U8", DType::U8, 1},   {"BOOL", DType::Bool, 1}, {"F8_E4M3", DType::F8_E4M3, 1}, {"F8_E5M2", DType::F8_E5M2, 1},
};

// Header sizes above this are rejected before allocating (the format caps it at 100 MB).
constexpr std::uint64_t kMaxHeaderBytes = 100'000'000;

}  // namespace

const char* dtypeName(DType dtype) {
    for (const auto& e : kDTypes)
        if (e.dtype == dtype) return e.name;
    return "?";
}

std::size_t dtypeSize(DType dtype) {
    for (const auto& e : kDTypes)
        if (e.dtype == dtype) return e.size;
    return 0;
}

std::int64_t TensorInfo::numel() const {
    std::int64_t n = 1;
    for (auto d : shape) n *= d;
    return n;
}

std::string TensorInfo::shapeString() const {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (i) s += ", ";
        s += std::to_string(shape[i]);
    }
    return s + "]";
}

SafetensorsFile::SafetensorsFile(const std::string& path) : path_(path) {
    auto fail = [&](const std::string& what) -> ModelFileError {
        return ModelFileError("Cannot read weights file '" + path + "': " + what);
    };

    const auto mapping = mapFile(path, fail, [&](int, std::uint64_t size) {
        if (size < 8)
            throw fail("file is " + std::to_string(size) +
                       " bytes, too short to hold the 8-byte header length (truncated download?)");
    });
    mapping_ = mapping;
    const std::uint64_t fileSize = mapping->length;
    const auto* base = mapping->data();

    std::uint64_t headerLen = 0;
    for (int i = 7; i >= 0; --i) headerLen = (headerLen << 8) | std::to_integer<std::uint8_t>(base[i]);
    if (headerLen > fileSize - 8 || headerLen > kMaxHeaderBytes)
        throw fail("header claims " + std::to_string(headerLen) + " bytes but the file has only " +
                   std::to_string(fileSize - 8) + " after the length field (truncated or not a safetensors file)");

    nlohmann::json header;
    // A JSON object keeps the last of two equal keys: a tensor named twice must be an error,
    // not one of them silently.
    std::set<std::string> names;
    std::string duplicate;
    auto noteName = [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
        if (depth == 1 && event == nlohmann::json::parse_event_t::key && parsed.is_string() &&
            !names.insert(parsed.get<std::string>()).second && duplicate.empty())
            duplicate = parsed.get<std::string>();
        return true;
    };
    try {
        header = nlohmann::json::parse(reinterpret_cast<const char*>(base + 8),
                                       reinterpret_cast<const char*>(base + 8 + headerLen), noteName);
    } catch (const nlohmann::json::exception& e) {
        throw fail(std::string("header is not valid JSON (") + e.what() + ")");
    }
    if (!duplicate.empty()) throw fail("tensor '" + duplicate + "' appears twice in the header");
    if (!header.is_object()) throw fail("header is not a JSON object");

    dataStart_ = base + 8 + headerLen;
    const std::uint64_t dataSize = fileSize - 8 - headerLen;

    for (auto it = header.begin(); it != header.end(); ++it) {
        const std::string& name = it.key();
        const auto& entry = it.value();
        if (name == "__metadata__") {
            if (!entry.is_object()) throw fail("__metadata__ is not an object");
            for (auto m = entry.begin(); m != entry.end(); ++m)
                if (m.value().is_string()) metadata_[m.key()] = m.value().get<std::string>();
            continue;
        }
        auto bad = [&](const std::string& what) { return fail("tensor '" + name + "': " + what); };
        if (!entry.is_object() || !entry.contains("dtype") || !entry.contains("shape") ||
            !entry.contains("data_offsets"))
            throw bad("entry must be an object with dtype, shape and data_offsets");
        if (!entry["dtype"].is_string()) throw bad("dtype is not a string");
        TensorInfo info;
        info.name = name;
        const std::string dt = entry["dtype"].get<std::string>();
        auto found =
            std::find_if(std::begin(kDTypes), std::end(kDTypes), [&](const DTypeEntry& e) { return dt == e.name; });
        if (found == std::end(kDTypes)) throw bad("unknown dtype '" + dt + "'");
        info.dtype = found->dtype;

        const auto& shape = entry["shape"];
        if (!shape.is_array()) throw bad("shape is not an array");
        std::uint64_t numel = 1;
        for (const auto& d : shape) {
            if (!d.is_number_unsigned()) throw bad("shape holds a non-integer or negative dimension");
            const auto dim = d.get<std::uint64_t>();
            if (dim != 0 && numel > std::numeric_limits<std::uint64_t>::max() / dim / 8)
                throw bad("shape is absurdly large");
            numel *= dim;
            info.shape.push_back(static_cast<std::int64_t>(dim));
        }
        const auto& offs = entry["data_offsets"];
        if (!offs.is_array() || offs.size() != 2 || !offs[0].is_number_unsigned() || !offs[1].is_number_unsigned())
            throw bad("data_offsets must be two non-negative integers");
        info.begin = offs[0].get<std::uint64_t>();
        info.end = offs[1].get<std::uint64_t>();
        if (info.begin > info.end) throw bad("data_offsets end before they begin");
        if (info.end > dataSize)
            throw bad("data ends at byte " + std::to_string(info.end) + " but the data area holds only " +
                      std::to_string(dataSize) + " bytes (truncated file?)");
        const std::uint64_t expected = numel * found->size;
        if (info.end - info.begin != expected)
            throw bad("shape " + info.shapeString() + " of " + dt + " needs " + std::to_string(expected) +
                      " bytes but data_offsets span " + std::to_string(info.end - info.begin));
        tensors_.push_back(std::move(info));
    }

    // Tensors must not share bytes: sorted by start, each non-empty tensor must begin at or
    // after the furthest end so far (not only its neighbour's: an empty tensor in between
    // must not hide an overlap).
    std::vector<const TensorInfo*> order;
    for (const auto& t : tensors_)
        if (t.end > t.begin) order.push_back(&t);
    std::sort(order.begin(), order.end(), [](auto* a, auto* b) { return a->begin < b->begin; });
    const TensorInfo* furthest = nullptr;
    for (const TensorInfo* t : order) {
        if (furthest && t->begin < furthest->end)
            throw fail("tensors '" + furthest->name + "' and '" + t->name + "' overlap in the data area");
        if (!furthest || t->end > furthest->end) furthest = t;
    }

    for (std::size_t i = 0; i < tensors_.size(); ++i) index_[tensors_[i].name] = i;
}

const TensorInfo* SafetensorsFile::find(const std::string& name) const {
    auto it = index_.find(name);
    return it == index_.end() ? nullptr : &tensors_[it->second];
}

const std::byte* SafetensorsFile::data(const TensorInfo& info) const { return dataStart_ + info.begin; }

}  // namespace attnscope
