// MainWindow: layout, wiring to the worker, and the request/result bookkeeping.
#include "main_window.h"

#include "attention_view.h"
#include "head_stats_view.h"
#include "head_view.h"
#include "heatmap_view.h"
#include "masked_words_view.h"
#include "model_view.h"
#include "positional_view.h"
#include "presets.h"
#include "text_links_view.h"
#include "translation_workspace.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QSpinBox>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>

namespace {

// Keystrokes closer together than this are coalesced into one request.
constexpr int kDebounceMs = 25;

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("attnscope"));
    setAcceptDrops(true);
    worker_ = new InferenceWorker;
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
    connect(worker_, &InferenceWorker::analysisReady, this, &MainWindow::onAnalysis);
    connect(worker_, &InferenceWorker::encodeFailed, this, &MainWindow::onEncodeFailed);
    connect(worker_, &InferenceWorker::modelLoaded, this, &MainWindow::onModelLoaded);
    connect(worker_, &InferenceWorker::loadFailed, this, &MainWindow::onLoadFailed);
    connect(worker_, &InferenceWorker::loadProgress, this, [this](quint64 id, double fraction, const QString&) {
        if (id == loadId_) loadProgress_->setValue(static_cast<int>(fraction * 100));
    });
    thread_.start();

    buildUi();
    buildMenus();
    connect(&selection_, &AttentionSelection::changed, this, &MainWindow::updateControls);
    restoreSettings();
}

MainWindow::~MainWindow() {
    worker_->requestLoadCancel();
    thread_.quit();
    thread_.wait();
}

