// The translation workspace: a source editor whose translation updates as the user types
// (25 ms coalescing, latest wins, streamed token by token), greedy or beam search, a Marian
// model picker (the built-in en->de model by default), and the views: alignment matrix,
// step-through, sentence links, beams, plus the encoder's heatmap, head and model views over
// the encoder self-, decoder self- or cross-attention (the "Attention" switch). It owns the
// TranslationWorker's thread and never waits for it. GUI thread only.
#pragma once

#include "attention_selection.h"
#include "translation.h"
#include "translation_analysis.h"
#include "translation_worker.h"

#include <QThread>
#include <QWidget>

class AlignmentView;
class AttentionView;
class QCheckBox;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTabWidget;
class QTimer;
class TranslationView;

class TranslationWorkspace : public QWidget {
    Q_OBJECT
public:
    explicit TranslationWorkspace(QWidget* parent = nullptr);
    ~TranslationWorkspace() override;

    static QString builtInModelDir();  // models/attnscope-en-de

    void loadModel(const QString& dir);
    // Loads the built-in model unless a model is loaded or loading.
    void ensureModel();
    void setDeviceChoice(const QString& device);
    void setText(const QString& text);
    void setBeams(int beams);
    void setAttentionKind(AttentionKind kind);
    bool showView(const QString& name);
    QStringList viewNames() const;
    // png | svg | json | npy (npy: the stack of the current attention kind; the alignment,
    // step and links views export cross-attention). Returns an error message or empty.
    QString exportTo(const QString& format, const QString& path, double pngScale = 2.0);

    // For tests and --screenshot.
    TranslationPtr currentTranslation() const { return shown_; }
    TranslationPtr partialTranslation() const { return partial_; }
    QWidget* view(const QString& name) const;
    QWidget* currentView() const;
    AttentionSelection* selection() { return &selection_; }
    QPlainTextEdit* editor() const { return editor_; }
    QString errorText() const;
    QString translationText() const;
    bool isLoading() const { return loading_; }
    const TranslationModelInfo& modelInfo() const { return model_; }

Q_SIGNALS:
    void translationShown(TranslationPtr translation);
    void partialShown(TranslationPtr partial);
    void errorShown(const QString& message);
    void modelReady(const TranslationModelInfo& info);

private:
    void buildUi();
    void scheduleTranslate();
    void requestTranslate();
    void onStep(quint64 id, TranslationPtr partial);
    void onTranslation(quint64 id, TranslationPtr translation);
    void onTranslateFailed(quint64 id, const QString& message);
    void onModelLoaded(quint64 id, const TranslationModelInfo& info);
    void onLoadFailed(quint64 id, const QString& message);
    void showError(const QString& message);
    void showTranslation();  // the views follow partial_ (while streaming) or shown_
    void updateCurrentView();
    void updateControls();
    void refreshModelPicker();
    void openModelFolder();
    int layersOfKind() const;

    AttentionSelection selection_;
    QThread thread_;
    TranslationWorker* worker_ = nullptr;
    quint64 translateId_ = 0;
    quint64 loadId_ = 0;
    quint64 shownId_ = 0;
    bool loading_ = false;
    TranslationPtr shown_;    // the last complete translation
    TranslationPtr partial_;  // the one streaming in, or null
    TranslationModelInfo model_;
    QString device_ = QStringLiteral("auto");
    QStringList recent_;
    AttentionKind kind_ = AttentionKind::Cross;

    QPlainTextEdit* editor_ = nullptr;
    QLabel* output_ = nullptr;
    QComboBox* modelPicker_ = nullptr;
    QSpinBox* beamSpin_ = nullptr;
    QComboBox* kindPicker_ = nullptr;
    QSpinBox* layerSpin_ = nullptr;
    QSpinBox* headSpin_ = nullptr;
    QComboBox* aggregatePicker_ = nullptr;
    QCheckBox* hardAlignment_ = nullptr;
    QCheckBox* hideSpecial_ = nullptr;
    QStackedWidget* stack_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    QLabel* errorLabel_ = nullptr;
    QLabel* status_ = nullptr;
    QProgressBar* loadProgress_ = nullptr;
    QPushButton* cancelLoad_ = nullptr;
    QTimer* debounce_ = nullptr;
    AlignmentView* alignment_ = nullptr;
    QVector<TranslationView*> translationViews_;
    QVector<AttentionView*> attentionViews_;
    QVector<QWidget*> pages_;  // tab order
    QVector<bool> stale_;
};
