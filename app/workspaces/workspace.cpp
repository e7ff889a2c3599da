// Workspace: the shell every workspace shares (see workspace.h).
#include "workspace.h"

#include "text_editor.h"

#include "attention_view.h"
#include "flow_layout.h"
#include "model_paths.h"
#include "view_export.h"

#include "attnscope/hub_cache.h"
#include "lesson_file.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDeadlineTimer>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressDialog>
#include <QListWidget>
#include <QDialog>
#include <QPlainTextEdit>

#include <cstdio>
#include <cstdlib>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace {

// Keystrokes closer together than this are coalesced into one request.
constexpr int kDebounceMs = 25;
// How long quitting waits for the model thread before the process ends without it.
constexpr int kQuitWaitMs = 10000;
constexpr int kRecentFolders = 8;
// The model picker's action entries ("open", "download") carry their kind under this role.
constexpr int kActionRole = Qt::UserRole + 1;

QString aggregateName(Aggregate a) {
    switch (a) {
    case Aggregate::SingleHead: return QObject::tr("Single head");
    case Aggregate::MeanHeads: return QObject::tr("Mean over heads");
    case Aggregate::MaxHeads: return QObject::tr("Max over heads");
    case Aggregate::MeanLayers: return QObject::tr("Mean over layers");
    case Aggregate::Rollout: return QObject::tr("Attention rollout");
    }
    return {};
}

}  // namespace

