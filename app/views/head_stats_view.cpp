// HeadStatsView: grouped bars of per-head entropy or attention distance; bars are rebuilt on
// a new analysis or metric, only their selection state changes with the shared selection.
#include "head_stats_view.h"

#include "color_scale.h"
#include "flow_layout.h"

#include <QLocale>
#include <QCoreApplication>
#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QBarSeries>
#include <QtCharts/QBarSet>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QLegend>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>

#include <QApplication>
#include <QComboBox>
#include <QCursor>
#include <QEvent>
#include <QGraphicsPathItem>
#include <QMenu>
#include <QPainterPath>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace headstats {

BarTable barTable(const attnscope::analysis::HeadStatistics& stats, Metric metric) {
    BarTable table;
    for (int l = 0; l < stats.layers; ++l) table.categories << QCoreApplication::translate("HeadStatsView", "layer %1").arg(l);
    for (int h = 0; h < stats.heads; ++h) {
        table.setNames << QCoreApplication::translate("HeadStatsView", "head %1").arg(h);
        std::vector<double> row;
        for (int l = 0; l < stats.layers; ++l) {
            const double v = metric == Metric::EntropyBits ? stats.entropyAt(l, h) : stats.distanceAt(l, h);
            row.push_back(v);
            table.maxValue = std::max(table.maxValue, v);
        }
        table.values.push_back(std::move(row));
    }
    return table;
}

namespace {
std::vector<bool> keptTokens(const attnscope::EncodeResult& result, bool hideAddedTokens) {
    std::vector<bool> keep;
    for (const auto& token : result.tokens) keep.push_back(!(hideAddedTokens && token.byteBegin == token.byteEnd));
    return keep;
}
}  // namespace

int countedTokens(const attnscope::EncodeResult& result, bool hideAddedTokens) {
    const auto keep = keptTokens(result, hideAddedTokens);
    return static_cast<int>(std::count(keep.begin(), keep.end(), true));
}

attnscope::analysis::HeadStatistics statisticsFor(const attnscope::EncodeResult& result, bool hideAddedTokens) {
    const auto& a = result.attentions;
    const auto keep = keptTokens(result, hideAddedTokens);
    const int kept = static_cast<int>(std::count(keep.begin(), keep.end(), true));
    if (!hideAddedTokens || kept == a.queries || kept == 0 || static_cast<int>(keep.size()) != a.queries)
        return attnscope::analysis::headStatistics(a);
    attnscope::AttentionStack filtered;
    filtered.layers = a.layers;
    filtered.heads = a.heads;
    filtered.queries = filtered.keys = kept;
    filtered.values.reserve(static_cast<std::size_t>(a.layers) * a.heads * kept * kept);
    for (int l = 0; l < a.layers; ++l)
        for (int h = 0; h < a.heads; ++h) {
            const auto m = attnscope::analysis::keepAndRenormalise(attnscope::analysis::headMatrix(a, l, h), keep);
            filtered.values.insert(filtered.values.end(), m.values.begin(), m.values.end());
        }
    return attnscope::analysis::headStatistics(filtered);
}

Extremes extremes(const attnscope::analysis::HeadStatistics& stats, Metric metric,
                  const std::set<std::pair<int, int>>& skip) {
    Extremes out;
    double lo = 0, hi = 0;
    for (int l = 0; l < stats.layers; ++l)
        for (int h = 0; h < stats.heads; ++h) {
            if (skip.count({l, h})) continue;
            const double v = metric == Metric::EntropyBits ? stats.entropyAt(l, h) : stats.distanceAt(l, h);
            if (out.lowest.first < 0 || v < lo) lo = v, out.lowest = {l, h};
            if (out.highest.first < 0 || v > hi) hi = v, out.highest = {l, h};
        }
    return out;
}

