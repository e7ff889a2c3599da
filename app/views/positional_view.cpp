// PositionalView: sinusoidal or learned position encodings as a heatmap, a position-by-position
// cosine-similarity image and a few dimensions as curves. MatrixPlot paints one cached image
// with axes, a colour bar and the sentence-length marker.
#include "positional_view.h"

#include "flow_layout.h"

#include "attnscope/attention_analysis.h"
#include "color_scale.h"

#include <QLocale>
#include <QCoreApplication>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QLegend>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMouseEvent>
#include <QPainter>
#include <QRegularExpression>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <functional>

namespace positional {

HeatmapGeometry HeatmapGeometry::fit(const QSizeF& widget, int rows, int cols, bool squareCells) {
    HeatmapGeometry g;
    g.rows = rows;
    g.cols = cols;
    const double w = std::max(0.0, widget.width() - kLeft - kRight);
    const double h = std::max(0.0, widget.height() - kTop - kBottom);
    if (!squareCells || rows <= 0 || cols <= 0) {
        g.plot = QRectF(kLeft, kTop, w, h);
        return g;
    }
    const double cell = std::min(w / cols, h / rows);
    const double pw = cell * cols, ph = cell * rows;
    g.plot = QRectF(kLeft + (w - pw) / 2.0, kTop + (h - ph) / 2.0, pw, ph);
    return g;
}

QRectF HeatmapGeometry::cellRect(int row, int col) const {
    return QRectF(QPointF(colEdge(col), rowEdge(row)), QPointF(colEdge(col + 1), rowEdge(row + 1)));
}

double HeatmapGeometry::rowEdge(int row) const {
    return rows > 0 ? plot.top() + plot.height() * row / rows : plot.top();
}
double HeatmapGeometry::colEdge(int col) const {
    return cols > 0 ? plot.left() + plot.width() * col / cols : plot.left();
}

std::pair<int, int> HeatmapGeometry::cellAt(const QPointF& point) const {
    if (rows <= 0 || cols <= 0 || plot.isEmpty()) return {-1, -1};
    if (point.x() < plot.left() || point.y() < plot.top() || point.x() >= plot.right() || point.y() >= plot.bottom())
        return {-1, -1};
    const int row = std::clamp(static_cast<int>((point.y() - plot.top()) / plot.height() * rows), 0, rows - 1);
    const int col = std::clamp(static_cast<int>((point.x() - plot.left()) / plot.width() * cols), 0, cols - 1);
    return {row, col};
}

std::vector<int> ticks(int count, int maxTicks) {
    std::vector<int> out;
    if (count <= 0) return out;
    maxTicks = std::max(1, maxTicks);
    int step = 1;
    for (int decade = 1;; decade *= 10) {
        if (count <= maxTicks * decade) {
            step = decade;
            break;
        }
        if (count <= maxTicks * 2 * decade) {
            step = 2 * decade;
            break;
        }
        if (count <= maxTicks * 5 * decade) {
            step = 5 * decade;
            break;
        }
    }
    for (int i = 0; i < count; i += step) out.push_back(i);
    return out;
}

std::vector<int> parseDimensions(const QString& text, int dims) {
    std::vector<int> out;
    const QStringList parts = text.split(QRegularExpression(QStringLiteral("[,;\\s]+")), Qt::SkipEmptyParts);
    for (const QString& part : parts) {
        bool ok = false;
        const int d = part.toInt(&ok);
        if (ok && d >= 0 && d < dims && std::find(out.begin(), out.end(), d) == out.end()) out.push_back(d);
    }
    return out;
}

int defaultPositionCount(int sentenceTokens, int available) {
    return std::max(0, std::min(std::max(64, sentenceTokens), available));
}

attnscope::FloatMatrix firstRows(const attnscope::FloatMatrix& m, int rows) {
    attnscope::FloatMatrix out;
    out.rows = std::clamp(rows, 0, m.rows);
    out.cols = m.cols;
    out.values.assign(m.values.begin(), m.values.begin() + static_cast<std::ptrdiff_t>(out.rows) * m.cols);
    return out;
}

float robustScale(const attnscope::FloatMatrix& m) {
    if (m.values.empty()) return 1.f;
    std::vector<float> magnitudes(m.values.size());
    std::transform(m.values.begin(), m.values.end(), magnitudes.begin(), [](float v) { return std::fabs(v); });
    const auto k = static_cast<std::ptrdiff_t>(std::floor(0.99 * static_cast<double>(magnitudes.size() - 1)));
    std::nth_element(magnitudes.begin(), magnitudes.begin() + k, magnitudes.end());
    return std::max(magnitudes[static_cast<std::size_t>(k)], 1e-6f);
}

QImage matrixImage(const attnscope::FloatMatrix& m, float scale, bool dark) {
    QImage image(std::max(1, m.cols), std::max(1, m.rows), QImage::Format_RGB32);
    image.fill(colors::diverging(0.f, dark));
    for (int r = 0; r < m.rows; ++r) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(r));
        for (int c = 0; c < m.cols; ++c) line[c] = colors::diverging(m.at(r, c) / scale, dark);
    }
    return image;
}

