// TranslationWorkspace: its controls, request and streamed-result handling, export.
#include "translation_workspace.h"

#include "attention_lab_view.h"

#include "alignment_view.h"
#include "beam_view.h"
#include "head_view.h"
#include "flow_layout.h"
#include "heatmap_view.h"
#include "lesson_file.h"
#include "model_paths.h"
#include "model_view.h"
#include "presets.h"
#include "sentence_links_view.h"
#include "step_through_view.h"
#include "view_export.h"

#include "attnscope/json_export.h"
#include "attnscope/translation_quality.h"

#include <QLocale>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

TranslationWorkspace::TranslationWorkspace(QWidget* parent) : TranslationWorkspace(new TranslationWorker, parent) {}

// The base owns the worker and its thread; the typed pointer is for the queued calls.
TranslationWorkspace::TranslationWorkspace(TranslationWorker* worker, QWidget* parent)
    : Workspace(worker, parent), worker_(worker) {
    connect(worker_, &TranslationWorker::stepReady, this, &TranslationWorkspace::onStep);
    connect(worker_, &TranslationWorker::translationReady, this, &TranslationWorkspace::onTranslation);
    connect(worker_, &TranslationWorker::inspected, this, &TranslationWorkspace::onInspected);
    connect(&selection_, &AttentionSelection::changed, this, [this] {
        if (currentView() == labView_) requestInspection();
    });
    // Start on the last decoder layer, mean over its heads: the clearest alignment for a first
    // look (clampTo() brings the layer into range once a model is loaded).
    selection_.setLayerHead(99, 0);
    selection_.setAggregate(Aggregate::MeanHeads);

    modelRow()->addWidget(new QLabel(tr("Beams"), this));
    beamSpin_ = new QSpinBox(this);
    beamSpin_->setRange(1, 8);
    beamSpin_->setValue(1);
    beamSpin_->setToolTip(tr("1: greedy decoding; more: beam search with that many beams"));
    modelRow()->addWidget(beamSpin_);
    modelRow()->addSpacing(12);
    modelRow()->addWidget(new QLabel(tr("Attention"), this));
    kindPicker_ = new QComboBox(this);
    kindPicker_->addItem(tr("Cross (target → source)"), int(AttentionKind::Cross));
    kindPicker_->addItem(tr("Encoder self"), int(AttentionKind::Encoder));
    kindPicker_->addItem(tr("Decoder self"), int(AttentionKind::Decoder));
    kindPicker_->setToolTip(tr("Which attention the heatmap, head and model views show"));
    modelRow()->addWidget(kindPicker_);
    modelRow()->addSpacing(12);
    modelRow()->addWidget(new QLabel(tr("Preset"), this));
    presetPicker_ = new QComboBox(this);
    presetPicker_->addItem(tr("Choose a sentence..."));
    for (const auto& p : translationPresets()) presetPicker_->addItem(p.name, p.text);
    presetPicker_->setToolTip(tr("Lesson sentences (resources/lessons/presets.json)"));
    // Long lesson names must not widen the row past a 1024-pixel window; the list shows them whole.
    presetPicker_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    presetPicker_->setMinimumContentsLength(16);
    modelRow()->addWidget(presetPicker_);

    setAggregateChoices({Aggregate::SingleHead, Aggregate::MeanHeads, Aggregate::MeanLayers});
    hardAlignment_ = new QCheckBox(tr("Hard alignment"), this);
    hardAlignment_->setChecked(true);
    hardAlignment_->setToolTip(tr("Mark the source token each target token attends to most (argmax of the row)"));
    selectionRow()->addWidget(hardAlignment_);
    hideSpecialBox()->setText(tr("Hide </s>"));
    hideSpecialBox()->setToolTip(tr("Heatmap/head/model views: drop special tokens and renormalise rows"));

    editor_->setPlaceholderText(tr("Type an English sentence to translate"));
    editor_->setMaximumHeight(fontMetrics().lineSpacing() * 3 + 12);
    // The translation: two lines tall whatever its length (longer ones scroll), so the views
    // below do not move when it wraps while the user types.
    output_ = new QPlainTextEdit(this);
    output_->setReadOnly(true);
    output_->setFrameShape(QFrame::NoFrame);
    output_->setFocusPolicy(Qt::ClickFocus);
    output_->setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    output_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    output_->viewport()->setAutoFillBackground(false);
    applyOutputFont();
    // Out-of-domain warning beside the translation (it never pushes the views down).
    qualityNote_ = new QLabel(this);
    qualityNote_->setObjectName("qualityNote");
    qualityNote_->setWordWrap(true);
    qualityNote_->setTextFormat(Qt::RichText);
    qualityNote_->setAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    qualityNote_->setFixedWidth(fontMetrics().averageCharWidth() * 46);
    qualityNote_->setMaximumHeight(output_->height());
    qualityNote_->setStyleSheet("QLabel#qualityNote { color: #b35900; }");
    qualityNote_->hide();
    connect(qualityNote_, &QLabel::linkActivated, this, [this] { Q_EMIT downloadRequested(); });
    auto* outputRow = new QHBoxLayout;
    outputRow->addWidget(output_, 1);
    outputRow->addWidget(qualityNote_);
    extraArea()->addLayout(outputRow);
    comparison_ = new QLabel(this);
    comparison_->setWordWrap(true);
    comparison_->setTextFormat(Qt::PlainText);
    comparison_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    comparison_->hide();
    extraArea()->addWidget(comparison_);

    alignment_ = new AlignmentView;
    labView_ = new AttentionLabView;
    const QVector<QPair<AttentionView*, QString>> pages = {{alignment_, tr("Alignment")},
                                                           {new StepThroughView, tr("Step through")},
                                                           {new SentenceLinksView, tr("Sentence links")},
                                                           {new BeamView, tr("Beams")},
                                                           {new HeatmapView, tr("Heatmap")},
                                                           {new HeadView, tr("Head view")},
                                                           {new ModelView, tr("Model view")},
                                                           {labView_, tr("Attention lab")}};
    for (const auto& [page, title] : pages) addPage(page, title);
    finishLayout();

    connect(beamSpin_, QOverload<int>::of(&QSpinBox::valueChanged), this, &TranslationWorkspace::scheduleRequest);
    connect(kindPicker_, QOverload<int>::of(&QComboBox::activated), this,
            [this](int index) { setAttentionKind(static_cast<AttentionKind>(kindPicker_->itemData(index).toInt())); });
    connect(presetPicker_, QOverload<int>::of(&QComboBox::activated), this, [this](int index) {
        if (index <= 0) return;
        setText(presetPicker_->itemData(index).toString());
        presetPicker_->setCurrentIndex(0);
    });
    connect(hardAlignment_, &QCheckBox::toggled, alignment_, &AlignmentView::setShowHardAlignment);
    Workspace::restoreSettings();  // recent folders: the picker is ready before a model loads
}

