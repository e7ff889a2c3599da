// HeadView: data caches per layer, a geometry struct per size, and one cached pixmap of the
// whole scene that paintEvent blits; hover and chip changes re-render only that pixmap.
#include "head_view.h"

#include "color_scale.h"

#include <QContextMenuEvent>
#include <QFontMetricsF>
#include <QHelpEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

using attnscope::FloatMatrix;
using attnscope::analysis::headMatrix;
using attnscope::analysis::visibleMatrix;
using attnscope::analysis::VisibleTokens;
using attnscope::analysis::visibleTokens;

// ---------------------------------------------------------------------------------------------
// Geometry

void HeadViewGeometry::layout() {
    rowsTop = margin + chipSize + captionHeight + 6;
    const double available = std::max(0.0, size.height() - rowsTop - margin);
    const int longest = std::max(rows(Column::Left), rows(Column::Right));
    rowHeight = longest > 0 ? std::clamp(available / longest, minRowHeight, preferredRowHeight) : preferredRowHeight;
    const double side = stripWidth + textWidth + textPad;  // one column beside the lines
    const double spare = size.width() - 2 * margin - 2 * side;
    const double linesWidth = std::clamp(spare, minLinesWidth, maxLinesWidth);
    const double total = 2 * side + linesWidth;
    columnsLeft = std::max(margin, (size.width() - total) / 2) + stripWidth;
    leftX = columnsLeft + textWidth + textPad;
    rightX = leftX + linesWidth;
}

QRectF HeadViewGeometry::chipRect(int head) const {
    const double total = heads * chipSize + std::max(0, heads - 1) * chipGap;
    const double centre = (leftX + rightX) / 2;
    const double x0 = std::max(margin, centre - total / 2);
    return QRectF(x0 + head * (chipSize + chipGap), margin, chipSize, chipSize);
}

int HeadViewGeometry::chipAt(QPointF p) const {
    for (int h = 0; h < heads; ++h)
        if (chipRect(h).adjusted(-chipGap / 2, -2, chipGap / 2, 2).contains(p)) return h;
    return -1;
}

QRectF HeadViewGeometry::captionRect() const {
    return QRectF(margin, margin + chipSize + 2, std::max(0.0, size.width() - 2 * margin), captionHeight);
}

int HeadViewGeometry::rows(Column column) const {
    if (column == Column::Right) return keyTokens >= 0 ? keyTokens : tokens;
    return column == Column::Left ? tokens : 0;
}

double HeadViewGeometry::columnTop(Column column) const {
    // Whole rows of offset keep both columns on the same row grid.
    const int longest = std::max(rows(Column::Left), rows(Column::Right));
    return rowsTop + std::floor((longest - rows(column)) / 2.0) * rowHeight;
}

double HeadViewGeometry::rowCentre(int index) const { return rowCentre(Column::Left, index); }

double HeadViewGeometry::rowCentre(Column column, int index) const {
    return columnTop(column) + (index + 0.5) * rowHeight;
}

QRectF HeadViewGeometry::tokenRect(Column column, int index) const {
    const double x = column == Column::Left ? columnsLeft : rightX + textPad;
    return QRectF(x, columnTop(column) + index * rowHeight, textWidth, rowHeight);
}

QLineF HeadViewGeometry::line(int from, int to) const {
    return QLineF(leftX, rowCentre(Column::Left, from), rightX, rowCentre(Column::Right, to));
}

QRectF HeadViewGeometry::stripCell(Column column, int index, int head, int heads) const {
    const double cell = heads > 0 ? std::max(0.0, stripWidth - 4) / heads : 0;
    const double x0 = column == Column::Left ? columnsLeft - stripWidth : rightX + textPad + textWidth + 4;
    return QRectF(x0 + head * cell, columnTop(column) + index * rowHeight + 3, cell, std::max(0.0, rowHeight - 6));
}

HeadViewGeometry::Hit HeadViewGeometry::tokenAt(QPointF p) const {
    // Hit areas reach from the label to its line anchor.
    Column column = Column::None;
    if (p.x() >= columnsLeft && p.x() <= leftX) column = Column::Left;
    else if (p.x() >= rightX && p.x() <= rightX + textPad + textWidth) column = Column::Right;
    if (column == Column::None || rows(column) <= 0 || rowHeight <= 0) return {};
    const double top = columnTop(column);
    if (p.y() < top) return {};
    const int index = static_cast<int>(std::floor((p.y() - top) / rowHeight));
    if (index < 0 || index >= rows(column)) return {};
    return {column, index};
}