// One cached matrix image with axes, a colour bar, the sentence marker and hover read-outs.
class MatrixPlot : public QWidget {
public:
    using Tip = std::function<QString(int row, int col)>;
    explicit MatrixPlot(QWidget* parent) : QWidget(parent) {
        setMouseTracking(true);
        setMinimumSize(220, 180);
    }

    void setContent(QImage image, int rows, int cols, float scale, bool square, int marker, bool markBlock) {
        image_ = std::move(image);
        rows_ = rows;
        cols_ = cols;
        scale_ = scale;
        square_ = square;
        marker_ = marker;
        markBlock_ = markBlock;
        update();
    }
    void setTexts(QString title, QString xTitle, QString yTitle, Tip tip) {
        title_ = std::move(title);
        xTitle_ = std::move(xTitle);
        yTitle_ = std::move(yTitle);
        tip_ = std::move(tip);
        update();
    }
    const QImage& image() const { return image_; }

protected:
    void paintEvent(QPaintEvent*) override {
        QPainter p(this);
        const auto g = HeatmapGeometry::fit(size(), rows_, cols_, square_);
        const QColor ink = palette().color(QPalette::WindowText);
        QFont bold = font();
        bold.setBold(true);
        p.setFont(bold);
        p.setPen(ink);
        p.drawText(QRectF(0, 0, width(), HeatmapGeometry::kTop - 4), Qt::AlignCenter, title_);
        p.setFont(font());
        if (rows_ <= 0 || cols_ <= 0 || g.plot.isEmpty()) return;

        p.drawImage(g.plot, image_);  // nearest-neighbour scaling: every value stays a crisp cell
        p.setPen(QPen(ink, 1));
        p.drawRect(g.plot);

        const QFontMetrics fm(font());
        for (int row : ticks(rows_, std::max(2, static_cast<int>(g.plot.height() / (fm.height() * 1.6))))) {
            const double y = (g.rowEdge(row) + g.rowEdge(row + 1)) / 2.0;
            p.drawLine(QPointF(g.plot.left() - 4, y), QPointF(g.plot.left(), y));
            p.drawText(QRectF(0, y - fm.height(), g.plot.left() - 6, 2 * fm.height()),
                       Qt::AlignRight | Qt::AlignVCenter, QString::number(row));
        }
        const double labelWidth = fm.horizontalAdvance(QStringLiteral("0000")) * 1.5;
        for (int col : ticks(cols_, std::max(2, static_cast<int>(g.plot.width() / labelWidth)))) {
            const double x = (g.colEdge(col) + g.colEdge(col + 1)) / 2.0;
            p.drawLine(QPointF(x, g.plot.bottom()), QPointF(x, g.plot.bottom() + 4));
            p.drawText(QRectF(x - 30, g.plot.bottom() + 4, 60, fm.height()), Qt::AlignHCenter | Qt::AlignTop,
                       QString::number(col));
        }
        p.drawText(QRectF(g.plot.left(), g.plot.bottom() + 4 + fm.height(), g.plot.width(), fm.height() + 2),
                   Qt::AlignCenter, xTitle_);
        p.save();
        p.translate(fm.height() * 0.2, g.plot.center().y());
        p.rotate(-90);
        p.drawText(QRectF(-g.plot.height() / 2.0, 0, g.plot.height(), fm.height() + 2), Qt::AlignCenter, yTitle_);
        p.restore();

        drawMarker(p, g, ink);
        drawColourBar(p, g, ink);
    }

