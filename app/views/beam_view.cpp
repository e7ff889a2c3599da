// BeamView, BeamTreeCanvas and BeamTreeLayout (see beam_view.h).
#include "beam_view.h"

#include "translation_math.h"

#include <QLocale>
#include <QBoxLayout>
#include <QEvent>
#include <QFontMetricsF>
#include <QHeaderView>
#include <QHelpEvent>
#include <QLabel>
#include <QPaintEvent>
#include <QPainter>
#include <QPainterPath>
#include <QScrollArea>
#include <QSplitter>
#include <QToolTip>
#include <QTreeWidget>

#include <algorithm>
#include <cmath>

namespace tmath = translationmath;

// ---------------------------------------------------------------------------------------
// BeamTreeLayout

BeamTreeLayout BeamTreeLayout::compute(const std::vector<attnscope::BeamStepNodes>& steps,
                                       const std::function<qreal(const attnscope::BeamNode&)>& nodeWidth,
                                       const Metrics& m) {
    BeamTreeLayout l;
    l.start = QRectF(m.margin, m.margin, m.startWidth, m.nodeHeight);
    qreal x = l.start.right() + m.columnGap;
    std::vector<int> previous;  // node index of each beam of the previous step
    for (std::size_t s = 0; s < steps.size(); ++s) {
        const attnscope::BeamStepNodes& step = steps[s];
        const int beams = static_cast<int>(step.beams.size());
        const std::size_t first = l.nodes.size();
        auto add = [&](const attnscope::BeamNode& b, int index, bool finished) {
            Node n;
            n.step = static_cast<int>(s);
            n.index = index;
            n.finished = finished;
            n.beam = &b;
            if (b.parent == -1) n.parent = -1;
            else if (b.parent >= 0 && b.parent < static_cast<int>(previous.size()))
                n.parent = previous[static_cast<std::size_t>(b.parent)];
            else n.parent = -2;
            l.nodes.push_back(n);
        };
        for (int j = 0; j < beams; ++j) add(step.beams[static_cast<std::size_t>(j)], j, false);
        for (std::size_t k = 0; k < step.finished.size(); ++k) add(step.finished[k], beams + static_cast<int>(k), true);
        // Order the column by the parent's row so that edges rarely cross.
        std::vector<std::size_t> order;
        for (std::size_t i = first; i < l.nodes.size(); ++i) order.push_back(i);
        auto parentRow = [&](const Node& n) {
            if (n.parent == -1) return -1;
            if (n.parent < 0) return 1 << 20;
            return l.nodes[static_cast<std::size_t>(n.parent)].row;
        };
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            const Node &na = l.nodes[a], &nb = l.nodes[b];
            if (parentRow(na) != parentRow(nb)) return parentRow(na) < parentRow(nb);
            if (na.finished != nb.finished) return !na.finished;
            return na.index < nb.index;
        });
        qreal columnWidth = 0;
        for (std::size_t i = first; i < l.nodes.size(); ++i)
            columnWidth = std::max(columnWidth, nodeWidth(*l.nodes[i].beam));
        for (std::size_t r = 0; r < order.size(); ++r) {
            Node& n = l.nodes[order[r]];
            n.row = static_cast<int>(r);
            const qreal w = nodeWidth(*n.beam);
            n.rect = QRectF(x, m.margin + n.row * (m.nodeHeight + m.rowGap), w, m.nodeHeight);
        }
        l.maxRows = std::max(l.maxRows, static_cast<int>(order.size()));
        previous.assign(static_cast<std::size_t>(beams), -2);
        for (int j = 0; j < beams; ++j) previous[static_cast<std::size_t>(j)] = static_cast<int>(first) + j;
        x += columnWidth + m.columnGap;
    }
    l.columns = static_cast<int>(steps.size());
    const int rows = std::max(1, l.maxRows);
    l.size = QSizeF(x - m.columnGap + m.margin, 2 * m.margin + rows * (m.nodeHeight + m.rowGap) - m.rowGap);
    return l;
}

int BeamTreeLayout::nodeAt(const QPointF& p) const {
    for (std::size_t i = 0; i < nodes.size(); ++i)
        if (nodes[i].rect.contains(p)) return static_cast<int>(i);
    return -1;
}

