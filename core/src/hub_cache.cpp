// Finding models in the Hugging Face cache (layout in hub_cache.h).
#include "attnscope/hub_cache.h"

#include "attnscope/errors.h"
#include "config_json.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace fs = std::filesystem;

namespace attnscope::hub {

namespace {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v && *v ? std::string(v) : std::string();
}

bool isRepoPart(const std::string& s) {
    if (s.empty() || s.size() > 96 || s == "." || s == ".." || s.find("..") != std::string::npos) return false;
    if (s.front() == '-' || s.front() == '.' || s.back() == '.') return false;
    return std::all_of(s.begin(), s.end(), [](unsigned char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
               c == '.';
    });
}

// The file a snapshot entry stands for exists (a link into blobs/ that is not dangling).
bool present(const fs::path& p) {
    std::error_code ec;
    return fs::is_regular_file(p, ec);
}

std::uint64_t sizeOf(const fs::path& p) {
    std::error_code ec;
    const auto n = fs::file_size(p, ec);
    return ec ? 0 : static_cast<std::uint64_t>(n);
}

std::string readRef(const fs::path& refFile) {
    std::ifstream in(refFile);
    std::string commit;
    if (in) std::getline(in, commit);
    while (!commit.empty() && (commit.back() == '\r' || commit.back() == ' ' || commit.back() == '\n'))
        commit.pop_back();
    return commit;
}

// The repository id a "models--ORG--NAME" folder stands for ("" when the name is not one).
std::string repoIdOfFolder(const std::string& name) {
    const std::string prefix = "models--";
    if (name.rfind(prefix, 0) != 0) return {};
    std::string rest = name.substr(prefix.size());
    const auto sep = rest.find("--");
    std::string id = sep == std::string::npos ? rest : rest.substr(0, sep) + "/" + rest.substr(sep + 2);
    return isRepoId(id) ? id : std::string();
}

CachedModel describe(const std::string& repoId, const std::string& cacheDir) {
    CachedModel m;
    m.repoId = repoId;
    m.snapshotDir = findSnapshot(repoId, cacheDir);
    if (m.snapshotDir.empty()) {
        m.problem = "no downloaded snapshot";
        return m;
    }
    m.revision = fs::path(m.snapshotDir).filename().string();
    const fs::path dir(m.snapshotDir);
    if (!present(dir / "config.json")) {
        m.problem = "config.json is missing (the download is incomplete)";
        return m;
    }
    try {
        m.modelType = readModelType(m.snapshotDir);
        m.family = familyOf(m.modelType);
    } catch (const Error& e) {
        m.problem = m.modelType.empty() ? std::string(e.what())
                                        : "a \"" + m.modelType + "\" model, which attnscope does not open";
        return m;
    }
    for (const char* weights : {"model.safetensors", "pytorch_model.bin"}) {
        if (present(dir / weights)) {
            m.weightsFile = weights;
            m.weightsBytes = sizeOf(dir / weights);
            break;
        }
    }
    if (m.weightsFile.empty()) {
        m.problem = present(dir / "model.safetensors.index.json") || present(dir / "pytorch_model.bin.index.json")
                        ? "its weights are split into shards, which attnscope does not read"
                        : "neither model.safetensors nor pytorch_model.bin is there";
        return m;
    }
    for (const auto& f : modelFilesFor(m.modelType).required) {
        if (!present(dir / f)) {
            m.problem = f + " is missing";
            return m;
        }
    }
    return m;
}

}  // namespace

std::string defaultCacheDir() {
    if (auto v = env("HF_HUB_CACHE"); !v.empty()) return v;
    if (auto v = env("HF_HOME"); !v.empty()) return (fs::path(v) / "hub").string();
    if (auto v = env("XDG_CACHE_HOME"); !v.empty()) return (fs::path(v) / "huggingface" / "hub").string();
    const std::string home = env("HOME");
    return (fs::path(home.empty() ? "." : home) / ".cache" / "huggingface" / "hub").string();
}

std::string formatBytes(std::uint64_t bytes) {
    char buf[32];
    if (bytes < 1000) return std::to_string(bytes) + " B";
    const double kb = bytes / 1000.0;
    if (kb < 1000) {
        std::snprintf(buf, sizeof buf, kb < 10 ? "%.1f kB" : "%.0f kB", kb);
        return buf;
    }
    const double mb = kb / 1000.0;
    if (mb < 1000) {
        std::snprintf(buf, sizeof buf, mb < 10 ? "%.1f MB" : "%.0f MB", mb);
        return buf;
    }
    std::snprintf(buf, sizeof buf, "%.2f GB", mb / 1000.0);
    return buf;
}

bool isRepoId(const std::string& text) {
    const auto slash = text.find('/');
    if (slash == std::string::npos) return isRepoPart(text);
    if (text.find('/', slash + 1) != std::string::npos) return false;
    return isRepoPart(text.substr(0, slash)) && isRepoPart(text.substr(slash + 1));
}

std::string repoFolderName(const std::string& repoId) {
    std::string name = "models--";
    for (char c : repoId) {
        if (c == '/')
            name += "--";
        else
            name += c;
    }
    return name;
}

std::string repoIdOfSnapshot(const std::string& dir) {
    fs::path p = fs::path(dir).lexically_normal();
    if (p.filename().empty()) p = p.parent_path();  // a trailing '/'
    const fs::path snapshots = p.parent_path();
    if (snapshots.filename() != "snapshots") return {};
    return repoIdOfFolder(snapshots.parent_path().filename().string());
}

std::string findSnapshot(const std::string& repoId, const std::string& cacheDir) {
    if (!isRepoId(repoId)) return {};
    const fs::path repo = fs::path(cacheDir) / repoFolderName(repoId);
    std::error_code ec;
    const std::string commit = readRef(repo / "refs" / "main");
    if (!commit.empty() && isRepoPart(commit) && fs::is_directory(repo / "snapshots" / commit, ec))
        return (repo / "snapshots" / commit).string();
    // No usable refs/main (e.g. fetched at a fixed revision): the newest snapshot.
    fs::path newest;
    fs::file_time_type newestTime{};
    for (fs::directory_iterator it(repo / "snapshots", ec), end; !ec && it != end; it.increment(ec)) {
        if (!it->is_directory(ec)) continue;
        const auto t = fs::last_write_time(it->path(), ec);
        if (ec) continue;
        if (newest.empty() || t > newestTime) {
            newest = it->path();
            newestTime = t;
        }
    }
    return newest.string();
}

std::vector<CachedModel> listCachedModels(const std::string& cacheDir) {
    std::vector<CachedModel> models;
    std::error_code ec;
    for (fs::directory_iterator it(cacheDir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string id = repoIdOfFolder(it->path().filename().string());
        if (id.empty() || !it->is_directory(ec)) continue;
        models.push_back(describe(id, cacheDir));
    }
    std::sort(models.begin(), models.end(),
              [](const CachedModel& a, const CachedModel& b) { return a.repoId < b.repoId; });
    return models;
}

std::string resolveModelPath(const std::string& modelArg, const std::string& cacheDir) {
    std::error_code ec;
    if (fs::is_directory(modelArg, ec)) return modelArg;
    if (isRepoId(modelArg)) {
        const std::string snapshot = findSnapshot(modelArg, cacheDir);
        if (!snapshot.empty()) return snapshot;
        throw ModelFileError("'" + modelArg + "' is neither a folder nor in the Hugging Face cache (" + cacheDir +
                             "); download it with: attnscope-cli download " + modelArg);
    }
    throw ModelFileError("Model folder '" + modelArg + "' does not exist or is not a folder");
}

}  // namespace attnscope::hub