    void mouseMoveEvent(QMouseEvent* event) override {
        const auto g = HeatmapGeometry::fit(size(), rows_, cols_, square_);
        const auto [row, col] = g.cellAt(event->position());
        if (row < 0 || !tip_) return QToolTip::hideText();
        QToolTip::showText(event->globalPosition().toPoint(), tip_(row, col), this);
    }

private:
    void drawMarker(QPainter& p, const HeatmapGeometry& g, const QColor& ink) {
        if (marker_ <= 0 || marker_ > rows_) return;
        QPen dashed(ink, 2, Qt::DashLine);
        p.setPen(dashed);
        const double y = g.rowEdge(marker_);
        const double right = markBlock_ ? g.colEdge(std::min(marker_, cols_)) : g.plot.right();
        if (markBlock_) p.drawRect(QRectF(QPointF(g.plot.left(), g.plot.top()), QPointF(right, y)));
        else p.drawLine(QPointF(g.plot.left(), y), QPointF(right, y));
        const QString label = QCoreApplication::translate("PositionalView", "this sentence: %1 tokens").arg(marker_);
        const QFontMetrics fm(font());
        QRectF box(0, 0, fm.horizontalAdvance(label) + 8, fm.height() + 2);
        box.moveTopRight(QPointF(right - 2, y + 3));
        if (box.bottom() > g.plot.bottom()) box.moveBottomRight(QPointF(right - 2, y - 3));
        if (box.left() < g.plot.left()) box.moveLeft(g.plot.left() + 2);
        QColor back = palette().color(QPalette::Window);
        back.setAlpha(215);
        p.fillRect(box, back);
        p.setPen(ink);
        p.drawText(box, Qt::AlignCenter, label);
    }

    void drawColourBar(QPainter& p, const HeatmapGeometry& g, const QColor& ink) {
        const bool dark = colors::isDark(palette());
        QImage bar(1, 128, QImage::Format_RGB32);
        for (int i = 0; i < bar.height(); ++i)
            bar.setPixel(0, i, colors::diverging(1.f - 2.f * i / (bar.height() - 1), dark));
        const QRectF rect(g.plot.right() + 10, g.plot.top(), 12, g.plot.height());
        p.drawImage(rect, bar);
        p.setPen(ink);
        p.drawRect(rect);
        const QFontMetrics fm(font());
        const auto label = [&](double y, const QString& text) {
            p.drawText(QRectF(rect.right() + 3, y - fm.height() / 2.0, HeatmapGeometry::kRight, fm.height()),
                       Qt::AlignLeft | Qt::AlignVCenter, text);
        };
        const QString s = QLocale().toString(static_cast<double>(scale_), 'g', 2);
        label(rect.top() + fm.height() / 2.0, QStringLiteral("+") + s);
        label(rect.center().y(), QStringLiteral("0"));
        label(rect.bottom() - fm.height() / 2.0, QStringLiteral("\u2212") + s);
    }

    QImage image_;
    int rows_ = 0, cols_ = 0;
    float scale_ = 1.f;
    bool square_ = false;
    int marker_ = 0;
    bool markBlock_ = false;
    QString title_, xTitle_, yTitle_;
    Tip tip_;
};

}  // namespace positional

namespace {
constexpr int kMaxSinusoidalPositions = 512;
constexpr int kDefaultWidth = 128;  // sinusoid width when no model is loaded
}  // namespace