namespace {
const char* kindName(AttentionKind k) {
    return k == AttentionKind::Encoder ? "encoder" : k == AttentionKind::Decoder ? "decoder" : "cross";
}
}  // namespace

QJsonObject TranslationWorkspace::lessonState() const {
    QJsonObject o = Workspace::lessonState();
    o["beams"] = beamSpin_->value();
    o["attention"] = QString::fromLatin1(kindName(kind_));
    return o;
}

QString TranslationWorkspace::checkLessonState(const QJsonObject& o) const {
    if (auto e = lesson::expectInt(o, "beams", beamSpin_->minimum(), beamSpin_->maximum()); !e.isEmpty()) return e;
    if (auto e = lesson::expectString(o, "attention"); !e.isEmpty()) return e;
    const QString kind = o.value("attention").toString(QStringLiteral("cross"));
    if (kind != "cross" && kind != "encoder" && kind != "decoder")
        return tr("\"attention\" must be cross, encoder or decoder, not \"%1\"").arg(kind);
    return Workspace::checkLessonState(o);
}

void TranslationWorkspace::applyLessonState(const QJsonObject& o) {
    setBeams(o.value("beams").toInt(beamSpin_->value()));
    const QString kind = o.value("attention").toString(QString::fromLatin1(kindName(kind_)));
    setAttentionKind(kind == "encoder" ? AttentionKind::Encoder
                     : kind == "decoder" ? AttentionKind::Decoder
                                         : AttentionKind::Cross);
    Workspace::applyLessonState(o);
}

void TranslationWorkspace::applyOutputFont() {
    // The translation in larger type, two lines tall; relative to the workspace's font so that
    // it follows presentation mode's scaling.
    QFont big = font();
    big.setPointSizeF(big.pointSizeF() * 1.35);
    output_->setFont(big);
    const int margin = static_cast<int>(std::ceil(output_->document()->documentMargin()));
    output_->setFixedHeight(2 * QFontMetrics(big).lineSpacing() + 2 * margin + 2);
}

void TranslationWorkspace::changeEvent(QEvent* event) {
    Workspace::changeEvent(event);
    if (event->type() == QEvent::FontChange) applyOutputFont();
}

TranslationWorkspace::~TranslationWorkspace() { saveSettings(); }

