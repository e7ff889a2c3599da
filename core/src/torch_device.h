// Internal helpers turning the public DeviceChoice/Precision into torch types.
#pragma once

#include "attnscope/load_options.h"

#include <torch/torch.h>

namespace attnscope {

// Throws DeviceError when CUDA is requested but absent.
torch::Device resolveDevice(DeviceChoice choice);
std::string deviceLabel(const torch::Device& device);

// Throws DeviceError when bfloat16 is requested on a CPU without native bf16 support.
torch::ScalarType resolvePrecision(Precision precision, const torch::Device& device);
// True when this CPU has AVX512-BF16 or AMX-BF16 (read at run time from /proc/cpuinfo).
bool cpuHasNativeBFloat16();

// Blocks until queued GPU work is done, so wall-clock timings mean something.
void synchronize(const torch::Device& device);

}  // namespace attnscope
