// GenerationStepsView: see generation_steps_view.h.
#include "generation_steps_view.h"

#include "attnscope/attention_analysis.h"
#include "attnscope/byte_level_bpe.h"
#include "color_scale.h"

#include <QHBoxLayout>
#include <QLocale>
#include <QPainter>
#include <QSlider>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

GenerationStepsLayout GenerationStepsLayout::compute(const QRectF& area, const std::vector<qreal>& widths, qreal boxHeight,
                                                     qreal rowHeight, qreal gap) {
    GenerationStepsLayout l;
    qreal x = area.left(), y = area.top();
    for (qreal w : widths) {
        w = std::min(w, area.width());
        if (x > area.left() && x + w > area.right()) {  // wrap
            x = area.left();
            y += rowHeight;
        }
        l.boxes.emplace_back(x, y, w, boxHeight);
        x += w + gap;
    }
    l.bottom = widths.empty() ? area.top() : y + rowHeight;
    return l;
}

namespace {
QString tokenText(const attnscope::Token& t) {
    if (t.special) return QString::fromStdString(t.piece);
    // Spaces and line breaks of their own read as "␣".
    if (QString::fromStdString(attnscope::byteLevelPieceText(t.piece)).trimmed().isEmpty()) return QStringLiteral("␣");
    return QString::fromStdString(attnscope::analysis::displayPiece(t.piece, attnscope::analysis::PieceScheme::ByteLevel));
}
}  // namespace

GenerationStepsView::GenerationStepsView(QWidget* parent) : AttentionView(parent) {
    auto* column = new QVBoxLayout(this);
    auto* controls = new QHBoxLayout;
    play_ = new QToolButton(this);
    play_->setText(tr("▶ Play"));
    play_->setToolTip(tr("Replay the writing, one token every 0.7 s"));
    slider_ = new QSlider(Qt::Horizontal, this);
    slider_->setToolTip(tr("Which written token: the boxes show where the model looked to write it"));
    controls->addWidget(play_);
    controls->addWidget(slider_, 1);
    column->addLayout(controls);
    column->addStretch(1);
    timer_.setInterval(700);
    connect(&timer_, &QTimer::timeout, this, [this] {
        if (step_ + 1 >= steps()) {
            timer_.stop();
            play_->setText(tr("▶ Play"));
            return;
        }
        setStep(step_ + 1);
    });
    connect(play_, &QToolButton::clicked, this, [this] {
        if (timer_.isActive()) {
            timer_.stop();
            play_->setText(tr("▶ Play"));
            return;
        }
        if (step_ + 1 >= steps()) setStep(0);
        play_->setText(tr("⏸ Pause"));
        timer_.start();
    });
    connect(slider_, &QSlider::valueChanged, this, [this](int v) { setStep(v); });
}

void GenerationStepsView::setAnalysis(AnalysisPtr analysis) {
    const bool another = !analysis_ || !analysis || analysis->requestId != analysis_->requestId;
    analysis_ = std::move(analysis);
    rebuildMatrix();
    if (another) step_ = 0;
    const QSignalBlocker block(slider_);
    slider_->setRange(0, std::max(0, steps() - 1));
    slider_->setValue(std::min(step_, std::max(0, steps() - 1)));
    setStep(slider_->value());
    relayout();
    update();
}

void GenerationStepsView::setPromptTokens(int tokens) {
    promptTokens_ = std::max(1, tokens);
    setAnalysis(analysis_);
}

int GenerationStepsView::steps() const {
    if (!analysis_) return 0;
    return std::max(0, static_cast<int>(analysis_->result.tokens.size()) - promptTokens_);
}

void GenerationStepsView::setStep(int step) {
    step_ = std::clamp(step, 0, std::max(0, steps() - 1));
    if (slider_->value() != step_) {
        const QSignalBlocker block(slider_);
        slider_->setValue(step_);
    }
    relayout();
    update();
}

void GenerationStepsView::rebuildMatrix() {
    matrix_ = analysis_ ? selectedMatrix(analysis_->result.attentions, selection_, attnscope::analysis::StackKind::SelfAttention)
                        : attnscope::FloatMatrix{};
}

void GenerationStepsView::selectionChanged() {
    rebuildMatrix();
    update();
}

std::vector<float> GenerationStepsView::stepWeights() const {
    std::vector<float> w;
    // The written token number step_ sits at position promptTokens_ + step_; the row that chose
    // it is the position before.
    const int row = promptTokens_ + step_ - 1;
    if (row < 0 || row >= matrix_.rows) return w;
    for (int j = 0; j <= row && j < matrix_.cols; ++j) w.push_back(matrix_.at(row, j));
    return w;
}

