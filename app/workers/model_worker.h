// The one owner of a model: a QObject that lives on its own QThread, loads a checkpoint and
// runs requests sent from the GUI thread as queued calls (after KDAB hotspot's job tracker and
// Qt's Mandelbrot example). Latest wins: every request carries an increasing id; one
// superseded before it starts is skipped, and a newer one also cancels a decode in progress
// through superseded(). Typed core errors are caught here, at the thread boundary, and come
// back as messages a person can act on. The encoder and translation workers are thin jobs
// over it: they load their family and run their one kind of request.
// Threading: construct, then moveToThread(); call the slots only through queued calls;
// note*(), requestLoadCancel() and stop() are atomic and may be called from the GUI thread.
#pragma once

#include "attnscope/device.h"

#include <QMetaType>
#include <QObject>
#include <QString>

#include <atomic>
#include <functional>
#include <string>

// What a workspace shows about the loaded model. Encoder-only models have decoderLayers 0.
struct ModelInfo {
    QString dir;
    QString name;    // folder name, for captions
    QString device;  // "cpu", "cuda:0"
    int layers = 0;  // encoder layers
    int decoderLayers = 0;
    int heads = 0;
    int maxTokens = 0;
    int vocabSize = 0;
    bool hasMaskedLm = false;
};
Q_DECLARE_METATYPE(ModelInfo)

class ModelWorker : public QObject {
    Q_OBJECT
public:
    explicit ModelWorker(QObject* parent = nullptr);
    ~ModelWorker() override;

    // GUI thread, before queuing the matching request.
    void noteLatestRun(quint64 id) { latestRun_ = id; }
    void noteLatestLoad(quint64 id) { latestLoad_ = id; }
    void requestLoadCancel() { cancelLoad_ = true; }
    // The owner is going away: cancel a load and stop a decode in progress at its next step.
    void stop();

public Q_SLOTS:
    // device: "auto" | "cpu" | "cuda". The previous model stays until the new one has loaded.
    void loadModel(quint64 id, const QString& dir, const QString& device);

Q_SIGNALS:
    void loadProgress(quint64 id, double fraction, const QString& stage);
    void modelLoaded(quint64 id, const ModelInfo& info);
    void loadFailed(quint64 id, const QString& message);  // empty message: cancelled
    void runFailed(quint64 id, const QString& message);

protected:
    using Progress = std::function<bool(double fraction, const std::string& stage)>;
    // Worker thread: loads the family's model from dir, replacing the current one only on
    // success, and describes it (dir and name are filled in by the caller).
    virtual ModelInfo loadFamily(const std::string& dir, attnscope::DeviceChoice device, const Progress& progress) = 0;
    virtual bool hasModel() const = 0;
    virtual QString noModelMessage() const;

    // True once a newer request than id was noted: skip it, or stop decoding it.
    bool superseded(quint64 id) const { return id < latestRun_.load(); }
    // Runs one request on the worker thread: skipped when superseded or when no model is
    // loaded (runFailed), CancelledError ends it silently, InputError is shown as it is and
    // any other error as "The model failed on this text: ...".
    void runRequest(quint64 id, const std::function<void()>& job);

    QString modelName_;

private:
    std::atomic<quint64> latestRun_{0};
    std::atomic<quint64> latestLoad_{0};
    std::atomic<bool> cancelLoad_{false};
};
