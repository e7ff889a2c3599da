// TranslationWorkspace: layout, wiring to the TranslationWorker, request/result bookkeeping,
// export.
#include "translation_workspace.h"

#include "alignment_view.h"
#include "attention_view.h"
#include "beam_view.h"
#include "head_view.h"
#include "heatmap_view.h"
#include "model_paths.h"
#include "model_view.h"
#include "sentence_links_view.h"
#include "step_through_view.h"
#include "view_export.h"

#include "attnscope/json_export.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace {

constexpr int kDebounceMs = 25;  // as the encoder workspace

}  // namespace

TranslationWorkspace::TranslationWorkspace(QWidget* parent) : QWidget(parent) {
    worker_ = new TranslationWorker;
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
    connect(worker_, &TranslationWorker::stepReady, this, &TranslationWorkspace::onStep);
    connect(worker_, &TranslationWorker::translationReady, this, &TranslationWorkspace::onTranslation);
    connect(worker_, &TranslationWorker::translateFailed, this, &TranslationWorkspace::onTranslateFailed);
    connect(worker_, &TranslationWorker::modelLoaded, this, &TranslationWorkspace::onModelLoaded);
    connect(worker_, &TranslationWorker::loadFailed, this, &TranslationWorkspace::onLoadFailed);
    connect(worker_, &TranslationWorker::loadProgress, this, [this](quint64 id, double fraction, const QString&) {
        if (id == loadId_) loadProgress_->setValue(static_cast<int>(fraction * 100));
    });
    thread_.start();
    // Start on the last decoder layer, mean over its heads: the clearest alignment for a first
    // look (clampTo() brings the layer into range once a model is loaded).
    selection_.setLayerHead(99, 0);
    selection_.setAggregate(Aggregate::MeanHeads);
    buildUi();
    connect(&selection_, &AttentionSelection::changed, this, &TranslationWorkspace::updateControls);
    updateControls();
    QSettings s;
    recent_ = s.value("translation/recent").toStringList();
    refreshModelPicker();
}

TranslationWorkspace::~TranslationWorkspace() {
    QSettings s;
    s.setValue("translation/recent", recent_);
    s.setValue("translation/text", editor_->toPlainText());
    if (!model_.dir.isEmpty()) s.setValue("translation/model", model_.dir);
    worker_->requestLoadCancel();
    worker_->noteLatestTranslate(~quint64{0});  // stops a decoding in progress
    thread_.quit();
    thread_.wait();
}

QString TranslationWorkspace::builtInModelDir() { return QDir(builtInModelsDir()).filePath("attnscope-en-de"); }

