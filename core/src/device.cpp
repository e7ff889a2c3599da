// Device selection and thread settings.
#include "attnscope/device.h"

#include "attnscope/errors.h"

#include <torch/torch.h>

#include <dlfcn.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <thread>

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

namespace {

// LibTorch parallelises across its own intra-op thread pool. When its BLAS is OpenBLAS (Debian's
// LibTorch through libblas.so.3 with libopenblas0-pthread), OpenBLAS starts its own threads per
// GEMM on top, and the two pools fight over the cores: measured on this project's 2-core
// machine, a 22-token Marian teacher-forced pass took 80-140 ms instead of ~20 ms, greedy
// translation 25% longer and beam search twice as long. One OpenBLAS thread inside LibTorch's
// pool removes that. Looked up at run time: other BLAS builds (MKL, CUDA LibTorch) lack it.
void keepBlasSingleThreaded() {
    static const bool done = [] {
        using SetThreads = void (*)(int);
        // ATTNSCOPE_OPENBLAS_THREADS=N overrides (for benchmarks comparing both settings).
        const char* env = std::getenv("ATTNSCOPE_OPENBLAS_THREADS");
        const int threads = env && std::atoi(env) > 0 ? std::atoi(env) : 1;
        if (auto* set = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) set(threads);
        return true;
    }();
    (void)done;
}

}  // namespace

void setComputeThreads(int n) {
    keepBlasSingleThreaded();
    // More threads than a few per core only thrash (1,024 on 2 cores hung, issue #18): refuse.
    const int cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    if (n < 0 || n > 4 * cores)
        throw InputError(std::to_string(n) + " threads asked for, but this machine has " + std::to_string(cores) +
                         " cores: use 0 (LibTorch's default) or at most " + std::to_string(4 * cores));
    if (n > 0) torch::set_num_threads(n);
}

}  // namespace attnscope
