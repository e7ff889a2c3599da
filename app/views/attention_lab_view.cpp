#include "attention_lab_view.h"

#include "attnscope/attention_analysis.h"
#include "color_scale.h"

#include <QFontMetricsF>
#include <QHBoxLayout>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QLocale>
#include <QPaintEvent>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace {

constexpr int kMaxDims = 64;     // heads up to d = 64 show every dimension
constexpr int kShownLarge = 32;  // larger heads show their first 32

// A token as the lab labels it: byte-level pieces decoded ("Ġcat" reads "cat"), SentencePiece's
// word marker dropped.
QString pieceLabel(const attnscope::Token& t, attnscope::analysis::PieceScheme scheme) {
    QString s = t.special ? QString::fromStdString(t.piece)
                          : QString::fromStdString(attnscope::analysis::displayPiece(t.piece, scheme));
    s.replace(QStringLiteral("▁"), QString());  // SentencePiece's word marker
    return s.isEmpty() ? QStringLiteral("␣") : s;
}

float maxAbs(const attnscope::FloatMatrix& m) {
    float top = 1e-12f;
    for (float v : m.values) top = std::max(top, std::fabs(v));
    return top;
}

}  // namespace

AttentionLabView::AttentionLabView(QWidget* parent) : AttentionView(parent) {
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    auto* buttons = new QHBoxLayout;
    stepButton_ = new QPushButton(tr("Step ▶"), this);
    stepButton_->setToolTip(tr("Show the next stage of the computation (or press →; ← goes back)"));
    allButton_ = new QPushButton(tr("All stages"), this);
    resetButton_ = new QPushButton(tr("Start again"), this);
    for (auto* b : {resetButton_, stepButton_, allButton_}) {
        b->setFocusPolicy(Qt::NoFocus);
        buttons->addWidget(b);
    }
    buttons->addStretch(1);
    auto* outer = new QVBoxLayout(this);
    outer->addLayout(buttons);
    outer->addStretch(1);
    connect(stepButton_, &QPushButton::clicked, this, [this] { setStage(stage_ + 1); });
    connect(allButton_, &QPushButton::clicked, this, [this] { setStage(StageCount - 1); });
    connect(resetButton_, &QPushButton::clicked, this, [this] { setStage(Vectors); });
}

void AttentionLabView::setAnalysis(AnalysisPtr analysis) {
    analysis_ = std::move(analysis);
    update();
}

void AttentionLabView::setInspection(InspectionPtr inspection) {
    inspection_ = std::move(inspection);
    if (inspection_) {
        std::vector<std::string> pieces;
        std::vector<bool> special;
        for (const auto& t : inspection_->keyTokens) {
            pieces.push_back(t.piece);
            special.push_back(t.special);
        }
        scheme_ = static_cast<int>(attnscope::analysis::detectPieceScheme(pieces, special));
    }
    relayout();
    update();
}

QString AttentionLabView::label(const attnscope::Token& t) const {
    return pieceLabel(t, static_cast<attnscope::analysis::PieceScheme>(scheme_));
}

void AttentionLabView::setPositionsLink(bool on) {
    positionsLink_ = on;
    update();
}

QRectF AttentionLabView::positionsLinkRect() const {
    if (!positionsLink_ || !inspection_ || layout_.embedRows == 0) return {};
    const Layout& l = layout_;
    return QRectF(l.x[2], l.embedTop + l.rowHeight, l.x[5] - l.x[2] - 6, l.rowHeight);
}

void AttentionLabView::setStage(int stage) {
    stage = std::clamp(stage, 0, StageCount - 1);
    stepButton_->setEnabled(stage < StageCount - 1);
    if (stage == stage_) return;
    stage_ = stage;
    Q_EMIT stageChanged(stage_);
    update();
}

bool AttentionLabView::labelledByOutput() const {
    return inspection_ && translation_ && inspection_->kind != attnscope::AttentionKind::Encoder &&
           translation_->result.targetTokens.size() == inspection_->queryTokens.size();
}

const attnscope::Token& AttentionLabView::queryToken(int i) const {
    return labelledByOutput() ? translation_->result.targetTokens[static_cast<std::size_t>(i)]
                              : inspection_->queryTokens[static_cast<std::size_t>(i)];
}