double HeadViewGeometry::contentHeight() const {
    return rowsTop + std::max(rows(Column::Left), rows(Column::Right)) * minRowHeight + margin;
}

// ---------------------------------------------------------------------------------------------
// Widget

QFont HeadView::labelFont() const {
    QFont f = font();
    f.setPointSizeF(font().pointSizeF() * 1.15);
    return f;
}

HeadView::HeadView(QWidget* parent) : AttentionView(parent) {
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setFocusPolicy(Qt::ClickFocus);
}

void HeadView::setAnalysis(AnalysisPtr analysis) {
    analysis_ = std::move(analysis);
    hover_ = {};
    dataLayer_ = -1;  // forces a rebuild
    rebuildData();
}

void HeadView::setVisibleHeads(const std::vector<bool>& on) {
    if (on.size() != headOn_.size() || on == headOn_) return;
    headOn_ = on;
    invalidateScene();
}

void HeadView::showOnlyHead(int head) {
    if (head < 0 || head >= static_cast<int>(headOn_.size())) return;
    std::fill(headOn_.begin(), headOn_.end(), false);
    headOn_[static_cast<std::size_t>(head)] = true;
}

void HeadView::selectionChanged() {
    if (!selection_) {
        rebuildData();
        return;
    }
    // One selection for every view: a head or layer picked elsewhere (stepping, the spin
    // boxes, another view) is shown alone here. Only the chips add heads on top of it.
    if (selection_->head() != lastSelectedHead_ || selection_->layer() != lastSelectedLayer_) {
        lastSelectedHead_ = selection_->head();
        lastSelectedLayer_ = selection_->layer();
        showOnlyHead(lastSelectedHead_);
    }
    // Hover set by someone else replaces ours.
    if (hover_.column != HeadViewGeometry::Column::None && selection_->hoveredToken() != selectionToken(hover_))
        hover_ = {};
    rebuildData();
    invalidateScene();
}

void HeadView::rebuildData() {
    const auto* a = analysis_ ? &analysis_->result : nullptr;
    const int layer = selection_ ? selection_->layer() : 0;
    const bool hide = selection_ && selection_->hideSpecialTokens();
    const bool merge = selection_ && selection_->mergeWordPieces();
    if (a && layer == dataLayer_ && hide == dataHide_ && merge == dataMerge_) return;
    matrices_.clear();
    visible_ = {};
    keyVisible_ = {};
    const bool shapeOk = a && a->attentions.queries == static_cast<int>(a->tokens.size()) &&
                         a->attentions.keys == static_cast<int>(analysis_->keys().size());
    if (a && a->attentions.layers > 0 && shapeOk) {
        const auto& att = a->attentions;
        dataLayer_ = std::clamp(layer, 0, att.layers - 1);
        dataHide_ = hide;
        dataMerge_ = merge;
        visible_ = visibleTokens(a->tokens, hide, merge);
        keyVisible_ = sameAxes() ? visible_ : visibleTokens(analysis_->keys(), hide, merge);
        for (int h = 0; h < att.heads; ++h)
            matrices_.push_back(visibleMatrix(headMatrix(att, dataLayer_, h), visible_, keyVisible_));
        if (static_cast<int>(headOn_.size()) != att.heads) {
            // A new model: start with the selected head alone (12 heads at once is a thicket);
            // the chips add others.
            headOn_.assign(static_cast<std::size_t>(att.heads), false);
            const int chosen = selection_ ? std::clamp(selection_->head(), 0, att.heads - 1) : 0;
            headOn_[static_cast<std::size_t>(chosen)] = true;
        }
    } else {
        dataLayer_ = -1;
    }
    hover_ = {};
    rebuildGeometry();
    updateGeometry();
}

