// Downloading a model from the Hugging Face Hub (or a mirror) into the Hugging Face cache, in
// huggingface_hub's layout (hub_cache.h), so Python and attnscope share what was fetched. Only
// the files attnscope's loader for the model's family reads are fetched: config.json, the
// weights (model.safetensors, else pytorch_model.bin) and the tokenizer files
// (modelFilesFor). Each file is checked against the size and hash the Hub reports (SHA-256 for
// large files, the git blob id otherwise) before it appears in the snapshot; a cut download is
// resumed from where it stopped. HTTP(S) through libcurl.
// Threading: blocks the caller; call from a worker thread. Cancel through the progress callback.
#pragma once

#include "attnscope/model_registry.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace attnscope::hub {

struct DownloadOptions {
    // The Hub's address: "" means $HF_ENDPOINT, else https://huggingface.co.
    std::string endpoint;
    std::string revision = "main";
    // "" means defaultCacheDir().
    std::string cacheDir;
    // Access token for gated or private models: "" means $HF_TOKEN (none when unset).
    std::string token;
    long connectTimeoutSeconds = 20;
    // A transfer slower than 1 byte/s for this long counts as a cut connection.
    long stallSeconds = 60;
};

// The endpoint the options stand for (no trailing '/').
std::string endpointOf(const DownloadOptions& options);

struct RemoteFile {
    std::string name;    // "pytorch_model.bin"
    std::uint64_t size = 0;
    std::string sha256;  // large (LFS) files: their content's SHA-256, lower-case hex
    std::string blobId;  // the git blob id (SHA-1 of "blob SIZE\0" + content)
    bool required = true;
};

// What a download will fetch, from the Hub's description of the repository.
struct DownloadPlan {
    std::string repoId;
    std::string commit;  // the revision, resolved
    std::string modelType;
    ModelFamily family = ModelFamily::Encoder;
    std::vector<RemoteFile> files;  // config.json first
    std::uint64_t totalBytes() const;
};

// Bytes done of the whole plan, its total, and the file being fetched; return false to cancel
// (the call then throws CancelledError; what was fetched so far is kept and resumed next time).
using DownloadProgress = std::function<bool(std::uint64_t done, std::uint64_t total, const std::string& file)>;

// Asks the Hub about repoId and fetches its config.json (into the cache) to learn the model
// type. Throws NetworkError (no network, HTTP errors, gated or missing repositories, each in a
// sentence), UnsupportedModelError (a model_type attnscope does not open, sharded or missing
// weights, a missing tokenizer file), InputError (repoId malformed), CancelledError.
DownloadPlan planDownload(const std::string& repoId, const DownloadOptions& options = {},
                          const DownloadProgress& progress = {});

// Fetches what the plan lists that the cache lacks and returns the snapshot folder (ready for
// openModel). Throws as planDownload, and NetworkError when a file's size or hash is wrong (the
// bad file is deleted).
std::string downloadPlanned(const DownloadPlan& plan, const DownloadOptions& options = {},
                            const DownloadProgress& progress = {});

// planDownload then downloadPlanned.
std::string downloadModel(const std::string& repoId, const DownloadOptions& options = {},
                          const DownloadProgress& progress = {});

}  // namespace attnscope::hub