void MainWindow::buildUi() {
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);

    editor_ = new QPlainTextEdit(central);
    editor_->setPlaceholderText(tr("Type a sentence; [MASK] marks a word for the model to guess"));
    editor_->setMaximumHeight(fontMetrics().lineSpacing() * 4 + 12);
    editor_->setTabChangesFocus(true);
    layout->addWidget(editor_);

    auto* pairRow = new QHBoxLayout;
    pairMode_ = new QCheckBox(tr("Compare with:"), central);
    pairMode_->setToolTip(tr("Minimal pair: a second sentence that differs in one word"));
    pairEditor_ = new QLineEdit(central);
    pairEditor_->setPlaceholderText(tr("Second sentence of a minimal pair"));
    pairEditor_->setEnabled(false);
    pairRow->addWidget(pairMode_);
    pairRow->addWidget(pairEditor_, 1);
    layout->addLayout(pairRow);

    stack_ = new QStackedWidget(central);
    tabs_ = new QTabWidget(stack_);
    linksView_ = new TextLinksView;
    views_ = {new HeatmapView, new HeadView, new ModelView, linksView_, new PositionalView, new MaskedWordsView,
              new HeadStatsView};
    const QStringList titles = {tr("Heatmap"), tr("Head view"), tr("Model view"), tr("Links in text"),
                                tr("Positions"), tr("Masked words"), tr("Head statistics")};
    for (int i = 0; i < views_.size(); ++i) {
        views_[i]->setSelection(&selection_);
        tabs_->addTab(views_[i], titles[i]);
        connect(views_[i], &AttentionView::maskTokenRequested, this, &MainWindow::maskToken);
    }
    stale_.fill(false, views_.size());
    connect(tabs_, &QTabWidget::currentChanged, this, &MainWindow::updateCurrentView);
    errorLabel_ = new QLabel(stack_);
    errorLabel_->setAlignment(Qt::AlignCenter);
    errorLabel_->setWordWrap(true);
    errorLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    errorLabel_->setMargin(40);
    stack_->addWidget(tabs_);
    stack_->addWidget(errorLabel_);
    layout->addWidget(stack_, 1);
    workspaces_ = new QTabWidget(this);
    workspaces_->setDocumentMode(true);
    workspaces_->addTab(central, tr("Encoder attention (BERT)"));
    translation_ = new TranslationWorkspace;
    workspaces_->addTab(translation_, tr("Translation (Marian)"));
    setCentralWidget(workspaces_);
    connect(workspaces_, &QTabWidget::currentChanged, this, [this](int index) {
        for (auto* bar : encoderBars_) bar->setVisible(index == 0);
        statusBar()->setVisible(index == 0);  // the translation workspace has its own status line
        if (index == 1) translation_->ensureModel();
        setWindowTitle(index == 1 ? tr("attnscope — translation") : tr("attnscope — %1").arg(model_.name));
    });

    auto* bar = addToolBar(tr("Model"));
    bar->setObjectName("modelToolbar");
    bar->addWidget(new QLabel(tr(" Model ")));
    modelPicker_ = new QComboBox(bar);
    modelPicker_->setMinimumContentsLength(18);
    bar->addWidget(modelPicker_);
    bar->addWidget(new QLabel(tr("  Device ")));
    devicePicker_ = new QComboBox(bar);
    devicePicker_->addItem(tr("Auto"), "auto");
    devicePicker_->addItem(tr("CPU"), "cpu");
    devicePicker_->addItem(tr("CUDA"), "cuda");
    bar->addWidget(devicePicker_);
    bar->addWidget(new QLabel(tr("  Preset ")));
    presetPicker_ = new QComboBox(bar);
    presetPicker_->addItem(tr("Choose a sentence..."));
    for (const auto& p : teachingPresets()) presetPicker_->addItem(p.name);
    bar->addWidget(presetPicker_);
    encoderBars_ << bar;

    addToolBarBreak();
    auto* viewBar = addToolBar(tr("Selection"));
    viewBar->setObjectName("selectionToolbar");
    viewBar->addWidget(new QLabel(tr(" Layer ")));
    layerSpin_ = new QSpinBox(viewBar);
    viewBar->addWidget(layerSpin_);
    viewBar->addWidget(new QLabel(tr(" Head ")));
    headSpin_ = new QSpinBox(viewBar);
    viewBar->addWidget(headSpin_);
    aggregatePicker_ = new QComboBox(viewBar);
    aggregatePicker_->addItem(tr("Single head"), int(Aggregate::SingleHead));
    aggregatePicker_->addItem(tr("Mean over heads"), int(Aggregate::MeanHeads));
    aggregatePicker_->addItem(tr("Max over heads"), int(Aggregate::MaxHeads));
    aggregatePicker_->addItem(tr("Mean over layers"), int(Aggregate::MeanLayers));
    aggregatePicker_->addItem(tr("Attention rollout"), int(Aggregate::Rollout));
    viewBar->addWidget(aggregatePicker_);
    hideSpecial_ = new QCheckBox(tr("Hide [CLS]/[SEP]"), viewBar);
    hideSpecial_->setToolTip(tr("Drop special tokens and renormalise each row to sum to 1"));
    viewBar->addWidget(hideSpecial_);
    mergeWords_ = new QCheckBox(tr("Merge word pieces"), viewBar);
    mergeWords_->setToolTip(tr("Attention to a word = sum over its pieces; from a word = mean over its pieces"));
    viewBar->addWidget(mergeWords_);
    encoderBars_ << viewBar;

    statusModel_ = new QLabel(this);
    statusTiming_ = new QLabel(this);
    loadProgress_ = new QProgressBar(this);
    loadProgress_->setMaximumWidth(160);
    loadProgress_->setVisible(false);
    cancelLoad_ = new QPushButton(tr("Cancel"), this);
    cancelLoad_->setVisible(false);
    statusBar()->addWidget(statusModel_);
    statusBar()->addWidget(statusTiming_, 1);
    statusBar()->addPermanentWidget(loadProgress_);
    statusBar()->addPermanentWidget(cancelLoad_);

    debounce_ = new QTimer(this);
    debounce_->setSingleShot(true);
    debounce_->setInterval(kDebounceMs);
    connect(debounce_, &QTimer::timeout, this, &MainWindow::requestEncode);
    connect(editor_, &QPlainTextEdit::textChanged, this, &MainWindow::scheduleEncode);
    connect(pairEditor_, &QLineEdit::textChanged, this, &MainWindow::scheduleEncode);
    connect(pairMode_, &QCheckBox::toggled, this, [this](bool on) {
        pairEditor_->setEnabled(on);
        if (on && pairEditor_->text().isEmpty()) pairEditor_->setText(editor_->toPlainText());
        scheduleEncode();
    });
    connect(cancelLoad_, &QPushButton::clicked, this, [this] {
        worker_->requestLoadCancel();
        statusTiming_->setText(tr("Loading cancelled"));
    });
    connect(modelPicker_, QOverload<int>::of(&QComboBox::activated), this, [this](int index) {
        const QString dir = modelPicker_->itemData(index).toString();
        if (dir.isEmpty()) openModelFolder();
        else loadModel(dir);
    });
    connect(devicePicker_, QOverload<int>::of(&QComboBox::activated), this,
            [this](int index) { setDeviceChoice(devicePicker_->itemData(index).toString()); });
    connect(presetPicker_, QOverload<int>::of(&QComboBox::activated), this, [this](int index) {
        if (index <= 0) return;
        const auto preset = teachingPresets()[index - 1];
        setPairText(preset.pairText);
        setText(preset.text);
        if (!preset.pairText.isEmpty()) showView("links");
        presetPicker_->setCurrentIndex(0);
    });
    connect(layerSpin_, QOverload<int>::of(&QSpinBox::valueChanged), this, [this](int v) { selection_.setLayer(v); });
    connect(headSpin_, QOverload<int>::of(&QSpinBox::valueChanged), this, [this](int v) { selection_.setHead(v); });
    connect(aggregatePicker_, QOverload<int>::of(&QComboBox::activated), this, [this](int index) {
        selection_.setAggregate(static_cast<Aggregate>(aggregatePicker_->itemData(index).toInt()));
    });
    connect(hideSpecial_, &QCheckBox::toggled, &selection_, &AttentionSelection::setHideSpecialTokens);
    connect(mergeWords_, &QCheckBox::toggled, &selection_, &AttentionSelection::setMergeWordPieces);

    // Layer/head stepping from anywhere in the window (Alt+arrows do not clash with editing).
    auto shortcut = [this](const QKeySequence& keys, auto fn) {
        auto* s = new QShortcut(keys, this);
        s->setContext(Qt::WindowShortcut);
        connect(s, &QShortcut::activated, this, fn);
    };
    shortcut(QKeySequence(Qt::ALT | Qt::Key_Down), [this] { stepLayer(+1); });
    shortcut(QKeySequence(Qt::ALT | Qt::Key_Up), [this] { stepLayer(-1); });
    shortcut(QKeySequence(Qt::ALT | Qt::Key_Right), [this] { stepHead(+1); });
    shortcut(QKeySequence(Qt::ALT | Qt::Key_Left), [this] { stepHead(-1); });
    resize(1200, 820);
}