Workspace::Workspace(ModelWorker* worker, QWidget* parent) : QWidget(parent), worker_(worker) {
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
    connect(worker_, &ModelWorker::modelLoaded, this, &Workspace::onModelLoaded);
    connect(worker_, &ModelWorker::loadFailed, this, &Workspace::onLoadFailed);
    connect(worker_, &ModelWorker::runFailed, this, &Workspace::onRunFailed);
    connect(worker_, &ModelWorker::loadProgress, this, [this](quint64 id, double fraction, const QString&) {
        if (id == loadId_) loadProgress_->setValue(static_cast<int>(fraction * 100));
    });
    connect(worker_, &ModelWorker::rankProgress, this, [this](quint64 id, int done, int total) {
        if (id != rankId_ || !rankProgress_) return;
        rankProgress_->setMaximum(total);
        rankProgress_->setValue(done);
    });
    connect(worker_, &ModelWorker::rankFinished, this,
            [this](quint64 id, HeadEffects effects, bool cancelled, const QString& error) {
                if (id != rankId_) return;
                ranking_ = std::move(effects);
                rankingCancelled_ = cancelled;
                showRanking(error);
            });
    thread_.start();

    layout_ = new QVBoxLayout(this);
    layout_->setContentsMargins(6, 6, 6, 2);
    modelRow_ = new FlowLayout;
    modelRow_->addWidget(new QLabel(tr("Model"), this));
    modelPicker_ = new QComboBox(this);
    // As wide as 16 characters, not as its longest entry (a cache entry's label is long): the
    // rows must fit 1024 px with the explanation panel open.
    modelPicker_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    modelPicker_->setMinimumContentsLength(16);
    modelRow_->addWidget(modelPicker_);
    modelRow_->addSpacing(12);
    modelRow_->addWidget(new QLabel(tr("Device"), this));
    devicePicker_ = new QComboBox(this);
    devicePicker_->addItem(tr("Auto"), "auto");
    devicePicker_->addItem(tr("CPU"), "cpu");
    devicePicker_->addItem(tr("CUDA"), "cuda");
    modelRow_->addWidget(devicePicker_);
    modelRow_->addSpacing(12);
    layout_->addLayout(modelRow_);

    selectionRow_ = new FlowLayout;
    selectionRow_->addWidget(new QLabel(tr("Layer"), this));
    layerSpin_ = new QSpinBox(this);
    selectionRow_->addWidget(layerSpin_);
    selectionRow_->addWidget(new QLabel(tr("Head"), this));
    headSpin_ = new QSpinBox(this);
    selectionRow_->addWidget(headSpin_);
    aggregatePicker_ = new QComboBox(this);
    selectionRow_->addWidget(aggregatePicker_);
    hideSpecial_ = new QCheckBox(this);
    selectionRow_->addWidget(hideSpecial_);
    scalePicker_ = new QComboBox(this);
    scalePicker_->addItem(tr("Scale: this head"), false);
    scalePicker_->addItem(tr("Scale: fixed 0–1"), true);
    scalePicker_->setToolTip(tr("Heatmap colours: stretched to the largest weight shown (each head its own "
                                "scale), or fixed from 0 to 1 so that heads can be compared by colour"));
    selectionRow_->addWidget(scalePicker_);
    rankButton_ = new QPushButton(tr("Rank heads…"), this);
    rankButton_->setToolTip(tr("Switch each head off in turn and list the heads whose removal changes the output most"));
    connect(rankButton_, &QPushButton::clicked, this, &Workspace::rankHeads);
    selectionRow_->addWidget(rankButton_);
    layout_->addLayout(selectionRow_);

    editor_ = new TextEditor(this);
    editor_->setTabChangesFocus(true);
    connect(editor_, &TextEditor::textCut, this, [this](int offered, int kept) {
        Q_EMIT notice(kept == 0 ? tr("The text is at its limit of %L1 characters (a model reads at most 512 tokens)")
                                      .arg(editor_->maxCharacters())
                                : tr("Only the first %L1 of %L2 characters were taken: the text box holds %L3 "
                                     "(a model reads at most 512 tokens)")
                                      .arg(kept).arg(offered).arg(editor_->maxCharacters()));
    });
    layout_->addWidget(editor_);
    extraArea_ = new QVBoxLayout;
    layout_->addLayout(extraArea_);

    stack_ = new QStackedWidget(this);
    tabs_ = new QTabWidget(stack_);
    errorLabel_ = new QLabel(stack_);
    errorLabel_->setAlignment(Qt::AlignCenter);
    errorLabel_->setWordWrap(true);
    errorLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    errorLabel_->setMargin(40);
    stack_->addWidget(tabs_);
    stack_->addWidget(errorLabel_);
    layout_->addWidget(stack_, 1);

    auto* statusRow = new QHBoxLayout;
    modelLabel_ = new QLabel(this);
    status_ = new QLabel(this);
    // A long status line is cut at the window's edge rather than widening the window (large
    // presentation fonts); its full text is in the tooltip.
    for (QLabel* l : {modelLabel_, status_}) l->setMinimumWidth(1);  // their natural width when there is room
    loadProgress_ = new QProgressBar(this);
    loadProgress_->setMaximumWidth(160);
    loadProgress_->setVisible(false);
    cancelLoad_ = new QPushButton(tr("Cancel"), this);
    cancelLoad_->setVisible(false);
    statusRow->addWidget(modelLabel_);
    statusRow->addSpacing(12);
    statusRow->addWidget(status_, 1);
    // Head ablation: which heads are off, and one click to switch them all back on.
    ablationNote_ = new QLabel(this);
    ablationNote_->setVisible(false);
    ablationClear_ = new QPushButton(tr("Switch all heads on"), this);
    ablationClear_->setVisible(false);
    connect(ablationClear_, &QPushButton::clicked, this, [this] { setAblation({}); });
    statusRow->addWidget(ablationNote_);
    statusRow->addWidget(ablationClear_);
    statusRow->addWidget(loadProgress_);
    statusRow->addWidget(cancelLoad_);
    layout_->addLayout(statusRow);

    debounce_ = new QTimer(this);
    debounce_->setSingleShot(true);
    debounce_->setInterval(kDebounceMs);
    connect(debounce_, &QTimer::timeout, this, &Workspace::requestNow);
    connect(editor_, &QPlainTextEdit::textChanged, this, &Workspace::scheduleRequest);
    connect(tabs_, &QTabWidget::currentChanged, this, &Workspace::updateCurrentPage);
    connect(tabs_, &QTabWidget::currentChanged, this, &Workspace::checkCurrentViewReady);
    connect(tabs_, &QTabWidget::currentChanged, this, &Workspace::currentViewChanged);
    connect(this, &Workspace::resultShown, this, [this] {
        resultComplete_ = shownId_ == requestId_;
        checkCurrentViewReady();
    });
    connect(cancelLoad_, &QPushButton::clicked, this, [this] {
        worker_->requestLoadCancel();
        setStatus(tr("Loading cancelled"));
    });
    connect(modelPicker_, QOverload<int>::of(&QComboBox::activated), this, [this](int index) {
        const QString dir = modelPicker_->itemData(index).toString();
        if (!dir.isEmpty()) return loadModel(dir);
        if (modelPicker_->itemData(index, kActionRole).toString() == QLatin1String("download")) {
            refreshModelPicker();  // back to the loaded model; the dialog may bring a new one
            Q_EMIT downloadRequested();
        } else {
            openModelFolder();
        }
    });
    connect(devicePicker_, QOverload<int>::of(&QComboBox::activated), this,
            [this](int index) { Q_EMIT deviceChosen(devicePicker_->itemData(index).toString()); });
    connect(layerSpin_, QOverload<int>::of(&QSpinBox::valueChanged), this, [this](int v) { selection_.setLayer(v); });
    connect(headSpin_, QOverload<int>::of(&QSpinBox::valueChanged), this, [this](int v) { selection_.setHead(v); });
    connect(aggregatePicker_, QOverload<int>::of(&QComboBox::activated), this, [this](int index) {
        selection_.setAggregate(static_cast<Aggregate>(aggregatePicker_->itemData(index).toInt()));
    });
    connect(hideSpecial_, &QCheckBox::toggled, &selection_, &AttentionSelection::setHideSpecialTokens);
    connect(scalePicker_, QOverload<int>::of(&QComboBox::activated), this,
            [this](int index) { selection_.setFixedColourScale(scalePicker_->itemData(index).toBool()); });
    connect(&selection_, &AttentionSelection::changed, this, &Workspace::updateControls);
}