PositionalView::PositionalView(QWidget* parent) : AttentionView(parent) {
    auto* layout = new QVBoxLayout(this);
    auto* controls = new FlowLayout;  // wraps instead of widening the page (200 % text at 1024 px)
    sourceBox_ = new QComboBox(this);
    sourceBox_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    sourceBox_->setMinimumContentsLength(16);
    sourceBox_->addItem(QCoreApplication::translate("PositionalView", "Sinusoidal (Vaswani et al. 2017)"));
    sourceBox_->addItem(QCoreApplication::translate("PositionalView", "This model's learned embeddings"));
    auto* sourceLabel = new QLabel(QCoreApplication::translate("PositionalView", "Encoding:"), this);
    sourceLabel->setBuddy(sourceBox_);
    positionsBox_ = new QSpinBox(this);
    positionsBox_->setRange(2, kMaxSinusoidalPositions);
    positionsBox_->setToolTip(QCoreApplication::translate("PositionalView", "How many positions to draw (from position 0)"));
    auto* positionsLabel = new QLabel(QCoreApplication::translate("PositionalView", "Positions shown:"), this);
    positionsLabel->setBuddy(positionsBox_);
    dimsEdit_ = new QLineEdit(QStringLiteral("0, 1, 10, 40, 100"), this);
    dimsEdit_->setToolTip(QCoreApplication::translate("PositionalView", "Dimensions (columns) to draw as curves, separated by commas"));
    auto* dimsLabel = new QLabel(QCoreApplication::translate("PositionalView", "Curves for dimensions:"), this);
    dimsLabel->setBuddy(dimsEdit_);
    controls->addWidget(sourceLabel);
    controls->addWidget(sourceBox_);
    controls->addSpacing(12);
    controls->addWidget(positionsLabel);
    controls->addWidget(positionsBox_);
    controls->addSpacing(12);
    dimsEdit_->setMinimumWidth(QFontMetrics(font()).averageCharWidth() * 14);
    controls->addWidget(dimsLabel);
    controls->addWidget(dimsEdit_);
    layout->addLayout(controls);

    caption_ = new QLabel(this);
    caption_->setWordWrap(true);
    caption_->setTextFormat(Qt::RichText);
    layout->addWidget(caption_);

    auto* images = new QHBoxLayout;
    encodingPlot_ = new positional::MatrixPlot(this);
    similarityPlot_ = new positional::MatrixPlot(this);
    images->addWidget(encodingPlot_, 3);
    images->addWidget(similarityPlot_, 2);
    layout->addLayout(images, 3);

    auto* chart = new QChart;

    chart->setLocalizeNumbers(true);  // "0,5" in the German interface
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setMargins(QMargins(2, 2, 2, 2));
    curveX_ = new QValueAxis;
    curveY_ = new QValueAxis;
    chart->addAxis(curveX_, Qt::AlignBottom);
    chart->addAxis(curveY_, Qt::AlignLeft);
    curves_ = new QChartView(chart, this);
    curves_->setRenderHint(QPainter::Antialiasing);
    curves_->setMinimumHeight(160);
    layout->addWidget(curves_, 2);

    connect(sourceBox_, &QComboBox::currentIndexChanged, this,
            [this](int i) { setSource(i == 1 ? positional::Source::Learned : positional::Source::Sinusoidal); });
    connect(positionsBox_, &QSpinBox::valueChanged, this, [this](int n) {
        if (n != positions_) setPositionCount(n);
    });
    connect(dimsEdit_, &QLineEdit::editingFinished, this, [this] { rebuildCurves(); });
    rebuild();
}

void PositionalView::setAnalysis(AnalysisPtr analysis) {
    analysis_ = std::move(analysis);
    if (source_ == positional::Source::Learned && !learnedAvailable()) source_ = positional::Source::Sinusoidal;
    rebuild();
}

bool PositionalView::learnedAvailable() const {
    return analysis_ && analysis_->positionEmbeddings && analysis_->positionEmbeddings->rows > 0;
}

void PositionalView::setSource(positional::Source source) {
    if (source == positional::Source::Learned && !learnedAvailable()) source = positional::Source::Sinusoidal;
    source_ = source;
    rebuild();
}

void PositionalView::setPositionCount(int positions) {
    requestedPositions_ = std::max(0, positions);
    rebuild();
}

void PositionalView::setDimensionsText(const QString& text) {
    dimsEdit_->setText(text);
    rebuildCurves();
}

QImage PositionalView::encodingImage() const { return encodingPlot_->image(); }
QImage PositionalView::similarityImage() const { return similarityPlot_->image(); }
QString PositionalView::caption() const { return caption_->text(); }

int PositionalView::sentenceTokens() const { return analysis_ ? static_cast<int>(analysis_->result.tokens.size()) : 0; }