void HeadView::rebuildGeometry() {
    const QFontMetricsF fm(labelFont());
    double widest = 40;
    for (const VisibleTokens* v : {&visible_, &keyVisible_})
        for (const auto& label : v->labels)
            widest = std::max(widest, fm.horizontalAdvance(QString::fromStdString(label)) + 12);
    geom_.size = size();
    geom_.tokens = visible_.rows();
    geom_.keyTokens = sameAxes() ? -1 : keyVisible_.rows();
    geom_.heads = static_cast<int>(matrices_.size());
    geom_.textWidth = std::min(widest, 220.0);
    geom_.stripWidth = std::min(6.0 * static_cast<double>(matrices_.size()), 100.0) + 4;
    geom_.preferredRowHeight = std::max(fm.height() * 1.9, 22.0);
    geom_.minRowHeight = fm.height() + 2;
    geom_.chipSize = std::max(22.0, fm.height() + 6);
    geom_.captionHeight = fm.height() + 8;
    geom_.layout();
    invalidateScene();
}

void HeadView::invalidateScene() {
    sceneDirty_ = true;
    update();
}

int HeadView::selectionToken(HeadViewGeometry::Hit hit) const {
    using C = HeadViewGeometry::Column;
    if (hit.column == C::Left && hit.index >= 0 && hit.index < visible_.rows()) return visible_.firstToken(hit.index);
    if (hit.column == C::Right && sameAxes() && hit.index >= 0 && hit.index < keyVisible_.rows())
        return keyVisible_.firstToken(hit.index);
    return -1;
}

HeadViewGeometry::Hit HeadView::focus() const {
    using C = HeadViewGeometry::Column;
    if (hover_.column != C::None && hover_.index < geom_.rows(hover_.column)) return hover_;
    if (!selection_ || visible_.rows() == 0) return {};
    for (int token : {selection_->hoveredToken(), selection_->selectedToken()}) {
        if (token >= 0 && token < static_cast<int>(visible_.rowOfToken.size())) {
            const int row = visible_.rowOfToken[static_cast<std::size_t>(token)];
            if (row >= 0) return {C::Left, row};
        }
    }
    return {};
}