void TranslationWorkspace::buildUi() {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 0);

    auto* modelRow = new QHBoxLayout;
    modelRow->addWidget(new QLabel(tr("Model")));
    modelPicker_ = new QComboBox(this);
    modelPicker_->setMinimumContentsLength(18);
    modelRow->addWidget(modelPicker_);
    modelRow->addSpacing(12);
    modelRow->addWidget(new QLabel(tr("Beams")));
    beamSpin_ = new QSpinBox(this);
    beamSpin_->setRange(1, 8);
    beamSpin_->setValue(1);
    beamSpin_->setToolTip(tr("1: greedy decoding; more: beam search with that many beams"));
    modelRow->addWidget(beamSpin_);
    modelRow->addSpacing(12);
    modelRow->addWidget(new QLabel(tr("Attention")));
    kindPicker_ = new QComboBox(this);
    kindPicker_->addItem(tr("Cross (target → source)"), int(AttentionKind::Cross));
    kindPicker_->addItem(tr("Encoder self"), int(AttentionKind::Encoder));
    kindPicker_->addItem(tr("Decoder self"), int(AttentionKind::Decoder));
    kindPicker_->setToolTip(tr("Which attention the heatmap, head and model views show"));
    modelRow->addWidget(kindPicker_);
    modelRow->addSpacing(12);
    modelRow->addWidget(new QLabel(tr("Layer")));
    layerSpin_ = new QSpinBox(this);
    modelRow->addWidget(layerSpin_);
    modelRow->addWidget(new QLabel(tr("Head")));
    headSpin_ = new QSpinBox(this);
    modelRow->addWidget(headSpin_);
    aggregatePicker_ = new QComboBox(this);
    aggregatePicker_->addItem(tr("Single head"), int(Aggregate::SingleHead));
    aggregatePicker_->addItem(tr("Mean over heads"), int(Aggregate::MeanHeads));
    aggregatePicker_->addItem(tr("Mean over layers"), int(Aggregate::MeanLayers));
    modelRow->addWidget(aggregatePicker_);
    hardAlignment_ = new QCheckBox(tr("Hard alignment"), this);
    hardAlignment_->setChecked(true);
    hardAlignment_->setToolTip(tr("Mark the source token each target token attends to most (argmax of the row)"));
    modelRow->addWidget(hardAlignment_);
    hideSpecial_ = new QCheckBox(tr("Hide </s>"), this);
    hideSpecial_->setToolTip(tr("Heatmap/head/model views: drop special tokens and renormalise rows"));
    modelRow->addWidget(hideSpecial_);
    modelRow->addStretch(1);
    layout->addLayout(modelRow);

    editor_ = new QPlainTextEdit(this);
    editor_->setPlaceholderText(tr("Type an English sentence to translate"));
    editor_->setMaximumHeight(fontMetrics().lineSpacing() * 3 + 12);
    editor_->setTabChangesFocus(true);
    layout->addWidget(editor_);
    output_ = new QLabel(this);
    output_->setWordWrap(true);
    output_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont big = output_->font();
    big.setPointSizeF(big.pointSizeF() * 1.35);
    output_->setFont(big);
    output_->setMinimumHeight(QFontMetrics(big).lineSpacing() + 8);
    output_->setContentsMargins(4, 2, 4, 2);
    layout->addWidget(output_);

    stack_ = new QStackedWidget(this);
    tabs_ = new QTabWidget(stack_);
    alignment_ = new AlignmentView;
    translationViews_ = {alignment_, new StepThroughView, new SentenceLinksView, new BeamView};
    const QStringList tTitles = {tr("Alignment"), tr("Step through"), tr("Sentence links"), tr("Beams")};
    for (int i = 0; i < translationViews_.size(); ++i) {
        translationViews_[i]->setSelection(&selection_);
        tabs_->addTab(translationViews_[i], tTitles[i]);
        pages_ << translationViews_[i];
    }
    attentionViews_ = {new HeatmapView, new HeadView, new ModelView};
    const QStringList aTitles = {tr("Heatmap"), tr("Head view"), tr("Model view")};
    for (int i = 0; i < attentionViews_.size(); ++i) {
        attentionViews_[i]->setSelection(&selection_);
        tabs_->addTab(attentionViews_[i], aTitles[i]);
        pages_ << attentionViews_[i];
    }
    stale_.fill(false, pages_.size());
    errorLabel_ = new QLabel(stack_);
    errorLabel_->setAlignment(Qt::AlignCenter);
    errorLabel_->setWordWrap(true);
    errorLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    errorLabel_->setMargin(40);
    stack_->addWidget(tabs_);
    stack_->addWidget(errorLabel_);
    layout->addWidget(stack_, 1);

    auto* statusRow = new QHBoxLayout;
    status_ = new QLabel(this);
    loadProgress_ = new QProgressBar(this);
    loadProgress_->setMaximumWidth(160);
    loadProgress_->setVisible(false);
    cancelLoad_ = new QPushButton(tr("Cancel"), this);
    cancelLoad_->setVisible(false);
    statusRow->addWidget(status_, 1);
    statusRow->addWidget(loadProgress_);
    statusRow->addWidget(cancelLoad_);
    layout->addLayout(statusRow);

    debounce_ = new QTimer(this);
    debounce_->setSingleShot(true);
    debounce_->setInterval(kDebounceMs);
    connect(debounce_, &QTimer::timeout, this, &TranslationWorkspace::requestTranslate);
    connect(editor_, &QPlainTextEdit::textChanged, this, &TranslationWorkspace::scheduleTranslate);
    connect(beamSpin_, QOverload<int>::of(&QSpinBox::valueChanged), this, &TranslationWorkspace::scheduleTranslate);
    connect(tabs_, &QTabWidget::currentChanged, this, &TranslationWorkspace::updateCurrentView);
    connect(cancelLoad_, &QPushButton::clicked, this, [this] {
        worker_->requestLoadCancel();
        status_->setText(tr("Loading cancelled"));
    });
    connect(modelPicker_, QOverload<int>::of(&QComboBox::activated), this, [this](int index) {
        const QString dir = modelPicker_->itemData(index).toString();
        if (dir.isEmpty()) openModelFolder();
        else loadModel(dir);
    });
    connect(kindPicker_, QOverload<int>::of(&QComboBox::activated), this, [this](int index) {
        setAttentionKind(static_cast<AttentionKind>(kindPicker_->itemData(index).toInt()));
    });
    connect(layerSpin_, QOverload<int>::of(&QSpinBox::valueChanged), this, [this](int v) { selection_.setLayer(v); });
    connect(headSpin_, QOverload<int>::of(&QSpinBox::valueChanged), this, [this](int v) { selection_.setHead(v); });
    connect(aggregatePicker_, QOverload<int>::of(&QComboBox::activated), this, [this](int index) {
        selection_.setAggregate(static_cast<Aggregate>(aggregatePicker_->itemData(index).toInt()));
    });
    connect(hardAlignment_, &QCheckBox::toggled, alignment_, &AlignmentView::setShowHardAlignment);
    connect(hideSpecial_, &QCheckBox::toggled, &selection_, &AttentionSelection::setHideSpecialTokens);
}

