// EncoderWorkspace: its controls, request and result handling, masking a word, export.
#include "encoder_workspace.h"

#include "head_stats_view.h"
#include "head_view.h"
#include "heatmap_view.h"
#include "masked_words_view.h"
#include "model_paths.h"
#include "model_view.h"
#include "positional_view.h"
#include "presets.h"
#include "text_links_view.h"
#include "view_export.h"

#include "attnscope/attention_analysis.h"
#include "attnscope/json_export.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSettings>
#include <QTabWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace {

// Code point offset -> QString (UTF-16) index of the same text.
int utf16Index(const QString& text, std::size_t codePoints) {
    int index = 0;
    for (std::size_t n = 0; n < codePoints && index < text.size(); ++n)
        index += text.at(index).isHighSurrogate() && index + 1 < text.size() ? 2 : 1;
    return index;
}

// config.json's model_type, or empty when it cannot be read.
QString modelTypeOf(const QString& dir) {
    QFile f(dir + "/config.json");
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(f.read(1 << 20)).object().value("model_type").toString();
}

}  // namespace

EncoderWorkspace::EncoderWorkspace(QWidget* parent) : EncoderWorkspace(new EncoderWorker, parent) {}

// The base owns the worker and its thread; the typed pointer is for the queued calls.
EncoderWorkspace::EncoderWorkspace(EncoderWorker* worker, QWidget* parent)
    : Workspace(worker, parent), worker_(worker) {
    modelRow()->addWidget(new QLabel(tr("Preset"), this));
    presetPicker_ = new QComboBox(this);
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
    extraArea()->addLayout(pairRow);

    linksView_ = new TextLinksView;
    const QVector<QPair<AttentionView*, QString>> pages = {
        {new HeatmapView, tr("Heatmap")},          {new HeadView, tr("Head view")},
        {new ModelView, tr("Model view")},         {linksView_, tr("Links in text")},
        {new PositionalView, tr("Positions")},     {new MaskedWordsView, tr("Masked words")},
        {new HeadStatsView, tr("Head statistics")}};
    for (const auto& [page, title] : pages) {
        addPage(page, title);
        connect(page, &AttentionView::maskTokenRequested, this, &EncoderWorkspace::maskToken);
    }
    connect(tabs_, &QTabWidget::currentChanged, this, [this] {
        if (currentView() && currentView()->viewName() == QLatin1String("masked")) ensureMaskedLmModel();
    });
    finishLayout();

    connect(worker_, &EncoderWorker::analysisReady, this, &EncoderWorkspace::onAnalysis);
    connect(pairEditor_, &QLineEdit::textChanged, this, &EncoderWorkspace::scheduleRequest);
    connect(pairMode_, &QCheckBox::toggled, this, [this](bool on) {
        pairEditor_->setEnabled(on);
        if (on && pairEditor_->text().isEmpty()) pairEditor_->setText(editor_->toPlainText());
        scheduleRequest();
    });
    connect(presetPicker_, QOverload<int>::of(&QComboBox::activated), this, [this](int index) {
        if (index <= 0) return;
        const auto preset = teachingPresets()[index - 1];
        setPairText(preset.pairText);
        setText(preset.text);
        if (!preset.pairText.isEmpty()) showView("links");
        presetPicker_->setCurrentIndex(0);
    });
    connect(mergeWords_, &QCheckBox::toggled, &selection_, &AttentionSelection::setMergeWordPieces);
    connect(&selection_, &AttentionSelection::changed, this, [this] {
        const QSignalBlocker block(mergeWords_);
        mergeWords_->setChecked(selection_.mergeWordPieces());
    });
}

void EncoderWorkspace::setPairText(const QString& text) {
    pairEditor_->setText(text);
    pairMode_->setChecked(!text.isEmpty());
}

void EncoderWorkspace::sendRequest(quint64 id) {
    const QString pair = pairMode_->isChecked() ? pairEditor_->text() : QString();
    QMetaObject::invokeMethod(worker_, "encode", Qt::QueuedConnection, Q_ARG(quint64, id),
                              Q_ARG(QString, editor_->toPlainText()), Q_ARG(QString, pair));
}

void EncoderWorkspace::onAnalysis(quint64 id, AnalysisPtr analysis, AnalysisPtr pair) {
    if (!acceptComplete(id)) return;
    shown_ = analysis;
    const auto& r = analysis->result;
    selection_.clampTo(r.attentions.layers, r.attentions.heads);
    if (selection_.selectedToken() >= static_cast<int>(r.tokens.size())) selection_.setSelectedToken(-1);
    if (selection_.hoveredToken() >= static_cast<int>(r.tokens.size())) selection_.setHoveredToken(-1);
    QString timing = tr("forward %1 ms · %2 tokens").arg(r.forwardMs, 0, 'f', 1).arg(r.tokens.size());
    if (r.truncated)
        timing += tr(" · text truncated to the model's %1 tokens (of %2)").arg(r.tokens.size()).arg(r.fullLength);
    setStatus(timing);
    linksView_->setPairAnalysis(pair);
    showPages();
    Q_EMIT analysisShown(analysis);
    Q_EMIT resultShown();
}

void EncoderWorkspace::feedPage(AttentionView* page) { page->setInput(shown_, nullptr); }

void EncoderWorkspace::maskToken(int tokenIndex) {
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

void EncoderWorkspace::ensureMaskedLmModel() {
    if (isLoading() || model_.dir.isEmpty() || model_.hasMaskedLm) return;
    const QString builtIn = QDir(builtInModelsDir()).filePath(QStringLiteral("minilm-mlm"));
    if (!QFileInfo::exists(builtIn + "/model.safetensors")) return;  // the view explains what to do
    const QString previous = model_.name;
    loadModel(builtIn);
    setStatus(tr("%1 has no masked-LM head: switched to the built-in minilm-mlm").arg(previous));
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
    // Every encoder folder among the built-in models (translation models have their own picker).
    QVector<QPair<QString, QString>> models;
    const QDir builtIn(builtInModelsDir());
    for (const auto& name : builtIn.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        const QString dir = QDir::cleanPath(builtIn.filePath(name));
        if (!QFileInfo::exists(dir + "/model.safetensors") || modelTypeOf(dir) != QLatin1String("bert")) continue;
        models.append({dir, name});
    }
    return models;
}

QString EncoderWorkspace::openFolderCaption() const {
    return tr("Open a Hugging Face model folder (config.json, model.safetensors, vocab.txt)");
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

void EncoderWorkspace::saveSettings() const {
    Workspace::saveSettings();
    QSettings s;
    s.setValue("layer", selection_.layer());
    s.setValue("head", selection_.head());
}

void EncoderWorkspace::restoreSettings() {
    Workspace::restoreSettings();
    QSettings s;
    selection_.setLayerHead(s.value("layer", 0).toInt(), s.value("head", 0).toInt());
    const QSignalBlocker block(editor_);  // the first request follows the model load
    editor_->setPlainText(s.value("text", defaultEncoderText()).toString());
}
