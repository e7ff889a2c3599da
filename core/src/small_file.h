// Reading a model folder's small text files (config.json, tokenizer_config.json, vocab.json,
// vocab.txt) safely: only a regular file is opened for reading (a FIFO would block forever, a
// device like /dev/zero never end), opened without blocking, and only up to a stated size.
// Torch-free.
#pragma once

#include <cstdint>
#include <string>

namespace attnscope {

// The caps (the largest real files are far smaller: BERT's vocab.txt 0.2 MB, a multilingual
// vocab.json 2 MB, config.json a few kB).
inline constexpr std::uint64_t kMaxConfigBytes = std::uint64_t{4} << 20;  // config.json, tokenizer_config.json
inline constexpr std::uint64_t kMaxVocabBytes = std::uint64_t{64} << 20;  // vocab.json, vocab.txt

// The whole file; throws ModelFileError naming the file when it is missing, not a regular file
// or larger than maxBytes.
std::string readSmallFile(const std::string& path, std::uint64_t maxBytes);

}  // namespace attnscope
