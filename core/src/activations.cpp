// applyActivation: Hugging Face's ACT2FN entries that the supported configs use.
#include "activations.h"

#include <stdexcept>

namespace attnscope {

namespace F = torch::nn::functional;

torch::Tensor applyActivation(const torch::Tensor& x, const std::string& name) {
    if (name == "gelu") return F::gelu(x);  // exact (erf) GELU, as HF's "gelu"
    if (name == "gelu_new" || name == "gelu_pytorch_tanh") return F::gelu(x, F::GELUFuncOptions().approximate("tanh"));
    if (name == "relu") return torch::relu(x);
    if (name == "swish" || name == "silu") return torch::silu(x);
    throw std::invalid_argument("activation '" + name + "' passed the config check but has no implementation");
}

}  // namespace attnscope