std::vector<std::pair<int, int>> highlightedBars(int layers, int heads, int layer, int head, Aggregate aggregate) {
    std::vector<std::pair<int, int>> out;
    if (layer < 0 || layer >= layers) return out;
    switch (aggregate) {
    case Aggregate::SingleHead:
        if (head >= 0 && head < heads) out.emplace_back(layer, head);
        break;
    case Aggregate::MeanHeads:
    case Aggregate::MaxHeads:
        for (int h = 0; h < heads; ++h) out.emplace_back(layer, h);
        break;
    case Aggregate::MeanLayers:
    case Aggregate::Rollout: break;  // every head contributes: nothing stands out
    }
    return out;
}

}  // namespace headstats

HeadStatsView::HeadStatsView(QWidget* parent) : AttentionView(parent) {
    auto* layout = new QVBoxLayout(this);

    // A flowing row and wrapped text: nothing here may make the page wider than its tab (at
    // 1024 px with 200 % text and the explanation panel open).
    auto* controls = new FlowLayout;
    auto* metricLabel = new QLabel(QCoreApplication::translate("HeadStatsView", "Show:"), this);
    metricBox_ = new QComboBox(this);
    metricBox_->addItem(QCoreApplication::translate("HeadStatsView", "Entropy: how spread out (bits)"));
    metricBox_->addItem(QCoreApplication::translate("HeadStatsView", "Mean attention distance: how far (tokens)"));
    metricLabel->setBuddy(metricBox_);
    metricBox_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    metricBox_->setMinimumContentsLength(18);
    controls->addWidget(metricLabel);
    controls->addWidget(metricBox_);
    layout->addLayout(controls);
    current_ = new QLabel(this);
    current_->setWordWrap(true);
    layout->addWidget(current_);

    caption_ = new QLabel(this);
    caption_->setWordWrap(true);
    caption_->setTextFormat(Qt::RichText);
    layout->addWidget(caption_);

    auto* chart = new QChart;

    chart->setLocalizeNumbers(true);  // "0,5" in the German interface
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setBackgroundRoundness(0);
    chart->setMargins(QMargins(4, 4, 4, 4));
    series_ = new QBarSeries;
    series_->setBarWidth(0.9);
    chart->addSeries(series_);
    layerAxis_ = new QBarCategoryAxis;
    valueAxis_ = new QValueAxis;
    chart->addAxis(layerAxis_, Qt::AlignBottom);
    chart->addAxis(valueAxis_, Qt::AlignLeft);
    series_->attachAxis(layerAxis_);
    series_->attachAxis(valueAxis_);
    uniformLine_ = new QLineSeries;
    chart->addSeries(uniformLine_);
    uniformLine_->attachAxis(layerAxis_);
    uniformLine_->attachAxis(valueAxis_);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chartView_ = new QChartView(chart, this);
    chartView_->setRenderHint(QPainter::Antialiasing);
    layout->addWidget(chartView_, 1);
    offMarks_ = new QGraphicsPathItem(chart);
    offMarks_->setZValue(100);  // over the bars
    connect(chart, &QChart::plotAreaChanged, this, [this] { updateSwitchedOffMarks(); });
    chartView_->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(chartView_, &QWidget::customContextMenuRequested, this,
            [this](const QPoint& pos) { showHeadMenu(chartView_->viewport()->mapToGlobal(pos)); });

    connect(metricBox_, &QComboBox::currentIndexChanged, this, [this](int index) {
        setMetric(index == 1 ? headstats::Metric::Distance : headstats::Metric::EntropyBits);
    });
    rebuildBars();
}

void HeadStatsView::setAnalysis(AnalysisPtr analysis) {
    analysis_ = std::move(analysis);
    recompute();
}

void HeadStatsView::selectionChanged() {
    if (!analysis_ || !selection_ || selection_->hideSpecialTokens() != statsHideAdded_) {
        recompute();
    } else {
        updateHighlight();
        updateTexts();
    }
}

void HeadStatsView::setMetric(headstats::Metric metric) {
    if (metric == metric_) return;
    metric_ = metric;
    const QSignalBlocker block(metricBox_);
    metricBox_->setCurrentIndex(metric == headstats::Metric::Distance ? 1 : 0);
    rebuildBars();
}

