// StepThroughView and StepLayout (see step_through_view.h).
#include "step_through_view.h"

#include "color_scale.h"

#include <QLocale>
#include <QBoxLayout>
#include <QEvent>
#include <QFontMetricsF>
#include <QIcon>
#include <QKeyEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QPixmap>
#include <QSlider>
#include <QToolButton>

#include <algorithm>
#include <cmath>

namespace tmath = translationmath;

// ---------------------------------------------------------------------------------------
// StepLayout

StepLayout StepLayout::compute(const QRectF& area, const std::vector<qreal>& targetWidths,
                               const std::vector<bool>& targetGlued, const std::vector<qreal>& sourceWidths,
                               const std::vector<bool>& sourceGlued, const Metrics& m) {
    StepLayout l;
    const qreal x0 = area.left() + m.margin;
    const qreal w = std::max<qreal>(1, area.width() - 2 * m.margin);
    qreal y = area.top() + m.margin;
    l.caption = QRectF(x0, y, w, m.captionHeight);
    y += m.captionHeight + m.sectionGap / 2;
    l.translationTitle = QRectF(x0, y, w, m.titleHeight);
    y += m.titleHeight + 2;
    // The highlight of the new piece reaches 4 px past its text: keep that inside the area.
    l.target = tmath::flowBoxes(targetWidths, targetGlued, QPointF(x0 + 4, y), w - 8, m.textLineHeight, m.textGap, 0, 4,
                                false);
    y += std::max(l.target.height, m.textLineHeight) + m.sectionGap;
    l.sourceTitle = QRectF(x0, y, w, m.titleHeight);
    y += m.titleHeight + 4;
    l.source = tmath::flowBoxes(sourceWidths, sourceGlued, QPointF(x0, y), w, m.boxHeight, m.boxGap, m.gluedGap,
                                m.weightHeight + 8, false);
    l.bottom = y + std::max(l.source.height, m.boxHeight) + m.weightHeight;
    return l;
}

int StepLayout::sourceAt(const QPointF& p) const {
    for (std::size_t i = 0; i < source.boxes.size(); ++i)
        if (source.boxes[i].contains(p)) return static_cast<int>(i);
    return -1;
}

// ---------------------------------------------------------------------------------------
// StepThroughView

namespace {

// Play / pause drawn in the palette's button text colour (the style's standard media icons
// are black, invisible on dark palettes).
QPixmap mediaPixmap(bool pause, const QColor& colour, int size) {
    QPixmap pixmap(size * 2, size * 2);  // drawn at 2x, crisp on high-dpi screens
    pixmap.setDevicePixelRatio(2);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setPen(Qt::NoPen);
    p.setBrush(colour);
    const qreal s = size;
    if (pause) {
        p.drawRect(QRectF(s * 0.22, s * 0.18, s * 0.2, s * 0.64));
        p.drawRect(QRectF(s * 0.58, s * 0.18, s * 0.2, s * 0.64));
    } else {
        const QPointF triangle[] = {{s * 0.25, s * 0.15}, {s * 0.85, s * 0.5}, {s * 0.25, s * 0.85}};
        p.drawPolygon(triangle, 3);
    }
    return pixmap;
}

QIcon mediaIcon(bool pause, const QPalette& palette, int size) {
    QIcon icon(mediaPixmap(pause, palette.color(QPalette::ButtonText), size));
    icon.addPixmap(mediaPixmap(pause, palette.color(QPalette::Disabled, QPalette::ButtonText), size), QIcon::Disabled);
    return icon;
}

QFont scaled(QFont f, double k) {
    if (f.pointSizeF() > 0) f.setPointSizeF(f.pointSizeF() * k);
    else f.setPixelSize(std::max(6, static_cast<int>(std::lround(f.pixelSize() * k))));
    return f;
}

}  // namespace