void MainWindow::buildMenus() {
    auto* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open model folder..."), QKeySequence::Open, this, &MainWindow::openModelFolder);
    auto* exportMenu = file->addMenu(tr("&Export"));
    exportMenu->addAction(tr("Current view as &PNG..."), this, [this] { exportCurrentView("png"); });
    exportMenu->addAction(tr("Current view as &SVG..."), this, [this] { exportCurrentView("svg"); });
    exportMenu->addAction(tr("Result as &JSON..."), this, [this] { exportResult("json"); });
    exportMenu->addAction(tr("Attentions as &NumPy .npy..."), this, [this] { exportResult("npy"); });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    auto* viewMenu = menuBar()->addMenu(tr("&View"));
    viewMenu->addAction(tr("Next layer"), QKeySequence(Qt::ALT | Qt::Key_Down));
    viewMenu->addAction(tr("Previous layer"), QKeySequence(Qt::ALT | Qt::Key_Up));
    viewMenu->addAction(tr("Next head"), QKeySequence(Qt::ALT | Qt::Key_Right));
    viewMenu->addAction(tr("Previous head"), QKeySequence(Qt::ALT | Qt::Key_Left));
    for (auto* a : viewMenu->actions()) a->setEnabled(false);  // listed for discoverability; shortcuts above act
}