QString TranslationWorkspace::builtInModelDir() { return QDir(builtInModelsDir()).filePath("attnscope-en-de"); }

void TranslationWorkspace::ensureModel() {
    if (!model_.dir.isEmpty() || isLoading()) return;
    const QString last = QSettings().value("translation/model").toString();
    loadModel(!last.isEmpty() && QFileInfo::exists(last) ? last : builtInModelDir());
}

void TranslationWorkspace::restoreSettings() {
    Workspace::restoreSettings();
    setText(QSettings().value("translation/text", defaultTranslationText()).toString());
}

void TranslationWorkspace::setBeams(int beams) { beamSpin_->setValue(beams); }

void TranslationWorkspace::setAttentionKind(AttentionKind kind) {
    kind_ = kind;
    kindPicker_->setCurrentIndex(std::max(0, kindPicker_->findData(int(kind))));
    syncSelectionRanges();
    markPagesStale();
    updateCurrentPage();
}

int TranslationWorkspace::selectableLayers() const {
    return kind_ == AttentionKind::Encoder ? model_.layers : model_.decoderLayers;
}

bool TranslationWorkspace::followsKind(const AttentionView* page) const {
    const QString name = page->viewName();
    return name == QLatin1String("heatmap") || name == QLatin1String("head") || name == QLatin1String("model") ||
           name == QLatin1String("lab");
}

QString TranslationWorkspace::inspectionKey() const {
    return shown_ ? QStringLiteral("%1:%2:%3:%4").arg(shown_->requestId).arg(int(kind_)).arg(selection_.layer()).arg(selection_.head())
                  : QString();
}

void TranslationWorkspace::requestInspection() {
    // While a translation streams, its steps bring the lab's head (the worker inspects them).
    worker_->setLabWatch(true, int(kind_), selection_.layer(), selection_.head());
    if (partial_ && partial_->inspection) showStreamedInspection(partial_);
    if (!shown_ || partial_ || shown_->result.nbest.empty()) return;  // a complete translation: asked for below
    const QString key = inspectionKey();
    if (key == inspectionAsked_) return;
    inspectionAsked_ = key;
    const auto& ids = shown_->result.nbest.front().ids;
    const QList<int> decoderInput(ids.begin(), ids.end() - (ids.size() > 1 ? 1 : 0));
    const auto list = [](const std::set<std::pair<int, int>>& heads) {
        return QString::fromStdString(attnscope::headListString(heads));
    };
    const auto& off = shown_->ablation;  // the shown translation's own: the lab explains what is shown
    QMetaObject::invokeMethod(worker_, "inspect", Qt::QueuedConnection, Q_ARG(quint64, shown_->requestId),
                              Q_ARG(QString, shown_->text), Q_ARG(int, int(kind_)), Q_ARG(int, selection_.layer()),
                              Q_ARG(int, selection_.head()), Q_ARG(QList<int>, decoderInput),
                              Q_ARG(QString, list(off.encoder)), Q_ARG(QString, list(off.decoder)),
                              Q_ARG(QString, list(off.cross)));
}

void TranslationWorkspace::showStreamedInspection(const TranslationPtr& partial) {
    if (currentView() != labView_ || !partial->inspection) return;
    if (partial->inspectionKind != int(kind_) || partial->inspectionLayer != selection_.layer() ||
        partial->inspectionHead != selection_.head())
        return;  // the lab moved to another head since this step
    labView_->setInspection(partial->inspection);
}

void TranslationWorkspace::onInspected(quint64 id, int kind, int layer, int head, InspectionPtr inspection) {
    if (QStringLiteral("%1:%2:%3:%4").arg(id).arg(kind).arg(layer).arg(head) != inspectionAsked_) return;
    labView_->setInspection(std::move(inspection));
    inspectionShown_ = inspectionAsked_;
    checkCurrentViewReady();
}

QString TranslationWorkspace::comparisonText() const {
    if (!shown_ || shown_->ablation.empty() || !allHeadsOn_ || allHeadsOn_->text != shown_->text) return {};
    return QString::fromStdString(allHeadsOn_->result.translation);
}

void TranslationWorkspace::updateComparison() {
    const QString before = comparisonText();
    comparison_->setVisible(!before.isEmpty());
    if (before.isEmpty()) return;
    const bool same = before == QString::fromStdString(shown_->result.translation);
    comparison_->setText(same ? tr("With every head on: the same translation.")
                              : tr("With every head on: %1").arg(before));
}

bool TranslationWorkspace::currentViewPending() const {
    return currentView() == labView_ && (!shown_ || inspectionKey() != inspectionShown_);
}

