// EncoderWorkspace: its controls, request and result handling, masking a word, export.
#include "encoder_workspace.h"

#include "attention_lab_view.h"

#include "text_editor.h"

#include "lesson_file.h"

#include "flow_layout.h"
#include "head_stats_view.h"
#include "head_view.h"
#include "heatmap_view.h"
#include "masked_words_view.h"
#include "model_paths.h"
#include "model_view.h"
#include "positional_view.h"
#include "presets.h"
#include "text_links_layout.h"
#include "text_links_view.h"
#include "view_export.h"

#include "attnscope/attention_analysis.h"
#include "attnscope/json_export.h"

#include <QLocale>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QTabWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <optional>

namespace {

// The first window's question: which word "it" refers to, the animal or the street (the words
// the links view compares by default for "it").
const QString kFirstViewWord = QStringLiteral("it");
const QString kFirstViewCandidates[2] = {QStringLiteral("animal"), QStringLiteral("street")};

// Code point offset -> QString (UTF-16) index of the same text.
int utf16Index(const QString& text, std::size_t codePoints) {
    int index = 0;
    for (std::size_t n = 0; n < codePoints && index < text.size(); ++n)
        index += text.at(index).isHighSurrogate() && index + 1 < text.size() ? 2 : 1;
    return index;
}

// The folder holds weights the core reads (safetensors first, else a PyTorch zip checkpoint).
bool hasWeights(const QString& dir) {
    return QFileInfo::exists(dir + "/model.safetensors") || QFileInfo::exists(dir + "/pytorch_model.bin");
}

// Index of the word (WordGroups of the pieces, as the links view's ranking groups them) whose
// text is lowerText; -1 when there is none.
int wordIndex(const attnscope::analysis::WordGroups& groups, const QString& lowerText) {
    for (std::size_t i = 0; i < groups.labels.size(); ++i)
        if (QString::fromStdString(groups.labels[i]).toLower() == lowerText) return static_cast<int>(i);
    return -1;
}

attnscope::analysis::WordGroups wordGroups(const Analysis& a) {
    std::vector<std::string> pieces;
    std::vector<bool> special;
    for (const auto& t : a.result.tokens) {
        pieces.push_back(t.piece);
        special.push_back(t.special);
    }
    return attnscope::analysis::groupWordPieces(pieces, special);
}

// The links view's minimal-pair ranking (rankHeadFlips) of how far `word`'s attention moves
// between the two candidates from sentence a to sentence b: its first head, if every word is there.
std::optional<HeadFlip> topFlipHead(const Analysis& a, const Analysis& b, const QString& word,
                                    const QString& candidate1, const QString& candidate2) {
    const auto ga = wordGroups(a), gb = wordGroups(b);
    FlipQuery q;
    q.wordA = wordIndex(ga, word);
    q.candidate1A = wordIndex(ga, candidate1);
    q.candidate2A = wordIndex(ga, candidate2);
    q.wordB = wordIndex(gb, word);
    q.candidate1B = wordIndex(gb, candidate1);
    q.candidate2B = wordIndex(gb, candidate2);
    const auto ranking = rankHeadFlips(a.result.attentions, ga, b.result.attentions, gb, q);
    if (ranking.empty()) return std::nullopt;
    return ranking.front();
}

// The teaching preset that pairs the default sentence with its minimal pair, if any.
std::optional<Preset> firstViewPairPreset() {
    for (const auto& p : teachingPresets())
        if (!p.pairText.isEmpty() && p.text == defaultEncoderText()) return p;
    for (const auto& p : teachingPresets())
        if (!p.pairText.isEmpty()) return p;
    return std::nullopt;
}

}  // namespace

EncoderWorkspace::EncoderWorkspace(QWidget* parent) : EncoderWorkspace(new EncoderWorker, parent) {}