// ---------------------------------------------------------------------------------------
// BeamTreeCanvas

BeamTreeCanvas::BeamTreeCanvas(QWidget* parent) : QWidget(parent) { setAttribute(Qt::WA_OpaquePaintEvent); }

void BeamTreeCanvas::setTree(BeamTreeLayout layout, QStringList labels, QString placeholder) {
    layout_ = std::move(layout);
    labels_ = std::move(labels);
    placeholder_ = std::move(placeholder);
    setMinimumSize(layout_.nodes.empty() ? QSize(0, 0) : layout_.size.toSize() + QSize(1, 1));
    update();
}

bool BeamTreeCanvas::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int i = layout_.nodeAt(help->pos());
        if (i < 0) {
            QToolTip::hideText();
            event->ignore();
            return true;
        }
        const BeamTreeLayout::Node& n = layout_.nodes[static_cast<std::size_t>(i)];
        QString tip = tr("Step %1: «%2»").arg(n.step + 1).arg(tmath::pieceLabel(n.beam->piece));
        tip += n.finished ? tr(", finished: log p %1, score %2")
                                .arg(QLocale().toString(n.beam->logProbability, 'f', 3))
                                .arg(QLocale().toString(n.beam->score, 'f', 3))
                          : tr(", beam %1: log p so far %2").arg(n.index).arg(QLocale().toString(n.beam->logProbability, 'f', 3));
        if (n.beam->onBest) tip += tr(" (chosen path)");
        QToolTip::showText(help->globalPos(), tip, this);
        return true;
    }
    return QWidget::event(event);
}

void BeamTreeCanvas::paintEvent(QPaintEvent* event) {
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Base));
    if (layout_.nodes.empty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect().adjusted(20, 20, -20, -20), Qt::AlignCenter | Qt::TextWordWrap, placeholder_);
        return;
    }
    p.setRenderHint(QPainter::Antialiasing, true);
    const QRectF exposed = QRectF(event->rect()).adjusted(-40, -4, 40, 4);
    const QColor text = palette().color(QPalette::Text);
    const QColor highlight = palette().color(QPalette::Highlight);
    QColor faint = text;
    faint.setAlphaF(0.35f);
    auto onBest = [&](int node) {
        return node == -1 || (node >= 0 && layout_.nodes[static_cast<std::size_t>(node)].beam->onBest);
    };
    // Edges, chosen path last so it stays on top.
    for (int pass = 0; pass < 2; ++pass)
        for (const BeamTreeLayout::Node& n : layout_.nodes) {
            if (n.parent < -1) continue;
            const bool best = n.beam->onBest && onBest(n.parent);
            if (best != (pass == 1)) continue;
            const QRectF from = n.parent == -1 ? layout_.start : layout_.nodes[static_cast<std::size_t>(n.parent)].rect;
            const QPointF a(from.right(), from.center().y()), b(n.rect.left(), n.rect.center().y());
            if (!exposed.intersects(QRectF(a, b).normalized().adjusted(-2, -2, 2, 2))) continue;
            QPainterPath path(a);
            const qreal dx = (b.x() - a.x()) * 0.5;
            path.cubicTo(QPointF(a.x() + dx, a.y()), QPointF(b.x() - dx, b.y()), b);
            p.setPen(best ? QPen(highlight, 2.5) : QPen(faint, 1.2));
            p.setBrush(Qt::NoBrush);
            p.drawPath(path);
        }
    // Start node.
    p.setPen(QPen(faint, 1));
    p.setBrush(palette().color(QPalette::AlternateBase));
    p.drawRoundedRect(layout_.start, 5, 5);
    p.setPen(text);
    p.drawText(layout_.start, Qt::AlignCenter, QStringLiteral("▶"));
    // Nodes.
    for (std::size_t i = 0; i < layout_.nodes.size(); ++i) {
        const BeamTreeLayout::Node& n = layout_.nodes[i];
        if (!exposed.intersects(n.rect)) continue;
        const bool best = n.beam->onBest;
        p.setPen(QPen(best ? highlight : faint, best ? 1.5 : 1));
        p.setBrush(best ? highlight : palette().color(QPalette::AlternateBase));
        p.drawRoundedRect(n.rect.adjusted(0.5, 0.5, -0.5, -0.5), 5, 5);
        if (n.finished) {  // double border: the hypothesis ended here
            p.setBrush(Qt::NoBrush);
            p.setPen(QPen(best ? palette().color(QPalette::HighlightedText) : text, 1));
            p.drawRoundedRect(n.rect.adjusted(3, 3, -3, -3), 3, 3);
        }
        p.setPen(best ? palette().color(QPalette::HighlightedText) : text);
        p.drawText(n.rect, Qt::AlignCenter, labels_.value(static_cast<int>(i)));
    }
}