const attnscope::Token& AttentionLabView::keyToken(int j) const {
    return labelledByOutput() && inspection_->kind == attnscope::AttentionKind::Decoder
               ? translation_->result.targetTokens[static_cast<std::size_t>(j)]
               : inspection_->keyTokens[static_cast<std::size_t>(j)];
}

int AttentionLabView::queryRow() const {
    if (!inspection_ || inspection_->queryTokens.empty()) return -1;
    const int rows = static_cast<int>(inspection_->queryTokens.size());
    const int selected = selection_ ? selection_->selectedToken() : -1;
    if (selected >= 0 && selected < rows) return selected;
    // While a translation streams, the decoder's newest row: the token being generated now.
    if (translation_ && !translation_->complete && inspection_->kind != attnscope::AttentionKind::Encoder)
        return rows - 1;
    for (int i = 0; i < rows; ++i)
        if (!queryToken(i).special) return i;
    return 0;
}

void AttentionLabView::selectionChanged() {
    relayout();  // the caption names the query token: its length may take a second line
    update();
}

AttentionLabView::Layout AttentionLabView::layoutFor(const attnscope::HeadInspection& r) const {
    Layout l;
    const QFontMetricsF fm(font());
    l.rowHeight = std::ceil(fm.height() * 1.35);
    l.shownDims = r.headDim <= kMaxDims ? r.headDim : kShownLarge;
    const qreal pageWidth = std::max<qreal>(width(), 400);
    qreal longest = fm.horizontalAdvance(QStringLiteral("MMMMMM"));
    for (int j = 0; j < static_cast<int>(r.keyTokens.size()); ++j) longest = std::max(longest, fm.horizontalAdvance(label(keyToken(j))));
    l.labelWidth = std::min(longest + 12, pageWidth * 0.16);
    l.numberWidth = fm.horizontalAdvance(QStringLiteral("−000.00")) + 12;
    l.barWidth = std::max<qreal>(fm.horizontalAdvance(QStringLiteral("100.0 %")) + 16, pageWidth * 0.14);
    const qreal margin = 10;
    const qreal rest = pageWidth - 2 * margin - l.labelWidth - 2 * l.numberWidth - l.barWidth - 24;
    l.stripWidth = std::max<qreal>(rest / 2, l.shownDims * 3.0);
    l.cell = l.stripWidth / l.shownDims;
    l.x[0] = margin;
    l.x[1] = l.x[0] + l.labelWidth;
    l.x[2] = l.x[1] + l.stripWidth + 8;
    l.x[3] = l.x[2] + l.numberWidth;
    l.x[4] = l.x[3] + l.numberWidth;
    l.x[5] = l.x[4] + l.barWidth + 8;
    l.x[6] = l.x[5] + l.stripWidth;
    const qreal buttonsBottom = stepButton_ ? stepButton_->geometry().bottom() + 6 : 40;
    // The caption takes a second line when it does not fit in one (large fonts, long words).
    QFont bold = font();
    bold.setBold(true);
    const bool twoLines = QFontMetricsF(bold).horizontalAdvance(captionText()) > pageWidth - 2 * margin;
    const qreal captionHeight = l.rowHeight * (twoLines ? 2 : 1);
    const qreal below = buttonsBottom + captionHeight;
    l.captionRect = QRectF(margin, buttonsBottom, pageWidth - 2 * margin, captionHeight);
    l.formulaRect = QRectF(margin, below, pageWidth - 2 * margin, l.rowHeight);
    // Layer 0: the input's parts (word, position, token type) and their sum, one row each.
    l.embedRows = r.wordEmbeddings.rows > 0 ? (r.tokenTypeEmbeddings.rows > 0 ? 4 : 3) : 0;
    l.embedTop = below + 1.2 * l.rowHeight;
    const qreal afterEmbed = l.embedTop + l.embedRows * l.rowHeight + (l.embedRows ? 0.4 * l.rowHeight : 0);
    l.queryStrip = QRectF(l.x[1], afterEmbed + 0.2 * l.rowHeight, l.stripWidth, l.rowHeight * 0.8);
    l.top = afterEmbed + 2.4 * l.rowHeight;  // the column headings sit above it
    const qreal end = l.top + static_cast<qreal>(r.keyTokens.size()) * l.rowHeight;
    l.outputStrip = QRectF(l.x[5], end + 0.6 * l.rowHeight, l.stripWidth, l.rowHeight * 0.8);
    return l;
}

