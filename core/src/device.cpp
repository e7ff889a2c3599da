// Device selection and thread settings.
#include "attnscope/device.h"

#include "attnscope/errors.h"

#include <torch/torch.h>

#include <algorithm>
#include <cctype>

namespace attnscope {

DeviceChoice parseDeviceChoice(const std::string& text) {
    std::string t = text;
    std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return std::tolower(c); });
    if (t == "auto") return DeviceChoice::Auto;
    if (t == "cpu") return DeviceChoice::Cpu;
    if (t == "cuda" || t == "gpu") return DeviceChoice::Cuda;
    throw InputError("Unknown device '" + text + "': choose auto, cpu or cuda");
}

const char* deviceChoiceName(DeviceChoice choice) {
    switch (choice) {
    case DeviceChoice::Auto: return "auto";
    case DeviceChoice::Cpu: return "cpu";
    case DeviceChoice::Cuda: return "cuda";
    }
    return "auto";
}

bool cudaAvailable() { return torch::cuda::is_available(); }

void setComputeThreads(int n) {
    if (n > 0) torch::set_num_threads(n);
}

}  // namespace attnscope
