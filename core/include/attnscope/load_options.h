// How a model is loaded, for every model family: where it runs, in which precision, on how
// many CPU threads, and the progress/cancel callback of the load.
#pragma once

#include "attnscope/device.h"

#include <functional>
#include <string>

namespace attnscope {

enum class Precision { Float32, BFloat16 };

struct LoadOptions {
    DeviceChoice device = DeviceChoice::Auto;
    // float32 is the faithful default. bfloat16 is the BERT encoder's fast mode; the Marian
    // translator always computes in float32 (its results are compared against Hugging Face's).
    Precision precision = Precision::Float32;
    int threads = 0;  // 0 keeps LibTorch's default
};

// Load progress: fraction in [0, 1] and what is happening; return false to cancel (the load
// then throws CancelledError).
using LoadProgress = std::function<bool(double fraction, const std::string& stage)>;

}  // namespace attnscope
