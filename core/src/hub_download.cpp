// Downloading from the Hugging Face Hub into the cache (see hub_download.h): libcurl for HTTP,
// OpenSSL's libcrypto for the SHA-256 / SHA-1 checks.
#include "attnscope/hub_download.h"

#include "attnscope/errors.h"
#include "attnscope/hub_cache.h"
#include "config_json.h"

#include <curl/curl.h>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>

namespace fs = std::filesystem;

namespace attnscope::hub {

namespace {

void initCurlOnce() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v && *v ? std::string(v) : std::string();
}

// Percent-encodes one path part of a URL (file names may hold spaces and the like).
std::string urlPart(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
            c == '.' || c == '~' || c == '/') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

struct CurlDeleter {
    void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
    void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

// What one transfer does with the body: into a string (API answers, error pages) or appended
// to a file (downloads; only when the answer is 200 or 206).
struct Transfer {
    CURL* curl = nullptr;
    std::string body;          // non-file answers and error pages (at most 64 kB kept)
    std::FILE* file = nullptr;  // set for downloads
    std::uint64_t resumeFrom = 0;
    bool truncatedForFullAnswer = false;
    std::uint64_t written = 0;  // bytes appended to file by this transfer
    // Progress of the whole plan.
    const DownloadProgress* progress = nullptr;
    std::uint64_t doneBefore = 0, total = 0;
    std::string fileName;
    bool cancelled = false;
    bool writeFailed = false;
};

long responseCode(CURL* curl) {
    long code = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
    return code;
}

size_t onBody(char* data, size_t size, size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const size_t n = size * count;
    const long code = responseCode(t->curl);
    if (t->file && (code == 200 || code == 206)) {
        if (code == 200 && t->resumeFrom > 0 && !t->truncatedForFullAnswer) {
            // The server ignored the range: start the file again.
            t->truncatedForFullAnswer = true;
            if (std::fflush(t->file) != 0 || std::fseek(t->file, 0, SEEK_SET) != 0) {
                t->writeFailed = true;
                return 0;
            }
            t->resumeFrom = 0;
            t->written = 0;  // the file is cut to what this answer wrote after the transfer
        }
        if (std::fwrite(data, 1, n, t->file) != n) {
            t->writeFailed = true;
            return 0;
        }
        t->written += n;
        return n;
    }
    if (t->body.size() < 65536) t->body.append(data, std::min<size_t>(n, 65536 - t->body.size()));
    return n;
}

int onProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    auto* t = static_cast<Transfer*>(user);
    if (t->progress && *t->progress) {
        const std::uint64_t done = t->doneBefore + t->resumeFrom + t->written;
        if (!(*t->progress)(std::min(done, t->total), t->total, t->fileName)) {
            t->cancelled = true;
            return 1;
        }
    }
    return 0;
}

std::string describeCurlError(CURLcode rc, const std::string& endpoint) {
    switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
        return "Could not reach " + endpoint + " (" + curl_easy_strerror(rc) +
               "). Check the network connection, or set HF_ENDPOINT to a mirror you can reach.";
    case CURLE_OPERATION_TIMEDOUT:
        return "The connection to " + endpoint + " timed out (" + curl_easy_strerror(rc) +
               "). Try again later; a download resumes where it stopped.";
    default:
        return "The transfer from " + endpoint + " failed: " + curl_easy_strerror(rc) +
               ". Run it again; a download resumes where it stopped.";
    }
}

// One GET. Throws NetworkError for transport errors, CancelledError when cancelled.
long perform(Transfer& t, const std::string& url, const DownloadOptions& options, const std::string& endpoint,
             const std::string& what) {
    initCurlOnce();
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl) throw NetworkError("Could not start an HTTP transfer (libcurl failed to initialise)");
    t.curl = curl.get();
    std::unique_ptr<curl_slist, SlistDeleter> headers;
    const std::string token = options.token.empty() ? env("HF_TOKEN") : options.token;
    if (!token.empty())
        headers.reset(curl_slist_append(headers.release(), ("Authorization: Bearer " + token).c_str()));
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 10L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, options.connectTimeoutSeconds);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, options.stallSeconds);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "attnscope (libcurl)");
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, onBody);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, onProgress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &t);
    if (headers) curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    const std::string range = std::to_string(t.resumeFrom) + "-";
    if (t.resumeFrom > 0) curl_easy_setopt(c, CURLOPT_RANGE, range.c_str());
    const CURLcode rc = curl_easy_perform(c);
    const long code = responseCode(c);
    t.curl = nullptr;
    if (t.cancelled) throw CancelledError("The download of " + what + " was cancelled");
    if (t.writeFailed) throw NetworkError("Could not write " + what + " into the cache (disk full or not writable?)");
    if (rc != CURLE_OK) {
        if (t.written > 0 || t.resumeFrom > 0)
            throw NetworkError("The connection broke while fetching " + what + " (" + curl_easy_strerror(rc) +
                               "); run the download again to resume it");
        throw NetworkError(describeCurlError(rc, endpoint));
    }
    return code;
}

