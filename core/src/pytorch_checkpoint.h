// Reading a PyTorch checkpoint (pytorch_model.bin as torch.save writes it since 1.6: a zip
// archive holding PREFIX/data.pkl and one PREFIX/data/KEY entry per storage) with a
// weights-only unpickler. Internal to core/; torch-free.
//
// The unpickler understands only the opcodes torch.save emits for a state dict and resolves
// only an allow-list of globals: collections.OrderedDict, torch._utils._rebuild_tensor_v2, the
// typed storages (torch.FloatStorage, HalfStorage, BFloat16Storage, ... as persistent ids) and
// the dtypes torch.float32/float16/bfloat16. Any other global, or a call of anything but
// OrderedDict() and _rebuild_tensor_v2(...), is an error naming it: nothing is ever executed.
// Storage sizes, offsets, strides and shapes are validated against the entries' sizes before
// any byte is read. Stored (uncompressed) entries, as torch.save writes them, are memory-mapped
// at their offset in the file; compressed ones are inflated with their declared size checked
// against the storage's and against what deflate can produce (no zip bombs). Non-contiguous
// tensors are gathered into contiguous copies. The legacy (pre-1.6, non-zip) format is refused.
#pragma once

#include "checkpoint_weights.h"

#include <string>

namespace attnscope {

// Throws ModelFileError naming the file, the tensor or global and the problem.
CheckpointWeights readPytorchCheckpoint(const std::string& path);

}  // namespace attnscope
