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
#include "attnscope/inspection.h"

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>

#include <atomic>
#include <functional>
#include <vector>
#include <string>
#include <utility>

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
    QString modelType;  // config.json's model_type: "bert", "distilbert", "roberta", "marian"
    QString maskToken;  // what hides a word for the masked-LM head ("[MASK]", "<mask>"); empty: none
};
Q_DECLARE_METATYPE(ModelInfo)

// What switching one head off does to the output (Rank heads by effect): effect is larger the
// more the output changes; change says how, in words ("“cat” → “dog”", the new translation).
struct HeadEffect {
    int layer = 0;
    int head = 0;
    double effect = 0.0;
    QString change;  // empty: the output stays the same
};
using HeadEffects = QList<HeadEffect>;
Q_DECLARE_METATYPE(HeadEffects)

class ModelWorker : public QObject {
    Q_OBJECT
public:
    explicit ModelWorker(QObject* parent = nullptr);
    ~ModelWorker() override;

    // GUI thread, before queuing the matching request.
    void noteLatestRun(quint64 id) { latestRun_ = id; }
    void noteLatestLoad(quint64 id) { latestLoad_ = id; }
    void requestLoadCancel() { cancelLoad_ = true; }
    void requestRankCancel() { cancelRank_ = true; }
    void noteNewRanking() { cancelRank_ = false; }  // before queuing rankHeads()
    // The owner is going away: cancel a load and stop a decode in progress at its next step.
    void stop();

public Q_SLOTS:
    // device: "auto" | "cpu" | "cuda". The previous model stays until the new one has loaded.
    void loadModel(quint64 id, const QString& dir, const QString& device);
    // Switches each head of attention kind (attnscope::AttentionKind as int) off in turn and
    // measures how the output of text changes (headEffect()); rankProgress after each head,
    // then rankFinished with the heads sorted by effect, largest first. requestRankCancel()
    // (or a newer request) stops it: rankFinished with cancelled set and what was measured.
    void rankHeads(quint64 id, const QString& text, int kind);

Q_SIGNALS:
    void loadProgress(quint64 id, double fraction, const QString& stage);
    void modelLoaded(quint64 id, const ModelInfo& info);
    void loadFailed(quint64 id, const QString& message);  // empty message: cancelled
    void runFailed(quint64 id, const QString& message);
    void rankProgress(quint64 id, int done, int total);
    void rankFinished(quint64 id, HeadEffects effects, bool cancelled, const QString& error);

protected:
    using Progress = std::function<bool(double fraction, const std::string& stage)>;
    // Worker thread: loads the family's model from dir, replacing the current one only on
    // success, and describes it (dir and name are filled in by the caller).
    virtual ModelInfo loadFamily(const std::string& dir, attnscope::DeviceChoice device, const Progress& progress) = 0;
    virtual bool hasModel() const = 0;
    // Ranking: the layers and heads of kind, a fresh baseline for text, and one head's effect.
    virtual std::pair<int, int> headGrid(attnscope::AttentionKind kind) const = 0;
    virtual void prepareRanking(const QString& text) = 0;
    virtual HeadEffect headEffect(const QString& text, attnscope::AttentionKind kind, int layer, int head) = 0;
    virtual QString noModelMessage() const;
    // The Levenshtein distance between two token sequences (insertions, deletions and
    // substitutions of one token each): how much an output changed (headEffect()).
    static std::size_t tokenEditDistance(const std::vector<int>& a, const std::vector<int>& b);

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
    std::atomic<bool> cancelRank_{false};
};