void HeadView::renderScene() {
    using C = HeadViewGeometry::Column;
    const qreal dpr = devicePixelRatioF();
    if (scene_.size() != size() * dpr) scene_ = QPixmap(size() * dpr);
    scene_.setDevicePixelRatio(dpr);
    const QPalette pal = palette();
    const bool dark = colors::isDark(pal);
    scene_.fill(pal.color(QPalette::Base));
    drawnLines_ = 0;
    sceneDirty_ = false;

    QPainter p(&scene_);
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);
    const QColor text = pal.color(QPalette::Text);
    QColor muted = text;
    muted.setAlphaF(0.6);

    if (!analysis_ || matrices_.empty()) {
        p.setPen(muted);
        p.drawText(rect(), Qt::AlignCenter, tr("No analysis yet: type a sentence and run the model."));
        return;
    }
    const int heads = static_cast<int>(matrices_.size());
    const int nLeft = visible_.rows();
    const int nRight = keyVisible_.rows();
    const bool singleHead = selection_ && selection_->aggregate() == Aggregate::SingleHead;
    const int currentHead = selection_ ? selection_->head() : -1;

    // Head chips.
    QFont small = font();
    small.setPointSizeF(std::max(6.0, font().pointSizeF() * 0.8));
    p.setFont(small);
    for (int h = 0; h < heads; ++h) {
        const QRectF r = geom_.chipRect(h);
        const QColor c = colors::head(h, heads);
        const bool on = headOn_[static_cast<std::size_t>(h)];
        p.setPen(QPen(c, 1.5));
        p.setBrush(on ? QBrush(c) : Qt::NoBrush);
        p.drawRoundedRect(r.adjusted(1, 1, -1, -1), 4, 4);
        if (h == currentHead && singleHead) {
            p.setPen(QPen(text, 2));
            p.setBrush(Qt::NoBrush);
            p.drawRoundedRect(r.adjusted(-2, -2, 2, 2), 5, 5);
        }
        p.setPen(on ? (qGray(c.rgb()) < 140 ? QColor(Qt::white) : QColor(Qt::black)) : c);
        p.drawText(r, Qt::AlignCenter, QString::number(h));
        // Switched off (head ablation): crossed out, as in the model view; its lines are all 0.
        if (analysis_->ablatedHeads.count({dataLayer_, h}))
            colors::paintSwitchedOff(p, r.adjusted(2, 2, -2, -2), std::max<qreal>(2.0, r.width() / 10));
    }
    p.setFont(font());

    const int shown = static_cast<int>(std::count(headOn_.begin(), headOn_.end(), true));
    p.setPen(muted);
    QString caption =
        tr("Layer %1 \u00b7 %2 of %3 heads \u00b7 click a head to toggle, double-click to show only it \u00b7 "
           "hover a token")
            .arg(dataLayer_)
            .arg(shown)
            .arg(heads);
    const int switchedOff = static_cast<int>(std::count_if(analysis_->ablatedHeads.begin(), analysis_->ablatedHeads.end(),
                                                           [this](const auto& lh) { return lh.first == dataLayer_; }));
    if (switchedOff > 0) caption += tr(" · %n crossed out: switched off, no lines", nullptr, switchedOff);
    QString kind = analysis_->kindLabel;
    if (!sameAxes() && !analysis_->queryName.isEmpty() && !analysis_->keyName.isEmpty())
        kind += tr(": %1 \u2192 %2").arg(analysis_->queryName, analysis_->keyName);
    if (!kind.isEmpty()) caption = kind + QStringLiteral(" \u00b7 ") + caption;
    p.drawText(geom_.captionRect(), Qt::AlignHCenter | Qt::AlignVCenter,
               QFontMetricsF(font()).elidedText(caption, Qt::ElideRight, geom_.captionRect().width()));

    // Lines: opacity = weight, one colour per head; focus limits them to one token's.
    const HeadViewGeometry::Hit f = focus();
    // Mean over shown heads of the focused token's weights, per row of the other column.
    std::vector<float> focusWeight(static_cast<std::size_t>(f.column == C::Right ? nLeft : nRight), 0.f);
    // Lines are batched per head and opacity level (32 levels): one pen change per batch keeps
    // a few hundred tokens (tens of thousands of lines) fast. Thin rows get hairlines.
    const double width = geom_.rowHeight >= 24 ? std::min(geom_.rowHeight / 10, 3.0) : 1.0;
    constexpr int kLevels = 32;
    std::vector<QList<QLineF>> batches(kLevels);
    const double visibleBottom = height();
    for (int h = 0; h < heads; ++h) {
        if (!headOn_[static_cast<std::size_t>(h)]) continue;
        const FloatMatrix& m = matrices_[static_cast<std::size_t>(h)];
        for (auto& b : batches) b.clear();
        for (int i = 0; i < nLeft; ++i) {
            if (f.column == C::Left && i != f.index) continue;
            for (int j = 0; j < nRight; ++j) {
                if (f.column == C::Right && j != f.index) continue;
                const float w = m.at(i, j);
                if (f.column == C::Left) focusWeight[static_cast<std::size_t>(j)] += w / std::max(1, shown);
                if (f.column == C::Right) focusWeight[static_cast<std::size_t>(i)] += w / std::max(1, shown);
                if (w < 0.01f) continue;
                const QLineF line = geom_.line(i, j);
                if (line.y1() > visibleBottom && line.y2() > visibleBottom) continue;
                batches[static_cast<std::size_t>(std::min(kLevels - 1, static_cast<int>(w * kLevels)))].append(line);
                ++drawnLines_;
            }
        }
        QColor c = colors::head(h, heads);
        for (int level = 0; level < kLevels; ++level) {
            if (batches[static_cast<std::size_t>(level)].isEmpty()) continue;
            c.setAlphaF((level + 0.5f) / kLevels);
            p.setPen(QPen(c, width, Qt::SolidLine, Qt::RoundCap));
            p.drawLines(batches[static_cast<std::size_t>(level)]);
        }
    }

    // Labels: the focused token highlighted, the other column tinted by the mean weight.
    const QColor highlight = pal.color(QPalette::Highlight);
    for (C column : {C::Left, C::Right}) {
        const VisibleTokens& shownTokens = column == C::Left ? visible_ : keyVisible_;
        const std::vector<attnscope::Token>& modelTokens =
            column == C::Left ? analysis_->result.tokens : analysis_->keys();
        for (int r = 0; r < shownTokens.rows(); ++r) {
            const QRectF box = geom_.tokenRect(column, r).adjusted(0, 1, 0, -1);
            QColor ink = text;
            if (f.column == column && f.index == r) {
                p.setPen(Qt::NoPen);
                p.setBrush(highlight);
                p.drawRoundedRect(box, 3, 3);
                ink = pal.color(QPalette::HighlightedText);
            } else if (f.column != C::None && f.column != column) {
                const float w = focusWeight[static_cast<std::size_t>(r)];
                if (w >= 0.02f) {
                    const QColor bg = QColor::fromRgb(colors::sequential(w, dark));
                    p.setPen(Qt::NoPen);
                    p.setBrush(bg);
                    p.drawRoundedRect(box, 3, 3);
                    ink = qGray(bg.rgb()) < 128 ? QColor(Qt::white) : QColor(Qt::black);
                }
            }
            if (f.column != C::None && f.column != column) {
                // One cell per shown head: its colour at the weight's opacity.
                for (int h = 0, k = 0; h < heads; ++h) {
                    if (!headOn_[static_cast<std::size_t>(h)]) continue;
                    const FloatMatrix& m = matrices_[static_cast<std::size_t>(h)];
                    QColor c = colors::head(h, heads);
                    c.setAlphaF(std::min(1.f, column == C::Right ? m.at(f.index, r) : m.at(r, f.index)));
                    p.fillRect(geom_.stripCell(column, r, k++, shown), c);
                }
            }
            const bool special = modelTokens[static_cast<std::size_t>(shownTokens.firstToken(r))].special;
            if (special && !(f.column == column && f.index == r)) ink.setAlphaF(0.55);
            p.setPen(ink);
            const auto align = (column == C::Left ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter;
            p.setFont(labelFont());
            p.drawText(box.adjusted(5, 0, -5, 0), align,
                       QFontMetricsF(labelFont())
                           .elidedText(QString::fromStdString(shownTokens.labels[static_cast<std::size_t>(r)]),
                                       Qt::ElideRight, box.width() - 10));
        }
    }
}

