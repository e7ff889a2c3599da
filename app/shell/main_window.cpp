// MainWindow: tabs of workspaces, menus, export dialogs, drag and drop, settings.
#include "main_window.h"

#include "generation_workspace.h"

#include "about_panel.h"
#include "animation_dialog.h"
#include "animation_export.h"
#include "attention_view.h"
#include "color_scale.h"
#include "download_dialog.h"
#include "encoder_workspace.h"
#include "guide.h"
#include "lesson_file.h"
#include "scaled_style.h"
#include "step_through_view.h"
#include "theme.h"
#include "translation_workspace.h"
#include "ui_language.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QJsonObject>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressDialog>
#include <QSettings>
#include <QStatusBar>
#include <QStyle>
#include <QStyleFactory>
#include <QTabWidget>
#include <QTimer>
#include <QToolButton>

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setAcceptDrops(true);
    // The remembered theme and colours (View › Theme, View › Colours), before any view paints.
    theme::apply(QSettings().value("theme", "system").toString());
    colors::setScheme(colors::schemeFromKey(QSettings().value("colours", "standard").toString()));
    encoder_ = new EncoderWorkspace;
    translation_ = new TranslationWorkspace;
    generation_ = new GenerationWorkspace;
    workspaces_ = {encoder_, translation_, generation_};
    tabs_ = new QTabWidget(this);
    tabs_->setDocumentMode(true);
    for (auto* w : workspaces_) {
        tabs_->addTab(w, w->title());
        connect(w, &Workspace::deviceChosen, this, &MainWindow::setDeviceChoice);
        connect(w, &Workspace::modelReady, this, &MainWindow::workspaceChanged);
        connect(w, &Workspace::downloadRequested, this, [this, w] { openDownloadDialog(w); });
        connect(w, &Workspace::notice, this, [this](const QString& message) { notify(message, 8000); });
        connect(w, &Workspace::currentViewChanged, this, &MainWindow::updateAboutPanel);
    }
    setCentralWidget(tabs_);
    about_ = new AboutPanel(this);
    about_->setLanguage(uilanguage::current());  // the explanations follow the interface
    addDockWidget(Qt::RightDockWidgetArea, about_);
    about_->hide();  // off by default (research use); restoreState() brings back the user's choice
    guide_ = new GuidePanel([this](const QJsonObject& state, const QString& source) { return applyLesson(state, source); },
                            this);
    addDockWidget(Qt::RightDockWidgetArea, guide_);
    tabifyDockWidget(about_, guide_);  // one column beside the views, a tab each
    guide_->hide();
    QAction* aboutAction = about_->toggleViewAction();
    aboutAction->setText(tr("&About this view"));
    aboutAction->setShortcut(QKeySequence::HelpContents);  // F1
    aboutAction->setToolTip(tr("Explain the current view (F1)"));
    aboutAction->setIcon(style()->standardIcon(QStyle::SP_MessageBoxInformation));
    aboutButton_ = new QToolButton(tabs_);
    aboutButton_->setDefaultAction(aboutAction);
    aboutButton_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    aboutButton_->setAutoRaise(true);
    tabs_->setCornerWidget(aboutButton_, Qt::TopRightCorner);
    connect(encoder_, &EncoderWorkspace::analysisShown, this, &MainWindow::analysisShown);
    connect(encoder_, &Workspace::errorShown, this, &MainWindow::errorShown);
    connect(encoder_, &Workspace::modelReady, this, &MainWindow::modelReady);
    connect(tabs_, &QTabWidget::currentChanged, this, &MainWindow::workspaceChanged);
    buildMenus();
    resize(1200, 820);
    restoreSettings();
    workspaceChanged();
}

MainWindow::~MainWindow() {
    if (baseFont_) QApplication::setFont(*baseFont_);  // the window scaled the application's font
    theme::apply(QStringLiteral("system"));  // and may have changed its palette
    if (!baseStyle_.isEmpty()) QApplication::setStyle(QStyleFactory::create(baseStyle_));  // and style
}

