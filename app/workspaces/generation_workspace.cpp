// GenerationWorkspace: its controls, streamed and complete generations, the views' input.
#include "generation_workspace.h"

#include "attention_lab_view.h"
#include "flow_layout.h"
#include "generation_steps_view.h"
#include "head_stats_view.h"
#include "head_view.h"
#include "heatmap_view.h"
#include "model_view.h"
#include "view_export.h"

#include "attnscope/json_export.h"

#include <QEvent>
#include <QLabel>
#include <QTextEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QTextCursor>
#include <QTextDocument>

#include <cmath>

AnalysisPtr analysisForGeneration(const Generation& g) {
    auto a = std::make_shared<Analysis>();
    a->requestId = g.requestId;
    a->text = g.prompt;
    a->modelName = g.modelName;
    a->result.text = g.result.text;
    a->result.tokens = g.result.tokens;
    a->result.attentions = g.result.attentions;
    a->maskable = false;
    a->maskToken.clear();
    a->hasMaskedLm = false;
    a->ablatedHeads = g.ablation.decoder;
    a->kindLabel = QCoreApplication::translate("GenerationWorkspace", "Causal self-attention");
    return a;
}

GenerationWorkspace::GenerationWorkspace(QWidget* parent) : GenerationWorkspace(new GenerationWorker, parent) {}

GenerationWorkspace::GenerationWorkspace(GenerationWorker* worker, QWidget* parent)
    : Workspace(worker, parent), worker_(worker) {
    connect(worker_, &GenerationWorker::stepReady, this, &GenerationWorkspace::onStep);
    connect(worker_, &GenerationWorker::generationReady, this, &GenerationWorkspace::onGeneration);
    connect(worker_, &GenerationWorker::inspected, this, &GenerationWorkspace::onInspected);
    connect(&selection_, &AttentionSelection::changed, this, [this] {
        if (currentView() == labView_) requestInspection();
    });

    modelRow()->addWidget(new QLabel(tr("Beams"), this));
    beamSpin_ = new QSpinBox(this);
    beamSpin_->setRange(1, 8);
    beamSpin_->setToolTip(tr("1: greedy decoding (the most likely token each step); more: beam search"));
    modelRow()->addWidget(beamSpin_);
    modelRow()->addSpacing(12);
    modelRow()->addWidget(new QLabel(tr("New tokens"), this));
    tokensSpin_ = new QSpinBox(this);
    tokensSpin_->setRange(1, 200);
    tokensSpin_->setValue(20);
    tokensSpin_->setToolTip(tr("How many tokens the model writes after the prompt (it stops earlier at its end token)"));
    modelRow()->addWidget(tokensSpin_);
    connect(beamSpin_, QOverload<int>::of(&QSpinBox::valueChanged), this, &GenerationWorkspace::scheduleRequest);
    connect(tokensSpin_, QOverload<int>::of(&QSpinBox::valueChanged), this, &GenerationWorkspace::scheduleRequest);

    setAggregateChoices({Aggregate::SingleHead, Aggregate::MeanHeads, Aggregate::MaxHeads, Aggregate::MeanLayers,
                         Aggregate::Rollout});
    hideSpecialBox()->setText(tr("Hide <|endoftext|>"));
    editor_->setPlaceholderText(tr("Type the start of a text: the model continues it"));
    editor_->setMaximumHeight(fontMetrics().lineSpacing() * 3 + 12);
    // The prompt and its continuation, three lines tall whatever their length (longer ones
    // scroll, following the newest token), so the views below do not move while it streams.
    output_ = new QTextEdit(this);
    output_->setReadOnly(true);
    output_->setFrameShape(QFrame::NoFrame);
    output_->setFocusPolicy(Qt::ClickFocus);
    output_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    output_->viewport()->setAutoFillBackground(false);
    applyOutputFont();
    extraArea()->addWidget(output_);

    labView_ = new AttentionLabView;
    stepsView_ = new GenerationStepsView;
    const QVector<QPair<AttentionView*, QString>> pages = {{stepsView_, tr("Step through")},
                                                           {new HeatmapView, tr("Heatmap")},
                                                           {new HeadView, tr("Head view")},
                                                           {new ModelView, tr("Model view")},
                                                           {new HeadStatsView, tr("Head statistics")},
                                                           {labView_, tr("Attention lab")}};
    for (const auto& [page, title] : pages) addPage(page, title);
    finishLayout();
}

void GenerationWorkspace::setBeams(int beams) { beamSpin_->setValue(beams); }
void GenerationWorkspace::setNewTokens(int tokens) { tokensSpin_->setValue(tokens); }

QString GenerationWorkspace::outputText() const { return output_->toPlainText(); }

void GenerationWorkspace::applyOutputFont() {
    // Larger type, relative to the workspace's font so that it follows presentation mode.
    QFont big = font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    output_->setFont(big);
    const int margin = static_cast<int>(std::ceil(output_->document()->documentMargin()));
    output_->setFixedHeight(3 * QFontMetrics(big).lineSpacing() + 2 * margin + 2);
}

void GenerationWorkspace::changeEvent(QEvent* event) {
    Workspace::changeEvent(event);
    if (event->type() == QEvent::FontChange && output_) applyOutputFont();
}

void GenerationWorkspace::setOutput(const attnscope::TextGeneration& r, bool streaming) {
    // The prompt as typed, the continuation in bold (it is the model's).
    const QString continuation = QString::fromStdString(r.continuation).toHtmlEscaped().replace('\n', "<br>");
    output_->setHtml(QString::fromStdString(r.prompt).toHtmlEscaped().replace('\n', "<br>") + QStringLiteral("<b>") +
                     continuation + QStringLiteral("</b>") + (streaming ? QStringLiteral(" …") : QString()));
    output_->moveCursor(QTextCursor::End);  // the newest token in sight
    output_->ensureCursorVisible();
}