void HeadView::paintEvent(QPaintEvent*) {
    if (sceneDirty_ || scene_.size() != size() * devicePixelRatioF()) renderScene();
    QPainter p(this);
    p.drawPixmap(0, 0, scene_);
}

void HeadView::mouseMoveEvent(QMouseEvent* event) {
    const HeadViewGeometry::Hit hit = geom_.tokenAt(event->position());
    const bool overChip = geom_.chipAt(event->position()) >= 0;
    setCursor(hit.column != HeadViewGeometry::Column::None || overChip ? Qt::PointingHandCursor : Qt::ArrowCursor);
    if (hit == hover_) return;
    hover_ = hit;
    const int token = selectionToken(hit);
    if (selection_) selection_->setHoveredToken(token);  // repaints through changed()
    hover_ = hit;                                        // onSelectionChanged keeps it: it matches the selection now
    invalidateScene();
}

void HeadView::leaveEvent(QEvent*) {
    if (hover_.column == HeadViewGeometry::Column::None) return;
    hover_ = {};
    if (selection_) selection_->setHoveredToken(-1);
    invalidateScene();
}

void HeadView::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return;
    const int chip = geom_.chipAt(event->position());
    if (chip >= 0 && (event->modifiers() & Qt::ControlModifier)) {  // Ctrl+click: switch the head off or on
        Q_EMIT headToggleRequested(dataLayer_, chip);
        return;
    }
    if (chip >= 0) {
        const bool on = !headOn_[static_cast<std::size_t>(chip)];
        headOn_[static_cast<std::size_t>(chip)] = on;
        if (on && selection_) {
            // The chip adds this head to the others shown: not a selection from elsewhere.
            lastSelectedHead_ = chip;
            lastSelectedLayer_ = dataLayer_;
            selection_->setLayerHead(dataLayer_, chip);
        }
        invalidateScene();
        return;
    }
    const HeadViewGeometry::Hit hit = geom_.tokenAt(event->position());
    if (!selection_) return;
    if (hit.column == HeadViewGeometry::Column::None) {
        selection_->setSelectedToken(-1);
        return;
    }
    const int token = selectionToken(hit);
    if (token < 0) return;  // a source token of cross-attention: hover shows it, nothing to keep
    selection_->setSelectedToken(selection_->selectedToken() == token ? -1 : token);
}