void MainWindow::buildMenus() {
    auto* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open model folder..."), QKeySequence::Open, this,
                    [this] { currentWorkspace()->openModelFolder(); });
    file->addAction(tr("&Download model..."), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D), this,
                    [this] { openDownloadDialog(currentWorkspace()); });
    file->addSeparator();
    file->addAction(tr("Open &lesson..."), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open a lesson"), QString(),
                                                          tr("attnscope lessons (*.%1)").arg(lesson::kSuffix));
        if (path.isEmpty()) return;
        if (const QString error = openLesson(path); !error.isEmpty())
            QMessageBox::warning(this, tr("The lesson was not opened"), error);
    });
    file->addAction(tr("&Save lesson state..."), QKeySequence::Save, this, [this] {
        QString path = QFileDialog::getSaveFileName(this, tr("Save this screen as a lesson"), QString(),
                                                    tr("attnscope lessons (*.%1)").arg(lesson::kSuffix));
        if (path.isEmpty()) return;
        if (!path.endsWith(QLatin1Char('.') + QLatin1String(lesson::kSuffix))) path += QLatin1Char('.') + QLatin1String(lesson::kSuffix);
        if (const QString error = saveLesson(path); !error.isEmpty())
            QMessageBox::warning(this, tr("The lesson was not saved"), error);
        else
            notify(tr("Saved %1").arg(path), 4000);
    });
    file->addSeparator();
    auto* exportMenu = file->addMenu(tr("&Export"));
    exportMenu->addAction(tr("Current view as &PNG..."), this, [this] { exportView("png"); });
    exportMenu->addAction(tr("Current view as &SVG..."), this, [this] { exportView("svg"); });
    exportMenu->addAction(tr("&Animation (GIF or PNG frames)..."), this, [this] { exportAnimationInteractively(); });
    exportMenu->addAction(tr("Result as &JSON..."), this, [this] { exportResult("json"); });
    exportMenu->addAction(tr("Attentions as &NumPy .npy..."), this, [this] { exportResult("npy"); });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    // Layer/head stepping from anywhere in the window (Alt+arrows do not clash with editing).
    auto* viewMenu = menuBar()->addMenu(tr("&View"));
    viewMenu->addAction(about_->toggleViewAction());
    // Presentation: larger text everywhere (100–250 %), the explanations beside the views.
    presentationAction_ = viewMenu->addAction(tr("&Presentation mode"));
    presentationAction_->setCheckable(true);
    presentationAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    connect(presentationAction_, &QAction::toggled, this, &MainWindow::setPresentationMode);
    modelControlsAction_ = viewMenu->addAction(tr("&Model controls"));
    modelControlsAction_->setCheckable(true);
    modelControlsAction_->setChecked(true);
    modelControlsAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    modelControlsAction_->setToolTip(tr("The model, device and preset row (hidden in presentation mode)"));
    connect(modelControlsAction_, &QAction::toggled, this, [this](bool on) {
        for (auto* w : workspaces_) w->setModelControlsShown(on);
    });
    viewMenu->addAction(tr("&Larger text"), QKeySequence::ZoomIn, this,
                        [this] { setPresentationScale(presentationScale_ + 0.25); });
    viewMenu->addAction(tr("&Smaller text"), QKeySequence::ZoomOut, this,
                        [this] { setPresentationScale(presentationScale_ - 0.25); });
    viewMenu->addAction(tr("&Normal text size"), QKeySequence(Qt::CTRL | Qt::Key_0), this,
                        [this] { setPresentationScale(1.0); });
    auto* fullScreen = viewMenu->addAction(tr("&Full screen"));
    fullScreen->setCheckable(true);
    fullScreen->setShortcut(QKeySequence::FullScreen);  // F11
    connect(fullScreen, &QAction::toggled, this, [this](bool on) { on ? showFullScreen() : showNormal(); });
    // Colours of the weights (colour-blind safe and high-contrast choices) and the window's theme.
    auto* colourMenu = viewMenu->addMenu(tr("&Colours"));
    auto* colourGroup = new QActionGroup(colourMenu);
    for (colors::Scheme scheme : colors::schemes()) {
        QAction* a = colourMenu->addAction(colors::schemeName(scheme));
        a->setCheckable(true);
        a->setData(colors::schemeKey(scheme));
        a->setChecked(scheme == colors::scheme());
        colourGroup->addAction(a);
        connect(a, &QAction::triggered, this, [this, scheme] { setColourScheme(scheme); });
    }
    colourActions_ = colourGroup->actions();
    auto* themeMenu = viewMenu->addMenu(tr("&Theme"));
    auto* themeGroup = new QActionGroup(themeMenu);
    for (const QString& key : theme::keys()) {
        QAction* a = themeMenu->addAction(theme::name(key));
        a->setCheckable(true);
        a->setChecked(key == theme::current());
        a->setData(key);
        themeGroup->addAction(a);
        connect(a, &QAction::triggered, this, [this, key] { setTheme(key); });
    }
    themeActions_ = themeGroup->actions();
    // The interface's language: the system's, or one chosen here (remembered). The window is
    // rebuilt in the new language with the same screen (languageChosen(); main.cpp).
    auto* languageMenu = viewMenu->addMenu(tr("&Language"));
    auto* languages = new QActionGroup(languageMenu);
    const QString chosen = uilanguage::setting();
    auto addLanguage = [&](const QString& code, const QString& label) {
        QAction* a = languageMenu->addAction(label);
        a->setCheckable(true);
        a->setChecked(code == chosen);
        a->setData(code);
        languages->addAction(a);
        connect(a, &QAction::triggered, this, [this, code] {
            uilanguage::setSetting(code);
            if (uilanguage::resolve(code) != uilanguage::current()) {
                saveSettings();
                Q_EMIT languageChosen(uilanguage::resolve(code));
            }
        });
    };
    addLanguage(QString(), tr("System (%1)").arg(uilanguage::nativeName(uilanguage::systemLanguage())));
    for (const QString& code : uilanguage::available()) addLanguage(code, uilanguage::nativeName(code));
    viewMenu->addSeparator();
    viewMenu->addAction(tr("Next layer"), QKeySequence(Qt::ALT | Qt::Key_Down), this,
                        [this] { currentWorkspace()->stepLayer(+1); });
    viewMenu->addAction(tr("Previous layer"), QKeySequence(Qt::ALT | Qt::Key_Up), this,
                        [this] { currentWorkspace()->stepLayer(-1); });
    viewMenu->addAction(tr("Next head"), QKeySequence(Qt::ALT | Qt::Key_Right), this,
                        [this] { currentWorkspace()->stepHead(+1); });
    viewMenu->addAction(tr("Previous head"), QKeySequence(Qt::ALT | Qt::Key_Left), this,
                        [this] { currentWorkspace()->stepHead(-1); });

    auto* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Lesson: Attention and Transformers"), this, [this] { startGuide(); });
    help->addAction(tr("&Open a guided lesson..."), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open a guided lesson"), QString(),
                                                          tr("Guided lessons (*.json)"));
        if (path.isEmpty()) return;
        if (const QString error = startGuide(path); !error.isEmpty())
            QMessageBox::warning(this, tr("The guided lesson was not opened"), error);
    });
    help->addAction(guide_->toggleViewAction());
    help->addSeparator();
    help->addAction(about_->toggleViewAction());
}