// The base owns the worker and its thread; the typed pointer is for the queued calls.
EncoderWorkspace::EncoderWorkspace(EncoderWorker* worker, QWidget* parent)
    : Workspace(worker, parent), worker_(worker) {
    modelRow()->addWidget(new QLabel(tr("Preset"), this));
    presetPicker_ = new QComboBox(this);
    presetPicker_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    presetPicker_->setMinimumContentsLength(16);
    presetPicker_->addItem(tr("Choose a sentence..."));
    for (const auto& p : teachingPresets()) presetPicker_->addItem(p.name);
    modelRow()->addWidget(presetPicker_);

    setAggregateChoices(
        {Aggregate::SingleHead, Aggregate::MeanHeads, Aggregate::MaxHeads, Aggregate::MeanLayers, Aggregate::Rollout});
    hideSpecialBox()->setText(tr("Hide [CLS]/[SEP]"));
    hideSpecialBox()->setToolTip(tr("Drop special tokens and renormalise each row to sum to 1"));
    mergeWords_ = new QCheckBox(tr("Merge word pieces"), this);
    mergeWords_->setToolTip(tr("Attention to a word = sum over its pieces; from a word = mean over its pieces"));
    selectionRow()->addWidget(mergeWords_);

    editor_->setPlaceholderText(tr("Type a sentence; [MASK] marks a word for the model to guess"));
    editor_->setMaximumHeight(fontMetrics().lineSpacing() * 4 + 12);
    auto* pairRow = new QHBoxLayout;
    pairMode_ = new QCheckBox(tr("Compare with:"), this);
    pairMode_->setToolTip(tr("Minimal pair: a second sentence that differs in one word"));
    pairEditor_ = new QLineEdit(this);
    pairEditor_->setPlaceholderText(tr("Second sentence of a minimal pair"));
    pairEditor_->setEnabled(false);
    pairRow->addWidget(pairMode_);
    pairRow->addWidget(pairEditor_, 1);
    if (const auto preset = firstViewPairPreset()) {
        // The minimal-pair lesson one click away: it opens the comparison in the links view.
        pairPresetButton_ = new QPushButton(preset->name, this);
        pairPresetButton_->setToolTip(
            tr("Compare \u201c%1\u201d with \u201c%2\u201d").arg(preset->text, preset->pairText));
        connect(pairPresetButton_, &QPushButton::clicked, this, [this, p = *preset] { applyPreset(p); });
        pairPresetButton_->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
        pairRow->addWidget(pairPresetButton_);
    }
    pairRow_ = pairRow;
    pairWrapRow_ = new QHBoxLayout;
    extraArea()->addLayout(pairRow);
    extraArea()->addLayout(pairWrapRow_);

    linksView_ = new TextLinksView;
    maskedView_ = new MaskedWordsView;
    labView_ = new AttentionLabView;
    labView_->setPositionsLink(true);  // layer 0 links to the Positions view
    const QVector<QPair<AttentionView*, QString>> pages = {
        {new HeatmapView, tr("Heatmap")},          {new HeadView, tr("Head view")},
        {new ModelView, tr("Model view")},         {linksView_, tr("Links in text")},
        {new PositionalView, tr("Positions")},     {maskedView_, tr("Masked words")},
        {new HeadStatsView, tr("Head statistics")}, {labView_, tr("Attention lab")}};
    for (const auto& [page, title] : pages) {
        addPage(page, title);
        connect(page, &AttentionView::maskTokenRequested, this, &EncoderWorkspace::maskToken);
    }
    finishLayout();

    connect(worker_, &EncoderWorker::analysisReady, this, &EncoderWorkspace::onAnalysis);
    connect(worker_, &EncoderWorker::maskedReady, this, &EncoderWorkspace::onMaskedReady);
    connect(worker_, &EncoderWorker::maskedFailed, this, &EncoderWorkspace::onMaskedFailed);
    connect(worker_, &EncoderWorker::inspected, this, &EncoderWorkspace::onInspected);
    connect(&selection_, &AttentionSelection::changed, this, [this] {
        if (currentView() == labView_) requestInspection();
    });
    // The first view's choice is the app's, never over the user's: typing another text or
    // picking a head or token first keeps theirs.
    connect(editor_, &QPlainTextEdit::textChanged, this, [this] {
        if (editor_->toPlainText() != defaultEncoderText()) firstViewPending_ = false;
    });
    connect(&selection_, &AttentionSelection::changed, this, [this] {
        if (selection_.layer() != 0 || selection_.head() != 0 || selection_.selectedToken() >= 0 ||
            selection_.aggregate() != Aggregate::SingleHead)
            firstViewPending_ = false;
    });
    connect(pairEditor_, &QLineEdit::textChanged, this, &EncoderWorkspace::scheduleRequest);
    connect(pairMode_, &QCheckBox::toggled, this, [this](bool on) {
        pairEditor_->setEnabled(on);
        if (on && pairEditor_->text().isEmpty()) pairEditor_->setText(editor_->toPlainText());
        scheduleRequest();
    });
    connect(presetPicker_, QOverload<int>::of(&QComboBox::activated), this, [this](int index) {
        if (index <= 0) return;
        applyPreset(teachingPresets()[index - 1]);
        presetPicker_->setCurrentIndex(0);
    });
    connect(mergeWords_, &QCheckBox::toggled, &selection_, &AttentionSelection::setMergeWordPieces);
    connect(&selection_, &AttentionSelection::changed, this, [this] {
        const QSignalBlocker block(mergeWords_);
        mergeWords_->setChecked(selection_.mergeWordPieces());
    });
}

