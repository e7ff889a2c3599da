// Device and precision resolution for the model classes.
#include "torch_device.h"

#include "attnscope/errors.h"

#include <fstream>
#include <string>

namespace attnscope {

torch::Device resolveDevice(DeviceChoice choice) {
    const bool cuda = torch::cuda::is_available();
    switch (choice) {
    case DeviceChoice::Cpu: return torch::Device(torch::kCPU);
    case DeviceChoice::Cuda:
        if (!cuda)
            throw DeviceError("CUDA was requested but LibTorch sees no GPU (this build " +
                              std::string(torch::hasCUDA() ? "supports CUDA" : "is CPU-only") +
                              "); choose device auto or cpu");
        return torch::Device(torch::kCUDA, 0);
    case DeviceChoice::Auto: break;
    }
    return cuda ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
}

std::string deviceLabel(const torch::Device& device) { return device.str(); }

bool cpuHasNativeBFloat16() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("flags", 0) == 0)
            return line.find(" avx512_bf16") != std::string::npos || line.find(" amx_bf16") != std::string::npos;
    return false;
}

torch::ScalarType resolvePrecision(Precision precision, const torch::Device& device) {
    if (precision == Precision::Float32) return torch::kFloat32;
    if (device.is_cpu() && !cpuHasNativeBFloat16())
        throw DeviceError("bfloat16 fast mode needs a CPU with AVX512-BF16 or AMX; this one has neither, "
                          "so use float32");
    return torch::kBFloat16;
}

void synchronize(const torch::Device& device) {
    if (device.is_cuda()) torch::cuda::synchronize(device.index());
}

}  // namespace attnscope