QFont GenerationStepsView::boxFont() const {
    QFont f = font();  // larger than the interface: the words are what the class reads
    f.setPointSizeF(f.pointSizeF() * 1.5);
    return f;
}

void GenerationStepsView::relayout() {
    layout_ = {};
    if (!analysis_ || steps() == 0) return;
    const QFontMetricsF fm(boxFont());
    std::vector<qreal> widths;
    const int shown = promptTokens_ + step_ + 1;  // the tokens before the new one, and the new one
    // A box is at least as wide as the weight printed under it ("0.00" in the interface's font).
    const qreal weightWidth = QFontMetricsF(font()).horizontalAdvance(QLocale().toString(0.0, 'f', 2)) + 8;
    for (int i = 0; i < shown; ++i)
        widths.push_back(std::max(fm.horizontalAdvance(tokenText(analysis_->result.tokens[static_cast<std::size_t>(i)])) + 14,
                                  weightWidth));
    const qreal top = slider_->geometry().bottom() + 2.4 * QFontMetricsF(font()).height();
    layout_ = GenerationStepsLayout::compute(QRectF(12, top, width() - 24, height() - top), widths, fm.height() * 1.4,
                                            fm.height() * 2.8, 6);
    setMinimumHeight(static_cast<int>(layout_.bottom + fm.height()));
}

void GenerationStepsView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Base));
    const QPalette pal = palette();
    const QFontMetricsF fm(font());
    if (!analysis_ || steps() == 0) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("Type the start of a text: each written token can then be replayed here."));
        return;
    }
    const auto& tokens = analysis_->result.tokens;
    const std::vector<float> w = stepWeights();
    const float top = w.empty() ? 1.f : std::max(1e-6f, *std::max_element(w.begin(), w.end()));
    const int newToken = promptTokens_ + step_;
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    p.setPen(pal.color(QPalette::Text));
    const QRectF caption(12, slider_->geometry().bottom() + 0.4 * fm.height(), width() - 24, 1.8 * fm.height());
    p.drawText(caption, Qt::AlignLeft | Qt::AlignVCenter,
               QFontMetricsF(bold).elidedText(
                   tr("Step %1 of %2: writing “%3” — shading: where the model looked (row of “%4”)")
                       .arg(step_ + 1)
                       .arg(steps())
                       .arg(tokenText(tokens[static_cast<std::size_t>(newToken)]),
                            tokenText(tokens[static_cast<std::size_t>(newToken - 1)])),
                   Qt::ElideRight, caption.width()));
    p.setFont(boxFont());
    const QFontMetricsF boxMetrics(boxFont());
    const bool dark = colors::isDark(pal);
    for (std::size_t i = 0; i < layout_.boxes.size(); ++i) {
        const QRectF box = layout_.boxes[i];
        const auto& token = tokens[i];
        const bool isNew = static_cast<int>(i) == newToken;
        if (isNew) {
            p.setPen(QPen(pal.color(QPalette::Highlight), 2.5));
            p.setBrush(Qt::NoBrush);
            p.drawRoundedRect(box, 4, 4);
            p.setPen(pal.color(QPalette::Text));
            p.drawText(box, Qt::AlignCenter, tokenText(token));
            p.setPen(pal.color(QPalette::PlaceholderText));
            p.setFont(font());
            p.drawText(QRectF(box.left() - 20, box.bottom(), box.width() + 40, boxMetrics.height() * 1.2), Qt::AlignCenter,
                       tr("new"));
            p.setFont(boxFont());
            continue;
        }
        const float weight = i < w.size() ? w[i] : 0.f;
        const QColor fill = QColor::fromRgb(colors::sequential(weight / top, dark));
        p.setPen(QPen(pal.color(QPalette::Mid), 1));
        p.setBrush(fill);
        p.drawRoundedRect(box, 4, 4);
        p.setPen(colors::textOn(fill.rgb()));
        if (token.special) p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(box, Qt::AlignCenter, tokenText(token));
        p.setPen(pal.color(QPalette::Text));
        p.setFont(font());
        p.drawText(QRectF(box.left(), box.bottom(), box.width(), boxMetrics.height() * 1.2), Qt::AlignCenter,
                   QLocale().toString(weight, 'f', 2));
        p.setFont(boxFont());
        if (static_cast<int>(i) == promptTokens_ - 1) {
            // The end of the prompt: what follows the model wrote itself.
            p.setPen(QPen(pal.color(QPalette::PlaceholderText), 1, Qt::DashLine));
            p.drawLine(QPointF(box.right() + 3, box.top() - 2), QPointF(box.right() + 3, box.bottom() + boxMetrics.height()));
        }
    }
}
