// TextLinksLayout (greedy wrapping that never breaks inside glued words, cubic arcs) and
// rankHeadFlips.
#include "text_links_layout.h"

#include <algorithm>
#include <cmath>

using attnscope::AttentionStack;
using attnscope::FloatMatrix;

// ---------------------------------------------------------------------------------------------
// Layout

void TextLinksLayout::layout() {
    const std::size_t n = widths.size();
    boxes.assign(n, QRectF());
    lineOfWord.assign(n, 0);
    lines = n > 0 ? 1 : 0;
    const double lineStep = headroom + boxHeight + lineGap;
    double x = origin.x();
    int line = 0;
    std::size_t i = 0;
    while (i < n) {
        // A run of words glued together (no whitespace between them) wraps as one unit.
        std::size_t end = i + 1;
        double runWidth = widths[i];
        while (end < n && !(end < gapBefore.size() && gapBefore[end])) runWidth += widths[end++];
        const bool lineEmpty = x <= origin.x();
        const double gap = lineEmpty ? 0 : spaceWidth;
        if (!lineEmpty && x + gap + runWidth > origin.x() + maxWidth) {
            ++line;
            x = origin.x();
        } else {
            x += gap;
        }
        for (std::size_t k = i; k < end; ++k) {
            boxes[k] = QRectF(x, origin.y() + line * lineStep + headroom, widths[k], boxHeight);
            lineOfWord[k] = line;
            x += widths[k];
        }
        i = end;
    }
    lines = n > 0 ? line + 1 : 0;
    height = lines > 0 ? lines * (headroom + boxHeight) + (lines - 1) * lineGap : 0;
}

int TextLinksLayout::wordAt(QPointF p) const {
    for (std::size_t i = 0; i < boxes.size(); ++i)
        if (boxes[i].contains(p)) return static_cast<int>(i);
    return -1;
}

QPointF TextLinksLayout::anchor(int word) const {
    const QRectF& r = boxes[static_cast<std::size_t>(word)];
    return QPointF(r.center().x(), r.top());
}

TextLinksLayout::Arc TextLinksLayout::arc(int from, int to) const {
    Arc a;
    a.start = anchor(from);
    a.end = anchor(to);
    const double dx = std::abs(a.end.x() - a.start.x());
    const double room = std::max(8.0, headroom - 10);
    const bool sameLine = lineOfWord[static_cast<std::size_t>(from)] == lineOfWord[static_cast<std::size_t>(to)];
    const double rise = sameLine ? std::min(room, 14 + 0.4 * dx) : room;
    // Controls straight above both ends: the curve peaks at 3/4 of their height.
    a.control1 = QPointF(a.start.x(), a.start.y() - rise * 4 / 3);
    a.control2 = QPointF(a.end.x(), a.end.y() - rise * 4 / 3);
    a.apex = (a.start + 3 * a.control1 + 3 * a.control2 + a.end) / 8;
    return a;
}

// ---------------------------------------------------------------------------------------------
// Ranking

std::vector<HeadFlip> rankHeadFlips(const AttentionStack& a, const attnscope::analysis::WordGroups& groupsA,
                                    const AttentionStack& b, const attnscope::analysis::WordGroups& groupsB,
                                    const FlipQuery& q) {
    const auto inRange = [](int i, const attnscope::analysis::WordGroups& g) {
        return i >= 0 && i < static_cast<int>(g.members.size());
    };
    if (a.layers != b.layers || a.heads != b.heads || !inRange(q.wordA, groupsA) || !inRange(q.candidate1A, groupsA) ||
        !inRange(q.candidate2A, groupsA) || !inRange(q.wordB, groupsB) || !inRange(q.candidate1B, groupsB) ||
        !inRange(q.candidate2B, groupsB))
        return {};
    std::vector<HeadFlip> out;
    for (int l = 0; l < a.layers; ++l) {
        for (int h = 0; h < a.heads; ++h) {
            const FloatMatrix ma = attnscope::analysis::mergeWords(attnscope::analysis::headMatrix(a, l, h), groupsA);
            const FloatMatrix mb = attnscope::analysis::mergeWords(attnscope::analysis::headMatrix(b, l, h), groupsB);
            HeadFlip f;
            f.layer = l;
            f.head = h;
            f.marginA = double(ma.at(q.wordA, q.candidate1A)) - ma.at(q.wordA, q.candidate2A);
            f.marginB = double(mb.at(q.wordB, q.candidate1B)) - mb.at(q.wordB, q.candidate2B);
            f.flip = f.marginA - f.marginB;
            out.push_back(f);
        }
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const HeadFlip& x, const HeadFlip& y) { return std::abs(x.flip) > std::abs(y.flip); });
    return out;
}
