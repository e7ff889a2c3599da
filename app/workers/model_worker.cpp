// ModelWorker: loading and latest-wins request handling off the GUI thread.
#include "model_worker.h"

#include <algorithm>

#include "model_paths.h"

#include "attnscope/errors.h"

#include <QDir>
#include <QFileInfo>

namespace {
// Registers the metatype once, before any queued connection carries it.
const int kRegistered = [] {
    qRegisterMetaType<ModelInfo>("ModelInfo");
    qRegisterMetaType<HeadEffects>("HeadEffects");
    return 0;
}();
}  // namespace

ModelWorker::ModelWorker(QObject* parent) : QObject(parent) { (void)kRegistered; }
ModelWorker::~ModelWorker() = default;

void ModelWorker::stop() {
    cancelLoad_ = true;
    latestLoad_ = ~quint64{0};
    latestRun_ = ~quint64{0};
}

void ModelWorker::rankHeads(quint64 id, const QString& text, int kind) {
    if (!hasModel()) {
        Q_EMIT rankFinished(id, {}, false, noModelMessage());
        return;
    }
    const auto k = static_cast<attnscope::AttentionKind>(kind);
    HeadEffects effects;
    try {
        prepareRanking(text);
        const auto [layers, heads] = headGrid(k);
        const int total = layers * heads;
        for (int l = 0; l < layers; ++l)
            for (int h = 0; h < heads; ++h) {
                if (cancelRank_ || superseded(id)) {
                    Q_EMIT rankFinished(id, effects, true, QString());
                    return;
                }
                effects.push_back(headEffect(text, k, l, h));
                Q_EMIT rankProgress(id, static_cast<int>(effects.size()), total);
            }
    } catch (const std::exception& e) {
        Q_EMIT rankFinished(id, {}, false, QString::fromUtf8(e.what()));
        return;
    }
    std::stable_sort(effects.begin(), effects.end(),
                     [](const HeadEffect& a, const HeadEffect& b) { return a.effect > b.effect; });
    Q_EMIT rankFinished(id, effects, false, QString());
}

QString ModelWorker::noModelMessage() const { return tr("No model is loaded yet."); }

void ModelWorker::loadModel(quint64 id, const QString& dir, const QString& device) {
    if (id < latestLoad_) return;  // superseded by a newer load request
    cancelLoad_ = false;
    try {
        const QString clean = QDir::cleanPath(dir);
        ModelInfo info = loadFamily(clean.toStdString(), attnscope::parseDeviceChoice(device.toStdString()),
                                    [&](double fraction, const std::string& stage) {
                                        Q_EMIT loadProgress(id, fraction, QString::fromStdString(stage));
                                        return !cancelLoad_.load() && id >= latestLoad_.load();
                                    });
        modelName_ = modelDisplayName(clean);
        info.dir = dir;
        info.name = modelName_;
        Q_EMIT modelLoaded(id, info);
    } catch (const attnscope::CancelledError&) {
        Q_EMIT loadFailed(id, QString());  // cancelled: nothing to show
    } catch (const std::exception& e) {
        Q_EMIT loadFailed(id, QString::fromUtf8(e.what()));
    }
}

void ModelWorker::runRequest(quint64 id, const std::function<void()>& job) {
    if (superseded(id)) return;  // a newer keystroke is already queued: skip this one
    if (!hasModel()) {
        Q_EMIT runFailed(id, noModelMessage());
        return;
    }
    try {
        job();
    } catch (const attnscope::CancelledError&) {
        // superseded while running: the newer request reports
    } catch (const attnscope::InputError& e) {
        Q_EMIT runFailed(id, QString::fromUtf8(e.what()));
    } catch (const std::exception& e) {
        Q_EMIT runFailed(id, tr("The model failed on this text: %1").arg(QString::fromUtf8(e.what())));
    }
}