[[noreturn]] void throwHttp(long code, const std::string& repoId, const std::string& endpoint,
                            const std::string& what) {
    if (code == 401 || code == 403)
        throw NetworkError(repoId + " is gated or private (HTTP " + std::to_string(code) + " for " + what +
                           "): accept its terms on the Hub while logged in and set HF_TOKEN to an access token");
    if (code == 404)
        throw NetworkError("There is no model '" + repoId + "' on " + endpoint + " (HTTP 404 for " + what +
                           "); check the spelling (ORG/NAME, e.g. Helsinki-NLP/opus-mt-en-de)");
    throw NetworkError(endpoint + " answered HTTP " + std::to_string(code) + " for " + what + "; try again later");
}

std::string hashFile(const fs::path& path, const EVP_MD* md, const std::string& prefix) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw NetworkError("Cannot read '" + path.string() + "' to check it");
    std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    if (!ctx || EVP_DigestInit_ex(ctx.get(), md, nullptr) != 1) throw NetworkError("Cannot start a hash (OpenSSL)");
    EVP_DigestUpdate(ctx.get(), prefix.data(), prefix.size());
    std::vector<char> buf(1 << 20);
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        if (in.gcount() > 0) EVP_DigestUpdate(ctx.get(), buf.data(), static_cast<size_t>(in.gcount()));
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx.get(), digest, &len);
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < len; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 15];
    }
    return out;
}

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