void PositionalView::rebuild() {
    using positional::Source;
    const bool learned = source_ == Source::Learned && learnedAvailable();
    const int tokens = sentenceTokens();
    int width = kDefaultWidth;
    if (analysis_ && analysis_->positionEmbeddings && analysis_->positionEmbeddings->cols > 0)
        width = analysis_->positionEmbeddings->cols;
    else if (analysis_ && analysis_->result.hiddenStates.dims > 0) width = analysis_->result.hiddenStates.dims;
    const int available = learned ? analysis_->positionEmbeddings->rows : std::max(kMaxSinusoidalPositions, tokens);
    positions_ = requestedPositions_ > 0 ? std::clamp(requestedPositions_, 2, available)
                                         : positional::defaultPositionCount(tokens, available);

    encoding_ = learned ? positional::firstRows(*analysis_->positionEmbeddings, positions_)
                        : attnscope::analysis::sinusoidalEncoding(positions_, width);
    similarity_ = attnscope::analysis::rowCosineSimilarity(encoding_);
    const float scale = learned ? positional::robustScale(encoding_) : 1.f;
    const bool dark = colors::isDark(palette());

    encodingPlot_->setContent(positional::matrixImage(encoding_, scale, dark), encoding_.rows, encoding_.cols, scale,
                              false, tokens, false);
    const auto* enc = &encoding_;
    encodingPlot_->setTexts(
        learned ? QCoreApplication::translate("PositionalView", "Learned position embeddings (one row per position)")
                : QCoreApplication::translate("PositionalView", "Sinusoidal encoding (one row per position)"),
        QCoreApplication::translate("PositionalView", "dimension"), QCoreApplication::translate("PositionalView", "position"), [enc](int r, int c) {
            return QCoreApplication::translate("PositionalView", "position %1, dimension %2: %3").arg(r).arg(c).arg(QLocale().toString(enc->at(r, c), 'f', 3));
        });
    similarityPlot_->setContent(positional::matrixImage(similarity_, 1.f, dark), similarity_.rows, similarity_.cols,
                                1.f, true, tokens, true);
    const auto* sim = &similarity_;
    similarityPlot_->setTexts(QCoreApplication::translate("PositionalView", "How alike are two positions? (cosine)"), QCoreApplication::translate("PositionalView", "position"),
                              QCoreApplication::translate("PositionalView", "position"), [sim](int r, int c) {
                                  return QCoreApplication::translate("PositionalView", "positions %1 and %2: cosine similarity %3")
                                      .arg(r)
                                      .arg(c)
                                      .arg(QLocale().toString(sim->at(r, c), 'f', 3));
                              });

    QString text;
    const QString model = analysis_ ? analysis_->modelName.toHtmlEscaped() : QString();
    if (learned) {
        text = QCoreApplication::translate("PositionalView", 
                   "A transformer reads all words at once, so it must be told where each word is. <b>%1</b> was not "
                   "given sine waves: it <b>learned one vector per position</b> during training and adds it to each "
                   "word. <b>Left:</b> the first %2 of its %3 position vectors, one row each (blue = negative, red = "
                   "positive, scaled to \u00b1%4). <b>Right:</b> how alike two positions' vectors are; a bright band "
                   "along the diagonal means the model learned, by itself, that nearby positions are similar. "
                   "<b>Below:</b> a few dimensions as curves over position.")
                   .arg(model.isEmpty() ? QCoreApplication::translate("PositionalView", "This model") : model)
                   .arg(positions_)
                   .arg(analysis_->positionEmbeddings->rows)
                   .arg(static_cast<double>(scale), 0, 'g', 2);
    } else {
        text = QCoreApplication::translate("PositionalView", 
                   "A transformer reads all words at once, so it must be told where each word is. Vaswani et al. "
                   "(2017) add to the word at position <i>p</i> a fixed pattern of <b>waves</b>: dimension 2<i>i</i> "
                   "is sin(<i>p</i>/10000<sup>2<i>i</i>/%1</sup>), dimension 2<i>i</i>+1 the matching cosine, so the "
                   "waves get slower from left to right (%1 dimensions, as wide as %2). <b>Left:</b> the pattern, one "
                   "row per position (blue = −1, red = +1). <b>Right:</b> how alike two positions' patterns are: "
                   "neighbours look alike, distant positions less so. <b>Below:</b> a few dimensions as curves.")
                   .arg(width)
                   .arg(analysis_ ? (model.isEmpty() ? QCoreApplication::translate("PositionalView", "the loaded model") : model)
                                  : QCoreApplication::translate("PositionalView", "a small model"));
    }
    if (tokens > 0)
        text += QCoreApplication::translate("PositionalView", " The dashed line marks where the current sentence (%1 tokens) ends.").arg(tokens);
    caption_->setText(text);

    updateControls();
    rebuildCurves();
}

