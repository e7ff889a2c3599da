// The main window: sentence editor, model/device/preset pickers, layer/head controls, the
// view pages, status bar, export and settings. It owns the InferenceWorker's thread and
// never waits for it: requests go out with increasing ids, results come back as values,
// results older than what is shown are dropped.
#pragma once

#include "analysis.h"
#include "attention_selection.h"
#include "inference_worker.h"

#include <QMainWindow>
#include <QThread>

class AttentionView;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTabWidget;
class QTimer;
class QToolBar;
class TextLinksView;
class TranslationWorkspace;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    void loadModel(const QString& dir);
    void setDeviceChoice(const QString& device);  // "auto" | "cpu" | "cuda"
    void setText(const QString& text);
    void setPairText(const QString& text);  // non-empty turns minimal-pair mode on
    bool showView(const QString& name);     // by AttentionView::viewName()
    QStringList viewNames() const;
    // "encoder" (BERT views) or "translation" (Marian workspace); false for another name.
    bool showWorkspace(const QString& name);
    bool translationActive() const;
    TranslationWorkspace* translationWorkspace() const { return translation_; }

    // For tests and --screenshot.
    AnalysisPtr currentAnalysis() const { return shown_; }
    AttentionView* view(const QString& name) const;
    AttentionView* currentView() const;
    AttentionSelection* selection() { return &selection_; }
    QPlainTextEdit* editor() const { return editor_; }
    QString errorText() const;  // the message shown in place of the view, or empty
    bool isLoading() const { return loading_; }
    const ModelInfo& modelInfo() const { return model_; }

Q_SIGNALS:
    void analysisShown(AnalysisPtr analysis);
    void errorShown(const QString& message);
    void modelReady(const ModelInfo& info);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildUi();
    void buildMenus();
    void scheduleEncode();
    void requestEncode();
    void onAnalysis(quint64 id, AnalysisPtr analysis, AnalysisPtr pair);
    void onEncodeFailed(quint64 id, const QString& message);
    void onModelLoaded(quint64 id, const ModelInfo& info);
    void onLoadFailed(quint64 id, const QString& message);
    void showError(const QString& message);
    void updateControls();
    void updateCurrentView();
    void maskToken(int tokenIndex);
    // The masked-word view needs a masked-LM head: switch to the built-in minilm-mlm when the
    // loaded model has none (and say so in the status bar).
    void ensureMaskedLmModel();
    void openModelFolder();
    void exportCurrentView(const QString& format);
    void exportResult(const QString& format);
    void stepLayer(int delta);
    void stepHead(int delta);
    void rememberRecent(const QString& dir);
    void refreshModelPicker();
    void saveSettings() const;
    void restoreSettings();

    AttentionSelection selection_;
    QThread thread_;
    InferenceWorker* worker_ = nullptr;
    quint64 encodeId_ = 0;
    quint64 loadId_ = 0;
    quint64 shownId_ = 0;
    bool loading_ = false;
    AnalysisPtr shown_;
    AnalysisPtr shownPair_;
    ModelInfo model_;
    QString device_ = QStringLiteral("auto");
    QStringList recent_;

    QPlainTextEdit* editor_ = nullptr;
    QLineEdit* pairEditor_ = nullptr;
    QCheckBox* pairMode_ = nullptr;
    QComboBox* modelPicker_ = nullptr;
    QComboBox* devicePicker_ = nullptr;
    QComboBox* presetPicker_ = nullptr;
    QSpinBox* layerSpin_ = nullptr;
    QSpinBox* headSpin_ = nullptr;
    QComboBox* aggregatePicker_ = nullptr;
    QCheckBox* hideSpecial_ = nullptr;
    QCheckBox* mergeWords_ = nullptr;
    QStackedWidget* stack_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    QLabel* errorLabel_ = nullptr;
    QLabel* statusModel_ = nullptr;
    QLabel* statusTiming_ = nullptr;
    QProgressBar* loadProgress_ = nullptr;
    QPushButton* cancelLoad_ = nullptr;
    QTimer* debounce_ = nullptr;
    QVector<AttentionView*> views_;
    QVector<bool> stale_;  // view needs the current analysis when it becomes visible
    TextLinksView* linksView_ = nullptr;
    QTabWidget* workspaces_ = nullptr;
    TranslationWorkspace* translation_ = nullptr;
    QVector<QToolBar*> encoderBars_;
};