void HeadStatsView::selectBar(int layer, int head) {
    if (QApplication::keyboardModifiers() & Qt::ControlModifier) {  // Ctrl+click: switch the head off or on
        Q_EMIT headToggleRequested(layer, head);
        return;
    }
    if (selection_) selection_->setLayerHead(layer, head);
}

void HeadStatsView::recompute() {
    statsHideAdded_ = selection_ && selection_->hideSpecialTokens();
    stats_ = analysis_ ? headstats::statisticsFor(analysis_->result, statsHideAdded_)
                       : attnscope::analysis::HeadStatistics{};
    rebuildBars();
}

void HeadStatsView::rebuildBars() {
    const bool dark = colors::isDark(palette());
    QChart* chart = chartView_->chart();
    chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);  // resets fonts and colours
    chart->setBackgroundRoundness(0);

    series_->clear();
    const headstats::BarTable table = headstats::barTable(stats_, metric_);
    const QColor selected = dark ? QColor(Qt::white) : QColor(20, 20, 20);
    for (int h = 0; h < static_cast<int>(table.values.size()); ++h) {
        auto* set = new QBarSet(table.setNames[h]);
        for (double v : table.values[static_cast<std::size_t>(h)]) *set << v;
        set->setColor(colors::head(h, stats_.heads));
        set->setBorderColor(Qt::transparent);
        set->setSelectedColor(selected);
        connect(set, &QBarSet::clicked, this, [this, h](int layer) { selectBar(layer, h); });
        connect(set, &QBarSet::hovered, this, [this, h](bool on, int layer) {
            hoveredBar_ = on ? std::pair{layer, h} : std::pair{-1, -1};
            if (!on) return QToolTip::hideText();
            const bool entropy = metric_ == headstats::Metric::EntropyBits;
            const double v = entropy ? stats_.entropyAt(layer, h) : stats_.distanceAt(layer, h);
            QToolTip::showText(QCursor::pos(), QCoreApplication::translate("HeadStatsView", "layer %1, head %2: %3 %4\nclick to select this head, Ctrl+click or right-click to switch it off or on")
                                                   .arg(layer)
                                                   .arg(h)
                                                   .arg(QLocale().toString(v, 'f', 2))
                                                   .arg(entropy ? QCoreApplication::translate("HeadStatsView", "bits") : QCoreApplication::translate("HeadStatsView", "tokens")));
        });
        series_->append(set);
    }

    layerAxis_->clear();
    layerAxis_->append(table.categories);
    const bool entropy = metric_ == headstats::Metric::EntropyBits;
    double top = table.maxValue;
    if (entropy && analysis_)
        top = std::max(top, std::log2(std::max(1, headstats::countedTokens(analysis_->result, statsHideAdded_))));
    uniformLine_->clear();
    uniformLine_->setVisible(entropy && analysis_ && stats_.layers > 0);
    if (uniformLine_->isVisible()) {
        const double uniform = std::log2(std::max(1, headstats::countedTokens(analysis_->result, statsHideAdded_)));
        uniformLine_->append(-0.5, uniform);
        uniformLine_->append(stats_.layers - 0.5, uniform);
        uniformLine_->setName(QCoreApplication::translate("HeadStatsView", "uniform"));
        uniformLine_->setPen(QPen(palette().color(QPalette::WindowText), 1.5, Qt::DashLine));
    }
    top = top > 0 ? top * 1.05 : 1.0;
    valueAxis_->setRange(0.0, top);
    valueAxis_->applyNiceNumbers();
    valueAxis_->setLabelFormat(QStringLiteral("%.1f"));
    valueAxis_->setTitleText(entropy ? QCoreApplication::translate("HeadStatsView", "entropy (bits): low = focused, high = spread out")
                                     : QCoreApplication::translate("HeadStatsView", "mean attention distance (tokens)"));
    QFont axisFont = font();
    axisFont.setPointSizeF(axisFont.pointSizeF() * 1.15);
    layerAxis_->setLabelsFont(axisFont);
    valueAxis_->setLabelsFont(axisFont);
    chart->legend()->setVisible(stats_.heads > 0 && stats_.heads <= 16);
    for (QLegendMarker* marker : chart->legend()->markers(uniformLine_)) marker->setVisible(uniformLine_->isVisible());
    chart->legend()->setAlignment(Qt::AlignBottom);
    updateHighlight();
    updateTexts();
    updateSwitchedOffMarks();
}