void EncoderWorkspace::applyPreset(const Preset& preset) {
    setPairText(preset.pairText);
    setText(preset.text);
    if (!preset.pairText.isEmpty()) showView("links");
}

void EncoderWorkspace::setPairText(const QString& text) {
    pairEditor_->setText(text);
    pairMode_->setChecked(!text.isEmpty());
}

void EncoderWorkspace::sendRequest(quint64 id) {
    QString pair = pairMode_->isChecked() ? pairEditor_->text() : QString();
    // The first view ranks the heads on the minimal pair (shown only in minimal-pair mode).
    if (pair.isEmpty() && firstViewPending_)
        if (const auto preset = firstViewPairPreset()) pair = preset->pairText;
    QMetaObject::invokeMethod(worker_, "encode", Qt::QueuedConnection, Q_ARG(quint64, id),
                              Q_ARG(QString, editor_->toPlainText()), Q_ARG(QString, pair),
                              Q_ARG(QString, QString::fromStdString(attnscope::headListString(ablation().encoder))));
}

void EncoderWorkspace::onAnalysis(quint64 id, AnalysisPtr analysis, AnalysisPtr pair) {
    if (!acceptComplete(id)) return;
    shown_ = analysis;
    if (analysis->ablatedHeads.empty()) allHeadsOn_ = analysis;
    const auto& r = analysis->result;
    selection_.clampTo(r.attentions.layers, r.attentions.heads);
    if (selection_.selectedToken() >= static_cast<int>(r.tokens.size())) selection_.setSelectedToken(-1);
    if (selection_.hoveredToken() >= static_cast<int>(r.tokens.size())) selection_.setHoveredToken(-1);
    QString timing = tr("forward %1 ms · %2 tokens").arg(QLocale().toString(r.forwardMs, 'f', 1)).arg(r.tokens.size());
    if (r.truncated)
        timing += tr(" · text truncated to the model's %1 tokens (of %2)").arg(r.tokens.size()).arg(r.fullLength);
    setStatus(timing);
    if (firstViewPending_ && analysis->text == defaultEncoderText()) applyFirstView(analysis, pair);
    linksView_->setPairAnalysis(pairMode_->isChecked() ? pair : nullptr);
    showPages();
    Q_EMIT analysisShown(analysis);
    Q_EMIT resultShown();
}