void MainWindow::loadModel(const QString& dir) {
    ++loadId_;
    loading_ = true;
    worker_->noteLatestLoad(loadId_);
    loadProgress_->setValue(0);
    loadProgress_->setVisible(true);
    cancelLoad_->setVisible(true);
    statusTiming_->setText(tr("Loading %1...").arg(QFileInfo(dir).fileName()));
    QMetaObject::invokeMethod(worker_, "loadModel", Qt::QueuedConnection, Q_ARG(quint64, loadId_), Q_ARG(QString, dir),
                              Q_ARG(QString, device_));
}

void MainWindow::setDeviceChoice(const QString& device) {
    device_ = device;
    translation_->setDeviceChoice(device);
    devicePicker_->setCurrentIndex(std::max(0, devicePicker_->findData(device)));
    if (!model_.dir.isEmpty()) loadModel(model_.dir);
}

void MainWindow::setText(const QString& text) { editor_->setPlainText(text); }

void MainWindow::setPairText(const QString& text) {
    pairEditor_->setText(text);
    pairMode_->setChecked(!text.isEmpty());
}

void MainWindow::scheduleEncode() { debounce_->start(); }

void MainWindow::requestEncode() {
    if (model_.dir.isEmpty()) return;  // the first result follows the model load
    ++encodeId_;
    worker_->noteLatestEncode(encodeId_);
    const QString pair = pairMode_->isChecked() ? pairEditor_->text() : QString();
    QMetaObject::invokeMethod(worker_, "encode", Qt::QueuedConnection, Q_ARG(quint64, encodeId_),
                              Q_ARG(QString, editor_->toPlainText()), Q_ARG(QString, pair));
}

void MainWindow::onAnalysis(quint64 id, AnalysisPtr analysis, AnalysisPtr pair) {
    if (id <= shownId_) return;  // older than what is on screen
    shownId_ = id;
    shown_ = analysis;
    shownPair_ = pair;
    stack_->setCurrentWidget(tabs_);
    const auto& r = analysis->result;
    selection_.clampTo(r.attentions.layers, r.attentions.heads);
    if (selection_.selectedToken() >= static_cast<int>(r.tokens.size())) selection_.setSelectedToken(-1);
    if (selection_.hoveredToken() >= static_cast<int>(r.tokens.size())) selection_.setHoveredToken(-1);
    QString timing = tr("forward %1 ms · %2 tokens").arg(r.forwardMs, 0, 'f', 1).arg(r.tokens.size());
    if (r.truncated)
        timing += tr(" · text truncated to the model's %1 tokens (of %2)").arg(r.tokens.size()).arg(r.fullLength);
    statusTiming_->setText(timing);
    stale_.fill(true);
    linksView_->setPairAnalysis(pair);
    updateCurrentView();
    Q_EMIT analysisShown(analysis);
}

void MainWindow::onEncodeFailed(quint64 id, const QString& message) {
    if (id <= shownId_) return;
    shownId_ = id;
    shown_.reset();
    showError(message);
}

void MainWindow::onModelLoaded(quint64 id, const ModelInfo& info) {
    if (id != loadId_) return;
    loading_ = false;
    loadProgress_->setVisible(false);
    cancelLoad_->setVisible(false);
    model_ = info;
    rememberRecent(info.dir);
    statusModel_->setText(tr("%1 · %2 layers × %3 heads · %4%5")
                              .arg(info.name)
                              .arg(info.layers)
                              .arg(info.heads)
                              .arg(info.device)
                              .arg(info.hasMaskedLm ? tr(" · masked-LM head") : QString()));
    setWindowTitle(tr("attnscope — %1").arg(info.name));
    layerSpin_->setRange(0, info.layers - 1);
    headSpin_->setRange(0, info.heads - 1);
    selection_.clampTo(info.layers, info.heads);
    Q_EMIT modelReady(info);
    requestEncode();
}

