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

// Layout: dir/step-S-B/{trainable.safetensors, optimizer.safetensors, state.json} for each save, and
// dir/latest naming the newest complete one. A save writes and fsyncs a new folder, then
// replaces `latest` atomically (temp file, fsync, rename, fsync of dir), then removes older
// folders: a kill or a full disk at any moment leaves the previous checkpoint loadable.
// optimizer.safetensors holds AdamW's state per trained parameter: "exp_avg/NAME",
// "exp_avg_sq/NAME" (float32, the parameter's shape) and "step/NAME" (int64 [1]). Earlier
// versions wrote optimizer.pt with torch::save; it is not read (LibTorch's loader does not
// check a crafted file), so such a checkpoint asks to start again.

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

// The parameter name of every tensor the optimizer updates, by its TensorImpl (the key of
// LibTorch's optimizer state, as in torch/optim/serialize.h).
std::map<std::string, std::string> optimizerKeys(torch::optim::AdamW& optimizer,
                                                 const torch::OrderedDict<std::string, torch::Tensor>& params) {
    std::map<const void*, std::string> names;
    for (const auto& item : params) names[item.value().unsafeGetTensorImpl()] = item.key();
    std::map<std::string, std::string> keys;  // state key -> parameter name
    for (const auto& group : optimizer.param_groups())
        for (const auto& p : group.params()) {
            const auto it = names.find(p.unsafeGetTensorImpl());
            if (it == names.end()) throw ModelFileError("internal: an optimised tensor is not a model parameter");
            keys[c10::guts::to_string(p.unsafeGetTensorImpl())] = it->second;
        }
    return keys;
}

void saveOptimizerState(torch::optim::AdamW& optimizer, const torch::OrderedDict<std::string, torch::Tensor>& params,
                        const std::string& path) {
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    std::vector<std::pair<std::string, std::int64_t>> steps;
    for (const auto& [key, name] : optimizerKeys(optimizer, params)) {
        const auto it = optimizer.state().find(key);
        if (it == optimizer.state().end()) continue;  // not stepped yet
        const auto& state = static_cast<const torch::optim::AdamWParamState&>(*it->second);
        tensors.emplace_back("exp_avg/" + name, cpuFloat(state.exp_avg()));
        tensors.emplace_back("exp_avg_sq/" + name, cpuFloat(state.exp_avg_sq()));
        if (state.max_exp_avg_sq().defined()) tensors.emplace_back("max_exp_avg_sq/" + name, cpuFloat(state.max_exp_avg_sq()));
        steps.emplace_back("step/" + name, state.step());
    }
    auto blobs = blobsOf(tensors);
    for (const auto& [name, step] : steps) blobs.push_back({name, DType::I64, {1}, &step});
    writeSafetensors(path, blobs, {{"format", "attnscope-adamw"}});
}

void loadOptimizerState(torch::optim::AdamW& optimizer, const torch::OrderedDict<std::string, torch::Tensor>& params,
                        const std::string& path) {
    const SafetensorsFile file(path);
    const auto fail = [&](const std::string& what) { return ModelFileError("Optimizer state '" + path + "': " + what); };
    std::set<std::string> used;
    const auto tensor = [&](const std::string& name, const torch::Tensor& like) -> torch::Tensor {
        const auto* info = file.find(name);
        if (!info) throw fail("lacks '" + name + "'");
        used.insert(name);
        if (info->dtype != DType::F32 || info->shape != like.sizes().vec())
            throw fail("'" + name + "' is " + dtypeName(info->dtype) + " " + info->shapeString() +
                       " but its parameter is F32 of shape " + TensorInfo{"", DType::F32, like.sizes().vec()}.shapeString());
        auto t = tensorFromCheckpoint(file, *info).clone().to(like.device());
        if (!torch::isfinite(t).all().item<bool>()) throw fail("'" + name + "' holds values that are not finite");
        return t;
    };
    torch::NoGradGuard noGrad;
    for (const auto& [key, name] : optimizerKeys(optimizer, params)) {
        const auto* step = file.find("step/" + name);
        if (!step) continue;  // the parameter had not been stepped when this was saved
        used.insert(step->name);
        if (step->dtype != DType::I64 || step->shape != std::vector<std::int64_t>{1})
            throw fail("'" + step->name + "' must be one int64");
        std::int64_t steps = 0;
        std::memcpy(&steps, file.data(*step), sizeof steps);
        if (steps < 1 || steps > (std::int64_t{1} << 40)) throw fail("'" + step->name + "' is not a step count");
        const auto& param = params[name];
        auto state = std::make_unique<torch::optim::AdamWParamState>();
        state->step(steps);
        state->exp_avg(tensor("exp_avg/" + name, param));
        auto squares = tensor("exp_avg_sq/" + name, param);
        if ((squares < 0).any().item<bool>()) throw fail("'exp_avg_sq/" + name + "' holds negative values");
        state->exp_avg_sq(squares);
        if (file.find("max_exp_avg_sq/" + name)) state->max_exp_avg_sq(tensor("max_exp_avg_sq/" + name, param));
        optimizer.state()[key] = std::move(state);
    }
    for (const auto& t : file.tensors())
        if (!used.count(t.name))
            throw fail("holds '" + t.name + "', which is not a trained parameter's state (made with other options?)");
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
           (fs::exists(base / "optimizer.safetensors") || fs::exists(base / "optimizer.pt"));
}

void TrainingCheckpoint::save(torch::nn::Module& model, const std::vector<std::string>& trainable,
                              torch::optim::AdamW& optimizer, const TrainingPosition& position) const {
    fs::create_directories(dir_);
    const std::string name = "step-" + std::to_string(position.step) + "-" + std::to_string(position.batchInEpoch);
    const fs::path next = dir_ / name;
    fs::remove_all(next);  // a folder left by a save that was cut off
    fs::create_directories(next);
    const auto params = model.named_parameters();
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const auto& t : trainable) tensors.emplace_back(t, cpuFloat(params[t]));
    writeSafetensors((next / "trainable.safetensors").string(), blobsOf(tensors));
    saveOptimizerState(optimizer, params, (next / "optimizer.safetensors").string());
    {
        std::ofstream state((next / "state.json").string());
        state << nlohmann::json{{"step", position.step},
                                {"epoch", position.epoch},
                                {"batch_in_epoch", position.batchInEpoch}}.dump(1);
        if (!state.flush()) throw ModelFileError("Cannot write '" + (next / "state.json").string() + "'");
    }
    for (const char* file : {"trainable.safetensors", "optimizer.safetensors", "state.json"}) syncPath(next / file, false);
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
            n == "optimizer.safetensors" ||
            n == "state.json" || n == "optimizer.pt.part") {
            std::error_code ec;
            fs::remove_all(entry.path(), ec);
        }
    }
}

TrainingPosition TrainingCheckpoint::load(torch::nn::Module& model, const std::vector<std::string>& trainable,
                                          torch::optim::AdamW& optimizer) const {
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
    if (!fs::exists(base / "optimizer.safetensors") && fs::exists(base / "optimizer.pt"))
        throw ModelFileError("Checkpoint '" + base.string() +
                             "' was written by an earlier attnscope (optimizer.pt, which is no longer read: LibTorch's "
                             "loader does not check a file): train again without --resume");
    loadOptimizerState(optimizer, params, (base / "optimizer.safetensors").string());
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
