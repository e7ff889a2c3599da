// A workspace: one task (encoder attention, translation) as one page of the main window. This
// base is the shell every workspace shares, written once: the model picker with built-in and
// recent folders, load progress and cancel, the sentence editor with keystroke coalescing, the
// layer/head/aggregate controls over one shared AttentionSelection, the view pages (fed only
// when visible), the error page shown in place of the views, the status line, request ids with
// stale-result handling, PNG/SVG export and per-workspace settings. It owns its ModelWorker's
// thread and never waits for it. Subclasses add their controls, send their request, and feed
// their results to the pages. GUI thread only.
#pragma once

#include "attention_selection.h"
#include "text_editor.h"
#include "model_worker.h"

#include "attnscope/model_registry.h"

#include <QJsonObject>
#include <QPointer>
#include <QThread>
#include <QVector>
#include <QWidget>

class AttentionView;
class FlowLayout;
class QCheckBox;
class QComboBox;
class QHBoxLayout;
class QLabel;
class QPlainTextEdit;

class QDialog;
class QProgressBar;
class QProgressDialog;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTabWidget;
class QTimer;
class QVBoxLayout;

class Workspace : public QWidget {
    Q_OBJECT
public:
    ~Workspace() override;

    // Stable name ("encoder", "translation") for --workspace and settings; tab title.
    virtual QString workspaceName() const = 0;
    virtual QString title() const = 0;

    // The model family this workspace opens (config.json's model_type decides a folder's).
    virtual attnscope::ModelFamily family() const = 0;
    // Empty when dir holds a model of this workspace's family; otherwise why not (no
    // config.json, unknown model_type, or a model of the other family).
    QString whyCannotOpen(const QString& dir) const;
    // Loads dir in the background. A folder of the other family is refused at once with a
    // message that names the workspace that opens it.
    void loadModel(const QString& dir);
    // Loads the remembered or default model unless one is loaded or loading.
    virtual void ensureModel() {}
    void setDeviceChoice(const QString& device);  // "auto" | "cpu" | "cuda"; reloads the model
    QString deviceChoice() const { return device_; }
    void openModelFolder();  // asks for a folder, then loads it
    const ModelInfo& modelInfo() const { return model_; }
    bool isLoading() const { return loading_; }

    void setText(const QString& text);
    QPlainTextEdit* editor() const { return editor_; }

    bool showView(const QString& name);  // by AttentionView::viewName()
    QStringList viewNames() const;
    AttentionView* view(const QString& name) const;
    AttentionView* currentView() const;
    AttentionSelection* selection() { return &selection_; }
    // Layer/head stepping (Alt+arrows), kept inside the model.
    void stepLayer(int delta);
    // The model row (model, device, beams, attention, preset): presentation mode hides it to
    // leave the height to the views (View › Model controls brings it back).
    void setModelControlsShown(bool shown);
    bool modelControlsShown() const { return modelControlsShown_; }
    // How many layers the selection can step through (the decoder's for cross-attention).
    int layerCount() const { return selectableLayers(); }
    void stepHead(int delta);
    // Head ablation: heads switched off for every request (HF's head_mask), per attention kind.
    // toggleHead() works on the kind the views show now; the result re-runs.
    const attnscope::HeadAblation& ablation() const { return ablation_; }
    void toggleHead(int layer, int head);
    void setAblation(const attnscope::HeadAblation& ablation);
    // The kind toggleHead() acts on: the encoder's self-attention, or the translation's switch.
    virtual attnscope::AttentionKind ablationKind() const { return attnscope::AttentionKind::Encoder; }
    // Rank heads by effect: switches each head of ablationKind() off in turn on the worker
    // (a cancellable progress dialog), then lists the heads by how much the output changes.
    void rankHeads();
    const HeadEffects& lastRanking() const { return ranking_; }
    bool rankingCancelled() const { return rankingCancelled_; }
    QWidget* rankingDialog() const;

