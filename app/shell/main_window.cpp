// MainWindow: tabs of workspaces, menus, export dialogs, drag and drop, settings.
#include "main_window.h"

#include "attention_view.h"
#include "download_dialog.h"
#include "encoder_workspace.h"
#include "translation_workspace.h"

#include <QAction>
#include <QCloseEvent>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QTabWidget>

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setAcceptDrops(true);
    encoder_ = new EncoderWorkspace;
    translation_ = new TranslationWorkspace;
    workspaces_ = {encoder_, translation_};
    tabs_ = new QTabWidget(this);
    tabs_->setDocumentMode(true);
    for (auto* w : workspaces_) {
        tabs_->addTab(w, w->title());
        connect(w, &Workspace::deviceChosen, this, &MainWindow::setDeviceChoice);
        connect(w, &Workspace::modelReady, this, &MainWindow::workspaceChanged);
        connect(w, &Workspace::downloadRequested, this, [this, w] { openDownloadDialog(w); });
    }
    setCentralWidget(tabs_);
    connect(encoder_, &EncoderWorkspace::analysisShown, this, &MainWindow::analysisShown);
    connect(encoder_, &Workspace::errorShown, this, &MainWindow::errorShown);
    connect(encoder_, &Workspace::modelReady, this, &MainWindow::modelReady);
    connect(tabs_, &QTabWidget::currentChanged, this, &MainWindow::workspaceChanged);
    buildMenus();
    resize(1200, 820);
    restoreSettings();
    workspaceChanged();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus() {
    auto* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open model folder..."), QKeySequence::Open, this,
                    [this] { currentWorkspace()->openModelFolder(); });
    file->addAction(tr("&Download model..."), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D), this,
                    [this] { openDownloadDialog(currentWorkspace()); });
    auto* exportMenu = file->addMenu(tr("&Export"));
    exportMenu->addAction(tr("Current view as &PNG..."), this, [this] { exportView("png"); });
    exportMenu->addAction(tr("Current view as &SVG..."), this, [this] { exportView("svg"); });
    exportMenu->addAction(tr("Result as &JSON..."), this, [this] { exportResult("json"); });
    exportMenu->addAction(tr("Attentions as &NumPy .npy..."), this, [this] { exportResult("npy"); });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    // Layer/head stepping from anywhere in the window (Alt+arrows do not clash with editing).
    auto* viewMenu = menuBar()->addMenu(tr("&View"));
    viewMenu->addAction(tr("Next layer"), QKeySequence(Qt::ALT | Qt::Key_Down), this,
                        [this] { currentWorkspace()->stepLayer(+1); });
    viewMenu->addAction(tr("Previous layer"), QKeySequence(Qt::ALT | Qt::Key_Up), this,
                        [this] { currentWorkspace()->stepLayer(-1); });
    viewMenu->addAction(tr("Next head"), QKeySequence(Qt::ALT | Qt::Key_Right), this,
                        [this] { currentWorkspace()->stepHead(+1); });
    viewMenu->addAction(tr("Previous head"), QKeySequence(Qt::ALT | Qt::Key_Left), this,
                        [this] { currentWorkspace()->stepHead(-1); });
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
    return QStringLiteral("encoder: heatmap, head, model, links, positions, masked, stats; "
                          "translation: alignment, steps, sentence-links, beams, heatmap, head, model");
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
    for (auto* w : workspaces_) w->saveSettings();
}

void MainWindow::restoreSettings() {
    QSettings s;
    setDeviceChoice(s.value("device", "auto").toString());
    restoreGeometry(s.value("geometry").toByteArray());
    restoreState(s.value("state").toByteArray());
    for (auto* w : workspaces_) w->restoreSettings();
    showWorkspace(s.value("workspace", "encoder").toString());
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