namespace {

// The view an animation draws, shown (its workspace current) so that it holds the result.
AttentionView* animationView(MainWindow* w, MainWindow::AnimationKind kind) {
    if (kind == MainWindow::AnimationKind::TranslationSteps) {
        if (!w->translationWorkspace()->hasResult()) return nullptr;
        w->showView(QStringLiteral("steps"), QStringLiteral("translation"));
        return w->translationWorkspace()->view(QStringLiteral("steps"));
    }
    Workspace* space = w->currentWorkspace();
    if (!space->hasResult()) return nullptr;
    w->showView(QStringLiteral("heatmap"), space->workspaceName());
    return space->view(QStringLiteral("heatmap"));
}

}  // namespace

int MainWindow::animationFrameCount(AnimationKind kind) const {
    if (kind == AnimationKind::TranslationSteps) {
        const TranslationPtr shown = translation_->currentTranslation();  // the step-through view's steps
        return translation_->hasResult() && shown ? static_cast<int>(shown->result.targetTokens.size()) : 0;
    }
    return currentWorkspace()->hasResult() ? currentWorkspace()->layerCount() : 0;
}

QImage MainWindow::animationFrame(AnimationKind kind, int frame, const QSize& size) {
    AttentionView* view = animationView(this, kind);
    if (!view) return {};
    if (kind == AnimationKind::TranslationSteps) {
        auto* steps = qobject_cast<StepThroughView*>(view);
        if (!steps) return {};
        steps->setPlaying(false);
        steps->setStep(frame);
    } else {
        currentWorkspace()->selection()->setLayer(frame);
    }
    return animation::renderAt(view, size);
}