StepThroughView::StepThroughView(QWidget* parent) : AttentionView(parent) {
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);

    controls_ = new QWidget(this);
    auto* row = new QHBoxLayout(controls_);
    row->setContentsMargins(12, 4, 12, 8);
    play_ = new QToolButton(controls_);
    play_->setToolTip(tr("Play / pause (Space)"));
    play_->setAutoRaise(true);
    slider_ = new QSlider(Qt::Horizontal, controls_);
    slider_->setPageStep(1);
    slider_->setToolTip(tr("Decoding step (← / →)"));
    stepLabel_ = new QLabel(controls_);
    stepLabel_->setTextFormat(Qt::PlainText);
    stepLabel_->setMinimumWidth(QFontMetrics(font()).horizontalAdvance(QStringLiteral("Step 00/00: «wwwww»")));
    row->addWidget(play_);
    row->addWidget(slider_, 1);
    row->addWidget(stepLabel_);
    auto* column = new QVBoxLayout(this);
    column->setContentsMargins(0, 0, 0, 0);
    column->addStretch(1);
    column->addWidget(controls_);

    timer_.setInterval(600);
    connect(&timer_, &QTimer::timeout, this, [this] { advance(); });
    connect(slider_, &QSlider::valueChanged, this, &StepThroughView::setStep);
    connect(play_, &QToolButton::clicked, this, [this] { setPlaying(!isPlaying()); });

    rebuildMatrix();
    rebuildRow();
    syncControls();
}

void StepThroughView::setTranslation(TranslationPtr translation) {
    // The same request again (streamed in further, finished, or fed anew): keep the user's step.
    const bool sameRequest = translation_ && translation && translation_->requestId == translation->requestId &&
                             translation_->text == translation->text;
    translation_ = std::move(translation);
    hoveredSource_ = -1;
    rebuildMatrix();
    // A new translation opens on its first step, the start of the story (the last one, </s>,
    // teaches least); replay goes on where it was.
    step_ = isPlaying() || sameRequest ? std::clamp(step_, 0, std::max(0, steps_ - 1)) : 0;
    if (steps_ <= 1) timer_.stop();
    rebuildRow();
    syncControls();
    update();
}

void StepThroughView::setStep(int step) {
    step = std::clamp(step, 0, std::max(0, steps_ - 1));
    if (step == step_) {
        syncControls();
        return;
    }
    step_ = step;
    rebuildRow();
    syncControls();
    update();
}

void StepThroughView::setPlaying(bool playing) {
    if (playing && steps_ > 1) {
        const bool complete = !translation_ || translation_->complete;
        if (step_ >= steps_ - 1 && complete) setStep(0);
        timer_.start();
    } else {
        timer_.stop();
    }
    syncControls();
}

bool StepThroughView::advance() {
    const bool complete = !translation_ || translation_->complete;
    if (step_ < steps_ - 1) {
        setStep(step_ + 1);
        if (step_ == steps_ - 1 && complete) setPlaying(false);
        return true;
    }
    // At the end: a streaming translation may still grow, so keep waiting for it.
    if (complete) setPlaying(false);
    return false;
}

void StepThroughView::selectionChanged() {
    // Hover and click in other views change the selection too: only layer/head/aggregate matter.
    const MatrixChoice key = matrixChoiceOf(selection_);
    if (key == builtFor_) return;
    rebuildMatrix();
    rebuildRow();
    syncControls();
    update();
}