void EncoderWorkspace::applyFirstView(const AnalysisPtr& analysis, const AnalysisPtr& pair) {
    firstViewPending_ = false;
    const auto groups = wordGroups(*analysis);
    const int word = wordIndex(groups, kFirstViewWord);
    if (word < 0) return;
    if (pair)
        if (const auto top =
                topFlipHead(*analysis, *pair, kFirstViewWord, kFirstViewCandidates[0], kFirstViewCandidates[1]))
            selection_.setLayerHead(top->layer, top->head);
    selection_.setSelectedToken(groups.members[static_cast<std::size_t>(word)].front());
}

void EncoderWorkspace::feedPage(AttentionView* page) {
    if (page == maskedView_) feedMaskedView();
    else page->setInput(shown_, nullptr);
    if (page == labView_) {
        // The lab follows one head: an aggregate of heads has no single query, key and value.
        if (selection_.aggregate() != Aggregate::SingleHead) selection_.setAggregate(Aggregate::SingleHead);
        requestInspection();
    }
}

void EncoderWorkspace::requestInspection() {
    if (!shown_) return;
    const int layer = selection_.layer(), head = selection_.head();
    const QString key = QStringLiteral("%1:%2:%3").arg(shown_->requestId).arg(layer).arg(head);
    if (key == inspectionAsked_) return;  // on its way, or shown
    inspectionAsked_ = key;
    // The shown result's own ablation: the lab explains what the views show.
    QMetaObject::invokeMethod(worker_, "inspect", Qt::QueuedConnection, Q_ARG(quint64, shown_->requestId),
                              Q_ARG(QString, shown_->text), Q_ARG(int, layer), Q_ARG(int, head),
                              Q_ARG(QString, QString::fromStdString(attnscope::headListString(shown_->ablatedHeads))));
}

void EncoderWorkspace::onInspected(quint64 id, int layer, int head, InspectionPtr inspection) {
    if (QStringLiteral("%1:%2:%3").arg(id).arg(layer).arg(head) != inspectionAsked_) return;  // superseded
    labView_->setInspection(std::move(inspection));
    inspectionShown_ = inspectionAsked_;
    checkCurrentViewReady();
}

void EncoderWorkspace::setMaskedLmModelDir(const QString& dir) {
    if (dir == maskedLmDir_) return;
    maskedLmDir_ = dir;
    masked_.reset();
    maskedAsked_ = 0;
    maskedError_.clear();
    if (currentView() == maskedView_) feedMaskedView();
}

QString EncoderWorkspace::maskedLmModelDir() const {
    return maskedLmDir_.isEmpty() ? QDir(builtInModelsDir()).filePath(QStringLiteral("minilm-mlm")) : maskedLmDir_;
}

void EncoderWorkspace::feedMaskedView() {
    const QString dir = maskedLmModelDir();
    const QString name = QFileInfo(dir).fileName();
    if (!shown_ || model_.hasMaskedLm || !hasWeights(dir)) {
        // The loaded model's own guesses, or (no head, no masked-LM model) why there are none.
        maskedView_->setModelNote(shown_ && model_.hasMaskedLm ? tr("the loaded model") : QString());
        // Heads switched off: the guesses with every head on for the same text and model, beside.
        const bool comparable = shown_ && allHeadsOn_ && !shown_->ablatedHeads.empty() &&
                                allHeadsOn_->text == shown_->text && allHeadsOn_->modelName == shown_->modelName;
        maskedView_->setComparison(comparable ? allHeadsOn_ : nullptr);
        maskedView_->setAnalysis(shown_);
        return;
    }
    maskedView_->setComparison(nullptr);  // another model's guesses: heads switched off here do not apply
    maskedView_->setModelNote(
        tr("<b>%1</b> has no masked-LM head; the other views still show %1").arg(model_.name.toHtmlEscaped()));
    if (masked_ && masked_->text == shown_->text) {
        maskedView_->setAnalysis(masked_);
        return;
    }
    if (!maskedError_.isEmpty() && maskedErrorText_ == shown_->text) {
        maskedView_->setFailed(name, maskedError_);
        return;
    }
    maskedView_->setPending(name);
    if (maskedAsked_ == shown_->requestId) return;  // already on its way
    maskedAsked_ = shown_->requestId;
    QMetaObject::invokeMethod(worker_, "predictMasked", Qt::QueuedConnection, Q_ARG(quint64, shown_->requestId),
                              Q_ARG(QString, shown_->text), Q_ARG(QString, dir), Q_ARG(QString, deviceChoice()));
}