bool isHexId(const std::string& s) {
    if (s.size() < 7 || s.size() > 128) return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

// The blob's name in the cache: the SHA-256 for large files, the git blob id otherwise (what
// huggingface_hub names them by, their ETag).
std::string blobName(const RemoteFile& f) { return f.sha256.empty() ? f.blobId : f.sha256; }

std::string cacheDirOf(const DownloadOptions& options) {
    return options.cacheDir.empty() ? defaultCacheDir() : options.cacheDir;
}

fs::path repoDir(const DownloadOptions& options, const std::string& repoId) {
    return fs::path(cacheDirOf(options)) / repoFolderName(repoId);
}

// Puts snapshots/COMMIT/NAME in place as a link to ../../blobs/BLOB (a copy where links fail).
void linkIntoSnapshot(const fs::path& repo, const std::string& commit, const RemoteFile& f) {
    const fs::path snapshot = repo / "snapshots" / commit;
    const fs::path entry = snapshot / f.name;
    std::error_code ec;
    fs::create_directories(entry.parent_path(), ec);
    fs::remove(entry, ec);
    fs::path target = fs::path("..") / "..";
    for (auto depth = std::distance(fs::path(f.name).begin(), fs::path(f.name).end()); depth > 1; --depth)
        target /= "..";
    target /= fs::path("blobs") / blobName(f);
    fs::create_symlink(target, entry, ec);
    if (ec) {
        ec.clear();
        fs::copy_file(repo / "blobs" / blobName(f), entry, fs::copy_options::overwrite_existing, ec);
        if (ec) throw NetworkError("Cannot place '" + entry.string() + "' in the cache: " + ec.message());
    }
}

// Fetches one file into blobs/ (resuming a .incomplete), checks size and hash, links it.
void fetchFile(const DownloadPlan& plan, const RemoteFile& f, const DownloadOptions& options,
               const std::string& endpoint, const DownloadProgress& progress, std::uint64_t doneBefore) {
    const fs::path repo = repoDir(options, plan.repoId);
    const fs::path blobs = repo / "blobs";
    std::error_code ec;
    fs::create_directories(blobs, ec);
    if (ec) throw NetworkError("Cannot create the cache folder '" + blobs.string() + "': " + ec.message());
    const fs::path blob = blobs / blobName(f);
    if (fs::is_regular_file(blob, ec) && fs::file_size(blob, ec) == f.size) {
        linkIntoSnapshot(repo, plan.commit, f);
        return;
    }
    const fs::path partial = blobs / (blobName(f) + ".incomplete");
    std::uint64_t have = fs::is_regular_file(partial, ec) ? fs::file_size(partial, ec) : 0;
    if (ec || have >= f.size) {  // nothing usable to resume (or a stale over-long file)
        fs::remove(partial, ec);
        have = 0;
    }
    Transfer t;
    // Not append mode: a server that ignores the range sends the whole file, written from 0.
    t.file = std::fopen(partial.string().c_str(), have > 0 ? "r+b" : "wb");
    if (t.file && have > 0 && std::fseek(t.file, static_cast<long>(have), SEEK_SET) != 0) {
        std::fclose(t.file);
        t.file = nullptr;
    }
    if (!t.file) throw NetworkError("Cannot write '" + partial.string() + "' (is the cache writable?)");
    t.resumeFrom = have;
    t.progress = &progress;
    t.doneBefore = doneBefore;
    t.total = plan.totalBytes();
    t.fileName = f.name;
    const std::string what = plan.repoId + "/" + f.name;
    const std::string url = endpoint + "/" + urlPart(plan.repoId) + "/resolve/" + plan.commit + "/" + urlPart(f.name);
    long code = 0;
    try {
        code = perform(t, url, options, endpoint, what);
    } catch (...) {
        std::fclose(t.file);
        throw;
    }
    const bool closedOk = std::fclose(t.file) == 0;
    if (code != 200 && code != 206) {
        if (code == 416) fs::remove(partial, ec);  // the range no longer fits: start again next time
        throwHttp(code, plan.repoId, endpoint, what);
    }
    if (!closedOk) throw NetworkError("Could not write '" + partial.string() + "' (disk full?)");
    const std::uint64_t got = t.resumeFrom + t.written;
    if (t.truncatedForFullAnswer) fs::resize_file(partial, got, ec);
    if (got != f.size) {
        if (got > f.size) fs::remove(partial, ec);
        throw NetworkError(what + " arrived with " + std::to_string(got) + " bytes instead of " +
                           std::to_string(f.size) + (got < f.size ? "; run the download again to resume it"
                                                                  : "; the file was deleted, run the download again"));
    }
    const std::string actual = f.sha256.empty()
                                   ? hashFile(partial, EVP_sha1(), "blob " + std::to_string(f.size) + std::string(1, '\0'))
                                   : hashFile(partial, EVP_sha256(), "");
    const std::string expected = f.sha256.empty() ? f.blobId : f.sha256;
    if (actual != expected) {
        fs::remove(partial, ec);
        throw NetworkError(what + " arrived damaged: its " + std::string(f.sha256.empty() ? "git blob id" : "SHA-256") +
                           " is " + actual + ", the Hub says " + expected +
                           ". The file was deleted; run the download again");
    }
    fs::rename(partial, blob, ec);
    if (ec) throw NetworkError("Cannot move '" + partial.string() + "' into place: " + ec.message());
    linkIntoSnapshot(repo, plan.commit, f);
}

}  // namespace

std::uint64_t DownloadPlan::totalBytes() const {
    std::uint64_t n = 0;
    for (const auto& f : files) n += f.size;
    return n;
}

std::string endpointOf(const DownloadOptions& options) {
    std::string e = options.endpoint.empty() ? env("HF_ENDPOINT") : options.endpoint;
    if (e.empty()) e = "https://huggingface.co";
    while (!e.empty() && e.back() == '/') e.pop_back();
    return e;
}