// ---------------------------------------------------------------------------------------
// BeamView

BeamView::BeamView(QWidget* parent) : AttentionView(parent) {
    note_ = new QLabel(this);
    note_->setWordWrap(true);
    note_->setTextFormat(Qt::PlainText);
    note_->setContentsMargins(8, 6, 8, 2);
    list_ = new QTreeWidget(this);
    list_->setRootIsDecorated(false);
    // Whole translations: a long one wraps in its row instead of ending in "…" (large text).
    list_->setUniformRowHeights(false);
    list_->setWordWrap(true);
    // Row heights follow the translation column's width (it stretches with the view).
    connect(list_->header(), &QHeaderView::sectionResized, list_, [this] { list_->doItemsLayout(); });
    list_->setAlternatingRowColors(true);
    list_->setSelectionMode(QAbstractItemView::NoSelection);
    list_->setHeaderLabels({tr("#"), tr("score"), tr("log p"), tr("translation")});
    list_->header()->setStretchLastSection(true);
    canvas_ = new BeamTreeCanvas;
    scroll_ = new QScrollArea(this);
    scroll_->setWidget(canvas_);
    scroll_->setWidgetResizable(true);  // fills the viewport, scrolls once the tree is larger
    scroll_->setFrameShape(QFrame::NoFrame);
    splitter_ = new QSplitter(Qt::Vertical, this);
    splitter_->addWidget(list_);
    splitter_->addWidget(scroll_);
    splitter_->setStretchFactor(0, 0);
    splitter_->setStretchFactor(1, 1);
    splitter_->setChildrenCollapsible(false);
    auto* column = new QVBoxLayout(this);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(2);
    column->addWidget(note_);
    column->addWidget(splitter_, 1);
    rebuild();
}

void BeamView::setTranslation(TranslationPtr translation) {
    translation_ = std::move(translation);
    rebuild();
}

int BeamView::hypothesisCount() const { return list_->topLevelItemCount(); }

int BeamView::nodeCount() const { return static_cast<int>(canvas_->tree().nodes.size()); }

QString BeamView::noteText() const { return note_->text(); }

void BeamView::changeEvent(QEvent* event) {
    AttentionView::changeEvent(event);
    if (event->type() == QEvent::FontChange) rebuildTree();
}

void BeamView::rebuild() {
    rebuildList();
    rebuildTree();
    QString note;
    if (!translation_) {
        note = tr("No translation yet.");
    } else {
        const auto& r = translation_->result;
        if (!r.beamSteps.empty()) {
            int widest = 0;
            for (const auto& s : r.beamSteps) widest = std::max(widest, static_cast<int>(s.beams.size()));
            note = tr("Beam search, %1 beams, %2 steps: highlighted = the chosen translation; double border = a "
                      "finished hypothesis with its score (log p / length^penalty).")
                       .arg(std::max(translation_->beams, widest))
                       .arg(r.beamSteps.size());
        } else if (greedy_) {
            note = tr("Greedy decoding: beam size 1. Each step took the single most likely next token.");
        } else {
            note = tr("Beam search with %1 beams: the search tree appears when decoding finishes; below, the best "
                      "hypothesis so far.")
                       .arg(translation_->beams);
        }
        if (!translation_->complete) note += tr("  (decoding…)");
    }
    note_->setText(note);
}