void StepThroughView::rebuildMatrix() {
    matrix_ = {};
    targetLabels_.clear();
    sourceLabels_.clear();
    targetGlued_.clear();
    sourceGlued_.clear();
    steps_ = 0;
    caption_.clear();
    builtFor_ = matrixChoiceOf(selection_);
    if (translation_) {
        const attnscope::TextTranslation& t = translation_->result;
        matrix_ = selectedCrossAttention(t, selection_);
        steps_ = static_cast<int>(t.targetTokens.size());
        for (const auto& token : t.targetTokens) {
            targetLabels_ << tmath::pieceLabel(token.piece);
            targetGlued_.push_back(!tmath::startsWord(token));
        }
        for (const auto& token : t.sourceTokens) {
            sourceLabels_ << tmath::pieceLabel(token.piece);
            sourceGlued_.push_back(!tmath::startsWord(token));
        }
        if (!targetGlued_.empty()) targetGlued_[0] = false;
        if (!sourceGlued_.empty()) sourceGlued_[0] = false;
        targetSpecial_ = tmath::specialFlags(t.targetTokens, steps_);
        sourceSpecial_ = tmath::specialFlags(t.sourceTokens, static_cast<int>(t.sourceTokens.size()));
        caption_ = tmath::selectionCaption(t.crossAttentions, selection_);
        if (!translation_->complete) caption_ += tr("  ·  decoding…");
    }
    relayout();
}

void StepThroughView::rebuildRow() {
    row_ = attnscope::analysis::matrixRow(matrix_, step_);
    rowMax_ = 0.f;
    for (float v : row_) rowMax_ = std::max(rowMax_, v);
    if (rowMax_ <= 0.f) rowMax_ = 1.f;
    rowArgmax_ = attnscope::analysis::argmaxSource(matrix_, step_, sourceSpecial_);
}

void StepThroughView::syncControls() {
    const QSignalBlocker block(slider_);
    slider_->setRange(0, std::max(0, steps_ - 1));
    slider_->setValue(step_);
    slider_->setEnabled(steps_ > 1);
    play_->setEnabled(steps_ > 1);
    play_->setIcon(mediaIcon(isPlaying(), palette(), play_->iconSize().height()));
    stepLabel_->setText(stepText());
}

QString StepThroughView::stepText() const {
    if (steps_ <= 0) return tr("No steps yet");
    return tr("Step %1/%2: «%3»").arg(step_ + 1).arg(steps_).arg(targetLabels_.value(step_));
}

QString StepThroughView::partialText() const {
    if (!translation_ || steps_ <= 0) return {};
    return tmath::joinPieces(translation_->result.targetTokens, step_ + 1);
}

QRectF StepThroughView::canvasRect() const {
    const int controlsHeight =
        controls_->isVisible() && controls_->height() > 0 ? controls_->height() : controls_->sizeHint().height();
    return QRectF(0, 0, width(), std::max(0, height() - controlsHeight));
}

void StepThroughView::relayout() {
    dark_ = colors::isDark(palette());
    const QRectF area = canvasRect();
    const QFont base = font();
    // Lays everything out with text at k times the view's size.
    auto build = [&](double k, const QRectF& within) {
        textFont_ = scaled(base, 1.3 * k);
        boxFont_ = scaled(base, k);
        weightFont_ = scaled(base, 0.8 * k);
        const QFontMetricsF text(textFont_), box(boxFont_), weight(weightFont_), plain(base);
        StepLayout::Metrics m;
        m.captionHeight = std::ceil(plain.height() * 1.2);
        m.titleHeight = std::ceil(plain.height() * 1.2);
        m.textLineHeight = std::ceil(text.height() + 6);
        m.textGap = std::ceil(text.horizontalAdvance(QLatin1Char(' ')) + 6);
        m.boxHeight = std::ceil(box.height() + 8);
        m.weightHeight = std::ceil(weight.height() + 2);
        m.boxGap = std::ceil(8 * k + 2);
        std::vector<qreal> targetWidths, sourceWidths;
        for (const QString& s : targetLabels_) targetWidths.push_back(std::ceil(text.horizontalAdvance(s)));
        const qreal weightW = weight.horizontalAdvance(QStringLiteral("0.00"));
        for (const QString& s : sourceLabels_)
            sourceWidths.push_back(std::ceil(std::max(box.horizontalAdvance(s), weightW) + 12 * k + 4));
        return StepLayout::compute(within, targetWidths, targetGlued_, sourceWidths, sourceGlued_, m);
    };
    // Below the height everything needs at the smallest text the page scrolls (inside its tab's
    // scroll area) instead of drawing the source words under the controls.
    constexpr double kSmallest = 0.9;  // the weights under the words at 0.8 of that: still readable
    const StepLayout tallest = build(kSmallest, QRectF(area.left(), area.top(), area.width(), 1e6));
    const int minimum = static_cast<int>(std::ceil(tallest.bottom + (height() - area.height()) + 4));
    if (minimumHeight() != minimum) setMinimumHeight(minimum);
    // The largest text at which everything fits above the controls: large for a short
    // sentence, smaller for long ones.
    for (double k : {1.5, 1.3, 1.15, 1.0, kSmallest}) {
        layout_ = build(k, area);
        if (layout_.bottom <= area.bottom()) break;
    }
}



