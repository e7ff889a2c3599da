// The one owner of the model: lives on its own QThread; loads models and encodes texts
// requested from the GUI thread through queued calls. Every request carries an increasing
// id; requests superseded before they start are skipped (the newest text always wins) and
// results carry their id so the GUI drops stale ones. Errors come back as messages a
// person can act on. Threading: construct, then moveToThread(); call the slots only through
// queued connections/QMetaObject::invokeMethod; requestLoadCancel()/latest ids are atomic.
#pragma once

#include "analysis.h"

#include "attnscope/bert_encoder.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

struct ModelInfo {
    QString dir;
    QString name;
    QString device;  // "cpu", "cuda:0"
    int layers = 0;
    int heads = 0;
    int maxTokens = 0;
    bool hasMaskedLm = false;
};
Q_DECLARE_METATYPE(ModelInfo)
Q_DECLARE_METATYPE(AnalysisPtr)

class InferenceWorker : public QObject {
    Q_OBJECT
public:
    explicit InferenceWorker(QObject* parent = nullptr);
    ~InferenceWorker() override;

    // Called from the GUI thread before queuing the matching request.
    void noteLatestEncode(quint64 id) { latestEncode_ = id; }
    void noteLatestLoad(quint64 id) { latestLoad_ = id; }
    void requestLoadCancel() { cancelLoad_ = true; }

public Q_SLOTS:
    // device: "auto" | "cpu" | "cuda"
    void loadModel(quint64 id, const QString& dir, const QString& device);
    // pairText empty: no minimal-pair sentence.
    void encode(quint64 id, const QString& text, const QString& pairText);

Q_SIGNALS:
    void loadProgress(quint64 id, double fraction, const QString& stage);
    void modelLoaded(quint64 id, const ModelInfo& info);
    void loadFailed(quint64 id, const QString& message);
    void analysisReady(quint64 id, AnalysisPtr analysis, AnalysisPtr pair);
    void encodeFailed(quint64 id, const QString& message);

private:
    AnalysisPtr run(quint64 id, const QString& text);

    std::unique_ptr<attnscope::BertEncoder> encoder_;
    std::shared_ptr<const attnscope::FloatMatrix> positions_;
    QString modelName_;
    std::atomic<quint64> latestEncode_{0};
    std::atomic<quint64> latestLoad_{0};
    std::atomic<bool> cancelLoad_{false};
};
