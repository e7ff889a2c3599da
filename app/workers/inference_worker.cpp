// InferenceWorker: model loading and encoding off the GUI thread.
#include "inference_worker.h"

#include "attnscope/errors.h"

#include <QDir>
#include <QFileInfo>

namespace {
// Registers the metatypes once, before any queued connection carries them.
const int kRegistered = [] {
    qRegisterMetaType<ModelInfo>("ModelInfo");
    qRegisterMetaType<AnalysisPtr>("AnalysisPtr");
    return 0;
}();
}  // namespace

InferenceWorker::InferenceWorker(QObject* parent) : QObject(parent) { (void)kRegistered; }
InferenceWorker::~InferenceWorker() = default;

void InferenceWorker::loadModel(quint64 id, const QString& dir, const QString& device) {
    if (id < latestLoad_) return;  // superseded by a newer load request
    cancelLoad_ = false;
    try {
        attnscope::EncoderOptions options;
        options.device = attnscope::parseDeviceChoice(device.toStdString());
        auto encoder = attnscope::BertEncoder::load(
            QDir::cleanPath(dir).toStdString(), options, [&](double fraction, const std::string& stage) {
                Q_EMIT loadProgress(id, fraction, QString::fromStdString(stage));
                return !cancelLoad_.load() && id >= latestLoad_.load();
            });
        encoder_ = std::move(encoder);  // the old model is kept until the new one loaded
        positions_ = std::make_shared<const attnscope::FloatMatrix>(encoder_->positionEmbeddings());
        modelName_ = QFileInfo(QDir::cleanPath(dir)).fileName();
        ModelInfo info;
        info.dir = dir;
        info.name = modelName_;
        info.device = QString::fromStdString(encoder_->device());
        info.layers = encoder_->config().numLayers;
        info.heads = encoder_->config().numHeads;
        info.maxTokens = static_cast<int>(encoder_->maxTokens());
        info.hasMaskedLm = encoder_->hasMaskedLmHead();
        Q_EMIT modelLoaded(id, info);
    } catch (const attnscope::CancelledError&) {
        Q_EMIT loadFailed(id, QString());  // empty message: cancelled, nothing to show
    } catch (const std::exception& e) {
        Q_EMIT loadFailed(id, QString::fromUtf8(e.what()));
    }
}

AnalysisPtr InferenceWorker::run(quint64 id, const QString& text) {
    auto analysis = std::make_shared<Analysis>();
    analysis->requestId = id;
    analysis->text = text;
    analysis->modelName = modelName_;
    analysis->hasMaskedLm = encoder_->hasMaskedLmHead();
    analysis->positionEmbeddings = positions_;
    analysis->result = encoder_->encode(text.toStdString(), 10);
    return analysis;
}

void InferenceWorker::encode(quint64 id, const QString& text, const QString& pairText) {
    if (id < latestEncode_) return;  // a newer keystroke is already queued: skip this one
    if (!encoder_) {
        Q_EMIT encodeFailed(id, tr("No model is loaded yet."));
        return;
    }
    try {
        auto analysis = run(id, text);
        AnalysisPtr pair;
        if (!pairText.isEmpty() && id >= latestEncode_) pair = run(id, pairText);
        Q_EMIT analysisReady(id, analysis, pair);
    } catch (const attnscope::InputError& e) {
        Q_EMIT encodeFailed(id, QString::fromUtf8(e.what()));
    } catch (const std::exception& e) {
        Q_EMIT encodeFailed(id, tr("The model failed on this text: %1").arg(QString::fromUtf8(e.what())));
    }
}
