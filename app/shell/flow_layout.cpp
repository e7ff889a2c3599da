// FlowLayout: items left to right, wrapping at the right edge, labels kept with their controls.
#include "flow_layout.h"

#include <QLabel>
#include <QWidget>

#include <algorithm>

FlowLayout::FlowLayout(int horizontalSpacing, int verticalSpacing)
    : hSpacing_(horizontalSpacing), vSpacing_(verticalSpacing) {
    setContentsMargins(0, 0, 0, 0);
}

FlowLayout::~FlowLayout() {
    while (QLayoutItem* item = takeAt(0)) delete item;
}

void FlowLayout::addItem(QLayoutItem* item) {
    items_.append(item);
    gaps_.append(pendingGap_);
    pendingGap_ = 0;
    invalidate();
}

void FlowLayout::addSpacing(int size) { pendingGap_ += size; }

int FlowLayout::count() const { return static_cast<int>(items_.size()); }

QLayoutItem* FlowLayout::itemAt(int index) const {
    return index >= 0 && index < items_.size() ? items_.at(index) : nullptr;
}

QLayoutItem* FlowLayout::takeAt(int index) {
    if (index < 0 || index >= items_.size()) return nullptr;
    gaps_.removeAt(index);
    invalidate();
    return items_.takeAt(index);
}

QVector<FlowLayout::Unit> FlowLayout::units() const {
    QVector<Unit> out;
    for (int i = 0; i < items_.size(); ++i) {
        if (items_[i]->isEmpty()) continue;  // hidden widgets take no room
        Unit u;
        u.first = u.last = i;
        u.gapBefore = gaps_[i];
        // A label joins the next visible item.
        if (qobject_cast<QLabel*>(items_[i]->widget())) {
            int j = i + 1;
            while (j < items_.size() && items_[j]->isEmpty()) ++j;
            if (j < items_.size()) u.last = i = j;
        }
        out.append(u);
    }
    return out;
}

QSize FlowLayout::unitSize(const Unit& u, bool minimum) const {
    int w = 0, h = 0;
    for (int i = u.first; i <= u.last; ++i) {
        if (items_[i]->isEmpty()) continue;
        const QSize s = minimum ? items_[i]->minimumSize() : items_[i]->sizeHint();
        w += (w > 0 ? hSpacing_ : 0) + s.width();
        h = std::max(h, s.height());
    }
    return {w, h};
}

int FlowLayout::doLayout(const QRect& rect, bool apply) const {
    const QMargins m = contentsMargins();
    const QRect area = rect.marginsRemoved(m);
    int x = area.x(), y = area.y(), lineHeight = 0;
    bool lineStart = true;
    for (const Unit& u : units()) {
        QSize size = unitSize(u, false);
        const int gap = lineStart ? 0 : hSpacing_ + u.gapBefore;
        if (!lineStart && x + gap + size.width() > area.right() + 1) {
            x = area.x();
            y += lineHeight + vSpacing_;
            lineHeight = 0;
            lineStart = true;
        } else {
            x += gap;
        }
        // A unit wider than the whole line gets the line (its last item narrows).
        const int overflow = std::max(0, size.width() - area.width());
        if (apply) {
            int ix = x;
            for (int i = u.first; i <= u.last; ++i) {
                QLayoutItem* item = items_[i];
                if (item->isEmpty()) continue;
                QSize s = item->sizeHint();
                if (i == u.last && overflow > 0) s.setWidth(std::max(item->minimumSize().width(), s.width() - overflow));
                item->setGeometry(QRect(QPoint(ix, y + (size.height() - s.height()) / 2), s));
                ix += s.width() + hSpacing_;
            }
        }
        x += size.width() - overflow;
        lineHeight = std::max(lineHeight, size.height());
        lineStart = false;
    }
    return y + lineHeight - rect.y() + m.bottom();
}

int FlowLayout::heightForWidth(int width) const { return doLayout(QRect(0, 0, width, 0), false); }

QSize FlowLayout::minimumSize() const {
    // The widest unit at its minimum size: everything else can wrap.
    QSize s;
    for (const Unit& u : units()) s = s.expandedTo(unitSize(u, true));
    const QMargins m = contentsMargins();
    return s + QSize(m.left() + m.right(), m.top() + m.bottom());
}

QSize FlowLayout::sizeHint() const {
    int w = 0, h = 0;
    for (const Unit& u : units()) {
        const QSize s = unitSize(u, false);
        w += (w > 0 ? hSpacing_ + u.gapBefore : 0) + s.width();
        h = std::max(h, s.height());
    }
    const QMargins m = contentsMargins();
    return {w + m.left() + m.right(), h + m.top() + m.bottom()};
}

void FlowLayout::setGeometry(const QRect& rect) {
    QLayout::setGeometry(rect);
    doLayout(rect, true);
}
