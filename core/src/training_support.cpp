// Training utilities shared by the trainers (see training_support.h).
#include "training_support.h"

#include "attnscope/errors.h"
#include "attnscope/mlm_trainer.h"
#include "attnscope/safetensors_file.h"
#include "attnscope/safetensors_writer.h"
#include "weight_loading.h"

#include <ATen/autocast_mode.h>
#include <nlohmann/json.hpp>
#include <torch/version.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <unistd.h>
#include <set>

namespace attnscope {

namespace fs = std::filesystem;

AutocastScope::AutocastScope(bool enabled, const torch::Device& device) : enabled_(enabled), cuda_(device.is_cuda()) {
    if (!enabled_) return;
#if TORCH_VERSION_MAJOR >= 2
    at::autocast::set_autocast_dtype(cuda_ ? at::kCUDA : at::kCPU, at::kBFloat16);
    at::autocast::set_autocast_enabled(cuda_ ? at::kCUDA : at::kCPU, true);
#else
    if (cuda_) {
        at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
        at::autocast::set_enabled(true);
    } else {
        at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
        at::autocast::set_cpu_enabled(true);
    }
#endif
}

AutocastScope::~AutocastScope() {
    if (!enabled_) return;
#if TORCH_VERSION_MAJOR >= 2
    at::autocast::set_autocast_enabled(cuda_ ? at::kCUDA : at::kCPU, false);
#else
    if (cuda_) at::autocast::set_enabled(false);
    else at::autocast::set_cpu_enabled(false);
#endif
}

double warmupLinearDecay(long step, long warmupSteps, long totalSteps) {
    if (warmupSteps > 0 && step <= warmupSteps) return static_cast<double>(step) / static_cast<double>(warmupSteps);
    const long remaining = std::max(0L, totalSteps - step);
    const long span = std::max(1L, totalSteps - std::max(0L, warmupSteps));
    return std::max(0.0, static_cast<double>(remaining) / static_cast<double>(span));
}

std::vector<TensorBlob> blobsOf(const std::vector<std::pair<std::string, torch::Tensor>>& tensors) {
    std::vector<TensorBlob> blobs;
    for (const auto& [name, t] : tensors)
        blobs.push_back(
            {name, DType::F32, std::vector<std::int64_t>(t.sizes().begin(), t.sizes().end()), t.data_ptr()});
    return blobs;
}

namespace {

torch::Tensor cpuFloat(const torch::Tensor& t) { return t.detach().to(torch::kCPU, torch::kFloat32).contiguous(); }

}  // namespace

// Layout: dir/step-S-B/{trainable.safetensors, optimizer.pt, state.json} for each save, and
// dir/latest naming the newest complete one. A save writes and fsyncs a new folder, then
// replaces `latest` atomically (temp file, fsync, rename, fsync of dir), then removes older
// folders: a kill or a full disk at any moment leaves the previous checkpoint loadable.
// Checkpoints of earlier versions (the three files directly in dir) still load.

namespace {

// fsync of a file or folder (best effort for folders on file systems that refuse it).
void syncPath(const fs::path& path, bool folder) {
    const int fd = ::open(path.c_str(), (folder ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
    if (fd < 0) {
        if (folder) return;
        throw ModelFileError("Cannot reopen '" + path.string() + "' to flush it: " + std::strerror(errno));
    }
    const int rc = ::fsync(fd);
    const int error = errno;
    ::close(fd);
    if (rc != 0 && !folder) throw ModelFileError("Cannot flush '" + path.string() + "': " + std::strerror(error));
}

}  // namespace

fs::path TrainingCheckpoint::current() const {
    std::ifstream in(dir_ / "latest");
    std::string name;
    if (in && std::getline(in, name) && !name.empty() && name.find('/') == std::string::npos && name != "." &&
        name != "..")
        return dir_ / name;
    return dir_;  // an earlier version's layout
}

bool TrainingCheckpoint::exists() const {
    const fs::path base = current();
    return fs::exists(base / "state.json") && fs::exists(base / "trainable.safetensors") &&
           fs::exists(base / "optimizer.pt");
}

void TrainingCheckpoint::save(torch::nn::Module& model, const std::vector<std::string>& trainable,
                              torch::optim::Optimizer& optimizer, const TrainingPosition& position) const {
    fs::create_directories(dir_);
    const std::string name = "step-" + std::to_string(position.step) + "-" + std::to_string(position.batchInEpoch);
    const fs::path next = dir_ / name;
    fs::remove_all(next);  // a folder left by a save that was cut off
    fs::create_directories(next);
    const auto params = model.named_parameters();
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const auto& t : trainable) tensors.emplace_back(t, cpuFloat(params[t]));
    writeSafetensors((next / "trainable.safetensors").string(), blobsOf(tensors));
    torch::save(optimizer, (next / "optimizer.pt").string());
    {
        std::ofstream state((next / "state.json").string());
        state << nlohmann::json{{"step", position.step},
                                {"epoch", position.epoch},
                                {"batch_in_epoch", position.batchInEpoch}}.dump(1);
        if (!state.flush()) throw ModelFileError("Cannot write '" + (next / "state.json").string() + "'");
    }
    for (const char* file : {"trainable.safetensors", "optimizer.pt", "state.json"}) syncPath(next / file, false);
    syncPath(next, true);
    // The switch: one rename.
    {
        std::ofstream latest((dir_ / "latest.part").string(), std::ios::trunc);
        latest << name << '\n';
        if (!latest.flush()) throw ModelFileError("Cannot write '" + (dir_ / "latest.part").string() + "'");
    }
    syncPath(dir_ / "latest.part", false);
    fs::rename(dir_ / "latest.part", dir_ / "latest");
    syncPath(dir_, true);
    // Older saves (and an earlier version's files) are no longer needed.
    for (const auto& entry : fs::directory_iterator(dir_)) {
        const std::string n = entry.path().filename().string();
        if ((n.rfind("step-", 0) == 0 && n != name) || n == "trainable.safetensors" || n == "optimizer.pt" ||
            n == "state.json" || n == "optimizer.pt.part") {
            std::error_code ec;
            fs::remove_all(entry.path(), ec);
        }
    }
}

TrainingPosition TrainingCheckpoint::load(torch::nn::Module& model, const std::vector<std::string>& trainable,
                                          torch::optim::Optimizer& optimizer) const {
    const fs::path base = current();
    TrainingPosition position;
    try {
        std::ifstream in((base / "state.json").string());
        const auto state = nlohmann::json::parse(in);
        position.step = state.at("step").get<long>();
        position.epoch = state.at("epoch").get<int>();
        position.batchInEpoch = state.at("batch_in_epoch").get<long>();
    } catch (const nlohmann::json::exception& e) {
        throw ModelFileError("Checkpoint state '" + (base / "state.json").string() + "' is unreadable: " + e.what());
    }
    SafetensorsFile file((base / "trainable.safetensors").string());
    auto params = model.named_parameters();
    torch::NoGradGuard noGrad;
    for (const auto& name : trainable) {
        const auto* info = file.find(name);
        if (!info)
            throw ModelFileError("Checkpoint '" + file.path() + "' lacks '" + name +
                                 "': it was made with other training options (e.g. --train-layers)");
        params[name].copy_(tensorFromCheckpoint(file, *info).view(params[name].sizes()));
    }
    try {
        torch::load(optimizer, (base / "optimizer.pt").string());
    } catch (const c10::Error& e) {
        throw ModelFileError("Optimizer state in '" + base.string() + "' is unreadable or from other options");
    }
    return position;
}

void exportBertForMaskedLm(BertCheckpoint& model, const std::string& baseDir, const std::string& outDir,
                           const std::vector<std::string>& trained,
                           const std::map<std::string, std::string>& metadata) {
    fs::create_directories(outDir);
    // config.json: the base config, declared as BertForMaskedLM.
    nlohmann::json config;
    {
        std::ifstream in((fs::path(baseDir) / "config.json").string());
        config = nlohmann::json::parse(in);
    }
    config["architectures"] = {"BertForMaskedLM"};
    std::ofstream((fs::path(outDir) / "config.json").string()) << config.dump(2) << "\n";
    for (const char* f : {"vocab.txt", "tokenizer_config.json"}) {
        const auto from = fs::path(baseDir) / f;
        if (fs::exists(from) && fs::absolute(from) != fs::absolute(fs::path(outDir) / f))
            fs::copy_file(from, fs::path(outDir) / f, fs::copy_options::overwrite_existing);
    }
    const std::set<std::string> trainedSet(trained.begin(), trained.end());
    std::vector<std::pair<std::string, torch::Tensor>> all, onlyTrained;
    for (const auto& item : model->named_parameters()) {
        if (item.key().rfind("body.pooler.", 0) == 0) continue;  // BertForMaskedLM has no pooler
        const auto key = checkpointKey(item.key(), "bert.");
        auto t = cpuFloat(item.value());
        all.emplace_back(key, t);
        if (trainedSet.count(item.key())) onlyTrained.emplace_back(key, t);
    }
    writeSafetensors((fs::path(outDir) / "model.safetensors").string(), blobsOf(all), {{"format", "pt"}});
    auto meta = metadata;
    meta["format"] = "pt";
    writeSafetensors((fs::path(outDir) / "trained.safetensors").string(), blobsOf(onlyTrained), meta);
}

}  // namespace attnscope
