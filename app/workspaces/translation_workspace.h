// The translation workspace: a source editor whose translation updates as the user types
// (streamed token by token), greedy or beam search, a Marian model picker (the built-in en->de
// model by default), and the views: alignment matrix, step-through, sentence links, beams,
// plus the heatmap, head and model views over the encoder self-, decoder self- or
// cross-attention (the "Attention" switch). A Workspace over the TranslationWorker.
// GUI thread only.
#pragma once

#include "translation.h"
#include "translation_analysis.h"
#include "translation_worker.h"
#include "workspace.h"

class AlignmentView;
class AttentionLabView;
class QCheckBox;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QSpinBox;

class TranslationWorkspace : public Workspace {
    Q_OBJECT
public:
    explicit TranslationWorkspace(QWidget* parent = nullptr);
    ~TranslationWorkspace() override;

    static QString builtInModelDir();  // models/attnscope-en-de

    QString workspaceName() const override { return QStringLiteral("translation"); }
    QString title() const override { return tr("Translation (Marian)"); }
    attnscope::ModelFamily family() const override { return attnscope::ModelFamily::Translator; }
    void ensureModel() override;
    void setBeams(int beams);
    QPlainTextEdit* outputLine() const { return output_; }  // the translation, two lines tall
    // Lesson files add "beams" and "attention" (cross, encoder or decoder).
    QJsonObject lessonState() const override;
    QString checkLessonState(const QJsonObject& state) const override;
    void applyLessonState(const QJsonObject& state) override;
    void setAttentionKind(AttentionKind kind);
    QComboBox* presetPicker() const { return presetPicker_; }
    attnscope::AttentionKind ablationKind() const override { return static_cast<attnscope::AttentionKind>(int(kind_)); }
    // With heads switched off: the translation of the same text with every head on, shown for
    // comparison ("" when none is known or nothing is switched off).
    QString comparisonText() const;

    // For tests and --screenshot.
    TranslationPtr currentTranslation() const { return shown_; }
    TranslationPtr partialTranslation() const { return partial_; }
    QString translationText() const;
    // The out-of-domain warning beside the translation, or empty when none is shown.
    QString qualityWarning() const;
    bool hasResult() const override { return shown_ != nullptr; }
    QString exportBaseName() const override { return QStringLiteral("attnscope-translation"); }
    void restoreSettings() override;

Q_SIGNALS:
    void translationShown(TranslationPtr translation);
    void partialShown(TranslationPtr partial);

protected:
    void sendRequest(quint64 id) override;
    void feedPage(AttentionView* page) override;
    bool currentViewPending() const override;
    void clearResult() override;
    // json: the whole translation (attnscope.translate/1); npy: the stack of the current
    // attention kind (the alignment, step and links views export cross-attention).
    QString exportResult(const QString& format, const QString& path) override;
    int selectableLayers() const override;
    QVector<QPair<QString, QString>> builtInModels() const override;
    QString openFolderCaption() const override;
    QString downloadActionText() const override;
    QString modelSummary(const ModelInfo& info) const override;
    QString loadFailedTitle() const override;
    QString noModelHint() const override;
    void modelChanged() override { setAttentionKind(kind_); }
    void changeEvent(QEvent* event) override;
    QString settingsPrefix() const override { return QStringLiteral("translation/"); }

private:
    void applyOutputFont();
    TranslationWorkspace(TranslationWorker* worker, QWidget* parent);
    void onStep(quint64 id, TranslationPtr partial);
    void onTranslation(quint64 id, TranslationPtr translation);
    // The attention views (heatmap, head, model) follow the kind switch; the others show
    // cross-attention whatever it says.
    bool followsKind(const AttentionView* page) const;
    // Decoded tokens with their cross-attention rows (a request just sent has none yet).
    static bool hasRows(const TranslationPtr& t);
    void setOutputText(const QString& text);
    void showQualityNote(const Translation& translation);

    TranslationWorker* worker_;
    TranslationPtr shown_;    // the last complete translation
    TranslationPtr partial_;  // the one streaming in, or null
    AttentionKind kind_ = AttentionKind::Cross;

    QPlainTextEdit* output_ = nullptr;
    QLabel* qualityNote_ = nullptr;
    QSpinBox* beamSpin_ = nullptr;
    QComboBox* kindPicker_ = nullptr;
    QComboBox* presetPicker_ = nullptr;
    QCheckBox* hardAlignment_ = nullptr;
    AlignmentView* alignment_ = nullptr;
    AttentionLabView* labView_ = nullptr;
    QLabel* comparison_ = nullptr;   // "With every head on: …" under the translation
    TranslationPtr allHeadsOn_;      // the last complete translation without ablation
    void updateComparison();
    QString inspectionAsked_, inspectionShown_;  // "id:kind:layer:head" on its way / shown
    QString inspectionKey() const;
    void requestInspection();
    void showStreamedInspection(const TranslationPtr& partial);
    void onInspected(quint64 id, int kind, int layer, int head, InspectionPtr inspection);
};