void EncoderWorkspace::onMaskedReady(quint64 id, AnalysisPtr analysis) {
    if (id != maskedAsked_) return;  // asked for an older text
    masked_ = std::move(analysis);
    if (currentView() == maskedView_) feedMaskedView();
    checkCurrentViewReady();
}

void EncoderWorkspace::onMaskedFailed(quint64 id, const QString& message) {
    if (id != maskedAsked_) return;
    maskedError_ = message;
    maskedErrorText_ = shown_ ? shown_->text : QString();
    if (currentView() == maskedView_) feedMaskedView();
    checkCurrentViewReady();
}

bool EncoderWorkspace::currentViewPending() const {
    if (currentView() == labView_)  // the lab waits for the inspection of what is shown
        return !shown_ ||
               QStringLiteral("%1:%2:%3").arg(shown_->requestId).arg(selection_.layer()).arg(selection_.head()) !=
                   inspectionShown_;
    return currentView() == maskedView_ && maskedView_->isPending();
}

void EncoderWorkspace::modelChanged() {
    hideSpecialBox()->setText(model_.modelType == QLatin1String("roberta") ? tr("Hide <s>/</s>") : tr("Hide [CLS]/[SEP]"));
}

void EncoderWorkspace::maskToken(int tokenIndex) {
    if (!shown_ || tokenIndex < 0 || tokenIndex >= static_cast<int>(shown_->result.tokens.size())) return;
    const auto& tokens = shown_->result.tokens;
    if (tokens[static_cast<std::size_t>(tokenIndex)].special) return;
    std::vector<std::string> pieces;
    std::vector<bool> special;
    for (const auto& t : tokens) {
        pieces.push_back(t.piece);
        special.push_back(t.special);
    }
    if (shown_->maskToken.isEmpty()) return;  // the vocabulary has no mask token
    // Mask the whole word the token belongs to.
    const auto groups = attnscope::analysis::groupWordPieces(pieces, special);
    for (const auto& members : groups.members) {
        if (std::find(members.begin(), members.end(), tokenIndex) == members.end()) continue;
        const auto& first = tokens[static_cast<std::size_t>(members.front())];
        const auto& last = tokens[static_cast<std::size_t>(members.back())];
        const QString text = shown_->text;
        const int begin = utf16Index(text, first.charBegin), end = utf16Index(text, last.charEnd);
        setText(text.left(begin) + shown_->maskToken + text.mid(end));
        showView("masked");
        return;
    }
}

QString EncoderWorkspace::exportResult(const QString& format, const QString& path) {
    if (format == "json") {
        attnscope::writeTextFile(attnscope::encodeResultJson(shown_->result, model_.dir.toStdString()),
                                 path.toStdString());
        return {};
    }
    QString error;
    return view_export::attentionToNpy(shown_->result.attentions, path, &error) ? QString() : error;
}

QVector<QPair<QString, QString>> EncoderWorkspace::builtInModels() const {
    // Every built-in model folder with weights; the picker keeps the encoders (Workspace::whyCannotOpen).
    QVector<QPair<QString, QString>> models;
    const QDir builtIn(builtInModelsDir());
    for (const auto& name : builtIn.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        const QString dir = QDir::cleanPath(builtIn.filePath(name));
        if (!hasWeights(dir)) continue;
        models.append({dir, name});
    }
    return models;
}

QString EncoderWorkspace::openFolderCaption() const {
    return tr("Open a Hugging Face model folder (config.json, model.safetensors or pytorch_model.bin, vocab.txt)");
}