void BeamView::rebuildList() {
    list_->clear();
    if (!translation_) {
        list_->setVisible(false);
        return;
    }
    list_->setVisible(true);
    const auto& nbest = translation_->result.nbest;
    QFont bold = list_->font();
    bold.setBold(true);
    for (std::size_t i = 0; i < nbest.size(); ++i) {
        const auto& h = nbest[i];
        auto* item = new QTreeWidgetItem(list_);
        item->setText(0, i == 0 ? tr("%1 ★").arg(i + 1) : QString::number(i + 1));
        item->setText(1, QLocale().toString(h.score, 'f', 3));
        item->setText(2, QLocale().toString(h.logProbability, 'f', 3));
        item->setText(3, QString::fromStdString(h.text));
        item->setToolTip(3, QString::fromStdString(h.text));
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        item->setTextAlignment(2, Qt::AlignRight | Qt::AlignVCenter);
        if (i == 0)
            for (int c = 0; c < 4; ++c) item->setFont(c, bold);
    }
    for (int c = 0; c < 3; ++c) list_->resizeColumnToContents(c);
    // The list takes the room its rows need (up to about six), the tree the rest.
    const int rowH = nbest.empty() ? list_->fontMetrics().height() + 4 : std::max(list_->sizeHintForRow(0), 8);
    const int listH = list_->header()->sizeHint().height() + rowH * std::clamp(static_cast<int>(nbest.size()), 1, 6) +
                      2 * list_->frameWidth() + 2;
    list_->setMinimumHeight(std::min(listH, list_->header()->sizeHint().height() + rowH + 2 * list_->frameWidth() + 2));
    splitter_->setSizes({listH, std::max(100, height() - listH)});
    // Below the room for the note, the list and a few rows of the tree the page scrolls in its
    // tab rather than squeezing them to a line each.
    const int line = fontMetrics().height();
    const int minimum = note_->heightForWidth(std::max(100, width())) + listH + 5 * line + 16;
    if (minimumHeight() != minimum) setMinimumHeight(minimum);
}

void BeamView::rebuildTree() {
    greedySteps_.clear();
    greedy_ = false;
    const std::vector<attnscope::BeamStepNodes>* steps = &greedySteps_;
    if (translation_) {
        const auto& r = translation_->result;
        if (!r.beamSteps.empty()) {
            steps = &r.beamSteps;
        } else {
            // The one hypothesis as a chain: step t extends beam 0 of step t-1.
            greedy_ = translation_->beams <= 1;
            for (std::size_t t = 0; t < r.targetTokens.size(); ++t) {
                attnscope::BeamNode node;
                node.parent = t == 0 ? -1 : 0;
                node.tokenId = r.targetTokens[t].id;
                node.piece = r.targetTokens[t].piece;
                node.onBest = true;
                attnscope::BeamStepNodes step;
                const bool last = t + 1 == r.targetTokens.size();
                if (last && r.targetTokens[t].special && translation_->complete) {
                    node.finished = true;
                    if (!r.nbest.empty()) {
                        node.score = r.nbest.front().score;
                        node.logProbability = r.nbest.front().logProbability;
                    }
                    step.finished.push_back(node);
                } else {
                    step.beams.push_back(node);
                }
                greedySteps_.push_back(std::move(step));
            }
        }
    }
    const QFontMetricsF fm(canvas_->font());
    auto label = [](const attnscope::BeamNode& b) {
        QString s = tmath::pieceLabel(b.piece);
        if (b.finished) s += QStringLiteral("  %1").arg(QLocale().toString(b.score, 'f', 2));
        return s;
    };
    BeamTreeLayout::Metrics m;
    m.nodeHeight = std::ceil(fm.height() + 10);
    m.rowGap = std::ceil(fm.height() * 0.5);
    m.columnGap = std::ceil(fm.height() * 1.6);
    m.startWidth = std::ceil(fm.height() * 1.8);
    const BeamTreeLayout layout = BeamTreeLayout::compute(
        *steps,
        [&](const attnscope::BeamNode& b) {
            return std::ceil(fm.horizontalAdvance(label(b)) + (b.finished ? 20 : 14));
        },
        m);
    QStringList labels;
    for (const auto& n : layout.nodes) labels << label(*n.beam);
    QString placeholder =
        !translation_ ? tr("Type a sentence to translate.\nThe hypotheses the decoder weighed will appear here.")
                      : tr("Translating…");
    canvas_->setTree(layout, labels, placeholder);
}
