// The main window: a small shell around the workspaces (encoder attention, translation), one
// tab each. It owns the menus (open a model, export, quit, layer/head stepping), the device
// choice shared by every workspace, drag and drop of a model folder, and the window's
// settings. Everything else it asks of the current workspace through the Workspace interface.
// GUI thread only.
#pragma once

#include "analysis.h"
#include "color_scale.h"
#include "model_worker.h"

#include "attnscope/hub_download.h"

#include <QFont>
#include <QImage>
#include <QMainWindow>
#include <QPointer>
#include <QVector>

#include <functional>
#include <memory>

class AttentionSelection;
class AboutPanel;
class AttentionView;
class DownloadDialog;
class GuidePanel;
class EncoderWorkspace;
class QAction;
class QPlainTextEdit;
class QTabWidget;
class QToolButton;
class TranslationWorkspace;
class GenerationWorkspace;
class Workspace;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    Workspace* currentWorkspace() const;
    EncoderWorkspace* encoderWorkspace() const { return encoder_; }
    TranslationWorkspace* translationWorkspace() const { return translation_; }
    GenerationWorkspace* generationWorkspace() const { return generation_; }
    // By Workspace::workspaceName() ("encoder", "translation"); false for another name.
    bool showWorkspace(const QString& name);
    bool translationActive() const;

    // Loads dir in the workspace that opens its family (the current one when none does, which
    // then says why); returns that workspace. Does not switch tabs.
    Workspace* loadModel(const QString& dir);
    // The encoder workspace (the window's first page), for main.cpp and tests.
    void setText(const QString& text);
    void setPairText(const QString& text);
    AnalysisPtr currentAnalysis() const;
    AttentionSelection* selection();
    QPlainTextEdit* editor() const;
    QString errorText() const;
    bool isLoading() const;
    const ModelInfo& modelInfo() const;

    void setDeviceChoice(const QString& device);  // every workspace: "auto" | "cpu" | "cuda"
    // Where a view name (--view NAME) leads. With a workspace name, only that workspace's views
    // count; without, the current workspace's first, then another's. workspace is null and error
    // says what is wrong (naming the valid views) for an unknown workspace or view.
    struct ViewTarget {
        Workspace* workspace = nullptr;
        QString view;
        QString error;
    };
    ViewTarget resolveView(const QString& name, const QString& workspaceName = {}) const;
    // Shows resolveView()'s view (its workspace becomes current); false when there is none.
    bool showView(const QString& name, const QString& workspaceName = {});
    QStringList viewNames() const;
    // The view names of every workspace, for --help: "encoder: heatmap, …; translation: …".
    static QString viewNamesHelp();
    AttentionView* view(const QString& name) const;  // in the current workspace
    AttentionView* currentView() const;

    // File › Download model… (and the pickers' download entries): a dialog for the family of
    // the workspace that asked; a downloaded model opens in its workspace, which becomes current.
    DownloadDialog* openDownloadDialog(Workspace* from);
    // File › Save lesson state / Open lesson (lesson_file.h): the current workspace, every
    // workspace's lessonState(), the device and presentation mode. Both return an error message
    // or ""; a file that cannot be applied as a whole changes nothing.
    QString saveLesson(const QString& path) const;
    QString openLesson(const QString& path);
    // The same for a lesson already read (source names it in messages): the guided lesson's
    // steps and the window rebuilt in another language use it.
    QString applyLesson(const QJsonObject& lesson, const QString& source);
    QJsonObject lessonState() const;

    // View › Presentation mode: every font scaled by presentationScale() (100–250 %, Ctrl+= /
    // Ctrl+-, remembered) and the "About this view" panel shown. textScale() is what applies now.
    void setPresentationMode(bool on);
    bool presentationMode() const { return presenting_; }
    void setPresentationScale(double scale);  // clamped to [1, 2.5]
    double presentationScale() const { return presentationScale_; }
    double textScale() const;
    // File › Export › Animation…: the translation's decoding steps (the step-through view, one
    // frame per target token) or a layer-by-layer sweep of the current workspace's heatmap (one
    // frame per layer, the current head or aggregate), each frame drawn at size, as an animated
    // GIF (path ending in .gif) or numbered PNG files. The screen is restored afterwards.
    // animationFrame() draws frame t alone (what the file's frame t shows). An error message,
    // "cancelled" or "".
    enum class AnimationKind { TranslationSteps, LayerSweep };
    int animationFrameCount(AnimationKind kind) const;
    QImage animationFrame(AnimationKind kind, int frame, const QSize& size);
    QString exportAnimation(AnimationKind kind, const QString& path, const QSize& size, int delayMs,
                            const std::function<bool(int, int)>& progress = {});
    // View › Colours: the weights' colour scale in every view (remembered, in lesson files).
    void setColourScheme(colors::Scheme scheme);
    // View › Theme: "system", "light" or "dark" (theme.h), remembered.
    void setTheme(const QString& key);
    // Help › Lesson: Attention and Transformers (guide.h), or a guided lesson file a teacher
    // wrote (path ""/the built-in one). The panel shows its first step; an error message or "".
    QString startGuide(const QString& path = {});
    GuidePanel* guidePanel() const { return guide_; }
    // The "About this view" dock (F1), following the current workspace and view.
    AboutPanel* aboutPanel() const { return about_; }
    DownloadDialog* downloadDialog() const;  // the open one, or null
    // Where downloads go and come from (tests: a fake Hub and a temporary cache).
    void setDownloadOptions(const attnscope::hub::DownloadOptions& options) { downloadOptions_ = options; }

Q_SIGNALS:
    // Forwarded from the encoder workspace.
    void analysisShown(AnalysisPtr analysis);
    void errorShown(const QString& message);
    void modelReady(const ModelInfo& info);
    // View › Language chose another interface language (already remembered): main.cpp rebuilds
    // the window in it, carrying lessonState() over.
    void languageChosen(const QString& code);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildMenus();
    void exportView(const QString& format);
    void exportAnimationInteractively();
    void notify(const QString& message, int ms);  // on the status line, also in presentation mode
    void exportResult(const QString& format);
    void workspaceChanged();
    void updateAboutPanel();
    void applyTextScale();
    void saveSettings() const;
    void restoreSettings();

    QTabWidget* tabs_ = nullptr;
    EncoderWorkspace* encoder_ = nullptr;
    TranslationWorkspace* translation_ = nullptr;
    GenerationWorkspace* generation_ = nullptr;
    QVector<Workspace*> workspaces_;
    AboutPanel* about_ = nullptr;
    QToolButton* aboutButton_ = nullptr;
    GuidePanel* guide_ = nullptr;
    QList<QAction*> colourActions_, themeActions_;
    QAction* presentationAction_ = nullptr;
    QAction* modelControlsAction_ = nullptr;
    bool presenting_ = false;
    bool aboutWasShown_ = false;
    double presentationScale_ = 1.75;
    std::unique_ptr<QFont> baseFont_;  // the application font before any scaling
    QString baseStyle_;                // the application style's name before ScaledStyle, once scaled
    attnscope::hub::DownloadOptions downloadOptions_;
    QPointer<DownloadDialog> downloadDialog_;
};