void TranslationWorkspace::sendRequest(quint64 id) {
    const QString text = editor_->toPlainText();
    const auto& off = ablation();
    const auto list = [](const std::set<std::pair<int, int>>& heads) {
        return QString::fromStdString(attnscope::headListString(heads));
    };
    QMetaObject::invokeMethod(worker_, "translate", Qt::QueuedConnection, Q_ARG(quint64, id), Q_ARG(QString, text),
                              Q_ARG(int, beamSpin_->value()), Q_ARG(QString, list(off.encoder)),
                              Q_ARG(QString, list(off.decoder)), Q_ARG(QString, list(off.cross)));
    if (text.trimmed().isEmpty()) return;  // the worker answers with "The text is empty"
    // Until its first rows arrive, the request is a partial with none: the views keep the last
    // translation, dimmed (feedPage), instead of going blank on every keystroke.
    auto pending = std::make_shared<Translation>();
    pending->requestId = id;
    pending->text = text;
    pending->modelName = model_.name;
    pending->beams = beamSpin_->value();
    pending->complete = false;
    partial_ = pending;
    if (!errorText().isEmpty()) {
        // The user typed again after an error (empty text, a failed load): it no longer applies.
        setStatus(tr("translating…"));
        showPages();
    } else {
        markPagesStale();
        updateCurrentPage();
    }
}

bool TranslationWorkspace::hasRows(const TranslationPtr& t) {
    return t && !t->result.targetTokens.empty() && t->result.crossAttentions.queries > 0;
}

void TranslationWorkspace::onStep(quint64 id, TranslationPtr partial) {
    if (!acceptPartial(id)) return;  // stale, or a newer request is on its way
    partial_ = partial;
    setOutputText(QString::fromStdString(partial->result.translation) + QStringLiteral(" …"));
    setStatus(tr("decoding… %1 tokens")
                  .arg(partial->result.beamSteps.empty() ? partial->result.targetTokens.size()
                                                         : partial->result.beamSteps.size()));
    showPages();
    showStreamedInspection(partial);
    Q_EMIT partialShown(partial);
}

void TranslationWorkspace::onTranslation(quint64 id, TranslationPtr translation) {
    if (!acceptComplete(id)) return;
    shown_ = translation;
    if (!partial_ || partial_->requestId <= id) partial_.reset();  // a newer request stays pending
    const auto& r = translation->result;
    setOutputText(QString::fromStdString(r.translation));
    showQualityNote(*translation);
    if (translation->ablation.empty()) allHeadsOn_ = translation;
    updateComparison();
    const QString pass =
        translation->beams > 1 ? tr(" + %1 ms attention pass").arg(QLocale().toString(r.attentionMs, 'f', 1)) : QString();
    QString timing = tr("%1 · %2 ms%3 · %4 → %5 tokens · %6")
                         .arg(translation->beams > 1 ? tr("beam %1").arg(translation->beams) : tr("greedy"))
                         .arg(QLocale().toString(r.generateMs, 'f', 1))
                         .arg(pass)
                         .arg(r.sourceTokens.size())
                         .arg(r.targetTokens.size())
                         .arg(QString::fromStdString(r.device));
    if (r.truncated)
        timing +=
            tr(" · source truncated to the model's %1 tokens (of %2)").arg(r.sourceTokens.size()).arg(r.fullLength);
    setStatus(timing);
    showPages();
    Q_EMIT translationShown(translation);
    Q_EMIT resultShown();
}

void TranslationWorkspace::clearResult() {
    shown_.reset();
    partial_.reset();
    setOutputText(QString());
    qualityNote_->hide();
    setStatus(QString());  // the last translation's timing does not describe the error
}

void TranslationWorkspace::feedPage(AttentionView* page) {
    const AttentionKind kind = followsKind(page) ? kind_ : AttentionKind::Cross;
    TranslationPtr t = partial_ ? partial_ : shown_;
    AnalysisPtr analysis = t ? analysisForTranslation(*t, kind) : nullptr;
    // A request in flight that has nothing this page can show yet (no rows; while streaming,
    // no encoder or decoder self-attention): the last complete translation stays, dimmed.
    // The lab follows the stream on its own (the steps carry its inspection): only rows matter.
    const bool keepPrevious = partial_ && shown_ && (!hasRows(partial_) || (!analysis && page != labView_));
    if (keepPrevious) {
        t = shown_;
        analysis = analysisForTranslation(*shown_, kind);
    }
    page->setDimmed(keepPrevious);
    page->setInput(analysis, t);
    if (page == currentView() && page != labView_) worker_->setLabWatch(false);
    if (page == labView_) {
        // The lab follows one head: an aggregate of heads has no single query, key and value.
        if (selection_.aggregate() != Aggregate::SingleHead) selection_.setAggregate(Aggregate::SingleHead);
        requestInspection();
    }
}