void TranslationWorkspace::refreshModelPicker() {
    const QSignalBlocker block(modelPicker_);
    modelPicker_->clear();
    QStringList dirs;
    if (QFileInfo::exists(builtInModelDir())) dirs << builtInModelDir();
    for (const auto& d : recent_)
        if (!dirs.contains(d)) dirs << d;
    if (!model_.dir.isEmpty() && !dirs.contains(model_.dir)) dirs.prepend(model_.dir);
    for (const auto& d : dirs)
        modelPicker_->addItem(d == builtInModelDir() ? tr("%1 (built-in en→de)").arg(QFileInfo(d).fileName())
                                                     : QFileInfo(d).fileName(),
                              d);
    modelPicker_->addItem(tr("Open folder…"), QString());
    modelPicker_->setCurrentIndex(std::max(0, modelPicker_->findData(model_.dir)));
}

void TranslationWorkspace::openModelFolder() {
    const QString dir = QFileDialog::getExistingDirectory(
        this, tr("Open a Marian (opus-mt) checkpoint folder: config.json, model.safetensors, source.spm, "
                 "target.spm, vocab.json"));
    if (!dir.isEmpty()) loadModel(dir);
    else refreshModelPicker();
}

void TranslationWorkspace::ensureModel() {
    if (!model_.dir.isEmpty() || loading_) return;
    const QString last = QSettings().value("translation/model").toString();
    loadModel(!last.isEmpty() && QFileInfo::exists(last) ? last : builtInModelDir());
}

void TranslationWorkspace::loadModel(const QString& dir) {
    ++loadId_;
    loading_ = true;
    worker_->noteLatestLoad(loadId_);
    loadProgress_->setValue(0);
    loadProgress_->setVisible(true);
    cancelLoad_->setVisible(true);
    status_->setText(tr("Loading %1…").arg(QFileInfo(dir).fileName()));
    QMetaObject::invokeMethod(worker_, "loadModel", Qt::QueuedConnection, Q_ARG(quint64, loadId_),
                              Q_ARG(QString, dir), Q_ARG(QString, device_));
}

void TranslationWorkspace::setDeviceChoice(const QString& device) {
    if (device == device_) return;
    device_ = device;
    if (!model_.dir.isEmpty()) loadModel(model_.dir);
}

void TranslationWorkspace::setText(const QString& text) { editor_->setPlainText(text); }
void TranslationWorkspace::setBeams(int beams) { beamSpin_->setValue(beams); }