QPainterPath HeadStatsView::switchedOffPath() const { return offMarks_->path(); }

void HeadStatsView::updateSwitchedOffMarks() {
    offBars_.clear();
    QPainterPath path;
    QChart* chart = chartView_->chart();
    if (analysis_ && stats_.heads > 0)
        for (const auto& [layer, head] : analysis_->ablatedHeads) {
            if (layer >= stats_.layers || head >= stats_.heads) continue;
            // QBarSeries places set h of category l at l - w/2 + (h + 1/2)·w/n (w: bar width).
            const qreal w = series_->barWidth(), slot = w / stats_.heads;
            const qreal centre = layer - w / 2 + (head + 0.5) * slot;
            const QPointF left = chart->mapToPosition(QPointF(centre - slot * 0.45, 0.0), series_);
            const QPointF right = chart->mapToPosition(QPointF(centre + slot * 0.45, 0.0), series_);
            const qreal size = std::max<qreal>(right.x() - left.x(), 8.0);
            const QRectF box(QPointF(left.x() + (right.x() - left.x() - size) / 2, left.y() - size), QSizeF(size, size));
            path.moveTo(box.topLeft());
            path.lineTo(box.bottomRight());
            path.moveTo(box.topRight());
            path.lineTo(box.bottomLeft());
            offBars_.emplace_back(layer, head);
        }
    const qreal width = std::clamp(chart->plotArea().width() / (std::max(1, stats_.layers * stats_.heads) * 6.0), 2.0, 4.0);
    offMarks_->setPen(QPen(colors::switchedOff(), width, Qt::SolidLine, Qt::RoundCap));
    offMarks_->setPath(path);
}

void HeadStatsView::showHeadMenu(const QPoint& globalPos) {
    const auto [layer, head] = hoveredBar_;
    if (!analysis_ || layer < 0 || head < 0) return;
    const bool off = analysis_->ablatedHeads.count({layer, head}) > 0;
    const QString name = QStringLiteral("%1:%2").arg(layer).arg(head);
    QMenu menu(this);
    QAction* toggle = menu.addAction(off ? QCoreApplication::translate("HeadStatsView", "Switch head %1 back on").arg(name)
                                         : QCoreApplication::translate("HeadStatsView", "Switch head %1 off (Ctrl+click)").arg(name));
    QAction* show = menu.addAction(QCoreApplication::translate("HeadStatsView", "Show head %1").arg(name));
    QAction* chosen = menu.exec(globalPos);
    if (chosen == toggle) Q_EMIT headToggleRequested(layer, head);
    else if (chosen == show && selection_) selection_->setLayerHead(layer, head);
}

void HeadStatsView::updateHighlight() {
    const QList<QBarSet*> sets = series_->barSets();
    for (QBarSet* set : sets) set->deselectAllBars();
    if (!selection_) return;
    for (const auto& [l, h] : headstats::highlightedBars(stats_.layers, stats_.heads, selection_->layer(),
                                                         selection_->head(), selection_->aggregate()))
        if (h < sets.size()) sets[h]->selectBar(l);
}

QString HeadStatsView::caption() const { return caption_->text(); }