Workspace::~Workspace() {
    worker_->stop();  // cancels a load, stops a decode at its next step
    thread_.quit();
    // Every job checks for cancellation (loads between files and tensors, decodes every step;
    // an encode is bounded by the text limit and 512 tokens), so this returns at once. Should a
    // job ever not, quitting must not hang on it (#18): the window is gone and the settings
    // are saved, so the process ends here rather than wait.
    if (!thread_.wait(QDeadlineTimer(kQuitWaitMs))) {
        std::fprintf(stderr, "attnscope: a model thread did not stop within %d s; quitting without it\n",
                     kQuitWaitMs / 1000);
        std::fflush(nullptr);
        std::_Exit(0);
    }
}

void Workspace::rankHeads() {
    if (!hasResult() || loading_) return;
    rankId_ = requestId_;
    ranking_.clear();
    rankingCancelled_ = false;
    if (rankingDialog_) rankingDialog_->close();
    auto* progress = new QProgressDialog(tr("Switching each head off in turn…"), tr("Cancel"), 0, 1, this);
    progress->setWindowTitle(tr("Rank heads by effect"));
    progress->setAttribute(Qt::WA_DeleteOnClose);
    progress->setMinimumDuration(0);
    progress->setValue(0);
    connect(progress, &QProgressDialog::canceled, this, [this] { worker_->requestRankCancel(); });
    rankProgress_ = progress;
    progress->show();
    worker_->noteNewRanking();
    QMetaObject::invokeMethod(worker_, "rankHeads", Qt::QueuedConnection, Q_ARG(quint64, rankId_),
                              Q_ARG(QString, editor_->toPlainText()), Q_ARG(int, int(ablationKind())));
}

QWidget* Workspace::rankingDialog() const { return rankingDialog_.data(); }

