// attnscope-cli download ORG/NAME (into the Hugging Face cache) and attnscope-cli models (what
// the cache holds). --model ORG/NAME on the other commands finds the downloaded snapshot.
#include "commands.h"

#include "attnscope/errors.h"
#include "attnscope/hub_cache.h"
#include "attnscope/hub_download.h"

#include <chrono>
#include <cstdio>
#include <memory>

namespace {

struct DownloadArgs {
    std::string repoId;
    std::string revision = "main";
    std::string endpoint;
    std::string cacheDir;
    bool quiet = false;
};

int runDownload(const DownloadArgs& args) {
    using namespace attnscope;
    hub::DownloadOptions options;
    options.revision = args.revision;
    options.endpoint = args.endpoint;
    options.cacheDir = args.cacheDir;
    const auto plan = hub::planDownload(args.repoId, options);
    if (!args.quiet) {
        std::fprintf(stderr, "%s (%s, %s) at %s: %zu files, %s\n", plan.repoId.c_str(), plan.modelType.c_str(),
                     modelFamilyName(plan.family), plan.commit.substr(0, 12).c_str(), plan.files.size(),
                     hub::formatBytes(plan.totalBytes()).c_str());
    }
    auto last = std::chrono::steady_clock::now() - std::chrono::seconds(1);
    const auto snapshot = hub::downloadPlanned(plan, options, [&](std::uint64_t done, std::uint64_t total,
                                                                  const std::string& file) {
        const auto now = std::chrono::steady_clock::now();
        if (!args.quiet && (now - last > std::chrono::milliseconds(500) || done == total)) {
            last = now;
            std::fprintf(stderr, "\r  %3d%%  %s of %s  %-40s", total ? static_cast<int>(100.0 * done / total) : 100,
                         hub::formatBytes(done).c_str(), hub::formatBytes(total).c_str(), file.c_str());
            std::fflush(stderr);
        }
        return true;
    });
    if (!args.quiet) std::fprintf(stderr, "\n");
    std::printf("%s\n", snapshot.c_str());
    return 0;
}

int runModels(const std::string& cacheDir) {
    using namespace attnscope;
    const std::string dir = cacheDir.empty() ? hub::defaultCacheDir() : cacheDir;
    const auto models = hub::listCachedModels(dir);
    std::printf("Hugging Face cache: %s\n", dir.c_str());
    if (models.empty()) std::printf("  (no models; fetch one with: attnscope-cli download ORG/NAME)\n");
    for (const auto& m : models) {
        if (m.usable())
            std::printf("  %-45s %-7s %-10s %8s  %s\n", m.repoId.c_str(), m.modelType.c_str(),
                        modelFamilyName(m.family), hub::formatBytes(m.weightsBytes).c_str(), m.weightsFile.c_str());
        else
            std::printf("  %-45s cannot be opened: %s\n", m.repoId.c_str(), m.problem.c_str());
    }
    return 0;
}

}  // namespace

Command addDownloadCommand(CLI::App& app) {
    auto args = std::make_shared<DownloadArgs>();
    auto* cmd = app.add_subcommand(
        "download", "Fetch a model from the Hugging Face Hub into its cache (only the files attnscope reads); "
                    "prints the folder. Then use --model ORG/NAME");
    cmd->add_option("repo", args->repoId, "Model id, e.g. Helsinki-NLP/opus-mt-en-de")->required();
    cmd->add_option("--revision", args->revision, "Branch, tag or commit")->capture_default_str();
    cmd->add_option("--endpoint", args->endpoint, "Hub address (default: $HF_ENDPOINT, else https://huggingface.co)");
    cmd->add_option("--cache-dir", args->cacheDir, "Cache folder (default: $HF_HUB_CACHE, $HF_HOME/hub, ...)");
    cmd->add_flag("--quiet,-q", args->quiet, "No progress on stderr");
    return {cmd, [args] { return runDownload(*args); }};
}

Command addModelsCommand(CLI::App& app) {
    auto cacheDir = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand("models", "List the models in the Hugging Face cache and whether attnscope opens them");
    cmd->add_option("--cache-dir", *cacheDir, "Cache folder (default: $HF_HUB_CACHE, $HF_HOME/hub, ...)");
    return {cmd, [cacheDir] { return runModels(*cacheDir); }};
}
