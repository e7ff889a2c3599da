// A Linear layer (parameters "weight" [out, in] and "bias" [out], as in checkpoints) that,
// on the CPU in float32, runs through oneDNN with a weight re-laid-out once after loading.
// Measured on the reference machine (AVX-512, 2 threads): 3-8x faster than the OpenBLAS
// path that torch::linear takes for 16-256 token inputs. Other devices/dtypes use torch::linear.
#pragma once

#include <torch/torch.h>

namespace attnscope {

struct PackedLinearImpl : torch::nn::Module {
    PackedLinearImpl(int64_t in, int64_t out, bool withBias = true);
    torch::Tensor forward(const torch::Tensor& x);

    // Call after the weights are loaded and moved: packs for oneDNN when that pays off. The
    // packed copy is used only while weight.requires_grad() is false (inference, frozen layers).
    void prepare();

    torch::Tensor weight;
    torch::Tensor bias;

private:
    torch::Tensor packedWeight_;  // oneDNN copy of weight; undefined when not packed
};
TORCH_MODULE(PackedLinear);

// Calls prepare() on every PackedLinear inside module.
void preparePackedLinears(torch::nn::Module& module);

}  // namespace attnscope