void Workspace::showRanking(const QString& error) {
    if (rankProgress_) {
        rankProgress_->disconnect(this);
        rankProgress_->close();
    }
    auto* dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Heads ranked by effect"));
    auto* layout = new QVBoxLayout(dialog);
    auto* intro = new QLabel(dialog);
    intro->setWordWrap(true);
    const bool translation = family() == attnscope::ModelFamily::Translator;
    if (!error.isEmpty()) intro->setText(error);
    else
        intro->setText((rankingCancelled_ ? tr("Cancelled after %1 heads. ").arg(ranking_.size()) : QString()) +
                       (translation ? tr("Each head switched off alone: the share of the translation's tokens that change, plus how much "
                                         "less likely the original translation becomes (mean log-probability per "
                                         "token). Double-click a head to show it.")
                                    : tr("Each head switched off alone: how far the first [MASK]'s best word falls "
                                         "(or, without [MASK], how much the last layer's output moves). Double-click "
                                         "a head to show it.")));
    layout->addWidget(intro);
    auto* list = new QListWidget(dialog);
    for (const auto& e : ranking_) {
        auto* item = new QListWidgetItem(
            tr("%1:%2   %3   %4")
                .arg(e.layer)
                .arg(e.head)
                .arg(QLocale().toString(e.effect, 'f', 3))
                .arg(e.change.isEmpty() ? tr("(no change)") : e.change),
            list);
        item->setData(Qt::UserRole, QPoint(e.layer, e.head));
    }
    connect(list, &QListWidget::itemDoubleClicked, this, [this](QListWidgetItem* item) {
        const QPoint head = item->data(Qt::UserRole).toPoint();
        selection_.setLayerHead(head.x(), head.y());
    });
    layout->addWidget(list, 1);
    auto* close = new QPushButton(tr("Close"), dialog);
    connect(close, &QPushButton::clicked, dialog, &QDialog::close);
    layout->addWidget(close, 0, Qt::AlignRight);
    dialog->resize(fontMetrics().averageCharWidth() * 100, fontMetrics().lineSpacing() * 24);
    rankingDialog_ = dialog;
    dialog->show();
    Q_EMIT rankingFinished();
}

void Workspace::toggleHead(int layer, int head) {
    auto& heads = ablation_.of(ablationKind());
    if (!heads.erase({layer, head})) heads.insert({layer, head});
    updateAblationNote();
    scheduleRequest();
}

void Workspace::setAblation(const attnscope::HeadAblation& ablation) {
    ablation_ = ablation;
    updateAblationNote();
    scheduleRequest();
}

void Workspace::updateAblationNote() {
    QStringList parts;
    for (const auto kind : {attnscope::AttentionKind::Encoder, attnscope::AttentionKind::Decoder, attnscope::AttentionKind::Cross}) {
        const auto& heads = ablation_.of(kind);
        if (heads.empty()) continue;
        const QString list = QString::fromStdString(attnscope::headListString(heads));
        parts << (family() == attnscope::ModelFamily::Encoder
                      ? list
                      : (kind == attnscope::AttentionKind::Encoder   ? tr("encoder %1")
                         : kind == attnscope::AttentionKind::Decoder ? tr("decoder %1")
                                                                     : tr("cross %1"))
                            .arg(list));
    }
    ablationNote_->setText(tr("Switched off: %1").arg(parts.join(QStringLiteral(" · "))));
    ablationNote_->setToolTip(tr("These heads' weights are set to 0 (Hugging Face's head_mask); every view and the "
                                 "output show the model without them. Right-click (or Ctrl+click) a head in the model view, the head statistics or the head view to switch it."));
    ablationNote_->setVisible(!parts.isEmpty());
    ablationClear_->setVisible(!parts.isEmpty());
}

void Workspace::setAggregateChoices(const QVector<Aggregate>& choices) {
    aggregatePicker_->clear();
    for (auto a : choices) aggregatePicker_->addItem(aggregateName(a), int(a));
    updateControls();
}

void Workspace::addPage(AttentionView* page, const QString& title) {
    page->setSelection(&selection_);
    connect(page, &AttentionView::headToggleRequested, this, &Workspace::toggleHead);
    connect(page, &AttentionView::viewRequested, this, [this](const QString& name) { showView(name); });
    // Every page scrolls inside its tab: a view's minimum size (the head view of a long
    // paragraph asks for thousands of pixels) must never push the window past the screen.
    auto* scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(page);
    tabs_->addTab(scroll, title);
    pages_ << page;
    stale_ << false;
}

void Workspace::finishLayout() {
    modelRow_->addStretch(1);
    selectionRow_->addStretch(1);
    updateControls();
    refreshModelPicker();
}

