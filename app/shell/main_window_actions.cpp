// MainWindow: user actions that are not layout or request bookkeeping — masking a word,
// opening models (dialog, recent list, drag and drop), export, and settings.
#include "main_window.h"

#include "attnscope/attention_analysis.h"
#include "attention_view.h"
#include "model_paths.h"
#include "translation_workspace.h"
#include "view_export.h"

#include "attnscope/json_export.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QSettings>
#include <QTabWidget>

namespace {

// Code point offset -> QString (UTF-16) index of the same text.
int utf16Index(const QString& text, std::size_t codePoints) {
    int index = 0;
    for (std::size_t n = 0; n < codePoints && index < text.size(); ++n)
        index += text.at(index).isHighSurrogate() && index + 1 < text.size() ? 2 : 1;
    return index;
}

}  // namespace

void MainWindow::maskToken(int tokenIndex) {
    if (!shown_ || tokenIndex < 0 || tokenIndex >= static_cast<int>(shown_->result.tokens.size())) return;
    const auto& tokens = shown_->result.tokens;
    if (tokens[static_cast<std::size_t>(tokenIndex)].special) return;
    std::vector<std::string> pieces;
    for (const auto& t : tokens) pieces.push_back(t.piece);
    // Mask the whole word the token belongs to.
    const auto groups = attnscope::analysis::groupWordPieces(pieces);
    for (const auto& members : groups.members) {
        if (std::find(members.begin(), members.end(), tokenIndex) == members.end()) continue;
        const auto& first = tokens[static_cast<std::size_t>(members.front())];
        const auto& last = tokens[static_cast<std::size_t>(members.back())];
        const QString text = shown_->text;
        const int begin = utf16Index(text, first.charBegin), end = utf16Index(text, last.charEnd);
        setText(text.left(begin) + QStringLiteral("[MASK]") + text.mid(end));
        showView("masked");
        return;
    }
}

void MainWindow::ensureMaskedLmModel() {
    if (loading_ || model_.dir.isEmpty() || model_.hasMaskedLm) return;
    const QString builtIn = QDir(builtInModelsDir()).filePath(QStringLiteral("minilm-mlm"));
    if (!QFileInfo::exists(builtIn + "/model.safetensors")) return;  // the view explains what to do
    loadModel(builtIn);
    statusTiming_->setText(tr("%1 has no masked-LM head: switched to the built-in minilm-mlm").arg(model_.name));
}

void MainWindow::openModelFolder() {
    const QString dir = QFileDialog::getExistingDirectory(
        this, tr("Open a Hugging Face model folder (config.json, model.safetensors, vocab.txt)"),
        model_.dir.isEmpty() ? builtInModelsDir() : model_.dir);
    if (!dir.isEmpty()) loadModel(dir);
    else refreshModelPicker();  // undo the "Open..." selection in the picker
}

void MainWindow::exportCurrentView(const QString& format) {
    if (translationActive()) {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export view"), QDir::home().filePath(QStringLiteral("attnscope-translation.%1").arg(format)),
            format == "png" ? tr("PNG image (*.png)") : tr("SVG drawing (*.svg)"));
        if (path.isEmpty()) return;
        double scale = 2.0;
        if (format == "png") {
            bool chosen = false;
            const QString s = QInputDialog::getItem(this, tr("PNG scale"), tr("Scale"), {"1x", "2x", "3x", "4x"}, 1,
                                                    false, &chosen);
            if (!chosen) return;
            scale = s.left(1).toDouble();
        }
        const QString error = translation_->exportTo(format, path, scale);
        if (!error.isEmpty()) QMessageBox::warning(this, tr("Export failed"), error);
        return;
    }
    auto* v = currentView();
    if (!v) return;
    const QString base = QDir::home().filePath(QStringLiteral("attnscope-%1.%2").arg(v->viewName(), format));
    const QString path = QFileDialog::getSaveFileName(this, tr("Export view"), base,
                                                      format == "png" ? tr("PNG image (*.png)") : tr("SVG drawing (*.svg)"));
    if (path.isEmpty()) return;
    QString error;
    bool ok = false;
    if (format == "png") {
        bool chosen = false;
        const QString scale = QInputDialog::getItem(this, tr("PNG scale"), tr("Scale"), {"1x", "2x", "3x", "4x"}, 1,
                                                    false, &chosen);
        if (!chosen) return;
        ok = view_export::toPng(v, path, scale.left(1).toDouble(), &error);
    } else {
        ok = view_export::toSvg(v, path, tabs_->tabText(tabs_->currentIndex()), &error);
    }
    if (!ok) QMessageBox::warning(this, tr("Export failed"), error);
}