    // The current view shows its final result for the current text: a complete result, no
    // model loading, nothing of the view's own still coming (what a screenshot waits for).
    bool isCurrentViewReady() const;

    QString errorText() const;  // the message shown in place of the views, or empty
    QStringList modelChoices() const;  // the model picker's folders, in order
    // The picker's entries as shown (models, then "Open model folder…" and the download entry).
    QStringList modelPickerTexts() const;
    // Lists the picker anew: built-in models, models of this family in the Hugging Face cache,
    // recent folders (only what this workspace opens), then the two actions.
    void refreshModelPicker();
    // The picker's download entry ("Get a general-purpose translator…" in the translation tab).
    virtual QString downloadActionText() const;
    QString statusText() const;

    // png | svg: the current view as shown; json | npy: the result's numbers (subclasses).
    // Returns an error message, or empty on success.
    QString exportTo(const QString& format, const QString& path, double pngScale = 2.0);
    virtual bool hasResult() const = 0;
    virtual QString exportBaseName() const = 0;  // e.g. "attnscope-result"

    // Lesson files (lesson_file.h): this workspace's screen as JSON — model, text, view,
    // layer/head, aggregate, display toggles, selected token (subclasses add theirs).
    virtual QJsonObject lessonState() const;
    // "" when state can be applied, else what is wrong with it; changes nothing.
    virtual QString checkLessonState(const QJsonObject& state) const;
    // Applies a checked state: loads its model when it is another, then the rest; the selected
    // token once the first result for the text is shown.
    virtual void applyLessonState(const QJsonObject& state);
    // The index of the first token of the shown result's first word spelled word (case-
    // insensitive; word pieces joined), or -1: lesson files may name the token to select
    // ("selectedWord": "it").
    virtual int tokenOfWord(const QString& word) const {
        Q_UNUSED(word);
        return -1;
    }

    // Remembered per workspace under settingsPrefix(): recent folders, model, text, view.
    virtual void saveSettings() const;
    virtual void restoreSettings();

Q_SIGNALS:
    void errorShown(const QString& message);
    // A complete result is on screen (the views show it).
    void resultShown();
    // isCurrentViewReady() became true: after a result, a switch of view, or a view's own late
    // part (the masked-word guesses).
    void currentViewReady();
    void modelReady(const ModelInfo& info);
    // The user picked a device in this workspace (the main window applies it to every one).
    void deviceChosen(const QString& device);
    // Another view page became the current one.
    void currentViewChanged();
    // The user chose the picker's download entry (the main window opens the download dialog).
    void downloadRequested();
    // Ranking finished (cancelled or not) and its list is shown.
    void rankingFinished();
    // A short note for the status line (e.g. a paste cut to the text limit).
    void notice(const QString& message);

protected:
    Workspace(ModelWorker* worker, QWidget* parent);

    // Layout, top to bottom: modelRow(), selectionRow(), the editor, extraArea(), the pages
    // (or the error page), the status line. Subclasses fill the rows in their constructor
    // and then call finishLayout().
    // The two control rows wrap onto more lines when the window is narrow or the text large.
    FlowLayout* modelRow() const { return modelRow_; }
    FlowLayout* selectionRow() const { return selectionRow_; }
    QVBoxLayout* extraArea() const { return extraArea_; }
    // The aggregates the picker offers and the label/tooltip of the hide-specials box.
    void setAggregateChoices(const QVector<Aggregate>& choices);
    QCheckBox* hideSpecialBox() const { return hideSpecial_; }
    void addPage(AttentionView* page, const QString& title);
    void finishLayout();

