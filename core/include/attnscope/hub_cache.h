// The Hugging Face cache: where models downloaded by Python (transformers, huggingface_hub) or
// by attnscope live, so a model fetched once is found by everybody. Layout (huggingface_hub's):
//   CACHE/models--ORG--NAME/refs/main                 the commit hash "main" points at
//   CACHE/models--ORG--NAME/snapshots/COMMIT/FILE     a link to ../../blobs/ID (or the file)
//   CACHE/models--ORG--NAME/blobs/ID                  the content; ID.incomplete while downloading
// No network here (see hub_download.h). Threading: every function may be called from any thread.
#pragma once

#include "attnscope/model_registry.h"

#include <cstdint>
#include <string>
#include <vector>

namespace attnscope::hub {

// $HF_HUB_CACHE, else $HF_HOME/hub, else $XDG_CACHE_HOME/huggingface/hub, else
// ~/.cache/huggingface/hub: the same order as huggingface_hub. The folder need not exist.
std::string defaultCacheDir();

// "ORG/NAME" (or a bare "NAME", the Hub's oldest models such as "bert-base-uncased"): letters,
// digits, '-', '_' and '.', no "..", at most 96 characters a part. Only such ids are looked up.
bool isRepoId(const std::string& text);

// "models--ORG--NAME", the repository's folder in the cache.
std::string repoFolderName(const std::string& repoId);

// "ORG/NAME" when dir is a snapshot folder of the cache (…/models--ORG--NAME/snapshots/REV),
// else "": what to call a model opened from the cache instead of its commit hash.
std::string repoIdOfSnapshot(const std::string& dir);

// Human-readable size, decimal units: "298 MB", "4.2 kB".
std::string formatBytes(std::uint64_t bytes);

// One model found in the cache.
struct CachedModel {
    std::string repoId;       // "Helsinki-NLP/opus-mt-en-de"
    std::string revision;     // the commit its snapshot is of
    std::string snapshotDir;  // the folder to open
    std::string modelType;    // config.json's model_type; empty when unreadable
    ModelFamily family = ModelFamily::Encoder;  // meaningful when usable
    std::string weightsFile;  // "model.safetensors" or "pytorch_model.bin"; empty: none
    std::uint64_t weightsBytes = 0;
    // Empty when attnscope can open the snapshot (a supported model_type, the weights and the
    // tokenizer files its family needs); else why not, in a sentence.
    std::string problem;
    bool usable() const { return problem.empty(); }
};

// The snapshot of repoId in cacheDir: the one refs/main names when it exists, else the most
// recently changed one. Empty when the repository is not in the cache.
std::string findSnapshot(const std::string& repoId, const std::string& cacheDir = defaultCacheDir());

// Every model repository in cacheDir (datasets and spaces are skipped), usable or not, sorted
// by repository id. A missing cache folder gives an empty list; unreadable entries are listed
// with their problem.
std::vector<CachedModel> listCachedModels(const std::string& cacheDir = defaultCacheDir());

// What a --model argument names: an existing folder as it is; else a repository id found in
// the cache (its snapshot). Throws ModelFileError saying where it looked otherwise.
std::string resolveModelPath(const std::string& modelArg, const std::string& cacheDir = defaultCacheDir());

}  // namespace attnscope::hub
