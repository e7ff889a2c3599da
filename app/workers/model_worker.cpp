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

std::size_t ModelWorker::tokenEditDistance(const std::vector<int>& a, const std::vector<int>& b) {
    std::vector<std::size_t> row(b.size() + 1);  // one row of the dynamic-programming table
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t next = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = row[j];
            row[j] = next;
        }
    }
    return row[b.size()];
}
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