void MainWindow::exportResult(const QString& format) {
    if (translationActive()) {
        if (!translation_->currentTranslation()) {
            QMessageBox::information(this, tr("Nothing to export"), tr("Type a sentence to translate first."));
            return;
        }
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export translation"), QDir::home().filePath("attnscope-translation." + format),
            format == "json" ? tr("JSON (*.json)") : tr("NumPy array (*.npy)"));
        if (path.isEmpty()) return;
        const QString error = translation_->exportTo(format, path);
        if (!error.isEmpty()) QMessageBox::warning(this, tr("Export failed"), error);
        return;
    }
    if (!shown_) {
        QMessageBox::information(this, tr("Nothing to export"), tr("Type a sentence first."));
        return;
    }
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export result"), QDir::home().filePath("attnscope-result." + format),
        format == "json" ? tr("JSON (*.json)") : tr("NumPy array (*.npy)"));
    if (path.isEmpty()) return;
    try {
        if (format == "json") {
            attnscope::writeTextFile(attnscope::encodeResultJson(shown_->result, model_.dir.toStdString()),
                                     path.toStdString());
        } else {
            QString error;
            if (!view_export::attentionToNpy(shown_->result.attentions, path, &error))
                QMessageBox::warning(this, tr("Export failed"), error);
        }
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Export failed"), QString::fromUtf8(e.what()));
    }
}

void MainWindow::rememberRecent(const QString& dir) {
    const QString clean = QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
    recent_.removeAll(clean);
    recent_.prepend(clean);
    while (recent_.size() > 8) recent_.removeLast();
    refreshModelPicker();
}

void MainWindow::refreshModelPicker() {
    const QSignalBlocker block(modelPicker_);
    modelPicker_->clear();
    QStringList seen;
    const QDir builtIn(builtInModelsDir());
    for (const auto& name : builtIn.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        const QString dir = QDir::cleanPath(builtIn.filePath(name));
        if (!QFileInfo::exists(dir + "/config.json") || !QFileInfo::exists(dir + "/model.safetensors")) continue;
        modelPicker_->addItem(name, dir);
        seen << dir;
    }
    for (const auto& dir : recent_)
        if (!seen.contains(dir)) modelPicker_->addItem(QFileInfo(dir).fileName() + tr(" (recent)"), dir);
    modelPicker_->addItem(tr("Open model folder..."), QString());
    const int current = modelPicker_->findData(QDir::cleanPath(QFileInfo(model_.dir).absoluteFilePath()));
    modelPicker_->setCurrentIndex(std::max(0, current));
}

void MainWindow::saveSettings() const {
    QSettings s;
    s.setValue("model", model_.dir);
    s.setValue("device", device_);
    s.setValue("recent", recent_);
    s.setValue("geometry", saveGeometry());
    s.setValue("state", saveState());
    s.setValue("view", tabs_->currentIndex());
    s.setValue("text", editor_->toPlainText());
    s.setValue("layer", selection_.layer());
    s.setValue("workspace", workspaces_->currentIndex());
    s.setValue("head", selection_.head());
}

void MainWindow::restoreSettings() {
    QSettings s;
    recent_ = s.value("recent").toStringList();
    device_ = s.value("device", "auto").toString();
    devicePicker_->setCurrentIndex(std::max(0, devicePicker_->findData(device_)));
    restoreGeometry(s.value("geometry").toByteArray());
    restoreState(s.value("state").toByteArray());
    tabs_->setCurrentIndex(s.value("view", 0).toInt());
    selection_.setLayerHead(s.value("layer", 0).toInt(), s.value("head", 0).toInt());
    const QSignalBlocker block(editor_);
    editor_->setPlainText(s.value("text", "The animal didn't cross the street because it was too tired.").toString());
    refreshModelPicker();
    translation_->setText(s.value("translation/text", "A man in a blue shirt is standing on a ladder.").toString());
    if (s.value("workspace", 0).toInt() == 1) showWorkspace(QStringLiteral("translation"));
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
    loadModel(event->mimeData()->urls().first().toLocalFile());
    event->acceptProposedAction();
}