QString Workspace::whyCannotOpen(const QString& dir) const {
    try {
        const auto identity = attnscope::identifyModel(dir.toStdString());
        if (identity.family == family()) return {};
        return tr("%1 holds a %2 model (model_type \"%3\"); this tab opens %4 models. Open it in the %5 tab.")
            .arg(modelDisplayName(dir),
                 identity.family == attnscope::ModelFamily::Translator ? tr("translation") : tr("encoder"),
                 QString::fromStdString(identity.modelType),
                 family() == attnscope::ModelFamily::Translator ? tr("translation") : tr("encoder"),
                 identity.family == attnscope::ModelFamily::Translator ? tr("Translation") : tr("Encoder attention"));
    } catch (const std::exception& e) {
        return QString::fromUtf8(e.what());
    }
}

void Workspace::loadModel(const QString& dir) {
    ++loadId_;
    // A folder of the other family would only fail in the worker after a wait; say why now.
    try {
        if (attnscope::identifyModel(dir.toStdString()).family != family()) {
            onLoadFailed(loadId_, whyCannotOpen(dir));
            return;
        }
    } catch (const std::exception&) {
        // No or broken config.json: the worker's loader reports it with the details.
    }
    loading_ = true;
    worker_->noteLatestLoad(loadId_);
    loadProgress_->setValue(0);
    loadProgress_->setVisible(true);
    cancelLoad_->setVisible(true);
    setStatus(tr("Loading %1…").arg(modelDisplayName(dir)));
    QMetaObject::invokeMethod(worker_, "loadModel", Qt::QueuedConnection, Q_ARG(quint64, loadId_), Q_ARG(QString, dir),
                              Q_ARG(QString, device_));
}

void Workspace::setDeviceChoice(const QString& device) {
    devicePicker_->setCurrentIndex(std::max(0, devicePicker_->findData(device)));
    if (device == device_) return;
    device_ = device;
    if (!model_.dir.isEmpty()) loadModel(model_.dir);
}

void Workspace::openModelFolder() {
    const QString start = model_.dir.isEmpty() ? QString() : QFileInfo(model_.dir).absolutePath();
    const QString dir = QFileDialog::getExistingDirectory(this, openFolderCaption(), start);
    if (!dir.isEmpty()) loadModel(dir);
    else refreshModelPicker();  // undo the "Open…" entry in the picker
}

void Workspace::setText(const QString& text) { editor_->setBoundedText(text); }

void Workspace::scheduleRequest() { debounce_->start(); }

void Workspace::requestNow() {
    if (model_.dir.isEmpty()) return;  // the first request follows the model load
    ++requestId_;
    resultComplete_ = false;
    worker_->noteLatestRun(requestId_);
    sendRequest(requestId_);
}

bool Workspace::acceptComplete(quint64 id) {
    if (id <= shownId_) return false;  // older than what is on screen
    shownId_ = id;
    return true;
}

void Workspace::onRunFailed(quint64 id, const QString& message) {
    if (!acceptComplete(id)) return;
    clearResult();
    showError(message);
}

void Workspace::onModelLoaded(quint64 id, const ModelInfo& info) {
    if (id != loadId_) return;
    endLoading();
    model_ = info;
    rememberRecent(info.dir);
    modelLabel_->setText(modelSummary(info));
    setStatus(QString());
    syncSelectionRanges();
    modelChanged();
    Q_EMIT modelReady(info);
    requestNow();
}

void Workspace::endLoading() {
    loading_ = false;
    loadProgress_->setVisible(false);
    cancelLoad_->setVisible(false);
}

void Workspace::onLoadFailed(quint64 id, const QString& message) {
    if (id != loadId_) return;
    endLoading();
    refreshModelPicker();
    if (message.isEmpty()) return;  // cancelled: the previous model stays
    setStatus(model_.dir.isEmpty() ? tr("No model loaded")
                                   : tr("Could not open that folder; still using %1").arg(model_.name));
    showError(
        QStringLiteral("<b>%1</b><br><br>%2<br><br>%3")
            .arg(loadFailedTitle(), message.toHtmlEscaped().replace("\n", "<br>"),
                 model_.dir.isEmpty()
                     ? noModelHint()
                     : tr("Still using %1; keep typing or choose another folder.").arg(model_.name.toHtmlEscaped())));
}

