// Shared helpers for the core's Qt Test suites: paths to fixtures, a minimal safetensors
// writer for building corrupt files on purpose, and golden-file readers.
#pragma once

#include "attnscope/load_options.h"
#include "attnscope/safetensors_file.h"

#include <nlohmann/json.hpp>

#include <QProcess>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace testsupport {

// Load options that keep a test on the CPU (the same numbers on every machine).
inline attnscope::LoadOptions cpuOptions() {
    attnscope::LoadOptions o;
    o.device = attnscope::DeviceChoice::Cpu;
    return o;
}

inline std::string dataPath(const std::string& relative) {
    return std::string(ATTNSCOPE_TEST_DATA_DIR) + "/" + relative;
}

inline nlohmann::json readJson(const std::string& path) {
    std::ifstream in(path);
    return nlohmann::json::parse(in);
}

inline std::string readText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void writeText(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

// Copies a checkpoint folder so a test can damage one file of it.
inline void copyFolder(const std::string& from, const std::string& to) {
    std::filesystem::create_directories(to);
    for (const auto& e : std::filesystem::directory_iterator(from))
        std::filesystem::copy_file(e.path(), std::filesystem::path(to) / e.path().filename(),
                                   std::filesystem::copy_options::overwrite_existing);
}

struct RawTensor {
    std::string name;
    std::string dtype;  // "F32", "I64", ...
    std::vector<std::int64_t> shape;
    std::vector<char> bytes;
};

// Reads every tensor of a safetensors file back as raw bytes (for rewriting it with changes).
inline std::vector<RawTensor> readAll(const std::string& path) {
    attnscope::SafetensorsFile file(path);
    std::vector<RawTensor> out;
    for (const auto& t : file.tensors()) {
        const auto* p = reinterpret_cast<const char*>(file.data(t));
        out.push_back({t.name, attnscope::dtypeName(t.dtype), t.shape, std::vector<char>(p, p + (t.end - t.begin))});
    }
    return out;
}

// Writes a well-formed safetensors file; headerPatch (if set) edits the header JSON first,
// to produce malformed files on purpose.
template <typename Patch = std::nullptr_t>
void writeSafetensors(const std::string& path, const std::vector<RawTensor>& tensors, Patch headerPatch = nullptr) {
    nlohmann::json header = nlohmann::json::object();
    std::uint64_t offset = 0;
    for (const auto& t : tensors) {
        header[t.name] = {{"dtype", t.dtype}, {"shape", t.shape}, {"data_offsets", {offset, offset + t.bytes.size()}}};
        offset += t.bytes.size();
    }
    if constexpr (!std::is_same_v<Patch, std::nullptr_t>) headerPatch(header);
    std::string text = header.dump();
    while ((text.size() + 8) % 8) text += ' ';
    std::ofstream out(path, std::ios::binary);
    std::uint64_t n = text.size();
    for (int i = 0; i < 8; ++i) out.put(static_cast<char>((n >> (8 * i)) & 0xff));
    out << text;
    for (const auto& t : tensors) out.write(t.bytes.data(), static_cast<std::streamsize>(t.bytes.size()));
}

inline RawTensor floatTensor(const std::string& name, std::vector<std::int64_t> shape, float fill = 0.5f) {
    std::int64_t n = 1;
    for (auto d : shape) n *= d;
    std::vector<float> v(static_cast<std::size_t>(n), fill);
    RawTensor t{name, "F32", shape, std::vector<char>(v.size() * 4)};
    std::memcpy(t.bytes.data(), v.data(), t.bytes.size());
    return t;
}

// Golden float tensor from a fixture file.
inline std::vector<float> goldenFloats(const attnscope::SafetensorsFile& file, const std::string& name,
                                       std::vector<std::int64_t>* shape = nullptr) {
    const auto* info = file.find(name);
    if (!info) throw std::runtime_error("golden tensor missing: " + name);
    if (shape) *shape = info->shape;
    const auto* p = reinterpret_cast<const float*>(file.data(*info));
    return std::vector<float>(p, p + info->numel());
}

inline QString q(const std::string& s) { return QString::fromStdString(s); }

// The largest |a[i] - b[i]| (infinity when the sizes differ): parity checks against HF goldens.
inline float maxAbsDiff(const std::vector<float>& a, const std::vector<float>& b) {
    if (a.size() != b.size()) return INFINITY;
    float m = 0.f;
    for (std::size_t i = 0; i < a.size(); ++i) m = std::max(m, std::fabs(a[i] - b[i]));
    return m;
}

// Runs fn and expects exception E whose message contains every word; returns what went
// wrong, or an empty string.
template <typename E, typename Fn> QString expectError(Fn fn, const QStringList& words) {
    try {
        fn();
    } catch (const E& e) {
        const QString message = QString::fromUtf8(e.what());
        for (const auto& w : words)
            if (!message.contains(w)) return "message lacks '" + w + "': " + message;
        return {};
    } catch (const std::exception& e) {
        return QString("wrong exception type: ") + e.what();
    }
    return "no exception thrown";
}

struct CliRun {
    int exitCode = -1;  // -1: crashed or timed out
    QString out;
    QString err;
};

// Runs attnscope-cli with args (two minutes at most).
inline CliRun runCli(const QStringList& args) {
    QProcess p;
    p.start(ATTNSCOPE_CLI_PATH, args);
    if (!p.waitForFinished(120000)) return {};
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

}  // namespace testsupport