QString MainWindow::exportAnimation(AnimationKind kind, const QString& path, const QSize& size, int delayMs,
                                    const std::function<bool(int, int)>& progress) {
    Workspace* space = kind == AnimationKind::TranslationSteps ? translation_ : currentWorkspace();
    Workspace* before = currentWorkspace();
    const QString viewBefore = space->currentView() ? space->currentView()->viewName() : QString();
    const int layerBefore = space->selection()->layer();
    auto* steps = qobject_cast<StepThroughView*>(translation_->view(QStringLiteral("steps")));
    const int stepBefore = steps ? steps->step() : 0;
    if (!animationView(this, kind))
        return kind == AnimationKind::TranslationSteps ? tr("Translate a sentence first: there are no steps to show.")
                                                       : tr("Run a sentence first: there is no heatmap to show.");
    const int count = animationFrameCount(kind);
    if (size.width() < 16 || size.height() < 16 || size.width() > 4096 || size.height() > 4096)
        return tr("the size must be from 16 × 16 to 4096 × 4096 pixels");
    const animation::FrameSource frame = [&](int t) { return animationFrame(kind, t, size); };
    const QString error = path.endsWith(QLatin1String(".gif"), Qt::CaseInsensitive)
                              ? animation::writeGif(path, count, frame, delayMs, progress)
                              : animation::writePngSequence(path, count, frame, progress);
    // The screen as it was.
    if (steps) steps->setStep(stepBefore);
    space->selection()->setLayer(layerBefore);
    if (!viewBefore.isEmpty()) space->showView(viewBefore);
    showWorkspace(before->workspaceName());
    return error;
}

void MainWindow::exportAnimationInteractively() {
    AnimationDialog dialog(this);
    dialog.setAvailable(animationFrameCount(AnimationKind::TranslationSteps),
                        animationFrameCount(AnimationKind::LayerSweep));
    if (dialog.exec() != QDialog::Accepted) return;
    const bool gif = dialog.gif();
    QString path = QFileDialog::getSaveFileName(
        this, tr("Export animation"),
        QDir::home().filePath(dialog.kind() == AnimationKind::TranslationSteps ? "attnscope-steps" : "attnscope-layers"),
        gif ? tr("Animated GIF (*.gif)") : tr("PNG images (*.png)"));
    if (path.isEmpty()) return;
    const QString suffix = gif ? QStringLiteral(".gif") : QStringLiteral(".png");
    if (!path.endsWith(suffix, Qt::CaseInsensitive)) path += suffix;
    QProgressDialog progress(tr("Drawing the frames…"), tr("Cancel"), 0, animationFrameCount(dialog.kind()), this);
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(0);
    const QString error = exportAnimation(dialog.kind(), path, dialog.frameSize(), dialog.delayMs(), [&](int done, int count) {
        progress.setMaximum(count);
        progress.setValue(done);
        QCoreApplication::processEvents();
        return !progress.wasCanceled();
    });
    progress.close();
    if (error == QLatin1String("cancelled")) notify(tr("Export cancelled"), 4000);
    else if (!error.isEmpty()) QMessageBox::warning(this, tr("The animation was not exported"), error);
    else notify(tr("Saved %1").arg(path), 6000);
}

