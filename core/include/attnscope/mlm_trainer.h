// Trains a BERT masked-language-model head (and optionally the top encoder layers) with the
// BERT objective: 15% of word pieces chosen, 80% -> [MASK], 10% -> random, 10% kept.
// Token-based batching with same-length batches (no padding, so training sees exactly the
// attention maths of inference), AdamW with linear warm-up and decay, checkpoint/resume,
// per-step progress with cancel, a validation score each epoch. The result is a Hugging Face
// BertForMaskedLM-layout folder that BertEncoder loads unchanged.
// Threading: trainMaskedLm blocks; callbacks run on the calling thread.
#pragma once

#include "attnscope/device.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace attnscope {

struct MlmTrainingOptions {
    std::string initModel;                // BERT checkpoint folder to start from (head added if absent)
    std::vector<std::string> trainFiles;  // one sentence per line; .gz read transparently
    std::vector<std::string> validFiles;
    std::string outDir;  // gets the model folder and checkpoint/
    int epochs = 3;
    long maxSteps = 0;       // 0: epochs decide
    int batchTokens = 4096;  // tokens per batch (sentences x length)
    int maxTokens = 64;      // longer sentences are truncated
    double learningRate = 1e-3;
    int warmupSteps = 100;
    double weightDecay = 0.01;
    double maskProbability = 0.15;
    int trainLayers = 0;            // top encoder layers fine-tuned with the head (0: head only)
    int validSentences = 2000;      // cap on validation sentences
    long checkpointEvery = 200;     // steps between checkpoints (and at every epoch end)
    bool resume = false;            // continue from outDir/checkpoint if present
    bool bfloat16Autocast = false;  // mixed precision for the trained part (needs native bf16)
    DeviceChoice device = DeviceChoice::Auto;
    int threads = 0;
    std::uint64_t seed = 1;
};

struct MlmProgress {
    int epoch = 0;  // 1-based
    int epochs = 0;
    long step = 0;  // 1-based, global
    long totalSteps = 0;
    double loss = 0.0;            // this step's loss
    double maskedAccuracy = 0.0;  // this step's top-1 accuracy on masked pieces
    double tokensPerSecond = 0.0;
    double etaSeconds = 0.0;
};

struct MlmEpochReport {
    int epoch = 0;
    double trainLoss = 0.0;  // mean over the epoch's steps
    bool validated = false;  // false when no validation text was given
    double validLoss = 0.0;
    double validAccuracy = 0.0;
    double seconds = 0.0;  // wall time since training started
};

struct MlmTrainingResult {
    long steps = 0;
    bool cancelled = false;
    double seconds = 0.0;
    std::string device;
    std::vector<MlmEpochReport> epochs;
    std::string modelDir;  // the exported folder (== options.outDir)
};

// Return false from onProgress to stop after the current step (a checkpoint is written).
using MlmProgressCallback = std::function<bool(const MlmProgress&)>;
using MlmEpochCallback = std::function<void(const MlmEpochReport&)>;

// Throws ModelFileError / InputError (bad data), the load errors of BertEncoder, DeviceError.
MlmTrainingResult trainMaskedLm(const MlmTrainingOptions& options, const MlmProgressCallback& onProgress = {},
                                const MlmEpochCallback& onEpoch = {});

}  // namespace attnscope
