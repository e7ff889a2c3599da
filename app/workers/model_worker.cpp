// ModelWorker: loading and latest-wins request handling off the GUI thread.
#include "model_worker.h"

#include "model_paths.h"

#include "attnscope/errors.h"

#include <QDir>
#include <QFileInfo>

namespace {
// Registers the metatype once, before any queued connection carries it.
const int kRegistered = [] {
    qRegisterMetaType<ModelInfo>("ModelInfo");
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
