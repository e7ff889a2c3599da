// The feed-forward activations of every model family, by the name config.json gives them
// (BERT's hidden_act, Marian's activation_function). Internal to core/.
#pragma once

#include <torch/torch.h>

#include <string>

namespace attnscope {

// gelu (exact, erf), gelu_new / gelu_pytorch_tanh (tanh approximation), relu, swish / silu.
// The config parsers refuse other names; one reaching here is a bug (std::invalid_argument).
torch::Tensor applyActivation(const torch::Tensor& x, const std::string& name);

}  // namespace attnscope
