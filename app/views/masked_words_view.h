// The "masked" page: for every [MASK] in the sentence, the model's top guesses with their
// probabilities as a horizontal bar chart, and the sentence with the masks highlighted.
// When there is nothing to show (no masked-LM head, no [MASK]) it says why and what to do.
// Its analysis may come from another model than the other views' (a masked-LM model the
// encoder workspace loads for it); a line above the guesses names the model they come from.
// Bar data, page state and the sentence markup are plain functions, tested without a chart.
// GUI thread only.
#pragma once

#include "attention_view.h"

#include <QList>
#include <QStringList>

#include <set>
#include <utility>
#include <vector>

class QChartView;
class QHorizontalBarSeries;
class QLabel;
class QScrollArea;
class QStackedWidget;
class QVBoxLayout;

namespace maskedwords {

// One chart: the predictions for the [MASK] at token tokenIndex, best first.
struct MaskBars {
    int tokenIndex = 0;
    QString title;               // e.g. "[MASK] 1 of 2 (token 3)"
    QStringList labels;          // predicted word pieces, best first, made unique
    QList<qreal> probabilities;  // in [0, 1], same order as labels
};
std::vector<MaskBars> maskBarData(const attnscope::EncodeResult& result, const QString& maskToken = QStringLiteral("[MASK]"));
// A guess as the bars name it: the piece's text, trimmed (byte-level " cat" → "cat").
QString candidateLabel(const attnscope::MaskCandidate& candidate);

// Pending: the guesses are still being computed (a masked-LM model is loading or running);
// Failed: that model could not give them.
enum class PageState { NoAnalysis, NoMaskedLmHead, NoMaskInText, Predictions, Pending, Failed };
PageState pageState(const Analysis* analysis);
// The plain-words explanation shown instead of charts (empty for Predictions). modelName:
// the model without a head (NoMaskedLmHead) or the one being loaded or failing.
QString stateMessage(PageState state, const QString& modelName = {}, const QString& error = {},
                     const QString& maskToken = QStringLiteral("[MASK]"));

// The sentence as rich text with every [MASK] highlighted (and numbered when there are
// several); with fillTopGuess the masks are replaced by the model's best guess.
QString sentenceHtml(const attnscope::EncodeResult& result, bool fillTopGuess, const QColor& highlight);

// Head ablation: the guesses with heads switched off (ablated) beside the guesses for the same
// text with every head on (allOn), mask by mask, as rich text; empty when the two do not
// describe the same masks (another text or model).
QString comparisonHtml(const attnscope::EncodeResult& ablated, const attnscope::EncodeResult& allOn,
                       const std::set<std::pair<int, int>>& switchedOff);

// Axis maximum in percent for a chart whose largest probability is maxProbability: leaves
// room for the value labels, rounds up to 10, at most 100.
double axisMaxPercent(double maxProbability);

}  // namespace maskedwords

class MaskedWordsView : public AttentionView {
    Q_OBJECT
public:
    explicit MaskedWordsView(QWidget* parent = nullptr);

    void setAnalysis(AnalysisPtr analysis) override;
    QString viewName() const override { return QStringLiteral("masked"); }
    // The guesses for the current text are on their way from modelName: the previous guesses
    // of that model stay on screen meanwhile (no flicker while typing), else a message.
    void setPending(const QString& modelName);
    bool isPending() const { return pending_; }
    // modelName could not give guesses: the message replaces the charts.
    void setFailed(const QString& modelName, const QString& error);
    // The guesses for the same text with every head on (head ablation): when the shown guesses
    // have heads switched off, they are listed beside for comparison. Null: none.
    void setComparison(AnalysisPtr allHeadsOn);
    QString comparisonText() const;  // as shown, plain text (empty: hidden)
    // Shown after the model's name, e.g. why another model than the other views' is used.
    void setModelNote(const QString& html);
    // The model whose guesses the page shows (or is waiting for); empty: none.
    QString modelName() const { return modelName_; }
    QString modelLine() const;

    // What the page currently shows (for tests and screenshots).
    maskedwords::PageState state() const { return state_; }
    QString message() const;
    const std::vector<maskedwords::MaskBars>& bars() const { return bars_; }
    QList<QChartView*> chartViews() const { return chartViews_; }

protected:
    void recolour() override { rebuild(); }
    void relayout() override;  // the sentence's and the guesses' larger fonts follow the view's

private:
    void rebuild();
    QChartView* makeChart(const maskedwords::MaskBars& bars, double axisMax) const;

    AnalysisPtr analysis_;
    AnalysisPtr comparison_;
    QString modelName_, modelNote_, error_;
    bool pending_ = false, failed_ = false;
    maskedwords::PageState state_ = maskedwords::PageState::NoAnalysis;
    std::vector<maskedwords::MaskBars> bars_;

    QLabel* caption_ = nullptr;
    QLabel* model_ = nullptr;
    QLabel* sentence_ = nullptr;
    QLabel* bestGuess_ = nullptr;
    QLabel* comparisonLine_ = nullptr;
    QStackedWidget* pages_ = nullptr;
    QLabel* message_ = nullptr;
    QScrollArea* scroll_ = nullptr;
    QWidget* chartsHolder_ = nullptr;
    QVBoxLayout* chartsLayout_ = nullptr;
    QList<QChartView*> chartViews_;
};