void MainWindow::onLoadFailed(quint64 id, const QString& message) {
    if (id != loadId_) return;
    loading_ = false;
    loadProgress_->setVisible(false);
    cancelLoad_->setVisible(false);
    if (message.isEmpty()) return;  // cancelled: the previous model stays
    showError(tr("<b>The model could not be opened.</b><br><br>%1<br><br>%2")
                  .arg(message.toHtmlEscaped().replace("\n", "<br>"),
                       model_.dir.isEmpty() ? tr("Choose another folder with File › Open model folder.")
                                            : tr("Still using %1; keep typing or choose another folder.")
                                                  .arg(model_.name.toHtmlEscaped())));
}

void MainWindow::showError(const QString& message) {
    errorLabel_->setText(message);
    stack_->setCurrentWidget(errorLabel_);
    Q_EMIT errorShown(message);
}

QString MainWindow::errorText() const {
    return stack_->currentWidget() == errorLabel_ ? errorLabel_->text() : QString();
}

void MainWindow::updateControls() {
    const QSignalBlocker a(layerSpin_), b(headSpin_), c(aggregatePicker_), d(hideSpecial_), e(mergeWords_);
    layerSpin_->setValue(selection_.layer());
    headSpin_->setValue(selection_.head());
    aggregatePicker_->setCurrentIndex(aggregatePicker_->findData(int(selection_.aggregate())));
    headSpin_->setEnabled(selection_.aggregate() == Aggregate::SingleHead);
    hideSpecial_->setChecked(selection_.hideSpecialTokens());
    mergeWords_->setChecked(selection_.mergeWordPieces());
}

void MainWindow::updateCurrentView() {
    const int i = tabs_->currentIndex();
    if (views_.value(i) && views_[i]->viewName() == QLatin1String("masked")) ensureMaskedLmModel();
    if (i < 0 || !stale_[i]) return;
    stale_[i] = false;
    views_[i]->setAnalysis(shown_);
}

AttentionView* MainWindow::view(const QString& name) const {
    for (auto* v : views_)
        if (v->viewName() == name) return v;
    return nullptr;
}

AttentionView* MainWindow::currentView() const { return views_.value(tabs_->currentIndex()); }

QStringList MainWindow::viewNames() const {
    QStringList names;
    for (auto* v : views_) names << v->viewName();
    for (const auto& n : translation_->viewNames())
        if (!names.contains(n)) names << n;
    return names;
}

bool MainWindow::showWorkspace(const QString& name) {
    if (name == QLatin1String("encoder")) workspaces_->setCurrentIndex(0);
    else if (name == QLatin1String("translation")) workspaces_->setCurrentIndex(1);
    else return false;
    return true;
}

bool MainWindow::translationActive() const { return workspaces_->currentIndex() == 1; }

bool MainWindow::showView(const QString& name) {
    // In the translation workspace its views come first (it has its own heatmap/head/model).
    if (translationActive() && translation_->showView(name)) return true;
    if (!views_.isEmpty() && !view(name) && translation_->showView(name)) {
        showWorkspace(QStringLiteral("translation"));
        return true;
    }
    for (int i = 0; i < views_.size(); ++i)
        if (views_[i]->viewName() == name) {
            tabs_->setCurrentIndex(i);
            updateCurrentView();
            return true;
        }
    return false;
}

void MainWindow::stepLayer(int delta) {
    if (model_.layers > 0) selection_.setLayer(std::clamp(selection_.layer() + delta, 0, model_.layers - 1));
}

void MainWindow::stepHead(int delta) {
    if (model_.heads > 0) selection_.setLayerHead(selection_.layer(), std::clamp(selection_.head() + delta, 0, model_.heads - 1));
}