QString EncoderWorkspace::modelSummary(const ModelInfo& info) const {
    return tr("%1 · %2 layers × %3 heads · %4%5")
        .arg(info.name)
        .arg(info.layers)
        .arg(info.heads)
        .arg(info.device)
        .arg(info.hasMaskedLm ? tr(" · masked-LM head") : QString());
}

QString EncoderWorkspace::loadFailedTitle() const { return tr("The model could not be opened."); }
QString EncoderWorkspace::noModelHint() const { return tr("Choose another folder with File › Open model folder."); }

QJsonObject EncoderWorkspace::lessonState() const {
    QJsonObject o = Workspace::lessonState();
    o["pair"] = pairEditor_->text();
    o["pairMode"] = pairMode_->isChecked();
    return o;
}

QString EncoderWorkspace::checkLessonState(const QJsonObject& o) const {
    if (auto e = lesson::expectString(o, "pair"); !e.isEmpty()) return e;
    if (auto e = lesson::expectBool(o, "pairMode"); !e.isEmpty()) return e;
    return Workspace::checkLessonState(o);
}

void EncoderWorkspace::applyLessonState(const QJsonObject& o) {
    firstViewPending_ = false;  // the lesson says what to show
    pairEditor_->setText(o.value("pair").toString());
    pairMode_->setChecked(o.value("pairMode").toBool(false));
    Workspace::applyLessonState(o);
}

void EncoderWorkspace::placePairButton() {
    if (!pairPresetButton_) return;
    // Beside the pair's sentence while that keeps room for about 20 characters of it, else on a
    // line of its own (large presentation text at 1024 px), never cut.
    const int spacing = pairRow_->spacing() * 2 + contentsMargins().left() + contentsMargins().right();
    const int needed = pairMode_->sizeHint().width() + fontMetrics().averageCharWidth() * 20 +
                       pairPresetButton_->sizeHint().width() + spacing;
    const bool wrap = needed > width();
    QBoxLayout* target = wrap ? pairWrapRow_ : pairRow_;
    if (target->indexOf(pairPresetButton_) >= 0) return;
    (wrap ? pairRow_ : pairWrapRow_)->removeWidget(pairPresetButton_);
    target->addWidget(pairPresetButton_);
    if (wrap) target->addStretch(1);
    else while (QLayoutItem* item = pairWrapRow_->takeAt(0)) delete item;  // the stretch
}

void EncoderWorkspace::resizeEvent(QResizeEvent* event) {
    Workspace::resizeEvent(event);
    placePairButton();
}

void EncoderWorkspace::changeEvent(QEvent* event) {
    Workspace::changeEvent(event);
    if (event->type() == QEvent::FontChange) placePairButton();
}

int EncoderWorkspace::tokenOfWord(const QString& word) const {
    if (!shown_) return -1;
    // The words as the views merge them (specials hidden, "##"/"▁" pieces joined).
    const auto words = attnscope::analysis::visibleTokens(shown_->result.tokens, /*hideSpecial=*/true, /*mergePieces=*/true);
    for (int w = 0; w < words.rows(); ++w)
        if (QString::fromStdString(words.labels[static_cast<std::size_t>(w)]).compare(word, Qt::CaseInsensitive) == 0)
            return words.firstToken(w);
    return -1;
}

void EncoderWorkspace::saveSettings() const {
    Workspace::saveSettings();
    QSettings s;
    s.setValue("layer", selection_.layer());
    s.setValue("head", selection_.head());
}

void EncoderWorkspace::restoreSettings() {
    Workspace::restoreSettings();
    QSettings s;
    firstViewPending_ = !s.contains("text") && !s.contains("view");
    if (firstViewPending_) showView(linksView_->viewName());
    selection_.setLayerHead(s.value("layer", 0).toInt(), s.value("head", 0).toInt());
    const QSignalBlocker block(editor_);  // the first request follows the model load
    editor_->setBoundedText(s.value("text", defaultEncoderText()).toString());
}