void TranslationWorkspace::setAttentionKind(AttentionKind kind) {
    kind_ = kind;
    kindPicker_->setCurrentIndex(std::max(0, kindPicker_->findData(int(kind))));
    const int layers = layersOfKind();
    if (layers > 0) {
        layerSpin_->setRange(0, layers - 1);
        selection_.clampTo(layers, model_.heads);
    }
    for (int i = 0; i < pages_.size(); ++i)
        if (i >= translationViews_.size()) stale_[i] = true;
    updateCurrentView();
}

int TranslationWorkspace::layersOfKind() const {
    return kind_ == AttentionKind::Encoder ? model_.encoderLayers : model_.decoderLayers;
}

void TranslationWorkspace::scheduleTranslate() { debounce_->start(); }

void TranslationWorkspace::requestTranslate() {
    if (model_.dir.isEmpty()) return;  // the first translation follows the model load
    ++translateId_;
    worker_->noteLatestTranslate(translateId_);
    QMetaObject::invokeMethod(worker_, "translate", Qt::QueuedConnection, Q_ARG(quint64, translateId_),
                              Q_ARG(QString, editor_->toPlainText()), Q_ARG(int, beamSpin_->value()));
}

void TranslationWorkspace::onStep(quint64 id, TranslationPtr partial) {
    if (id <= shownId_ || id != translateId_) return;  // stale, or a newer request is on its way
    partial_ = partial;
    output_->setText(QString::fromStdString(partial->result.translation) + QStringLiteral(" …"));
    status_->setText(tr("decoding… %1 tokens").arg(partial->result.beamSteps.empty()
                                                       ? partial->result.targetTokens.size()
                                                       : partial->result.beamSteps.size()));
    showTranslation();
    Q_EMIT partialShown(partial);
}

void TranslationWorkspace::onTranslation(quint64 id, TranslationPtr translation) {
    if (id <= shownId_) return;
    shownId_ = id;
    shown_ = translation;
    partial_.reset();
    const auto& r = translation->result;
    output_->setText(QString::fromStdString(r.translation));
    const QString pass = translation->beams > 1 ? tr(" + %1 ms attention pass").arg(r.attentionMs, 0, 'f', 1) : QString();
    QString timing = tr("%1 · %2 ms%3 · %4 → %5 tokens · %6")
                         .arg(translation->beams > 1 ? tr("beam %1").arg(translation->beams) : tr("greedy"))
                         .arg(r.generateMs, 0, 'f', 1)
                         .arg(pass)
                         .arg(r.sourceTokens.size())
                         .arg(r.targetTokens.size())
                         .arg(QString::fromStdString(r.device));
    if (r.truncated)
        timing += tr(" · source truncated to the model's %1 tokens (of %2)").arg(r.sourceTokens.size()).arg(r.fullLength);
    status_->setText(timing);
    showTranslation();
    Q_EMIT translationShown(translation);
}

void TranslationWorkspace::showTranslation() {
    stack_->setCurrentWidget(tabs_);
    stale_.fill(true);
    updateCurrentView();
}

void TranslationWorkspace::onTranslateFailed(quint64 id, const QString& message) {
    if (id <= shownId_) return;
    shownId_ = id;
    shown_.reset();
    partial_.reset();
    output_->clear();
    showError(message);
}

void TranslationWorkspace::onModelLoaded(quint64 id, const TranslationModelInfo& info) {
    if (id != loadId_) return;
    loading_ = false;
    loadProgress_->setVisible(false);
    cancelLoad_->setVisible(false);
    model_ = info;
    recent_.removeAll(info.dir);
    recent_.prepend(info.dir);
    while (recent_.size() > 8) recent_.removeLast();
    refreshModelPicker();
    status_->setText(tr("%1 · %2+%3 layers × %4 heads · %5")
                         .arg(info.name)
                         .arg(info.encoderLayers)
                         .arg(info.decoderLayers)
                         .arg(info.heads)
                         .arg(info.device));
    headSpin_->setRange(0, info.heads - 1);
    setAttentionKind(kind_);
    Q_EMIT modelReady(info);
    requestTranslate();
}