void Workspace::showPages() {
    stack_->setCurrentWidget(tabs_);
    markPagesStale();
    updateCurrentPage();
}

void Workspace::showError(const QString& message) {
    errorLabel_->setText(message);
    stack_->setCurrentWidget(errorLabel_);
    Q_EMIT errorShown(message);
}

bool Workspace::isCurrentViewReady() const {
    // Not while an edit waits for its request (the debounce): the result on screen is then of
    // an older text (found by the keystroke storm test).
    return resultComplete_ && !loading_ && !debounce_->isActive() && stack_->currentWidget() == tabs_ &&
           !currentViewPending();
}

void Workspace::checkCurrentViewReady() {
    if (isCurrentViewReady()) Q_EMIT currentViewReady();
}

QString Workspace::errorText() const {
    return stack_->currentWidget() == errorLabel_ ? errorLabel_->text() : QString();
}

QString Workspace::downloadActionText() const { return tr("Download from Hugging Face…"); }

QStringList Workspace::modelPickerTexts() const {
    QStringList texts;
    for (int i = 0; i < modelPicker_->count(); ++i) texts << modelPicker_->itemText(i);
    return texts;
}

QStringList Workspace::modelChoices() const {
    QStringList dirs;
    for (int i = 0; i < modelPicker_->count(); ++i)
        if (!modelPicker_->itemData(i).toString().isEmpty()) dirs << modelPicker_->itemData(i).toString();
    return dirs;
}

void Workspace::setStatus(const QString& text) {
    status_->setText(text);
    status_->setToolTip(text);
}
QString Workspace::statusText() const { return status_->text(); }

void Workspace::markPagesStale() { stale_.fill(true); }

void Workspace::updateCurrentPage() {
    const int i = tabs_->currentIndex();
    if (i < 0 || i >= pages_.size() || !stale_[i]) return;
    stale_[i] = false;
    feedPage(pages_[i]);
}

void Workspace::syncSelectionRanges() {
    const int layers = selectableLayers();
    if (layers <= 0 || model_.heads <= 0) return;
    {
        const QSignalBlocker a(layerSpin_), b(headSpin_);
        layerSpin_->setRange(0, layers - 1);
        headSpin_->setRange(0, model_.heads - 1);
    }
    selection_.clampTo(layers, model_.heads);
    updateControls();
}

void Workspace::updateControls() {
    const QSignalBlocker a(layerSpin_), b(headSpin_), c(aggregatePicker_), d(hideSpecial_), e(scalePicker_);
    scalePicker_->setCurrentIndex(selection_.fixedColourScale() ? 1 : 0);
    scalePicker_->setItemText(0, selection_.aggregate() == Aggregate::SingleHead ? tr("Scale: this head")
                                                                                 : tr("Scale: this matrix"));
    layerSpin_->setValue(selection_.layer());
    headSpin_->setValue(selection_.head());
    aggregatePicker_->setCurrentIndex(std::max(0, aggregatePicker_->findData(int(selection_.aggregate()))));
    headSpin_->setEnabled(selection_.aggregate() == Aggregate::SingleHead);
    hideSpecial_->setChecked(selection_.hideSpecialTokens());
}

void Workspace::stepLayer(int delta) {
    const int layers = selectableLayers();
    if (layers > 0) selection_.setLayer(std::clamp(selection_.layer() + delta, 0, layers - 1));
}

void Workspace::stepHead(int delta) {
    if (model_.heads > 0)
        selection_.setLayerHead(selection_.layer(), std::clamp(selection_.head() + delta, 0, model_.heads - 1));
}

AttentionView* Workspace::view(const QString& name) const {
    for (auto* v : pages_)
        if (v->viewName() == name) return v;
    return nullptr;
}

AttentionView* Workspace::currentView() const { return pages_.value(tabs_->currentIndex()); }

QStringList Workspace::viewNames() const {
    QStringList names;
    for (auto* v : pages_) names << v->viewName();
    return names;
}

bool Workspace::showView(const QString& name) {
    const int i = pages_.indexOf(view(name));
    if (i < 0) return false;
    tabs_->setCurrentIndex(i);
    updateCurrentPage();
    return true;
}