void HeadView::mouseDoubleClickEvent(QMouseEvent* event) {
    const int chip = geom_.chipAt(event->position());
    if (chip < 0 || event->button() != Qt::LeftButton) return;
    showOnlyHead(chip);
    if (selection_) selection_->setLayerHead(dataLayer_, chip);
    invalidateScene();
}

QMenu* HeadView::createTokenMenu(int row, QWidget* parent) {
    if (row < 0 || row >= visible_.rows()) return nullptr;
    auto* menu = new QMenu(parent);
    const int token = visible_.firstToken(row);
    QAction* mask = menu->addAction(tr("Mask this word"));
    mask->setEnabled(analysis_ && analysis_->maskable &&
                     !analysis_->result.tokens[static_cast<std::size_t>(token)].special);
    connect(mask, &QAction::triggered, this, [this, token] { Q_EMIT maskTokenRequested(token); });
    return menu;
}

void HeadView::contextMenuEvent(QContextMenuEvent* event) {
    if (const int chip = geom_.chipAt(event->pos()); chip >= 0 && analysis_) {
        const bool off = analysis_->ablatedHeads.count({dataLayer_, chip}) > 0;
        const QString head = QStringLiteral("%1:%2").arg(dataLayer_).arg(chip);
        QMenu menu(this);
        QAction* toggle = menu.addAction(off ? tr("Switch head %1 back on").arg(head)
                                             : tr("Switch head %1 off (Ctrl+click)").arg(head));
        if (menu.exec(event->globalPos()) == toggle) Q_EMIT headToggleRequested(dataLayer_, chip);
        return;
    }
    const HeadViewGeometry::Hit hit = geom_.tokenAt(event->pos());
    if (selectionToken(hit) < 0 || (analysis_ && !analysis_->maskable)) return;
    QMenu* menu = createTokenMenu(hit.index, this);  // a right-hand hit here has the same rows
    if (!menu) return;
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(event->globalPos());
}

bool HeadView::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int chip = geom_.chipAt(help->pos());
        const HeadViewGeometry::Hit hit = geom_.tokenAt(help->pos());
        if (chip >= 0) {
            QToolTip::showText(help->globalPos(),
                               tr("Layer %1, head %2: click to show or hide, double-click to show only this head, "
                                  "Ctrl+click to switch it off in the model (or back on)")
                                   .arg(dataLayer_)
                                   .arg(chip),
                               this);
        } else if (hit.column != HeadViewGeometry::Column::None) {
            const VisibleTokens& v = hit.column == HeadViewGeometry::Column::Left ? visible_ : keyVisible_;
            QString hint = tr("hover to see %3; click to keep it");
            if (selectionToken(hit) < 0) hint = tr("hover to see %3");  // a source token of cross-attention
            else if (analysis_ && analysis_->maskable)
                hint = tr("hover to see %3; click to keep it; right-click to mask");
            QToolTip::showText(
                help->globalPos(),
                (tr("%1 (token %2): ") + hint)
                    .arg(QString::fromStdString(v.labels[static_cast<std::size_t>(hit.index)]))
                    .arg(v.firstToken(hit.index))
                    .arg(hit.column == HeadViewGeometry::Column::Left ? tr("where it looks") : tr("who looks at it")),
                this);
        } else {
            QToolTip::hideText();
        }
        return true;
    }
    return AttentionView::event(event);
}

QSize HeadView::sizeHint() const {
    const double w = 2 * (geom_.textWidth + geom_.textPad + geom_.margin) + 320;
    using C = HeadViewGeometry::Column;
    const int longest = std::max(geom_.rows(C::Left), geom_.rows(C::Right));
    const double h = geom_.rowsTop + longest * geom_.preferredRowHeight + geom_.margin;
    return QSize(static_cast<int>(std::max(w, 480.0)), static_cast<int>(std::max(h, 320.0)));
}

QSize HeadView::minimumSizeHint() const {
    const double w = 2 * (geom_.textWidth + geom_.textPad + geom_.margin) + geom_.minLinesWidth;
    return QSize(static_cast<int>(w), static_cast<int>(geom_.contentHeight()));
}
