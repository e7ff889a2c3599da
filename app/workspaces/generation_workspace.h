// The text-generation workspace (GPT-2): type a prompt, watch the continuation appear token by
// token (greedy or beam search), then replay the writing step by step and see the causal
// self-attention over prompt and continuation in the heatmap, head, model and head-statistics
// views and the attention lab (each generated
// token's row is what the model computed when it chose the next one). A Workspace over the
// GenerationWorker. GUI thread only.
#pragma once

#include "generation.h"
#include "generation_worker.h"
#include "workspace.h"

class AttentionLabView;
class GenerationStepsView;
class QTextEdit;
class QSpinBox;

class GenerationWorkspace : public Workspace {
    Q_OBJECT
public:
    explicit GenerationWorkspace(QWidget* parent = nullptr);

    QString workspaceName() const override { return QStringLiteral("generation"); }
    QString title() const override { return tr("Text generation (GPT-2)"); }
    attnscope::ModelFamily family() const override { return attnscope::ModelFamily::Generator; }
    attnscope::AttentionKind ablationKind() const override { return attnscope::AttentionKind::Decoder; }
    void setBeams(int beams);
    void setNewTokens(int tokens);

    // For tests and --screenshot.
    GenerationPtr currentGeneration() const { return shown_; }
    AnalysisPtr currentAnalysis() const { return analysis_; }
    QString outputText() const;  // the prompt and the continuation as shown
    bool hasResult() const override { return shown_ != nullptr; }
    QString exportBaseName() const override { return QStringLiteral("attnscope-generation"); }

Q_SIGNALS:
    void partialShown(GenerationPtr partial);
    void generationShown(GenerationPtr generation);

protected:
    void sendRequest(quint64 id) override;
    void feedPage(AttentionView* page) override;
    void clearResult() override;
    QString exportResult(const QString& format, const QString& path) override;
    QVector<QPair<QString, QString>> builtInModels() const override { return {}; }
    QString openFolderCaption() const override;
    QString modelSummary(const ModelInfo& info) const override;
    QString loadFailedTitle() const override;
    QString noModelHint() const override;
    QString settingsPrefix() const override { return QStringLiteral("generation/"); }
    bool currentViewPending() const override;
    void changeEvent(QEvent* event) override;

private:
    GenerationWorkspace(GenerationWorker* worker, QWidget* parent);
    void onStep(quint64 id, GenerationPtr partial);
    void onGeneration(quint64 id, GenerationPtr generation);
    void setOutput(const attnscope::TextGeneration& result, bool streaming);
    void requestInspection();
    void applyOutputFont();
    void onInspected(quint64 id, int layer, int head, InspectionPtr inspection);

    GenerationWorker* worker_;
    GenerationPtr shown_, partial_;
    AnalysisPtr analysis_;  // of shown_
    QSpinBox* beamSpin_ = nullptr;
    QSpinBox* tokensSpin_ = nullptr;
    QTextEdit* output_ = nullptr;
    AttentionLabView* labView_ = nullptr;
    GenerationStepsView* stepsView_ = nullptr;
    QString inspectionAsked_, inspectionShown_;  // "id:layer:head"
};