void PositionalView::updateControls() {
    const QSignalBlocker blockSource(sourceBox_);
    const QSignalBlocker blockPositions(positionsBox_);
    auto* model = qobject_cast<QStandardItemModel*>(sourceBox_->model());
    if (model && model->item(1)) {
        model->item(1)->setEnabled(learnedAvailable());
        model->item(1)->setToolTip(learnedAvailable() ? QString()
                                                      : QCoreApplication::translate("PositionalView", "Run a sentence with a model first"));
    }
    sourceBox_->setCurrentIndex(source_ == positional::Source::Learned ? 1 : 0);
    const bool learned = source_ == positional::Source::Learned && learnedAvailable();
    positionsBox_->setMaximum(learned ? analysis_->positionEmbeddings->rows
                                      : std::max(kMaxSinusoidalPositions, sentenceTokens()));
    positionsBox_->setValue(positions_);
}

void PositionalView::rebuildCurves() {
    QChart* chart = curves_->chart();
    const bool dark = colors::isDark(palette());
    chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart->setBackgroundRoundness(0);
    chart->removeAllSeries();
    dims_ = positional::parseDimensions(dimsEdit_->text(), encoding_.cols);

    // The axes live as long as the chart (Qt Charts removes deleted axes' items only later).
    QValueAxis* x = curveX_;
    QValueAxis* y = curveY_;
    const int last = std::max(1, encoding_.rows - 1);
    x->setRange(0, last);
    x->setLabelFormat(QStringLiteral("%d"));
    x->setTitleText(QCoreApplication::translate("PositionalView", "position"));
    x->setTickType(QValueAxis::TicksDynamic);
    x->setTickAnchor(0);
    const auto xTicks = positional::ticks(last + 1, 12);
    x->setTickInterval(xTicks.size() > 1 ? xTicks[1] : 1);
    y->setTitleText(QCoreApplication::translate("PositionalView", "value"));

    float lo = 0.f, hi = 0.f;
    for (std::size_t i = 0; i < dims_.size(); ++i) {
        auto* line = new QLineSeries;
        line->setName(QCoreApplication::translate("PositionalView", "dim %1").arg(dims_[i]));
        QList<QPointF> points;
        for (int r = 0; r < encoding_.rows; ++r) {
            const float v = encoding_.at(r, dims_[i]);
            points << QPointF(r, v);
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
        line->replace(points);
        line->setPen(QPen(colors::head(static_cast<int>(i), static_cast<int>(dims_.size())), 2));
        chart->addSeries(line);
        line->attachAxis(x);
        line->attachAxis(y);
    }
    const float pad = std::max(1e-6f, (hi - lo) * 0.06f);
    y->setRange(lo - pad, hi + pad);
    // Fixed ticks: Qt 6.4's dynamic ticks elide these labels to "..." in this layout.
    y->setTickType(QValueAxis::TicksFixed);
    y->setTickCount(5);
    const double span = static_cast<double>(hi - lo) + 2.0 * pad;
    const int decimals = std::clamp(static_cast<int>(2 - std::floor(std::log10(std::max(1e-6, span)))), 0, 4);
    y->setLabelFormat(QStringLiteral("%.") + QString::number(decimals) + QStringLiteral("f"));

    const int tokens = sentenceTokens();
    if (tokens > 0 && tokens <= encoding_.rows && !dims_.empty()) {
        auto* end = new QLineSeries;
        end->setName(QCoreApplication::translate("PositionalView", "end of sentence"));
        end->append(tokens - 0.5, lo - pad);
        end->append(tokens - 0.5, hi + pad);
        end->setPen(QPen(palette().color(QPalette::WindowText), 1.5, Qt::DashLine));
        chart->addSeries(end);
        end->attachAxis(x);
        end->attachAxis(y);
    }
    chart->legend()->setAlignment(Qt::AlignRight);
    chart->legend()->setVisible(!dims_.empty());
    chart->setTitle(dims_.empty() ? QCoreApplication::translate("PositionalView", "Type dimension numbers above (0 to %1) to draw them as curves")
                                        .arg(std::max(0, encoding_.cols - 1))
                                  : QString());
}
