// CheckpointWeights: one view over safetensors and PyTorch checkpoints.
#include "checkpoint_weights.h"

#include "attnscope/errors.h"
#include "checkpoint_folder.h"
#include "pytorch_checkpoint.h"

#include <stdexcept>

namespace attnscope {

CheckpointWeights::CheckpointWeights(const SafetensorsFile& file)
    : path_(file.path()), tensors_(file.tensors()), keepAlive_(file.keepAlive()) {
    data_.reserve(tensors_.size());
    for (const auto& t : tensors_) data_.push_back(file.data(t));
    for (std::size_t i = 0; i < tensors_.size(); ++i) index_[tensors_[i].name] = i;
}

CheckpointWeights::CheckpointWeights(std::string path, std::vector<TensorInfo> tensors,
                                     std::vector<const std::byte*> data, std::shared_ptr<const void> keepAlive)
    : path_(std::move(path)), tensors_(std::move(tensors)), data_(std::move(data)), keepAlive_(std::move(keepAlive)) {
    if (data_.size() != tensors_.size()) throw std::logic_error("CheckpointWeights: one data pointer per tensor");
    for (std::size_t i = 0; i < tensors_.size(); ++i) index_[tensors_[i].name] = i;
}

const TensorInfo* CheckpointWeights::find(const std::string& name) const {
    auto it = index_.find(name);
    return it == index_.end() ? nullptr : &tensors_[it->second];
}

const std::byte* CheckpointWeights::data(const TensorInfo& info) const {
    auto it = index_.find(info.name);
    if (it == index_.end()) throw std::logic_error("CheckpointWeights::data: tensor '" + info.name + "' is not here");
    return data_[it->second];
}

CheckpointWeights openCheckpointWeights(const CheckpointFolder& folder) {
    switch (folder.weightsFormat) {
    case WeightsFormat::Safetensors: return CheckpointWeights(SafetensorsFile(folder.weightsPath));
    case WeightsFormat::PytorchZip: return readPytorchCheckpoint(folder.weightsPath);
    }
    throw std::logic_error("openCheckpointWeights: unknown format");
}

}  // namespace attnscope
