// Strict checkpoint -> module loading shared by every model family.
#include "weight_loading.h"

#include "attnscope/errors.h"

#include <cstdint>
#include <map>
#include <sstream>
#include <vector>

namespace attnscope {

namespace {

std::string shapeOf(const torch::Tensor& t) {
    std::ostringstream s;
    s << "[";
    for (int64_t i = 0; i < t.dim(); ++i) s << (i ? ", " : "") << t.size(i);
    s << "]";
    return s.str();
}

// Old checkpoints (bert-base-*) name LayerNorm parameters gamma/beta.
std::string legacyAlias(const std::string& key) {
    auto replaceSuffix = [&](const std::string& from, const std::string& to) -> std::string {
        if (key.size() >= from.size() && key.compare(key.size() - from.size(), from.size(), from) == 0)
            return key.substr(0, key.size() - from.size()) + to;
        return {};
    };
    if (auto a = replaceSuffix("LayerNorm.weight", "LayerNorm.gamma"); !a.empty()) return a;
    if (auto a = replaceSuffix("LayerNorm.bias", "LayerNorm.beta"); !a.empty()) return a;
    return {};
}

}  // namespace

namespace {

// info's bytes at ptr (kept alive by keep) as float32; path names the file in messages.
torch::Tensor tensorFromBytes(const std::byte* bytes, const TensorInfo& info, std::shared_ptr<const void> keep,
                              const std::string& path) {
    torch::ScalarType type;
    switch (info.dtype) {
    case DType::F32: type = torch::kFloat32; break;
    case DType::F16: type = torch::kFloat16; break;
    case DType::BF16: type = torch::kBFloat16; break;
    default:
        throw WeightMismatchError("Tensor '" + info.name + "' in '" + path + "' has dtype " + dtypeName(info.dtype) +
                                  "; only F32, F16 and BF16 weights are supported");
    }
    auto* ptr = const_cast<std::byte*>(bytes);
    const auto aligned = reinterpret_cast<std::uintptr_t>(ptr) % dtypeSize(info.dtype) == 0;
    auto view = torch::from_blob(
        ptr, info.shape, [keep](void*) mutable { keep.reset(); }, torch::TensorOptions().dtype(type));
    if (type == torch::kFloat32) return aligned ? view : view.clone();
    return view.to(torch::kFloat32);
}

}  // namespace

torch::Tensor tensorFromCheckpoint(const CheckpointWeights& weights, const TensorInfo& info) {
    return tensorFromBytes(weights.data(info), info, weights.keepAlive(), weights.path());
}

torch::Tensor tensorFromCheckpoint(const SafetensorsFile& file, const TensorInfo& info) {
    return tensorFromBytes(file.data(info), info, file.keepAlive(), file.path());
}

void loadStrict(torch::nn::Module& module, const SafetensorsFile& file, const StrictLoadSpec& spec) {
    loadStrict(module, CheckpointWeights(file), spec);
}

void loadStrict(torch::nn::Module& module, const CheckpointWeights& file, const StrictLoadSpec& spec) {
    std::vector<std::string> problems;
    std::set<std::string> used;
    std::vector<std::pair<torch::Tensor, torch::Tensor>> assignments;

    const auto parameters = module.named_parameters(/*recurse=*/true);
    std::size_t done = 0;
    for (auto& item : parameters) {
        if (spec.onTensor) spec.onTensor(done++, parameters.size());
        std::string key = spec.keyFor(item.key());
        const TensorInfo* info = file.find(key);
        if (!info) {
            const auto alias = legacyAlias(key);
            if (!alias.empty() && (info = file.find(alias))) key = alias;
        }
        if (!info) {
            problems.push_back("missing tensor '" + key + "' (expected shape " + shapeOf(item.value()) + ")");
            continue;
        }
        used.insert(key);
        std::vector<int64_t> expected(item.value().sizes().begin(), item.value().sizes().end());
        if (spec.transform) {
            // The stored shape may legitimately differ: check the transformed tensor instead.
            try {
                auto value = spec.transform(key, tensorFromCheckpoint(file, *info)).contiguous();
                if (value.sizes() != item.value().sizes())
                    problems.push_back("tensor '" + key + "' has shape " + shapeOf(value) + " (stored as " +
                                       info->shapeString() + "), expected " + shapeOf(item.value()));
                else assignments.emplace_back(item.value(), value);
            } catch (const WeightMismatchError& e) {
                problems.push_back(e.what());
            }
            continue;
        }
        if (info->shape != expected) {
            problems.push_back("tensor '" + key + "' has shape " + info->shapeString() + ", expected " +
                               shapeOf(item.value()));
            continue;
        }
        try {
            assignments.emplace_back(item.value(), tensorFromCheckpoint(file, *info));
        } catch (const WeightMismatchError& e) {
            problems.push_back(e.what());
        }
    }
    for (const auto& t : file.tensors())
        if (!used.count(t.name) && !spec.ignorable(t.name))
            problems.push_back("unexpected tensor '" + t.name + "' " + t.shapeString() + " (not part of the " +
                               spec.describe + ")");

    if (!problems.empty()) {
        std::string message = "Weights in '" + file.path() + "' do not fit the " + spec.describe + " (" +
                              std::to_string(problems.size()) + " problem" + (problems.size() > 1 ? "s" : "") + "):";
        constexpr std::size_t kShown = 12;
        for (std::size_t i = 0; i < problems.size() && i < kShown; ++i) message += "\n  " + problems[i];
        if (problems.size() > kShown) message += "\n  ... and " + std::to_string(problems.size() - kShown) + " more";
        throw WeightMismatchError(message);
    }
    torch::NoGradGuard noGrad;
    for (auto& [param, value] : assignments) param.set_data(value);
}

}  // namespace attnscope