QString Workspace::exportTo(const QString& format, const QString& path, double pngScale) {
    QString error;
    if (format == "png") return view_export::toPng(currentView(), path, pngScale, &error) ? QString() : error;
    if (format == "svg")
        return view_export::toSvg(currentView(), path, tr("attnscope %1").arg(tabs_->tabText(tabs_->currentIndex())),
                                  &error)
                   ? QString()
                   : error;
    if (format != "json" && format != "npy") return tr("Unknown export format '%1'").arg(format);
    if (!hasResult()) return tr("There is no result to export yet.");
    try {
        return exportResult(format, path);
    } catch (const std::exception& e) {
        return QString::fromUtf8(e.what());
    }
}

void Workspace::rememberRecent(const QString& dir) {
    const QString clean = QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
    recent_.removeAll(clean);
    recent_.prepend(clean);
    while (recent_.size() > kRecentFolders) recent_.removeLast();
    refreshModelPicker();
}

void Workspace::refreshModelPicker() {
    const QSignalBlocker block(modelPicker_);
    modelPicker_->clear();
    // Only folders this workspace can open (a recent folder may have been deleted or may hold
    // the other family's model); reading config.json is cheap.
    QStringList seen;
    for (const auto& [dir, label] : builtInModels()) {
        if (!whyCannotOpen(dir).isEmpty()) continue;
        modelPicker_->addItem(label, dir);
        seen << dir;
    }
    // Models of this family in the Hugging Face cache (downloaded by Python or by attnscope).
    for (const auto& m : attnscope::hub::listCachedModels()) {
        if (!m.usable() || m.family != family()) continue;
        const QString dir = QDir::cleanPath(QString::fromStdString(m.snapshotDir));
        modelPicker_->addItem(tr("%1 (Hugging Face cache, %2)")
                                  .arg(QString::fromStdString(m.repoId),
                                       QString::fromStdString(attnscope::hub::formatBytes(m.weightsBytes))),
                              dir);
        seen << dir;
    }
    for (const auto& dir : recent_)
        if (!seen.contains(dir) && whyCannotOpen(dir).isEmpty())
            modelPicker_->addItem(tr("%1 (recent)").arg(modelDisplayName(dir)), dir);
    modelPicker_->addItem(tr("Open model folder…"), QString());
    modelPicker_->setItemData(modelPicker_->count() - 1, QStringLiteral("open"), kActionRole);
    modelPicker_->addItem(downloadActionText(), QString());
    modelPicker_->setItemData(modelPicker_->count() - 1, QStringLiteral("download"), kActionRole);
    const int current = modelPicker_->findData(QDir::cleanPath(QFileInfo(model_.dir).absoluteFilePath()));
    modelPicker_->setCurrentIndex(std::max(0, current));
}

void Workspace::setModelControlsShown(bool shown) {
    if (shown == modelControlsShown_) return;
    modelControlsShown_ = shown;
    if (!shown) {
        for (int i = 0; i < modelRow_->count(); ++i)
            if (QWidget* w = modelRow_->itemAt(i)->widget(); w && !w->isHidden()) {
                hiddenModelControls_ << w;
                w->hide();
            }
    } else {
        for (QWidget* w : std::as_const(hiddenModelControls_)) w->show();
        hiddenModelControls_.clear();
    }
}

QJsonObject Workspace::lessonState() const {
    QJsonObject o;
    o["model"] = lesson::modelReference(model_.dir);
    o["text"] = editor_->toPlainText();
    if (AttentionView* v = currentView()) o["view"] = v->viewName();
    o["layer"] = selection_.layer();
    o["head"] = selection_.head();
    o["aggregate"] = static_cast<int>(selection_.aggregate());
    o["hideSpecialTokens"] = selection_.hideSpecialTokens();
    o["mergeWordPieces"] = selection_.mergeWordPieces();
    o["fixedColourScale"] = selection_.fixedColourScale();
    o["selectedToken"] = selection_.selectedToken();
    return o;
}