DownloadPlan planDownload(const std::string& repoId, const DownloadOptions& options,
                          const DownloadProgress& progress) {
    if (!isRepoId(repoId))
        throw InputError("'" + repoId + "' is not a Hugging Face model id (ORG/NAME, e.g. Helsinki-NLP/opus-mt-en-de)");
    if (options.revision.empty() || options.revision.find("..") != std::string::npos)
        throw InputError("'" + options.revision + "' is not a revision");
    const std::string endpoint = endpointOf(options);
    DownloadPlan plan;
    plan.repoId = repoId;

    // 1. The repository: its commit and files (sizes and hashes).
    Transfer info;
    info.progress = &progress;
    const std::string what = "the description of " + repoId;
    const long code = perform(info,
                              endpoint + "/api/models/" + urlPart(repoId) + "/revision/" + urlPart(options.revision) +
                                  "?blobs=true",
                              options, endpoint, what);
    if (code != 200) throwHttp(code, repoId, endpoint, what);
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(info.body);
    } catch (const nlohmann::json::exception&) {
        throw NetworkError(endpoint + " sent something other than JSON for " + what +
                           " (is HF_ENDPOINT a Hugging Face Hub?)");
    }
    std::vector<RemoteFile> remote;
    try {
        plan.commit = lower(j.at("sha").get<std::string>());
        for (const auto& s : j.at("siblings")) {
            RemoteFile f;
            f.name = s.at("rfilename").get<std::string>();
            if (s.contains("blobId") && s["blobId"].is_string()) f.blobId = lower(s["blobId"].get<std::string>());
            if (s.contains("size") && s["size"].is_number_unsigned()) f.size = s["size"].get<std::uint64_t>();
            if (s.contains("lfs") && s["lfs"].is_object()) {
                const auto& lfs = s["lfs"];
                if (lfs.contains("sha256")) f.sha256 = lower(lfs["sha256"].get<std::string>());
                if (lfs.contains("size")) f.size = lfs["size"].get<std::uint64_t>();
            }
            remote.push_back(std::move(f));
        }
    } catch (const nlohmann::json::exception& e) {
        throw NetworkError(endpoint + " described " + repoId + " in an unexpected form (" + e.what() + ")");
    }
    if (!isHexId(plan.commit)) throw NetworkError(endpoint + " gave no usable commit id for " + repoId);
    auto find = [&](const std::string& name) -> const RemoteFile* {
        for (const auto& f : remote)
            if (f.name == name) return &f;
        return nullptr;
    };
    auto take = [&](const std::string& name, bool required) {
        const RemoteFile* f = find(name);
        if (!f) return false;
        RemoteFile copy = *f;
        copy.required = required;
        if (copy.sha256.empty() && !isHexId(copy.blobId))
            throw NetworkError(endpoint + " gave no size/hash for " + repoId + "/" + name);
        if (!copy.sha256.empty() && !isHexId(copy.sha256))
            throw NetworkError(endpoint + " gave a malformed SHA-256 for " + repoId + "/" + name);
        plan.files.push_back(std::move(copy));
        return true;
    };

    // 2. config.json: which family, hence which other files.
    if (!take("config.json", true))
        throw UnsupportedModelError(repoId + " has no config.json: it is not a transformers model attnscope can open");
    fetchFile(plan, plan.files.front(), options, endpoint, progress, 0);
    const fs::path snapshot = repoDir(options, repoId) / "snapshots" / plan.commit;
    plan.modelType = readModelType(snapshot.string());
    plan.family = familyOf(plan.modelType);  // throws for types attnscope does not open

    // 3. Weights: one file, safetensors preferred.
    if (!take("model.safetensors", true) && !take("pytorch_model.bin", true)) {
        const bool sharded = find("model.safetensors.index.json") || find("pytorch_model.bin.index.json");
        throw UnsupportedModelError(repoId + (sharded ? " stores its weights in shards, which attnscope does not read yet"
                                                      : " has neither model.safetensors nor pytorch_model.bin"));
    }
    // 4. Tokenizer files of the family.
    const ModelFiles files = modelFilesFor(plan.modelType);
    for (const auto& name : files.required)
        if (!take(name, true))
            throw UnsupportedModelError(repoId + " has no " + name + ", which attnscope's \"" + plan.modelType +
                                        "\" tokenizer needs");
    for (const auto& name : files.optional) take(name, false);
    return plan;
}

std::string downloadPlanned(const DownloadPlan& plan, const DownloadOptions& options,
                            const DownloadProgress& progress) {
    const std::string endpoint = endpointOf(options);
    std::uint64_t done = 0;
    for (const auto& f : plan.files) {
        fetchFile(plan, f, options, endpoint, progress, done);
        done += f.size;
    }
    // refs/REVISION -> commit, so the cache (and Python) finds this snapshot by branch name.
    const fs::path repo = repoDir(options, plan.repoId);
    const std::string revision = options.revision;
    if (revision != plan.commit && revision.find('/') == std::string::npos) {
        std::error_code ec;
        fs::create_directories(repo / "refs", ec);
        std::ofstream(repo / "refs" / revision, std::ios::trunc) << plan.commit;
    }
    if (progress) progress(done, plan.totalBytes(), "");
    return (repo / "snapshots" / plan.commit).string();
}

std::string downloadModel(const std::string& repoId, const DownloadOptions& options,
                          const DownloadProgress& progress) {
    return downloadPlanned(planDownload(repoId, options, progress), options, progress);
}

}  // namespace attnscope::hub