void AttentionLabView::relayout() {
    if (inspection_) layout_ = layoutFor(*inspection_);
    updateMinimumHeight();
}

QSize AttentionLabView::minimumSizeHint() const { return {400, 240}; }

void AttentionLabView::updateMinimumHeight() {
    if (!inspection_) {
        setMinimumHeight(0);
        return;
    }
    // Tall enough for every key row and the output: the workspace scrolls the page.
    setMinimumHeight(static_cast<int>(layout_.outputStrip.bottom() + 3 * layout_.rowHeight));
}

QRectF AttentionLabView::rowRect(int key) const {
    return QRectF(layout_.x[0], layout_.top + key * layout_.rowHeight, layout_.x[6] - layout_.x[0], layout_.rowHeight);
}

void AttentionLabView::paintEvent(QPaintEvent* event) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    const bool dark = colors::isDark(pal);
    p.fillRect(rect(), pal.base());
    if (!inspection_) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, tr("Type a sentence: the lab shows how the selected head computes its weights."));
        return;
    }
    const auto& r = *inspection_;
    const auto& l = layout_;
    const int q = queryRow();
    const int keys = static_cast<int>(r.keyTokens.size());
    const QFontMetricsF fm(font());
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    p.setPen(pal.color(QPalette::Text));
    // Up to two lines (large presentation fonts), then elided.
    const QFontMetricsF boldMetrics(bold);
    const QString caption = captionText();
    const QString shownCaption =
        l.captionRect.height() > 1.5 * l.rowHeight
            ? caption
            : boldMetrics.elidedText(caption, Qt::ElideRight, l.captionRect.width());
    p.drawText(l.captionRect, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, shownCaption);
    p.setFont(font());
    const QString dims = r.headDim > l.shownDims ? tr(" · vectors: first %1 of %2 dimensions").arg(l.shownDims).arg(r.headDim)
                                                 : tr(" · d = %1").arg(r.headDim);
    p.drawText(l.formulaRect, Qt::AlignLeft | Qt::AlignVCenter,
               fm.elidedText(tr("wⱼ = softmaxⱼ(q·kⱼ / √d)   output = Σⱼ wⱼ vⱼ") + dims,
                             Qt::ElideRight, l.formulaRect.width()));

    const float qkScale = std::max({maxAbs(r.query), maxAbs(r.key), maxAbs(r.value)});
    const auto drawStrip = [&](const QRectF& area, const float* values, float scale, float alpha) {
        for (int d = 0; d < l.shownDims; ++d) {
            QColor c = QColor::fromRgb(colors::diverging(values[d] / scale, dark));
            c.setAlphaF(alpha);
            p.fillRect(QRectF(area.left() + d * l.cell, area.top(), l.cell + 0.5, area.height()), c);
        }
        p.setPen(QPen(pal.color(QPalette::Mid), 1));
        p.setBrush(Qt::NoBrush);
        p.drawRect(area);
    };
    // Layer 0: where the input comes from (the Positions view shows the position vectors).
    if (l.embedRows > 0) {
        const int n = std::min(l.shownDims, r.modelDim);
        const bool bert = r.tokenTypeEmbeddings.rows > 0;
        const QString word = label(r.queryTokens[static_cast<std::size_t>(q)]);
        struct Part { QString label; const attnscope::FloatMatrix* m; float factor; };
        std::vector<Part> parts = {
            {r.embedScale != 1.0 ? tr("word “%1” × %2").arg(word, QLocale().toString(r.embedScale, 'f', 1)) : tr("word “%1”").arg(word),
             &r.wordEmbeddings, static_cast<float>(r.embedScale)},
            {positionsLink_ ? tr("+ position %1 (Positions view)").arg(q) : tr("+ position %1").arg(q),
             &r.positionEmbeddings, 1.f}};
        if (bert) parts.push_back({tr("+ token type"), &r.tokenTypeEmbeddings, 1.f});
        parts.push_back({bert ? tr("= input (after LayerNorm)") : tr("= input"), &r.input, 1.f});
        for (std::size_t i = 0; i < parts.size(); ++i) {
            const QRectF row(l.x[0], l.embedTop + static_cast<qreal>(i) * l.rowHeight, l.x[6] - l.x[0], l.rowHeight);
            const bool link = i == 1 && positionsLink_;  // a link to the Positions view
            QFont labelFont = font();
            labelFont.setUnderline(link);
            p.setFont(labelFont);
            p.setPen(pal.color(link ? QPalette::Link : QPalette::Text));
            p.drawText(QRectF(l.x[2], row.top(), l.x[5] - l.x[2] - 6, row.height()), Qt::AlignLeft | Qt::AlignVCenter,
                       fm.elidedText(parts[i].label, Qt::ElideRight, l.x[5] - l.x[2] - 6));
            p.setFont(font());
            std::vector<float> v(static_cast<std::size_t>(n));
            float rowScale = 1e-12f;  // each row to its own scale: the raw embeddings are far smaller than the input
            for (int d = 0; d < n; ++d) {
                v[static_cast<std::size_t>(d)] = parts[i].m->at(q, d) * parts[i].factor;
                rowScale = std::max(rowScale, std::fabs(v[static_cast<std::size_t>(d)]));
            }
            const qreal cell = l.stripWidth / n;
            for (int d = 0; d < n; ++d)
                p.fillRect(QRectF(l.x[1] + d * cell, row.top() + row.height() * 0.12, cell + 0.5, row.height() * 0.76),
                           QColor::fromRgb(colors::diverging(v[static_cast<std::size_t>(d)] / rowScale, dark)));
            p.setPen(QPen(pal.color(QPalette::Mid), 1));
            p.drawRect(QRectF(l.x[1], row.top() + row.height() * 0.12, l.stripWidth, row.height() * 0.76));
        }
        p.setPen(pal.color(QPalette::Text));
        const QRectF note(l.x[5], l.embedTop, l.x[6] - l.x[5], l.rowHeight * l.embedRows);
        p.drawText(note, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap,
                   tr("Layer 0 reads the embeddings (first %1 of %2 dimensions, each row to its own colour "
                      "scale). Then q = x·W_q + b_q, k = x·W_k + b_k, v = x·W_v + b_v for this head.")
                       .arg(n)
                       .arg(r.modelDim));
    }

    // The query.
    p.setPen(pal.color(QPalette::Text));
    p.drawText(QRectF(l.x[0], l.queryStrip.top(), l.labelWidth - 6, l.queryStrip.height()), Qt::AlignRight | Qt::AlignVCenter,
               fm.elidedText(tr("q: %1").arg(label(queryToken(q))), Qt::ElideRight, l.labelWidth - 6));
    drawStrip(l.queryStrip, r.query.values.data() + static_cast<std::size_t>(q) * r.query.cols, qkScale, 1.f);

    // Column headings.
    const qreal headingY = l.top - l.rowHeight * 1.1;
    const auto heading = [&](int column, const QString& text, int stage) {
        if (stage_ < stage) return;
        const QRectF area(l.x[column], headingY, l.x[column + 1] - l.x[column] - 4, l.rowHeight);
        p.setPen(pal.color(QPalette::Text));
        p.drawText(area, Qt::AlignLeft | Qt::AlignVCenter, fm.elidedText(text, Qt::ElideRight, area.width()));
    };
    heading(1, tr("keys kⱼ"), Vectors);
    heading(2, tr("q·kⱼ"), DotProducts);
    heading(3, tr("÷√d"), Scaled);
    heading(4, tr("softmax wⱼ"), Softmax);
    heading(5, tr("wⱼ · vⱼ"), Weighted);

    const float* row = r.weights.values.data() + static_cast<std::size_t>(q) * r.weights.cols;
    const QLocale locale;
    // Bars reach full width at the row's largest weight; weighted values and the output get
    // their own colour scales (they are much smaller than q, k and v).
    float rowMax = 1e-12f, weightedMax = 1e-12f, outputMax = 1e-12f;
    for (int j = 0; j < keys; ++j) {
        rowMax = std::max(rowMax, row[j]);
        for (int d = 0; d < l.shownDims; ++d) weightedMax = std::max(weightedMax, std::fabs(row[j] * r.value.at(j, d)));
    }
    for (int d = 0; d < l.shownDims; ++d) outputMax = std::max(outputMax, std::fabs(r.headOutput.at(q, d)));
    const QRect exposed = event->rect();  // in a scrolled page, only the rows in view are drawn
    for (int j = 0; j < keys; ++j) {
        const QRectF rr = rowRect(j);
        if (!exposed.intersects(rr.toAlignedRect())) continue;
        const bool masked = r.masked.at(q, j) > 0.5f;
        if (j % 2) p.fillRect(rr, pal.color(QPalette::AlternateBase));
        const QRectF cells(0, rr.top() + rr.height() * 0.12, 0, rr.height() * 0.76);
        p.setPen(masked ? pal.color(QPalette::PlaceholderText) : pal.color(QPalette::Text));
        p.drawText(QRectF(l.x[0], rr.top(), l.labelWidth - 6, rr.height()), Qt::AlignRight | Qt::AlignVCenter,
                   fm.elidedText(label(keyToken(j)), Qt::ElideRight, l.labelWidth - 6));
        drawStrip(QRectF(l.x[1], cells.top(), l.stripWidth, cells.height()),
                  r.key.values.data() + static_cast<std::size_t>(j) * r.key.cols, qkScale, masked ? 0.3f : 1.f);
        const auto number = [&](int column, const QString& text) {
            p.setPen(masked ? pal.color(QPalette::PlaceholderText) : pal.color(QPalette::Text));
            p.drawText(QRectF(l.x[column], rr.top(), l.numberWidth - 8, rr.height()), Qt::AlignRight | Qt::AlignVCenter, text);
        };
        const float dot = r.scores.at(q, j);
        if (stage_ >= DotProducts) number(2, locale.toString(dot, 'f', 2));
        if (stage_ >= Scaled) number(3, masked ? tr("masked") : locale.toString(dot * r.scale, 'f', 2));
        if (stage_ >= Softmax) {
            const QRectF bar(l.x[4], cells.top(), (l.barWidth - 8) * row[j] / rowMax, cells.height());
            const QRgb barColour = colors::sequential(row[j], dark);
            p.fillRect(bar, QColor::fromRgb(barColour));
            // The percentage sits on the bar when the bar reaches under it: readable on either.
            p.setPen(bar.width() > fm.horizontalAdvance(QStringLiteral("100.0 %")) + 4 ? colors::textOn(barColour)
                                                                                       : pal.color(QPalette::Text));
            p.drawText(QRectF(l.x[4] + 4, rr.top(), l.barWidth - 12, rr.height()), Qt::AlignLeft | Qt::AlignVCenter,
                       locale.toString(100.0 * row[j], 'f', 1) + QStringLiteral(" %"));
        }
        if (stage_ >= Weighted) {
            std::vector<float> weighted(static_cast<std::size_t>(l.shownDims));
            for (int d = 0; d < l.shownDims; ++d) weighted[static_cast<std::size_t>(d)] = row[j] * r.value.at(j, d);
            drawStrip(QRectF(l.x[5], cells.top(), l.stripWidth, cells.height()), weighted.data(), weightedMax, 1.f);
        }
    }
    if (stage_ >= Output) {
        p.setPen(pal.color(QPalette::Text));
        p.drawText(QRectF(l.x[0], l.outputStrip.top(), l.x[5] - l.x[0] - 8, l.outputStrip.height()),
                   Qt::AlignRight | Qt::AlignVCenter,
                   fm.elidedText(tr("head output Σ wⱼ vⱼ → (with the other heads) × Wₒ"),
                                 Qt::ElideLeft, l.x[5] - l.x[0] - 8));
        drawStrip(l.outputStrip, r.headOutput.values.data() + static_cast<std::size_t>(q) * r.headOutput.cols, outputMax, 1.f);
    }
}