QString Workspace::checkLessonState(const QJsonObject& o) const {
    for (const char* key : {"model", "text", "view", "selectedWord"})
        if (auto e = lesson::expectString(o, key); !e.isEmpty()) return e;
    for (const char* key : {"hideSpecialTokens", "mergeWordPieces", "fixedColourScale"})
        if (auto e = lesson::expectBool(o, key); !e.isEmpty()) return e;
    if (auto e = lesson::expectInt(o, "layer", 0, 1000); !e.isEmpty()) return e;
    if (auto e = lesson::expectInt(o, "head", 0, 1000); !e.isEmpty()) return e;
    if (auto e = lesson::expectInt(o, "selectedToken", -1, 1000000); !e.isEmpty()) return e;
    if (auto e = lesson::expectInt(o, "aggregate", 0, static_cast<int>(Aggregate::Rollout)); !e.isEmpty()) return e;
    if (o.contains("view") && !viewNames().contains(o.value("view").toString()))
        return tr("the %1 tab has no view \"%2\" (it has %3)")
            .arg(title(), o.value("view").toString(), viewNames().join(", "));
    if (o.contains("text") && o.value("text").toString().size() > 100000)
        return tr("its text is longer than 100,000 characters");
    const QString model = o.value("model").toString();
    if (!model.isEmpty()) {
        QString error;
        const QString dir = lesson::resolveModelReference(model, &error);
        if (dir.isEmpty()) return error;
        if (const QString why = whyCannotOpen(dir); !why.isEmpty()) return why;
    }
    return {};
}

void Workspace::applyLessonState(const QJsonObject& o) {
    const QString model = o.value("model").toString();
    if (!model.isEmpty()) {
        QString error;
        const QString dir = lesson::resolveModelReference(model, &error);
        if (!dir.isEmpty() && QDir::cleanPath(dir) != QDir::cleanPath(model_.dir)) loadModel(dir);
    }
    if (o.contains("view")) showView(o.value("view").toString());
    selection_.setLayerHead(o.value("layer").toInt(selection_.layer()), o.value("head").toInt(selection_.head()));
    selection_.setAggregate(static_cast<Aggregate>(o.value("aggregate").toInt(static_cast<int>(selection_.aggregate()))));
    selection_.setHideSpecialTokens(o.value("hideSpecialTokens").toBool(selection_.hideSpecialTokens()));
    selection_.setMergeWordPieces(o.value("mergeWordPieces").toBool(selection_.mergeWordPieces()));
    selection_.setFixedColourScale(o.value("fixedColourScale").toBool(selection_.fixedColourScale()));
    selection_.setSelectedToken(-1);
    if (o.contains("text")) setText(o.value("text").toString());
    // The token is picked once the result for this text is on screen (a token index means
    // nothing before), and the layer/head again in case the model load clamped them.
    // "selectedWord" (hand-written lessons: "it") picks the first token of that word instead.
    const int token = o.value("selectedToken").toInt(-1);
    const QString word = o.value("selectedWord").toString();
    const int layer = selection_.layer(), head = selection_.head();
    const Aggregate aggregate = selection_.aggregate();
    auto* once = new QObject(this);
    connect(this, &Workspace::resultShown, once, [this, once, token, word, layer, head, aggregate] {
        selection_.setLayerHead(layer, head);
        selection_.setAggregate(aggregate);
        selection_.setSelectedToken(word.isEmpty() ? token : tokenOfWord(word));
        once->deleteLater();
    });
}

void Workspace::saveSettings() const {
    QSettings s;
    const QString p = settingsPrefix();
    s.setValue(p + "recent", recent_);
    s.setValue(p + "text", editor_->toPlainText());
    s.setValue(p + "view", tabs_->currentIndex());
    s.setValue(p + "fixedColourScale", selection_.fixedColourScale());
    if (!model_.dir.isEmpty()) s.setValue(p + "model", model_.dir);
}

void Workspace::restoreSettings() {
    QSettings s;
    const QString p = settingsPrefix();
    recent_ = s.value(p + "recent").toStringList();
    if (s.contains(p + "view")) tabs_->setCurrentIndex(s.value(p + "view").toInt());
    selection_.setFixedColourScale(s.value(p + "fixedColourScale", false).toBool());
    refreshModelPicker();
}
