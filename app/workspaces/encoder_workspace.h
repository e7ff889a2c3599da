// The encoder workspace: a BERT-family model's self-attention for the sentence being typed,
// with an optional minimal-pair sentence, teaching presets, masked-word prediction, and the
// heatmap, head, model, links-in-text, positions, masked-words and head-statistics views.
// A Workspace over the EncoderWorker. GUI thread only.
#pragma once

#include "analysis.h"
#include "encoder_worker.h"
#include "workspace.h"

class QCheckBox;
class QComboBox;
class QLineEdit;
class TextLinksView;

class EncoderWorkspace : public Workspace {
    Q_OBJECT
public:
    explicit EncoderWorkspace(QWidget* parent = nullptr);

    QString workspaceName() const override { return QStringLiteral("encoder"); }
    QString title() const override { return tr("Encoder attention (BERT)"); }
    attnscope::ModelFamily family() const override { return attnscope::ModelFamily::Encoder; }

    void setPairText(const QString& text);  // non-empty turns minimal-pair mode on
    AnalysisPtr currentAnalysis() const { return shown_; }
    bool hasResult() const override { return shown_ != nullptr; }
    QString exportBaseName() const override { return QStringLiteral("attnscope-result"); }
    void saveSettings() const override;
    void restoreSettings() override;

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

private:
    EncoderWorkspace(EncoderWorker* worker, QWidget* parent);
    void onAnalysis(quint64 id, AnalysisPtr analysis, AnalysisPtr pair);
    void maskToken(int tokenIndex);
    // The masked-word view needs a masked-LM head: switch to the built-in minilm-mlm when the
    // loaded model has none (and say so in the status line).
    void ensureMaskedLmModel();

    EncoderWorker* worker_;
    AnalysisPtr shown_;
    QLineEdit* pairEditor_ = nullptr;
    QCheckBox* pairMode_ = nullptr;
    QComboBox* presetPicker_ = nullptr;
    QCheckBox* mergeWords_ = nullptr;
    TextLinksView* linksView_ = nullptr;
};
