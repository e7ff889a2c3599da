// oneDNN-backed float32 Linear for the CPU, with a plain fallback.
#include "packed_linear.h"

namespace attnscope {

PackedLinearImpl::PackedLinearImpl(int64_t in, int64_t out, bool withBias) {
    weight = register_parameter("weight", torch::empty({out, in}));
    if (withBias) bias = register_parameter("bias", torch::zeros({out}));
}

void PackedLinearImpl::prepare() {
    packedWeight_ = torch::Tensor();
    if (weight.device().is_cpu() && weight.scalar_type() == torch::kFloat32 && torch::hasMKLDNN())
        packedWeight_ = weight.contiguous().to_mkldnn();
}

torch::Tensor PackedLinearImpl::forward(const torch::Tensor& x) {
    // oneDNN's linear has no autograd, and a trainable weight's packed copy goes stale after
    // each optimizer step: only frozen weights with no gradient flowing take the packed path.
    const bool needsGrad = weight.requires_grad() || (torch::GradMode::is_enabled() && x.requires_grad());
    if (!packedWeight_.defined() || x.scalar_type() != torch::kFloat32 || needsGrad)
        return torch::nn::functional::linear(x, weight, bias);
    auto sizes = x.sizes().vec();
    auto flat = x.reshape({-1, sizes.back()}).contiguous();
    auto y = torch::mkldnn_linear(flat.to_mkldnn(), packedWeight_, bias).to_dense();
    sizes.back() = weight.size(0);
    return y.view(sizes);
}

void preparePackedLinears(torch::nn::Module& module) {
    for (auto& child : module.modules(/*include_self=*/true))
        if (auto* linear = child->as<PackedLinearImpl>()) linear->prepare();
}

}  // namespace attnscope
