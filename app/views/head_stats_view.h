// The "stats" page: for every layer and head, how spread out its attention is (entropy in
// bits) or how far it looks (mean distance in tokens), as grouped bars (groups = layers,
// one coloured bar per head). Clicking a bar selects that head in every view; the current
// head is drawn in the highlight colour. The bar table is a plain function, tested without
// a chart. GUI thread only.
#pragma once

#include "attention_view.h"
#include "attnscope/attention_analysis.h"

#include <QPainterPath>
#include <QStringList>

#include <set>
#include <utility>
#include <vector>

class QBarCategoryAxis;
class QBarSeries;
class QChartView;
class QComboBox;
class QGraphicsPathItem;
class QLabel;
class QLineSeries;
class QValueAxis;

namespace headstats {

enum class Metric { EntropyBits, Distance };

// What the chart draws: categories are layers, each set is one head across the layers.
struct BarTable {
    QStringList categories;                   // "layer 1", ...
    QStringList setNames;                     // "head 1", ...
    std::vector<std::vector<double>> values;  // [head][layer]
    double maxValue = 0.0;
};
BarTable barTable(const attnscope::analysis::HeadStatistics& stats, Metric metric);

// The statistics the page shows: every token, or with the tokenizer's additions ([CLS],
// [SEP]: tokens with an empty text range) removed and rows renormalised.
attnscope::analysis::HeadStatistics statisticsFor(const attnscope::EncodeResult& result, bool hideAddedTokens);
// Tokens the statistics were computed over (for the "uniform attention" reference).
int countedTokens(const attnscope::EncodeResult& result, bool hideAddedTokens);

// The most focused / nearest-looking head (lowest value) and the highest one, as (layer, head).
struct Extremes {
    std::pair<int, int> lowest{-1, -1}, highest{-1, -1};
};
// Heads in `skip` (switched off: all-zero weights) are left out; none left: both {-1, -1}.
Extremes extremes(const attnscope::analysis::HeadStatistics& stats, Metric metric,
                  const std::set<std::pair<int, int>>& skip = {});

// Which bars to highlight: (layer, head) pairs for the selection's current mode.
std::vector<std::pair<int, int>> highlightedBars(int layers, int heads, int layer, int head, Aggregate aggregate);

}  // namespace headstats

class HeadStatsView : public AttentionView {
    Q_OBJECT
public:
    explicit HeadStatsView(QWidget* parent = nullptr);

    void setAnalysis(AnalysisPtr analysis) override;
    QString viewName() const override { return QStringLiteral("stats"); }

    headstats::Metric metric() const { return metric_; }
    void setMetric(headstats::Metric metric);
    // For tests and screenshots.
    QBarSeries* series() const { return series_; }
    const attnscope::analysis::HeadStatistics& statistics() const { return stats_; }
    QString caption() const;
    // The crosses drawn over switched-off heads' bars, as (layer, head), and their shape.
    std::vector<std::pair<int, int>> switchedOffBars() const { return offBars_; }
    QPainterPath switchedOffPath() const;

public Q_SLOTS:
    // A bar was clicked: select that layer and head everywhere.
    void selectBar(int layer, int head);

protected:
    void selectionChanged() override;
    void recolour() override { rebuildBars(); }

private:
    void recompute();
    void rebuildBars();
    void updateHighlight();
    void updateTexts();
    // Head ablation: a red cross over every switched-off head's bar, as in the model view
    // (redrawn when the bars or the plot area change).
    void updateSwitchedOffMarks();
    void showHeadMenu(const QPoint& globalPos);

    AnalysisPtr analysis_;
    attnscope::analysis::HeadStatistics stats_;
    bool statsHideAdded_ = false;
    headstats::Metric metric_ = headstats::Metric::EntropyBits;

    QComboBox* metricBox_ = nullptr;
    QLabel* caption_ = nullptr;
    QLabel* current_ = nullptr;
    QChartView* chartView_ = nullptr;
    QBarSeries* series_ = nullptr;
    QBarCategoryAxis* layerAxis_ = nullptr;
    QValueAxis* valueAxis_ = nullptr;
    QLineSeries* uniformLine_ = nullptr;  // entropy of attending to every token equally
    QGraphicsPathItem* offMarks_ = nullptr;
    std::vector<std::pair<int, int>> offBars_;  // the crosses, a child item of the chart
    std::pair<int, int> hoveredBar_{-1, -1};  // (layer, head) under the mouse, for the context menu
};