QString TranslationWorkspace::translationText() const { return output_->toPlainText(); }

void TranslationWorkspace::setOutputText(const QString& text) {
    if (output_->toPlainText() != text) output_->setPlainText(text);
}

QString TranslationWorkspace::qualityWarning() const {
    return qualityNote_->isHidden() ? QString() : qualityNote_->text();
}

void TranslationWorkspace::showQualityNote(const Translation& translation) {
    // The confidence threshold was measured for the built-in model (or a copy of its folder)
    // only; the signs of a degenerate output (a run of one letter, a looping phrase) hold for
    // any model.
    const bool builtIn =
        QFileInfo(model_.dir).canonicalFilePath() == QFileInfo(builtInModelDir()).canonicalFilePath() ||
        QFileInfo(model_.dir).fileName() == QFileInfo(builtInModelDir()).fileName();
    attnscope::QualityThresholds thresholds = attnscope::builtInModelThresholds();
    if (!builtIn) thresholds.minMeanLogProbability = -std::numeric_limits<double>::infinity();
    const auto quality = attnscope::assessTranslation(translation.result, thresholds);
    if (!quality.suspicious()) {
        qualityNote_->hide();
        return;
    }
    const QString why = QString::fromStdString(quality.describe()).toHtmlEscaped();
    qualityNote_->setText(builtIn ? tr("⚠ Likely wrong: the built-in model knows only image captions. For other text, "
                                       "<a href=\"get\">get a general-purpose translator</a> (e.g. opus-mt-en-de).")
                                  : tr("⚠ Likely wrong: this text seems to be outside what the model knows."));
    qualityNote_->setToolTip(
        tr("<p>Signs: %1.</p><p>A general-purpose English→German model, e.g. Helsinki-NLP/opus-mt-en-de, "
           "comes with File › Download model… or the model picker's last entry.</p>")
            .arg(why));
    qualityNote_->show();
}

QString TranslationWorkspace::exportResult(const QString& format, const QString& path) {
    const auto& r = shown_->result;
    if (format == "json") {
        const int layer = r.crossAttentions.layers - 1;
        attnscope::writeTextFile(attnscope::translationJson(r, model_.dir.toStdString(), shown_->beams,
                                                            attnscope::hardAlignment(r, layer), layer),
                                 path.toStdString());
        return {};
    }
    const auto* page = currentView();
    const auto& stack = !page || !followsKind(page) || kind_ == AttentionKind::Cross ? r.crossAttentions
                        : kind_ == AttentionKind::Encoder                            ? r.encoderAttentions
                                                                                     : r.decoderAttentions;
    QString error;
    return view_export::attentionToNpy(stack, path, &error) ? QString() : error;
}

QVector<QPair<QString, QString>> TranslationWorkspace::builtInModels() const {
    // The project's own models, with their direction (en→fr: the language pair of Bahdanau et
    // al.'s Fig. 3).
    QVector<QPair<QString, QString>> out;
    for (const auto& [name, direction] : {std::pair{"attnscope-en-de", "en→de"}, std::pair{"attnscope-en-fr", "en→fr"}}) {
        const QString dir = QDir::cleanPath(QFileInfo(QDir(builtInModelsDir()).filePath(name)).absoluteFilePath());
        if (QFileInfo::exists(QDir(dir).filePath("config.json")))
            out.push_back({dir, tr("%1 (built-in %2)").arg(QFileInfo(dir).fileName(), QString::fromUtf8(direction))});
    }
    return out;
}

QString TranslationWorkspace::downloadActionText() const { return tr("Get a general-purpose translator…"); }

QString TranslationWorkspace::openFolderCaption() const {
    return tr("Open a Marian (opus-mt) checkpoint folder: config.json, model.safetensors or pytorch_model.bin, "
              "source.spm, target.spm, "
              "vocab.json");
}

QString TranslationWorkspace::modelSummary(const ModelInfo& info) const {
    return tr("%1 · %2+%3 layers × %4 heads · %5")
        .arg(info.name)
        .arg(info.layers)
        .arg(info.decoderLayers)
        .arg(info.heads)
        .arg(info.device);
}

QString TranslationWorkspace::loadFailedTitle() const { return tr("The translation model could not be opened."); }
QString TranslationWorkspace::noModelHint() const {
    return tr("Choose a Marian (opus-mt) checkpoint folder with Model › Open model folder…");
}