void HeadStatsView::updateTexts() {
    const bool entropy = metric_ == headstats::Metric::EntropyBits;
    QString text = QCoreApplication::translate("HeadStatsView", "Each bar is one attention head (colour = head), grouped by layer. ");
    if (entropy) {
        text += QCoreApplication::translate("HeadStatsView", "<b>Entropy</b> measures how spread out a head's attention is, averaged over the "
                               "words that look: <b>low entropy = a focused head</b> that puts its attention on "
                               "one or two words; high entropy = attention smeared over many words.");
        if (analysis_) {
            const int n = headstats::countedTokens(analysis_->result, statsHideAdded_);
            text += QCoreApplication::translate("HeadStatsView", " 0 bits would be all attention on one word; the dashed line (%2 bits) is "
                                   "attention spread equally over all %1 tokens.")
                        .arg(n)
                        .arg(QLocale().toString(std::log2(std::max(1, n)), 'f', 2));
        }
    } else {
        text += QCoreApplication::translate("HeadStatsView", "<b>Mean attention distance</b> is <b>how far a head looks</b>: on average, how "
                               "many tokens away from a word the words it attends to are (weighted by "
                               "attention). 0 = at itself, 1 = its neighbours, large = across the sentence.");
        if (!statsHideAdded_)
            text += QCoreApplication::translate("HeadStatsView", " Much attention goes to [CLS] and [SEP] at the two ends, which makes distances "
                                   "look long: hide special tokens to leave them out.");
    }
    const std::set<std::pair<int, int>> off = analysis_ ? analysis_->ablatedHeads : std::set<std::pair<int, int>>{};
    const auto ex = headstats::extremes(stats_, metric_, off);
    if (stats_.layers > 0 && ex.lowest.first >= 0) {
        const auto value = [&](std::pair<int, int> lh) {
            return entropy ? stats_.entropyAt(lh.first, lh.second) : stats_.distanceAt(lh.first, lh.second);
        };
        text +=
            QCoreApplication::translate("HeadStatsView", " Here the %1 head is <b>layer %2, head %3</b> (%4%5) and the %6 is layer %7, head %8 (%9).")
                .arg(entropy ? QCoreApplication::translate("HeadStatsView", "most focused") : QCoreApplication::translate("HeadStatsView", "nearest-looking"))
                .arg(ex.lowest.first)
                .arg(ex.lowest.second)
                .arg(QLocale().toString(value(ex.lowest), 'f', 2))
                .arg(value(ex.lowest) < 0.05 * std::max(1e-9, value(ex.highest))
                         ? QCoreApplication::translate("HeadStatsView", ": its bar is almost invisible")
                         : QString())
                .arg(entropy ? QCoreApplication::translate("HeadStatsView", "most spread out") : QCoreApplication::translate("HeadStatsView", "farthest-looking"))
                .arg(ex.highest.first)
                .arg(ex.highest.second)
                .arg(QLocale().toString(value(ex.highest), 'f', 2));
    }
    if (!off.empty())
        text += QCoreApplication::translate("HeadStatsView", " Crossed-out bars are switched-off heads (their weights are 0); they are left out here.");
    if (statsHideAdded_) text += QCoreApplication::translate("HeadStatsView", " [CLS] and [SEP] are hidden and left out.");
    text += QCoreApplication::translate("HeadStatsView", " Click a bar to show that head in every view.");
    caption_->setText(text);

    if (!analysis_ || !selection_ || stats_.layers == 0) {
        current_->setText(analysis_ ? QString() : QCoreApplication::translate("HeadStatsView", "Run a sentence to see the statistics."));
        return;
    }
    const int l = selection_->layer(), h = selection_->head();
    if (selection_->aggregate() != Aggregate::SingleHead || l >= stats_.layers || h >= stats_.heads) {
        current_->setText(QCoreApplication::translate("HeadStatsView", "Showing an aggregate of heads: click a bar to pick one."));
        return;
    }
    current_->setText(QCoreApplication::translate("HeadStatsView", "Selected (%5 bar): <b>layer %1, head %2</b>: entropy %3 bits, distance %4 tokens")
                          .arg(l)
                          .arg(h)
                          .arg(QLocale().toString(stats_.entropyAt(l, h), 'f', 2))
                          .arg(QLocale().toString(stats_.distanceAt(l, h), 'f', 2))
                          .arg(colors::isDark(palette()) ? QCoreApplication::translate("HeadStatsView", "white")
                                                         : QCoreApplication::translate("HeadStatsView", "black")));
}