QString AttentionLabView::captionText() const {
    if (!inspection_) return {};
    const auto& r = *inspection_;
    const QString kind = r.kind == attnscope::AttentionKind::Encoder ? tr("self-attention")
                         : r.kind == attnscope::AttentionKind::Decoder ? tr("decoder self-attention (causal)")
                                                                       : tr("cross-attention (target → source)");
    const QString caption = labelledByOutput() ? tr("Layer %1, head %2, %3: writing “%4”, where it looks%5")
                                               : tr("Layer %1, head %2, %3: how “%4” spreads its attention%5");
    return caption.arg(r.layer).arg(r.head).arg(kind, label(queryToken(queryRow())),
                                                 r.ablated ? tr(" (head switched off)") : QString());
}

QString AttentionLabView::describeAt(const QPointF& point) const {
    if (!inspection_) return {};
    if (positionsLinkRect().contains(point))
        return tr("Click to open the Positions view: every position's vector, and how similar positions are");
    const auto& r = *inspection_;
    const auto& l = layout_;
    const int q = queryRow();
    const auto dimAt = [&](qreal x0) { return static_cast<int>((point.x() - x0) / l.cell); };
    const QLocale locale;
    if (l.queryStrip.contains(point)) {
        const int d = dimAt(l.queryStrip.left());
        return tr("q[%1] = %2").arg(d).arg(locale.toString(r.query.at(q, d), 'f', 4));
    }
    if (stage_ >= Output && l.outputStrip.contains(point)) {
        const int d = dimAt(l.outputStrip.left());
        return tr("output[%1] = %2").arg(d).arg(locale.toString(r.headOutput.at(q, d), 'f', 4));
    }
    const int j = static_cast<int>(std::floor((point.y() - l.top) / l.rowHeight));
    if (j < 0 || j >= static_cast<int>(r.keyTokens.size())) return {};
    const QString key = label(keyToken(j));
    const float w = r.weights.at(q, j);
    if (point.x() >= l.x[1] && point.x() < l.x[1] + l.stripWidth) {
        const int d = dimAt(l.x[1]);
        return tr("k[%1] of “%2” = %3").arg(d).arg(key, locale.toString(r.key.at(j, d), 'f', 4));
    }
    if (stage_ >= Weighted && point.x() >= l.x[5] && point.x() < l.x[6]) {
        const int d = dimAt(l.x[5]);
        return tr("w × v[%1] of “%2” = %3 × %4 = %5")
            .arg(d)
            .arg(key, locale.toString(w, 'f', 4), locale.toString(r.value.at(j, d), 'f', 4),
                 locale.toString(w * r.value.at(j, d), 'f', 4));
    }
    if (point.x() >= l.x[2] && point.x() < l.x[5] && stage_ >= DotProducts)
        return tr("“%1”: q·k = %2, ÷√d = %3, softmax = %4")
            .arg(key, locale.toString(r.scores.at(q, j), 'f', 4),
                 r.masked.at(q, j) > 0.5f ? tr("masked (a future position)") : locale.toString(r.scores.at(q, j) * r.scale, 'f', 4),
                 locale.toString(w, 'f', 6));
    return {};
}