    // The request: send the current editor text (and whatever else the subclass needs) to the
    // worker with this id, through a queued call.
    virtual void sendRequest(quint64 id) = 0;
    // Give the page the current result (it was stale and is now visible).
    virtual void feedPage(AttentionView* page) = 0;
    // Forget the shown result (after an error).
    virtual void clearResult() = 0;
    // json | npy of the shown result; an error message or empty.
    virtual QString exportResult(const QString& format, const QString& path) = 0;
    // Layers the selection steps through (the selected attention kind's).
    virtual int selectableLayers() const { return model_.layers; }
    // Built-in model folders for the picker (dir, label), in order.
    virtual QVector<QPair<QString, QString>> builtInModels() const = 0;
    virtual QString openFolderCaption() const = 0;
    virtual QString modelSummary(const ModelInfo& info) const = 0;
    virtual QString loadFailedTitle() const = 0;
    virtual QString noModelHint() const = 0;
    // A model just loaded (model_ is set): adjust controls before the first request.
    virtual void modelChanged() {}
    virtual QString settingsPrefix() const = 0;  // "" or "translation/"

    // The current view still waits for a part of its own (e.g. the masked-word guesses).
    virtual bool currentViewPending() const { return false; }
    void checkCurrentViewReady();  // emits currentViewReady() when isCurrentViewReady()

    void scheduleRequest();  // after the coalescing delay
    void requestNow();
    // Stale-result handling: a complete result (or failure) is shown only when newer than what
    // is on screen; a partial one only while it belongs to the newest request.
    bool acceptComplete(quint64 id);
    bool acceptPartial(quint64 id) const { return id > shownId_ && id == requestId_; }
    void showPages();  // leaves the error page; every page is stale
    void showError(const QString& message);
    void markPagesStale();
    void updateCurrentPage();
    void setStatus(const QString& text);
    void syncSelectionRanges();  // layer/head spin boxes follow the model and selectableLayers()

    AttentionSelection selection_;
    ModelInfo model_;
    TextEditor* editor_ = nullptr;  // holds at most TextEditor::kMaxCharacters
    QTabWidget* tabs_ = nullptr;

private:
    void onModelLoaded(quint64 id, const ModelInfo& info);
    void onLoadFailed(quint64 id, const QString& message);
    void endLoading();
    void onRunFailed(quint64 id, const QString& message);
    void updateControls();
    void rememberRecent(const QString& dir);

    QThread thread_;
    ModelWorker* worker_ = nullptr;
    quint64 requestId_ = 0;
    quint64 loadId_ = 0;
    quint64 shownId_ = 0;
    bool loading_ = false;
    bool resultComplete_ = false;  // the newest request's complete result is shown
    attnscope::HeadAblation ablation_;
    HeadEffects ranking_;
    bool rankingCancelled_ = false;
    quint64 rankId_ = 0;
    QPointer<QProgressDialog> rankProgress_;
    QPointer<QDialog> rankingDialog_;
    QPushButton* rankButton_ = nullptr;
    void showRanking(const QString& error);
    QLabel* ablationNote_ = nullptr;
    QPushButton* ablationClear_ = nullptr;
    void updateAblationNote();
    QString device_ = QStringLiteral("auto");
    QStringList recent_;

    QVBoxLayout* layout_ = nullptr;
    FlowLayout* modelRow_ = nullptr;
    bool modelControlsShown_ = true;
    QList<QWidget*> hiddenModelControls_;  // hidden by setModelControlsShown(false)
    FlowLayout* selectionRow_ = nullptr;
    QVBoxLayout* extraArea_ = nullptr;
    QComboBox* modelPicker_ = nullptr;
    QComboBox* devicePicker_ = nullptr;
    QSpinBox* layerSpin_ = nullptr;
    QSpinBox* headSpin_ = nullptr;
    QComboBox* aggregatePicker_ = nullptr;
    QCheckBox* hideSpecial_ = nullptr;
    QComboBox* scalePicker_ = nullptr;  // colour scale: this head / fixed 0–1
    QStackedWidget* stack_ = nullptr;
    QLabel* errorLabel_ = nullptr;
    QLabel* modelLabel_ = nullptr;
    QLabel* status_ = nullptr;
    QProgressBar* loadProgress_ = nullptr;
    QPushButton* cancelLoad_ = nullptr;
    QTimer* debounce_ = nullptr;
    QVector<AttentionView*> pages_;
    QVector<bool> stale_;  // page needs the current result when it becomes visible
};