void MainWindow::setColourScheme(colors::Scheme scheme) {
    colors::setScheme(scheme);
    for (QAction* a : colourActions_) a->setChecked(a->data().toString() == colors::schemeKey(scheme));
    for (auto* w : workspaces_)
        for (const QString& name : w->viewNames())
            if (AttentionView* v = w->view(name)) v->refreshColours();
}

void MainWindow::setTheme(const QString& key) {
    theme::apply(key);
    for (QAction* a : themeActions_) a->setChecked(a->data().toString() == theme::current());
}

QString MainWindow::startGuide(const QString& path) {
    QString error;
    if (!guide_->open(path.isEmpty() ? guide::builtInPath() : path, uilanguage::current(), &error)) return error;
    guide_->show();
    guide_->raise();
    return {};
}

QJsonObject MainWindow::lessonState() const {
    QJsonObject o;
    o["format"] = QLatin1String(lesson::kFormat);
    o["workspace"] = currentWorkspace()->workspaceName();
    o["device"] = encoder_->deviceChoice();
    o["presentation"] = QJsonObject{{"on", presenting_}, {"scale", presentationScale_}};
    o["colours"] = colors::schemeKey(colors::scheme());
    QJsonObject spaces;
    for (auto* w : workspaces_) spaces[w->workspaceName()] = w->lessonState();
    o["workspaces"] = spaces;
    return o;
}

QString MainWindow::saveLesson(const QString& path) const { return lesson::writeFile(path, lessonState()); }

QString MainWindow::openLesson(const QString& path) {
    QString error;
    const QJsonObject o = lesson::readFile(path, &error);
    if (o.isEmpty()) return error;
    return applyLesson(o, path);
}

QString MainWindow::applyLesson(const QJsonObject& o, const QString& source) {
    // Check everything first: nothing changes unless the whole lesson can be applied.
    auto refuse = [&](const QString& why) { return tr("%1 cannot be opened: %2").arg(source, why); };
    if (auto e = lesson::expectString(o, "workspace"); !e.isEmpty()) return refuse(e);
    if (auto e = lesson::expectString(o, "device"); !e.isEmpty()) return refuse(e);
    const QString device = o.value("device").toString(encoder_->deviceChoice());
    if (device != "auto" && device != "cpu" && device != "cuda")
        return refuse(tr("\"device\" must be auto, cpu or cuda, not \"%1\"").arg(device));
    Workspace* target = nullptr;
    for (auto* w : workspaces_)
        if (w->workspaceName() == o.value("workspace").toString()) target = w;
    if (o.contains("workspace") && !target)
        return refuse(tr("there is no workspace \"%1\" (encoder or translation)").arg(o.value("workspace").toString()));
    const QJsonValue presentation = o.value("presentation");
    if (!presentation.isUndefined()) {
        if (!presentation.isObject()) return refuse(tr("\"presentation\" must be an object"));
        const QJsonObject p = presentation.toObject();
        if (auto e = lesson::expectBool(p, "on"); !e.isEmpty()) return refuse(e);
        if (p.contains("scale") && (!p.value("scale").isDouble() || p.value("scale").toDouble() < 1.0 ||
                                    p.value("scale").toDouble() > 2.5))
            return refuse(tr("\"scale\" must be a number from 1 to 2.5"));
    }
    if (auto e = lesson::expectString(o, "colours"); !e.isEmpty()) return refuse(e);
    bool knownColours = true;
    const colors::Scheme colours = colors::schemeFromKey(o.value("colours").toString(), &knownColours);
    if (o.contains("colours") && !knownColours)
        return refuse(tr("\"colours\" must be standard, viridis, cividis or greys, not \"%1\"").arg(o.value("colours").toString()));
    const QJsonValue spacesValue = o.value("workspaces");
    if (!spacesValue.isUndefined() && !spacesValue.isObject()) return refuse(tr("\"workspaces\" must be an object"));
    const QJsonObject spaces = spacesValue.toObject();
    for (auto it = spaces.begin(); it != spaces.end(); ++it) {
        Workspace* w = nullptr;
        for (auto* candidate : workspaces_)
            if (candidate->workspaceName() == it.key()) w = candidate;
        if (!w) return refuse(tr("there is no workspace \"%1\" (encoder or translation)").arg(it.key()));
        if (!it.value().isObject()) return refuse(tr("\"%1\" must be an object").arg(it.key()));
        if (const QString e = w->checkLessonState(it.value().toObject()); !e.isEmpty())
            return refuse(tr("%1 (%2 tab)").arg(e, w->title()));
    }
    // Apply.
    setDeviceChoice(device);
    if (o.contains("colours")) setColourScheme(colours);
    for (auto* w : workspaces_)
        if (spaces.contains(w->workspaceName())) w->applyLessonState(spaces.value(w->workspaceName()).toObject());
    if (target) tabs_->setCurrentWidget(target);
    if (!presentation.isUndefined()) {
        const QJsonObject p = presentation.toObject();
        presentationScale_ = p.value("scale").toDouble(presentationScale_);
        setPresentationMode(p.value("on").toBool(presenting_));
        applyTextScale();
    }
    return {};
}