std::vector<AttentionView::LabelBox> AttentionLabView::labelBoxes() const {
    std::vector<LabelBox> boxes;
    if (!inspection_) return boxes;
    const QFontMetricsF fm(font());
    for (std::size_t j = 0; j < inspection_->keyTokens.size(); ++j) {
        const QString full = label(keyToken(static_cast<int>(j)));
        const QString shown = fm.elidedText(full, Qt::ElideRight, layout_.labelWidth - 6);
        const QRectF row = rowRect(static_cast<int>(j));
        const qreal w = fm.horizontalAdvance(shown);
        boxes.push_back({QRectF(layout_.x[1] - 6 - w, row.center().y() - fm.height() / 2, w, fm.height()), shown, full, fm.height()});
    }
    return boxes;
}

bool AttentionLabView::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QString text = describeAt(help->pos());
        if (text.isEmpty()) QToolTip::hideText();
        else QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return AttentionView::event(event);
}

void AttentionLabView::keyPressEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_Right || event->key() == Qt::Key_Space) setStage(stage_ + 1);
    else if (event->key() == Qt::Key_Left) setStage(stage_ - 1);
    else if (event->key() == Qt::Key_Home) setStage(Vectors);
    else if (event->key() == Qt::Key_End) setStage(StageCount - 1);
    else return AttentionView::keyPressEvent(event);
}

void AttentionLabView::mousePressEvent(QMouseEvent* event) {
    setFocus(Qt::MouseFocusReason);
    if (positionsLinkRect().contains(event->position())) {
        Q_EMIT viewRequested(QStringLiteral("positions"));
        return;
    }
    // A click on a key row makes that token the query (self-attention: keys are the queries).
    if (inspection_ && selection_ && inspection_->kind != attnscope::AttentionKind::Cross) {
        const int j = static_cast<int>(std::floor((event->position().y() - layout_.top) / layout_.rowHeight));
        if (j >= 0 && j < static_cast<int>(inspection_->queryTokens.size())) selection_->setSelectedToken(j);
    }
    AttentionView::mousePressEvent(event);
}