void GenerationWorkspace::sendRequest(quint64 id) {
    const QString text = editor_->toPlainText();
    QMetaObject::invokeMethod(worker_, "generate", Qt::QueuedConnection, Q_ARG(quint64, id), Q_ARG(QString, text),
                              Q_ARG(int, beamSpin_->value()), Q_ARG(int, tokensSpin_->value()),
                              Q_ARG(QString, QString::fromStdString(attnscope::headListString(ablation().decoder))));
    if (text.trimmed().isEmpty()) return;  // the worker answers with "The prompt is empty"
    auto pending = std::make_shared<Generation>();
    pending->requestId = id;
    pending->prompt = text;
    pending->complete = false;
    partial_ = pending;
    markPagesStale();
    updateCurrentPage();
}

void GenerationWorkspace::onStep(quint64 id, GenerationPtr partial) {
    if (!acceptPartial(id)) return;
    partial_ = partial;
    setOutput(partial->result, true);
    setStatus(tr("writing… %1 new tokens").arg(partial->result.tokens.size() - partial->result.promptTokens));
    Q_EMIT partialShown(partial);
}

void GenerationWorkspace::onGeneration(quint64 id, GenerationPtr generation) {
    if (!acceptComplete(id)) return;
    shown_ = generation;
    analysis_ = analysisForGeneration(*generation);
    if (!partial_ || partial_->requestId <= id) partial_.reset();
    const auto& r = generation->result;
    setOutput(r, false);
    selection_.clampTo(r.attentions.layers, r.attentions.heads);
    if (selection_.selectedToken() >= static_cast<int>(r.tokens.size())) selection_.setSelectedToken(-1);
    if (selection_.hoveredToken() >= static_cast<int>(r.tokens.size())) selection_.setHoveredToken(-1);
    setStatus(tr("%1 prompt + %2 new tokens · %3 ms · %4")
                  .arg(r.promptTokens)
                  .arg(r.tokens.size() - r.promptTokens)
                  .arg(QLocale().toString(r.generateMs, 'f', 1))
                  .arg(generation->beams > 1 ? tr("beam search, %1 beams").arg(generation->beams) : tr("greedy")));
    showPages();
    Q_EMIT generationShown(generation);
    Q_EMIT resultShown();
}

void GenerationWorkspace::clearResult() {
    shown_.reset();
    analysis_.reset();
    output_->clear();
}

void GenerationWorkspace::feedPage(AttentionView* page) {
    // While a generation streams, the views keep the last complete one, dimmed.
    page->setDimmed(partial_ && shown_);
    if (page == stepsView_ && shown_) stepsView_->setPromptTokens(static_cast<int>(shown_->result.promptTokens));
    page->setInput(analysis_, nullptr);
    if (page == labView_) {
        if (selection_.aggregate() != Aggregate::SingleHead) selection_.setAggregate(Aggregate::SingleHead);
        requestInspection();
    }
}

void GenerationWorkspace::requestInspection() {
    if (!shown_ || shown_->result.nbest.empty()) return;
    const QString key =
        QStringLiteral("%1:%2:%3").arg(shown_->requestId).arg(selection_.layer()).arg(selection_.head());
    if (key == inspectionAsked_) return;
    inspectionAsked_ = key;
    const auto& ids = shown_->result.nbest.front().ids;
    QMetaObject::invokeMethod(worker_, "inspect", Qt::QueuedConnection, Q_ARG(quint64, shown_->requestId),
                              Q_ARG(QList<int>, QList<int>(ids.begin(), ids.end())), Q_ARG(int, selection_.layer()),
                              Q_ARG(int, selection_.head()),
                              Q_ARG(QString, QString::fromStdString(attnscope::headListString(shown_->ablation.decoder))));
}

void GenerationWorkspace::onInspected(quint64 id, int layer, int head, InspectionPtr inspection) {
    if (QStringLiteral("%1:%2:%3").arg(id).arg(layer).arg(head) != inspectionAsked_) return;
    labView_->setInspection(std::move(inspection));
    inspectionShown_ = inspectionAsked_;
    checkCurrentViewReady();
}

bool GenerationWorkspace::currentViewPending() const {
    return currentView() == labView_ &&
           (!shown_ || QStringLiteral("%1:%2:%3").arg(shown_->requestId).arg(selection_.layer()).arg(selection_.head()) !=
                           inspectionShown_);
}

QString GenerationWorkspace::exportResult(const QString& format, const QString& path) {
    if (format == "json") {
        attnscope::writeTextFile(attnscope::generationJson(shown_->result, model_.dir.toStdString(), shown_->beams),
                                 path.toStdString());
        return {};
    }
    QString error;
    return view_export::attentionToNpy(shown_->result.attentions, path, &error) ? QString() : error;
}

QString GenerationWorkspace::openFolderCaption() const {
    return tr("Open a GPT-2 checkpoint folder: config.json, model.safetensors or pytorch_model.bin, vocab.json, "
              "merges.txt");
}

QString GenerationWorkspace::modelSummary(const ModelInfo& info) const {
    return tr("%1 · %2 layers × %3 heads · %4").arg(info.name).arg(info.layers).arg(info.heads).arg(info.device);
}

QString GenerationWorkspace::loadFailedTitle() const { return tr("The text-generation model could not be opened."); }

QString GenerationWorkspace::noModelHint() const {
    return tr("Open a GPT-2 checkpoint folder (File › Open model folder…) or download gpt2 or distilgpt2 "
              "(File › Download model…).");
}