void MainWindow::setPresentationMode(bool on) {
    if (presentationAction_->isChecked() != on) {
        presentationAction_->setChecked(on);  // toggled() calls back here once
        return;
    }
    presenting_ = on;
    if (on) {
        aboutWasShown_ = about_->isVisible();
        about_->show();
    } else if (!aboutWasShown_) {
        about_->hide();
    }
    // Room for the views at 1024 x 768 with large text: the window's status line goes (each
    // workspace keeps its own) and the explanation button shows its icon only.
    statusBar()->setVisible(!on);
    modelControlsAction_->setChecked(!on);
    aboutButton_->setToolButtonStyle(on ? Qt::ToolButtonIconOnly : Qt::ToolButtonTextBesideIcon);
    applyTextScale();
}

void MainWindow::setPresentationScale(double scale) {
    presentationScale_ = std::clamp(scale, 1.0, 2.5);
    applyTextScale();
}

double MainWindow::textScale() const { return presenting_ ? presentationScale_ : 1.0; }

void MainWindow::applyTextScale() {
    // Scaling the application font reaches every widget (a FontChange each), and the views size
    // their labels, lines and layouts from their font.
    if (!baseFont_) baseFont_ = std::make_unique<QFont>(QApplication::font());
    QFont f = *baseFont_;
    const double scale = textScale();
    if (f.pointSizeF() > 0) f.setPointSizeF(f.pointSizeF() * scale);
    else f.setPixelSize(std::max(1, static_cast<int>(std::lround(f.pixelSize() * scale))));
    QApplication::setFont(f);
    // Controls drawn at fixed pixel sizes (check boxes, arrows, scroll bars, icons) follow.
    if (!baseStyle_.isEmpty() || scale != 1.0) {
        if (baseStyle_.isEmpty()) baseStyle_ = QApplication::style()->name();
        auto* style = new ScaledStyle(QStyleFactory::create(baseStyle_));
        style->setScale(scale);
        QApplication::setStyle(style);  // takes it; repolishes every widget
        theme::apply(theme::current());
    }
    if (presenting_) notify(tr("Presentation mode: text at %1 % (Ctrl+= / Ctrl+-)").arg(std::lround(presentationScale_ * 100)), 4000);
    else statusBar()->clearMessage();
}

void MainWindow::notify(const QString& message, int ms) {
    // In presentation mode the status line is hidden: it comes back for the message only.
    statusBar()->show();
    statusBar()->showMessage(message, ms);
    if (presenting_)
        QTimer::singleShot(ms, this, [this] {
            if (presenting_ && statusBar()->currentMessage().isEmpty()) statusBar()->hide();
        });
}

Workspace* MainWindow::currentWorkspace() const { return qobject_cast<Workspace*>(tabs_->currentWidget()); }

