// Where inference runs. Auto takes CUDA when LibTorch sees a GPU, else the CPU.
#pragma once

#include <string>

namespace attnscope {

enum class DeviceChoice { Auto, Cpu, Cuda };

// "auto" | "cpu" | "cuda" (case-insensitive); throws InputError on anything else.
DeviceChoice parseDeviceChoice(const std::string& text);
const char* deviceChoiceName(DeviceChoice choice);

// True when this LibTorch build has CUDA and a GPU is visible.
bool cudaAvailable();

// Sets LibTorch's intra-op thread count (n > 0); 0 leaves the default. Throws InputError for
// n < 0 or more than four threads per core (they would only thrash).
void setComputeThreads(int n);

}  // namespace attnscope
