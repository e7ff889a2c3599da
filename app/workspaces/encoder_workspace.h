// The encoder workspace: a BERT-family model's self-attention for the sentence being typed,
// with an optional minimal-pair sentence, teaching presets, masked-word prediction, and the
// heatmap, head, model, links-in-text, positions, masked-words and head-statistics views.
// The masked-word view takes its guesses from a second, masked-LM model when the loaded one
// has none; every other view keeps the loaded model's analysis.
// A Workspace over the EncoderWorker. GUI thread only.
#pragma once

#include "analysis.h"
#include "encoder_worker.h"
#include "workspace.h"

class MaskedWordsView;
class AttentionLabView;
class QCheckBox;
class QComboBox;
class QHBoxLayout;
class QLineEdit;
class QPushButton;
class TextLinksView;
struct Preset;

class EncoderWorkspace : public Workspace {
    Q_OBJECT
public:
    explicit EncoderWorkspace(QWidget* parent = nullptr);

    QString workspaceName() const override { return QStringLiteral("encoder"); }
    QString title() const override { return tr("Encoder attention (BERT)"); }
    attnscope::ModelFamily family() const override { return attnscope::ModelFamily::Encoder; }

    void setPairText(const QString& text);  // non-empty turns minimal-pair mode on
    AnalysisPtr currentAnalysis() const { return shown_; }
    int tokenOfWord(const QString& word) const override;

protected:
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;

public:
    bool hasResult() const override { return shown_ != nullptr; }
    QString exportBaseName() const override { return QStringLiteral("attnscope-result"); }
    void saveSettings() const override;
    // Without saved settings (a first start): the default sentence on the links view, with
    // "it" selected on the head the minimal-pair ranking puts first, once the model answers.
    void restoreSettings() override;
    // Keep the selection as it is (the command line chose the text, head or token).
    void cancelFirstView() { firstViewPending_ = false; }
    // Lesson files add the minimal pair ("pair", "pairMode").
    QJsonObject lessonState() const override;
    QString checkLessonState(const QJsonObject& state) const override;
    void applyLessonState(const QJsonObject& state) override;
    bool firstViewPending() const { return firstViewPending_; }

    // The masked-LM model the masked-word view uses when the loaded model has no masked-LM
    // head (default: the built-in minilm-mlm).
    void setMaskedLmModelDir(const QString& dir);
    QString maskedLmModelDir() const;
    QPushButton* pairPresetButton() const { return pairPresetButton_; }

Q_SIGNALS:
    void analysisShown(AnalysisPtr analysis);

protected:
    void sendRequest(quint64 id) override;
    void feedPage(AttentionView* page) override;
    void clearResult() override { shown_.reset(); }
    QString exportResult(const QString& format, const QString& path) override;
    QVector<QPair<QString, QString>> builtInModels() const override;
    QString openFolderCaption() const override;
    QString modelSummary(const ModelInfo& info) const override;
    QString loadFailedTitle() const override;
    QString noModelHint() const override;
    QString settingsPrefix() const override { return QString(); }
    bool currentViewPending() const override;
    // The hide-specials box names the model's own specials (RoBERTa: <s>/</s>).
    void modelChanged() override;

private:
    EncoderWorkspace(EncoderWorker* worker, QWidget* parent);
    void onAnalysis(quint64 id, AnalysisPtr analysis, AnalysisPtr pair);
    void maskToken(int tokenIndex);
    void applyPreset(const Preset& preset);
    // The masked-word view: the loaded model's guesses when it has a masked-LM head, else the
    // masked-LM model's for the same text (asked for on demand, cached per text).
    void feedMaskedView();
    void onMaskedReady(quint64 id, AnalysisPtr analysis);
    void onMaskedFailed(quint64 id, const QString& message);
    // The attention lab: asks the worker for the shown text's current layer and head.
    void requestInspection();
    void onInspected(quint64 id, int layer, int head, InspectionPtr inspection);
    void applyFirstView(const AnalysisPtr& analysis, const AnalysisPtr& pair);

    EncoderWorker* worker_;
    AnalysisPtr shown_;
    AnalysisPtr allHeadsOn_;  // the last analysis without head ablation (the comparison's "before")
    MaskedWordsView* maskedView_ = nullptr;
    AttentionLabView* labView_ = nullptr;
    QString inspectionAsked_;  // "id:layer:head" of the request on its way or shown
    QString inspectionShown_;  // "id:layer:head" of the inspection the lab shows
    QString maskedLmDir_;
    AnalysisPtr masked_;       // the masked-LM model's analysis of masked_->text
    quint64 maskedAsked_ = 0;  // the request the masked-LM model was last asked for
    QString maskedError_;      // its failure for maskedErrorText_
    QString maskedErrorText_;
    bool firstViewPending_ = false;
    void placePairButton();  // beside the pair's sentence, or below it when the row is too narrow
    QHBoxLayout* pairRow_ = nullptr;
    QHBoxLayout* pairWrapRow_ = nullptr;
    QPushButton* pairPresetButton_ = nullptr;
    QLineEdit* pairEditor_ = nullptr;
    QCheckBox* pairMode_ = nullptr;
    QComboBox* presetPicker_ = nullptr;
    QCheckBox* mergeWords_ = nullptr;
    TextLinksView* linksView_ = nullptr;
};