void TranslationWorkspace::onLoadFailed(quint64 id, const QString& message) {
    if (id != loadId_) return;
    loading_ = false;
    loadProgress_->setVisible(false);
    cancelLoad_->setVisible(false);
    refreshModelPicker();
    if (message.isEmpty()) return;  // cancelled: the previous model stays
    showError(tr("<b>The translation model could not be opened.</b><br><br>%1<br><br>%2")
                  .arg(message.toHtmlEscaped().replace("\n", "<br>"),
                       model_.dir.isEmpty()
                           ? tr("Choose a Marian (opus-mt) checkpoint folder with Model › Open folder…")
                           : tr("Still using %1; keep typing or choose another folder.").arg(model_.name.toHtmlEscaped())));
}

void TranslationWorkspace::showError(const QString& message) {
    errorLabel_->setText(message);
    stack_->setCurrentWidget(errorLabel_);
    Q_EMIT errorShown(message);
}

QString TranslationWorkspace::errorText() const {
    return stack_->currentWidget() == errorLabel_ ? errorLabel_->text() : QString();
}

QString TranslationWorkspace::translationText() const { return output_->text(); }

void TranslationWorkspace::updateControls() {
    const QSignalBlocker a(layerSpin_), b(headSpin_), c(aggregatePicker_), d(hideSpecial_);
    layerSpin_->setValue(selection_.layer());
    headSpin_->setValue(selection_.head());
    aggregatePicker_->setCurrentIndex(std::max(0, aggregatePicker_->findData(int(selection_.aggregate()))));
    headSpin_->setEnabled(selection_.aggregate() == Aggregate::SingleHead);
    hideSpecial_->setChecked(selection_.hideSpecialTokens());
}

void TranslationWorkspace::updateCurrentView() {
    const int i = tabs_->currentIndex();
    if (i < 0 || !stale_[i]) return;
    stale_[i] = false;
    const TranslationPtr t = partial_ ? partial_ : shown_;
    if (i < translationViews_.size()) {
        translationViews_[i]->setTranslation(t);
    } else {
        attentionViews_[i - translationViews_.size()]->setAnalysis(t ? analysisForTranslation(*t, kind_) : nullptr);
    }
}

QWidget* TranslationWorkspace::view(const QString& name) const {
    for (auto* v : translationViews_)
        if (v->viewName() == name) return v;
    for (auto* v : attentionViews_)
        if (v->viewName() == name) return v;
    return nullptr;
}

QWidget* TranslationWorkspace::currentView() const { return pages_.value(tabs_->currentIndex()); }

QStringList TranslationWorkspace::viewNames() const {
    QStringList names;
    for (auto* v : translationViews_) names << v->viewName();
    for (auto* v : attentionViews_) names << v->viewName();
    return names;
}

bool TranslationWorkspace::showView(const QString& name) {
    for (int i = 0; i < pages_.size(); ++i)
        if (pages_[i] == view(name)) {
            tabs_->setCurrentIndex(i);
            updateCurrentView();
            return true;
        }
    return false;
}

QString TranslationWorkspace::exportTo(const QString& format, const QString& path, double pngScale) {
    QString error;
    auto* v = currentView();
    if (format == "png") {
        if (!view_export::toPng(v, path, pngScale, &error)) return error;
        return {};
    }
    if (format == "svg") {
        if (!view_export::toSvg(v, path, tr("attnscope translation"), &error)) return error;
        return {};
    }
    if (!shown_) return tr("There is no translation to export yet.");
    const auto& r = shown_->result;
    try {
        if (format == "json") {
            const int layer = r.crossAttentions.layers - 1;
            attnscope::writeTextFile(attnscope::translationJson(r, model_.dir.toStdString(), shown_->beams,
                                                                attnscope::hardAlignment(r, layer), layer),
                                     path.toStdString());
            return {};
        }
        if (format == "npy") {
            const bool attentionPage = tabs_->currentIndex() >= translationViews_.size();
            const auto& stack = !attentionPage || kind_ == AttentionKind::Cross ? r.crossAttentions
                                : kind_ == AttentionKind::Encoder             ? r.encoderAttentions
                                                                              : r.decoderAttentions;
            if (!view_export::attentionToNpy(stack, path, &error)) return error;
            return {};
        }
    } catch (const std::exception& e) {
        return QString::fromUtf8(e.what());
    }
    return tr("Unknown export format '%1'").arg(format);
}