void StepThroughView::keyPressEvent(QKeyEvent* event) {
    switch (event->key()) {
    case Qt::Key_Left: setStep(step_ - 1); break;
    case Qt::Key_Right: setStep(step_ + 1); break;
    case Qt::Key_Home: setStep(0); break;
    case Qt::Key_End: setStep(steps_ - 1); break;
    case Qt::Key_Space: setPlaying(!isPlaying()); break;
    default: AttentionView::keyPressEvent(event); return;
    }
    event->accept();
}

void StepThroughView::mouseMoveEvent(QMouseEvent* event) {
    const int source = layout_.sourceAt(event->position());
    if (source != hoveredSource_) {
        hoveredSource_ = source;
        update();
    }
}

void StepThroughView::leaveEvent(QEvent* event) {
    AttentionView::leaveEvent(event);
    hoveredSource_ = -1;
    update();
}

// ---------------------------------------------------------------------------------------
// Painting: only cached state.

std::vector<AttentionView::LabelBox> StepThroughView::labelBoxes() const {
    std::vector<LabelBox> out;
    if (steps_ <= 0) return out;
    const QFontMetricsF text(textFont_), boxes(boxFont_), weights(weightFont_);
    for (int i = 0; i <= step_ && i < static_cast<int>(layout_.target.boxes.size()); ++i) {
        const QString label = targetLabels_.value(i);
        out.push_back({text.boundingRect(layout_.target.boxes[static_cast<std::size_t>(i)], Qt::AlignCenter, label), label,
                       label, text.height()});
    }
    for (int c = 0; c < static_cast<int>(layout_.source.boxes.size()); ++c) {
        const QRectF box = layout_.source.boxes[static_cast<std::size_t>(c)];
        const QString full = sourceLabels_.value(c);
        const QString shown = boxes.elidedText(full, Qt::ElideRight, box.width() - 4);
        out.push_back({boxes.boundingRect(box, Qt::AlignCenter, shown), shown, full, boxes.height()});
        if (c < static_cast<int>(row_.size())) {
            const QString weight = QLocale().toString(row_[static_cast<std::size_t>(c)], 'f', 2);
            const QRectF under(box.left() - 4, box.bottom() + 1, box.width() + 8, weights.height());
            out.push_back({weights.boundingRect(under, Qt::AlignHCenter | Qt::AlignTop, weight), weight, weight,
                           weights.height()});
        }
    }
    return out;
}