bool MainWindow::showWorkspace(const QString& name) {
    for (auto* w : workspaces_)
        if (w->workspaceName() == name) {
            tabs_->setCurrentWidget(w);
            return true;
        }
    return false;
}

bool MainWindow::translationActive() const { return currentWorkspace() == translation_; }

void MainWindow::workspaceChanged() {
    Workspace* w = currentWorkspace();
    w->ensureModel();
    const QString model = w->modelInfo().name;
    setWindowTitle(model.isEmpty() ? tr("attnscope — %1").arg(w->title()) : tr("attnscope — %1").arg(model));
    updateAboutPanel();
}

void MainWindow::updateAboutPanel() {
    Workspace* w = currentWorkspace();
    if (AttentionView* v = w->currentView()) about_->showPage(w->workspaceName(), v->viewName());
}

DownloadDialog* MainWindow::downloadDialog() const { return downloadDialog_.data(); }

DownloadDialog* MainWindow::openDownloadDialog(Workspace* from) {
    if (downloadDialog_) {  // one at a time
        downloadDialog_->raise();
        downloadDialog_->activateWindow();
        return downloadDialog_;
    }
    auto* dialog = new DownloadDialog(from->family(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setOptions(downloadOptions_);
    connect(dialog, &DownloadDialog::modelDownloaded, this, [this](const QString& dir) {
        for (auto* w : workspaces_) w->refreshModelPicker();  // the cache has a new model
        Workspace* target = loadModel(dir);
        tabs_->setCurrentWidget(target);
    });
    downloadDialog_ = dialog;
    dialog->open();
    return dialog;
}

Workspace* MainWindow::loadModel(const QString& dir) {
    // The folder's family picks the workspace; a folder no workspace opens goes to the current
    // one, which explains what is wrong with it.
    Workspace* target = currentWorkspace();
    if (!target->whyCannotOpen(dir).isEmpty())
        for (auto* w : workspaces_)
            if (w->whyCannotOpen(dir).isEmpty()) target = w;
    target->loadModel(dir);
    return target;
}
void MainWindow::setText(const QString& text) { encoder_->setText(text); }
void MainWindow::setPairText(const QString& text) { encoder_->setPairText(text); }
AnalysisPtr MainWindow::currentAnalysis() const { return encoder_->currentAnalysis(); }
AttentionSelection* MainWindow::selection() { return currentWorkspace()->selection(); }
QPlainTextEdit* MainWindow::editor() const { return encoder_->editor(); }
QString MainWindow::errorText() const { return encoder_->errorText(); }
bool MainWindow::isLoading() const { return encoder_->isLoading(); }
const ModelInfo& MainWindow::modelInfo() const { return encoder_->modelInfo(); }

void MainWindow::setDeviceChoice(const QString& device) {
    for (auto* w : workspaces_) w->setDeviceChoice(device);
}

MainWindow::ViewTarget MainWindow::resolveView(const QString& name, const QString& workspaceName) const {
    ViewTarget target;
    QVector<Workspace*> candidates;
    if (workspaceName.isEmpty()) {
        candidates << currentWorkspace();
        for (auto* w : workspaces_)
            if (w != currentWorkspace()) candidates << w;
    } else {
        QStringList names;
        for (auto* w : workspaces_) {
            names << w->workspaceName();
            if (w->workspaceName() == workspaceName) candidates << w;
        }
        if (candidates.isEmpty()) {
            target.error = tr("unknown workspace '%1' (choose %2)").arg(workspaceName, names.join(", "));
            return target;
        }
    }
    for (auto* w : candidates)
        if (w->viewNames().contains(name)) {
            target.workspace = w;
            target.view = name;
            return target;
        }
    target.error = workspaceName.isEmpty() ? tr("unknown view '%1' (choose %2)").arg(name, viewNames().join(", "))
                                           : tr("unknown view '%1' in the %2 workspace (choose %3)")
                                                 .arg(name, workspaceName, candidates.front()->viewNames().join(", "));
    return target;
}

bool MainWindow::showView(const QString& name, const QString& workspaceName) {
    const ViewTarget target = resolveView(name, workspaceName);
    if (!target.workspace) return false;
    tabs_->setCurrentWidget(target.workspace);
    return target.workspace->showView(target.view);
}

QString MainWindow::viewNamesHelp() {
    return QStringLiteral("encoder: heatmap, head, model, links, positions, masked, stats, lab; "
                          "translation: alignment, steps, sentence-links, beams, heatmap, head, model, lab; "
                          "generation: steps, heatmap, head, model, stats, lab");
}

QStringList MainWindow::viewNames() const {
    QStringList names;
    for (auto* w : workspaces_)
        for (const auto& n : w->viewNames())
            if (!names.contains(n)) names << n;
    return names;
}

AttentionView* MainWindow::view(const QString& name) const { return currentWorkspace()->view(name); }
AttentionView* MainWindow::currentView() const { return currentWorkspace()->currentView(); }

void MainWindow::exportView(const QString& format) {
    Workspace* w = currentWorkspace();
    if (!w->currentView()) return;
    const QString base = QDir::home().filePath(
        QStringLiteral("%1-%2.%3").arg(w->exportBaseName(), w->currentView()->viewName(), format));
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export view"), base, format == "png" ? tr("PNG image (*.png)") : tr("SVG drawing (*.svg)"));
    if (path.isEmpty()) return;
    double scale = 2.0;
    if (format == "png") {
        bool chosen = false;
        const QString s =
            QInputDialog::getItem(this, tr("PNG scale"), tr("Scale"), {"1x", "2x", "3x", "4x"}, 1, false, &chosen);
        if (!chosen) return;
        scale = s.left(1).toDouble();
    }
    const QString error = w->exportTo(format, path, scale);
    if (!error.isEmpty()) QMessageBox::warning(this, tr("Export failed"), error);
}

void MainWindow::exportResult(const QString& format) {
    Workspace* w = currentWorkspace();
    if (!w->hasResult()) {
        QMessageBox::information(this, tr("Nothing to export"), tr("Type a sentence first."));
        return;
    }
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export result"), QDir::home().filePath(w->exportBaseName() + "." + format),
        format == "json" ? tr("JSON (*.json)") : tr("NumPy array (*.npy)"));
    if (path.isEmpty()) return;
    const QString error = w->exportTo(format, path);
    if (!error.isEmpty()) QMessageBox::warning(this, tr("Export failed"), error);
}

void MainWindow::saveSettings() const {
    QSettings s;
    s.setValue("device", encoder_->deviceChoice());
    s.setValue("geometry", saveGeometry());
    s.setValue("state", saveState());
    s.setValue("workspace", currentWorkspace()->workspaceName());
    s.setValue("presentation/on", presenting_);
    s.setValue("presentation/scale", presentationScale_);
    s.setValue("colours", colors::schemeKey(colors::scheme()));
    s.setValue("theme", theme::current());
    for (auto* w : workspaces_) w->saveSettings();
}

void MainWindow::restoreSettings() {
    QSettings s;
    // A damaged settings file falls back to the defaults value by value (#18).
    const QString device = s.value("device", "auto").toString();
    setDeviceChoice(device == QLatin1String("cpu") || device == QLatin1String("cuda") ? device : QStringLiteral("auto"));
    restoreGeometry(s.value("geometry").toByteArray());
    restoreState(s.value("state").toByteArray());
    for (auto* w : workspaces_) w->restoreSettings();
    showWorkspace(s.value("workspace", "encoder").toString());
    presentationScale_ = std::clamp(s.value("presentation/scale", 1.75).toDouble(), 1.0, 2.5);
    if (s.value("presentation/on", false).toBool()) setPresentationMode(true);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    saveSettings();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    const auto urls = event->mimeData()->urls();
    if (urls.size() == 1 && urls.first().isLocalFile() && QFileInfo(urls.first().toLocalFile()).isDir())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    tabs_->setCurrentWidget(loadModel(event->mimeData()->urls().first().toLocalFile()));
    event->acceptProposedAction();
}
