// Typed errors thrown by the core. Every message names the file, tensor or field at fault
// and says what was expected, so a person can act on it. Only worker boundaries catch them.
#pragma once

#include <stdexcept>
#include <string>

namespace attnscope {

// Base of every error the core throws on purpose.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A model file is missing, unreadable, truncated or malformed (safetensors, vocab, config).
class ModelFileError : public Error {
public:
    using Error::Error;
};

// config.json parsed but asks for something we do not support (unknown model_type, bad value).
class UnsupportedModelError : public Error {
public:
    using Error::Error;
};

// The checkpoint's tensors do not match the architecture: missing, unexpected, wrong shape or dtype.
class WeightMismatchError : public Error {
public:
    using Error::Error;
};

// The user's input cannot be processed (e.g. empty text).
class InputError : public Error {
public:
    using Error::Error;
};

// The requested device is not available (e.g. CUDA asked for on a machine without a GPU).
class DeviceError : public Error {
public:
    using Error::Error;
};

// A download failed: no network, an HTTP error, a missing or gated repository, a cut
// connection or a file that arrived with the wrong size or hash.
class NetworkError : public Error {
public:
    using Error::Error;
};

// A long call (model load, training) was cancelled through its progress callback.
class CancelledError : public Error {
public:
    using Error::Error;
};

}  // namespace attnscope