void StepThroughView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Base));
    const QRectF canvas = canvasRect();
    p.setClipRect(canvas);
    const QColor text = palette().color(QPalette::Text);
    QColor dim = text;
    dim.setAlphaF(0.6f);
    if (!translation_ || steps_ <= 0) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        QFont f = font();
        f.setPointSizeF(f.pointSizeF() * 1.3);
        p.setFont(f);
        const QString message = !translation_
                                    ? tr("Type a sentence to translate.\nIts decoding will replay here, step by step.")
                                    : tr("Translating…");
        p.drawText(canvas.adjusted(20, 20, -20, -20), Qt::AlignCenter | Qt::TextWordWrap, message);
        return;
    }
    p.setRenderHint(QPainter::Antialiasing, true);
    const QFontMetricsF plain(font());
    p.setFont(font());
    p.setPen(dim);
    p.drawText(layout_.caption, Qt::AlignLeft | Qt::AlignVCenter,
               plain.elidedText(caption_, Qt::ElideRight, layout_.caption.width()));

    QFont title = font();
    title.setBold(true);
    p.setFont(title);
    p.setPen(text);
    p.drawText(layout_.translationTitle, Qt::AlignLeft | Qt::AlignVCenter,
               tr("Translation so far (%1 of %2 tokens)").arg(step_ + 1).arg(steps_));

    // The translation up to and including the new token, which is highlighted.
    p.setFont(textFont_);
    for (int i = 0; i <= step_ && i < static_cast<int>(layout_.target.boxes.size()); ++i) {
        const QRectF box = layout_.target.boxes[static_cast<std::size_t>(i)];
        const bool special = i < static_cast<int>(targetSpecial_.size()) && targetSpecial_[static_cast<std::size_t>(i)];
        if (i == step_) {
            p.setPen(Qt::NoPen);
            p.setBrush(palette().color(QPalette::Highlight));
            p.drawRoundedRect(box.adjusted(-4, -1, 4, 1), 4, 4);
            p.setPen(palette().color(QPalette::HighlightedText));
        } else {
            p.setPen(special ? dim : text);
        }
        p.drawText(box, Qt::AlignCenter, targetLabels_.value(i));
    }

    p.setFont(title);
    p.setPen(text);
    QString sourceTitle = tr("Source: where «%1» looked").arg(targetLabels_.value(step_));
    if (hoveredSource_ >= 0 && hoveredSource_ < static_cast<int>(row_.size()))
        sourceTitle += tr("  ·  %1: %2 %")
                           .arg(sourceLabels_.value(hoveredSource_))
                           .arg(QLocale().toString(100.0 * row_[static_cast<std::size_t>(hoveredSource_)], 'f', 1));
    p.drawText(layout_.sourceTitle, Qt::AlignLeft | Qt::AlignVCenter,
               QFontMetricsF(title).elidedText(sourceTitle, Qt::ElideRight, layout_.sourceTitle.width()));

    // Source word boxes shaded by weight (relative to this step's largest), weight underneath.
    const QFontMetricsF boxMetrics(boxFont_);
    const QFontMetricsF weightMetrics(weightFont_);
    QColor frame = text;
    frame.setAlphaF(0.35f);
    for (int c = 0; c < static_cast<int>(layout_.source.boxes.size()); ++c) {
        const QRectF box = layout_.source.boxes[static_cast<std::size_t>(c)];
        const bool hasWeight = c < static_cast<int>(row_.size());
        const float w = hasWeight ? row_[static_cast<std::size_t>(c)] : 0.f;
        const QRgb fill = hasWeight ? colors::sequential(w / rowMax_, dark_) : palette().color(QPalette::Base).rgb();
        const bool strong = c == rowArgmax_ || c == hoveredSource_;
        p.setPen(strong ? QPen(text, 2) : QPen(frame, 1));
        p.setBrush(QColor(fill));
        p.drawRoundedRect(box.adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
        p.setFont(boxFont_);
        p.setPen(colors::textOn(fill));
        p.drawText(box, Qt::AlignCenter,
                   boxMetrics.elidedText(sourceLabels_.value(c), Qt::ElideRight, box.width() - 4));
        if (hasWeight) {
            p.setFont(weightFont_);
            p.setPen(dim);
            const QRectF under(box.left() - 4, box.bottom() + 1, box.width() + 8, weightMetrics.height());
            p.drawText(under, Qt::AlignHCenter | Qt::AlignTop, QLocale().toString(w, 'f', 2));
        }
    }
}
