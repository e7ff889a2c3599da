// TextLinksView: caches (words, word matrices, layouts, arcs, ranking) are rebuilt in
// refresh() when their inputs change; paintEvent only draws them. The ranking table is a
// child QTableWidget placed at the right in pair mode.
#include "text_links_view.h"

#include "color_scale.h"

#include <QLocale>
#include <QContextMenuEvent>
#include <QFontMetricsF>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QTableWidget>

#include <algorithm>
#include <cmath>

using attnscope::AttentionStack;
using attnscope::FloatMatrix;

namespace {
constexpr double kMargin = 16;
constexpr double kLabelWidth = 30;  // "A" / "B" column in pair mode
constexpr double kWordPad = 5;      // inside a word box, left and right, except where words are glued
constexpr float kMinArcWeight = 0.02f;

QFont scaledFont(const QFont& base, double scale) {
    QFont f = base;
    f.setPointSizeF(base.pointSizeF() * scale);
    return f;
}

// Padding inside word w's box: none on a side glued to a neighbour (so "didn't" reads as one).
double leftPad(const TextLinksLayout& l, std::size_t w) { return l.gapBefore[w] ? kWordPad : 0; }
double rightPad(const TextLinksLayout& l, std::size_t w) {
    return w + 1 < l.gapBefore.size() && !l.gapBefore[w + 1] ? 0 : kWordPad;
}

QString sliceCodePoints(const QList<uint>& ucs4, std::size_t begin, std::size_t end) {
    begin = std::min<std::size_t>(begin, static_cast<std::size_t>(ucs4.size()));
    end = std::clamp<std::size_t>(end, begin, static_cast<std::size_t>(ucs4.size()));
    return QString::fromUcs4(reinterpret_cast<const char32_t*>(ucs4.constData()) + begin,
                             static_cast<qsizetype>(end - begin));
}
}  // namespace

TextLinksView::TextLinksView(QWidget* parent) : AttentionView(parent) {
    setMouseTracking(true);
    setFocusPolicy(Qt::ClickFocus);
    table_ = new QTableWidget(this);
    table_->setColumnCount(5);
    table_->setHorizontalHeaderLabels({tr("Layer"), tr("Head"), tr("Flip"), tr("A"), tr("B")});
    table_->horizontalHeaderItem(3)->setToolTip(tr("Sentence A: attention to candidate 1 minus candidate 2"));
    table_->horizontalHeaderItem(4)->setToolTip(tr("Sentence B: attention to candidate 1 minus candidate 2"));
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(QFontMetrics(font()).height() + 6);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    // The header words keep their width (German "Verschiebung" is long); A and B share the rest.
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    for (int column : {0, 1, 2}) table_->horizontalHeader()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    table_->setToolTip(tr("Flip = (A[candidate 1] - A[candidate 2]) - (B[candidate 1] - B[candidate 2]) "
                          "for the clicked word; click a row to select that head everywhere"));
    tableTitle_ = new QLabel(this);
    tableTitle_->setWordWrap(true);
    tableTitle_->setTextFormat(Qt::RichText);
    table_->hide();
    tableTitle_->hide();
    connect(table_, &QTableWidget::cellClicked, this, [this](int row, int) {
        if (!selection_ || row < 0 || row >= static_cast<int>(ranking_.size())) return;
        selection_->setLayerHead(ranking_[static_cast<std::size_t>(row)].layer,
                                 ranking_[static_cast<std::size_t>(row)].head);
    });
}

void TextLinksView::setAnalysis(AnalysisPtr analysis) {
    a_.analysis = std::move(analysis);
    wordsDirty_ = true;
    refresh();
}

void TextLinksView::setPairAnalysis(AnalysisPtr second) {
    pair_ = std::move(second);
    b_ = {};
    b_.analysis = pair_;
    table_->setVisible(pair_ != nullptr);
    tableTitle_->setVisible(pair_ != nullptr);
    wordsDirty_ = true;
    refresh();
}

void TextLinksView::setCandidate(int which, const QString& wordText) {
    if (which < 0 || which > 1) return;
    userCandidate_[which] = wordText.toLower();
    refresh();
}

QString TextLinksView::candidateText(int which) const {
    const SentenceState& s = a_;
    const int w = which == 0 ? s.candidate1 : s.candidate2;
    return w >= 0 ? s.words[static_cast<std::size_t>(w)].toLower() : QString();
}

void TextLinksView::refresh() {
    const bool hide = selection_ && selection_->hideSpecialTokens();
    if (wordsDirty_ || hide != dataHide_) {
        dataHide_ = hide;
        rebuildWords(a_);
        rebuildWords(b_);
        wordsDirty_ = false;
        matricesDirty_ = true;
        layoutDirty_ = true;
        rankingKey_ = {-2};  // new words: the ranking is stale whatever the query
    }
    const int layer = selection_ ? selection_->layer() : 0;
    const int head = selection_ ? selection_->head() : 0;
    const Aggregate aggregate = selection_ ? selection_->aggregate() : Aggregate::SingleHead;
    if (matricesDirty_ || layer != dataLayer_ || head != dataHead_ || aggregate != dataAggregate_) {
        dataLayer_ = layer;
        dataHead_ = head;
        dataAggregate_ = aggregate;
        rebuildMatrices();
        matricesDirty_ = false;
    }
    if (layoutDirty_) rebuildLayout();
    layoutDirty_ = false;
    resolveClicked();
    rebuildRanking();
    rebuildArcs(a_);
    rebuildArcs(b_);
    updateTable();
    update();
}

void TextLinksView::rebuildWords(SentenceState& s) {
    s.words.clear();
    s.visible = {};
    s.wordMatrix = {};
    if (!s.analysis) return;
    const auto& tokens = s.analysis->result.tokens;
    s.visible = attnscope::analysis::visibleTokens(tokens, dataHide_, true);
    const QList<uint> ucs4 = QString::fromStdString(s.analysis->result.text).toUcs4();
    s.layout.widths.clear();
    s.layout.gapBefore.clear();
    std::size_t previousEnd = 0;
    bool anyText = false;
    for (const auto& members : s.visible.members) {
        const auto& first = tokens[static_cast<std::size_t>(members.front())];
        const auto& last = tokens[static_cast<std::size_t>(members.back())];
        QString word;
        bool gap = true;
        if (first.special || last.charEnd <= first.charBegin) {
            word = QString::fromStdString(first.piece);
        } else {
            word = sliceCodePoints(ucs4, first.charBegin, last.charEnd);
            gap = !anyText || first.charBegin > previousEnd;
            previousEnd = last.charEnd;
            anyText = true;
        }
        s.words.push_back(word);
        s.layout.gapBefore.push_back(gap);
    }
}

FloatMatrix TextLinksView::tokenMatrix(const Analysis& analysis) const {
    // Both sentences are encoder self-attention: the one aggregate rule, rollout included.
    return attnscope::analysis::aggregate(analysis.result.attentions, dataLayer_, dataHead_, dataAggregate_,
                                          attnscope::analysis::StackKind::SelfAttention);
}

void TextLinksView::rebuildMatrices() {
    for (SentenceState* s : {&a_, &b_}) {
        s->wordMatrix = {};
        if (s->analysis && s->analysis->result.attentions.layers > 0 && s->visible.rows() > 0)
            s->wordMatrix = attnscope::analysis::visibleMatrix(tokenMatrix(*s->analysis), s->visible);
    }
}

void TextLinksView::rebuildLayout() {
    const QFontMetricsF fm(font());
    const bool pair = pair_ != nullptr;
    double canvasRight = width() - kMargin;
    if (pair) {
        const double tableWidth = std::clamp(width() * 0.3, 240.0, 330.0);
        const double titleHeight = fm.height() * 4 + 4;
        const QRect titleRect(static_cast<int>(width() - kMargin - tableWidth), static_cast<int>(kMargin),
                              static_cast<int>(tableWidth), static_cast<int>(titleHeight));
        tableTitle_->setGeometry(titleRect);
        table_->setGeometry(titleRect.left(), titleRect.bottom() + 6, titleRect.width(),
                            std::max(80, static_cast<int>(height() - kMargin) - titleRect.bottom() - 6));
        canvasRight = titleRect.left() - kMargin;
    }
    // Caption and legend as tall as their wrapped text (at 200 % the legend takes three lines).
    const double textWidth = std::max(0.0, canvasRight - kMargin);
    QFont captionFont = scaledFont(font(), 1.2);
    captionFont.setBold(true);
    const double captionHeight =
        QFontMetricsF(captionFont).boundingRect(QRectF(0, 0, textWidth, 1e6), Qt::TextWordWrap, caption()).height();
    const double legendHeight = fm.boundingRect(QRectF(0, 0, textWidth, 1e6), Qt::TextWordWrap, legendText()).height();
    captionRect_ = QRectF(kMargin, kMargin, textWidth, std::max(captionHeight, fm.height() * 1.5));
    legendRect_ = QRectF(kMargin, height() - kMargin - legendHeight, textWidth, legendHeight);
    const double left = kMargin + (pair ? kLabelWidth : 0);
    const double maxWidth = std::max(100.0, canvasRight - left);

    // The largest text size at which every sentence fits on one line (arcs between lines cross
    // words), down to 0.8 of the view's text; else that size, wrapped.
    SentenceState* sentences[2] = {&a_, &b_};
    for (double scale : {1.7, 1.5, 1.3, 1.15, 1.0, 0.9, 0.8}) {
        textScale_ = scale;
        const QFontMetricsF textFm(scaledFont(font(), scale));
        bool fits = true;
        for (SentenceState* s : sentences) {
            TextLinksLayout& l = s->layout;
            l.widths.clear();
            double total = 0;
            for (std::size_t w = 0; w < s->words.size(); ++w) {
                l.widths.push_back(textFm.horizontalAdvance(s->words[w]) + leftPad(l, w) + rightPad(l, w));
                total += l.widths.back() + (w > 0 && l.gapBefore[w] ? textFm.horizontalAdvance(QLatin1Char(' ')) : 0);
            }
            l.boxHeight = textFm.height() + 10;
            l.spaceWidth = textFm.horizontalAdvance(QLatin1Char(' '));
            fits = fits && total <= maxWidth;
        }
        if (fits) break;
    }
    // Both blocks centred vertically between the caption and the legend.
    const double top = captionRect_.bottom() + 4, bottom = legendRect_.top() - 4;
    // Arc headroom above each line: generous for one line, shared out when the text wraps.
    const double pairGap = 36;
    int lineCount = 0;
    double fixed = pair ? pairGap : 0;
    for (SentenceState* s : sentences) {
        TextLinksLayout& l = s->layout;
        l.maxWidth = maxWidth;
        l.layout();
        lineCount += l.lines;
        fixed += l.lines * l.boxHeight + std::max(0, l.lines - 1) * l.lineGap;
    }
    const double roomy = std::clamp((bottom - top) * (pair ? 0.22 : 0.4), 70.0, pair ? 170.0 : 240.0);
    const double headroom = std::clamp((bottom - top - fixed) / std::max(1, lineCount), 36.0, roomy);
    double total = 0;
    for (SentenceState* s : sentences) {
        TextLinksLayout& l = s->layout;
        l.headroom = headroom;
        l.layout();
        total += l.height + (s == &b_ && pair ? pairGap : 0);
    }
    // The height everything needs at the smallest arc room: below it the page scrolls (inside its
    // tab's scroll area) instead of drawing the words over the caption or the legend.
    constexpr double kMinHeadroom = 36;
    double needed = top + (kMargin + legendHeight + 4) + (pair ? pairGap : 0);
    for (SentenceState* s : sentences) {
        const TextLinksLayout& l = s->layout;
        needed += l.lines * (kMinHeadroom + l.boxHeight) + std::max(0, l.lines - 1) * l.lineGap;
        if (pair) needed += QFontMetricsF(scaledFont(font(), 0.95)).height() + 6;  // "candidate" under a word
    }
    const int minimum = static_cast<int>(std::ceil(needed));
    if (minimumHeight() != minimum) setMinimumHeight(minimum);
    // Sentences start at the left margin: a centred line would shift sideways by half of every
    // width change while the user types.
    const double x = left;
    double y = top + std::max(0.0, (bottom - top - total) / 2);
    for (SentenceState* s : sentences) {
        TextLinksLayout& l = s->layout;
        l.origin = QPointF(x, y);
        l.layout();
        s->labelRect = QRectF(x - kLabelWidth, y + headroom, kLabelWidth - 6, l.boxHeight);
        y += l.height + pairGap;
    }
}

int TextLinksView::findWord(const SentenceState& s, const QString& lowerText) const {
    for (std::size_t i = 0; i < s.words.size(); ++i)
        if (s.words[i].toLower() == lowerText) return static_cast<int>(i);
    return -1;
}

int TextLinksView::matchWord(const SentenceState& from, int word, const SentenceState& to) const {
    if (word < 0 || word >= static_cast<int>(from.words.size()) || to.words.empty()) return -1;
    // The same occurrence of the same text, else the same position (the words that differ).
    const QString text = from.words[static_cast<std::size_t>(word)].toLower();
    int occurrence = 0;
    for (int i = 0; i < word; ++i) occurrence += from.words[static_cast<std::size_t>(i)].toLower() == text;
    for (std::size_t i = 0; i < to.words.size(); ++i)
        if (to.words[i].toLower() == text && occurrence-- == 0) return static_cast<int>(i);
    return word < static_cast<int>(to.words.size()) ? word : -1;
}

void TextLinksView::resolveClicked() {
    a_.clicked = b_.clicked = -1;
    const int token = selection_ ? selection_->selectedToken() : -1;
    if (token >= 0 && token < static_cast<int>(a_.visible.rowOfToken.size()))
        a_.clicked = a_.visible.rowOfToken[static_cast<std::size_t>(token)];
    if (pair_) b_.clicked = matchWord(a_, a_.clicked, b_);

    QString candidate[2] = {userCandidate_[0], userCandidate_[1]};
    const bool clickedIt =
        a_.clicked >= 0 && a_.words[static_cast<std::size_t>(a_.clicked)].toLower() == QLatin1String("it");
    const auto holds = [this](const QString& w) { return findWord(a_, w) >= 0 && (!pair_ || findWord(b_, w) >= 0); };
    // The defaults fill whichever candidate the user has not picked.
    if (clickedIt && holds(QStringLiteral("animal")) && holds(QStringLiteral("street"))) {
        if (candidate[0].isEmpty()) candidate[0] = QStringLiteral("animal");
        if (candidate[1].isEmpty()) candidate[1] = QStringLiteral("street");
    }
    for (SentenceState* s : {&a_, &b_}) {
        s->candidate1 = candidate[0].isEmpty() ? -1 : findWord(*s, candidate[0]);
        s->candidate2 = candidate[1].isEmpty() ? -1 : findWord(*s, candidate[1]);
    }
}

void TextLinksView::rebuildRanking() {
    std::vector<int> key;
    if (pair_ && a_.analysis)
        key = {a_.clicked, a_.candidate1, a_.candidate2, b_.clicked, b_.candidate1, b_.candidate2, int(dataHide_)};
    if (key == rankingKey_) return;
    rankingKey_ = key;
    ranking_.clear();
    if (key.empty() || std::find(key.begin(), key.begin() + 6, -1) != key.begin() + 6) return;
    // The ranking reads raw word-level attention over all tokens: map shown words to those groups.
    const auto groupsOf = [](const SentenceState& s) {
        std::vector<std::string> pieces;
        std::vector<bool> special;
        for (const auto& t : s.analysis->result.tokens) {
            pieces.push_back(t.piece);
            special.push_back(t.special);
        }
        return attnscope::analysis::groupWordPieces(pieces, special);
    };
    const auto groupIndex = [](const attnscope::analysis::WordGroups& g, int token) {
        for (std::size_t i = 0; i < g.members.size(); ++i)
            if (g.members[i].front() == token) return static_cast<int>(i);
        return -1;
    };
    const attnscope::analysis::WordGroups ga = groupsOf(a_), gb = groupsOf(b_);
    FlipQuery q;
    q.wordA = groupIndex(ga, a_.visible.firstToken(a_.clicked));
    q.candidate1A = groupIndex(ga, a_.visible.firstToken(a_.candidate1));
    q.candidate2A = groupIndex(ga, a_.visible.firstToken(a_.candidate2));
    q.wordB = groupIndex(gb, b_.visible.firstToken(b_.clicked));
    q.candidate1B = groupIndex(gb, b_.visible.firstToken(b_.candidate1));
    q.candidate2B = groupIndex(gb, b_.visible.firstToken(b_.candidate2));
    ranking_ = rankHeadFlips(a_.analysis->result.attentions, ga, b_.analysis->result.attentions, gb, q);
}

void TextLinksView::rebuildArcs(SentenceState& s) {
    s.arcs.clear();
    const int n = s.visible.rows();
    if (s.clicked < 0 || s.clicked >= n || s.wordMatrix.rows != n ||
        s.layout.boxes.size() != static_cast<std::size_t>(n))
        return;
    for (int j = 0; j < n; ++j) {
        const float w = s.wordMatrix.at(s.clicked, j);
        if (j == s.clicked || w < kMinArcWeight) continue;
        s.arcs.push_back({j, w, s.layout.arc(s.clicked, j)});
    }
    // Light arcs first, so the heavy ones are drawn on top.
    std::sort(s.arcs.begin(), s.arcs.end(), [](const DrawnArc& x, const DrawnArc& y) { return x.weight < y.weight; });
}

void TextLinksView::updateTable() {
    if (!pair_) return;
    const auto word = [](const SentenceState& s, int w) {
        return w >= 0 ? s.words[static_cast<std::size_t>(w)].toHtmlEscaped() : QStringLiteral("?");
    };
    if (ranking_.empty()) {
        tableTitle_->setText(tr("<b>Minimal pair</b>: click a word, then right-click two words of the sentences "
                                "as <i>Candidate 1</i> and <i>Candidate 2</i> to rank the heads."));
    } else {
        tableTitle_->setText(tr("<b>Heads ranked by flip</b> of \u201c%1\u201d between \u201c%2\u201d and "
                                "\u201c%3\u201d:<br>(A[%2] \u2212 A[%3]) \u2212 (B[%2] \u2212 B[%3])")
                                 .arg(word(a_, a_.clicked), word(a_, a_.candidate1), word(a_, a_.candidate2)));
    }
    const int rows = static_cast<int>(ranking_.size());
    if (table_->rowCount() != rows) table_->setRowCount(rows);
    const bool dark = colors::isDark(palette());
    for (int r = 0; r < rows; ++r) {
        const HeadFlip& f = ranking_[static_cast<std::size_t>(r)];
        const QString cells[5] = {QString::number(f.layer), QString::number(f.head), QLocale().toString(f.flip, 'f', 3),
                                  QLocale().toString(f.marginA, 'f', 3), QLocale().toString(f.marginB, 'f', 3)};
        for (int c = 0; c < 5; ++c) {
            QTableWidgetItem* item = table_->item(r, c);
            if (!item) {
                item = new QTableWidgetItem;
                table_->setItem(r, c, item);
            }
            item->setText(cells[c]);
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            const QColor bg = c == 2 ? QColor::fromRgb(colors::diverging(static_cast<float>(f.flip), dark)) : QColor();
            item->setBackground(bg.isValid() ? QBrush(bg) : QBrush());
            if (c == 2) item->setForeground(qGray(bg.rgb()) < 128 ? QColor(Qt::white) : QColor(Qt::black));
        }
    }
    // Mark the head that is selected now (no signal: cellClicked is for user clicks only).
    int current = -1;
    if (selection_ && selection_->aggregate() == Aggregate::SingleHead)
        for (int r = 0; r < rows; ++r)
            if (ranking_[static_cast<std::size_t>(r)].layer == selection_->layer() &&
                ranking_[static_cast<std::size_t>(r)].head == selection_->head())
                current = r;
    if (current >= 0) {
        table_->selectRow(current);
    } else {
        table_->clearSelection();
    }
}

QString TextLinksView::caption() const {
    if (!a_.analysis) return tr("No analysis yet");
    const int layer = dataLayer_;
    QString what;
    switch (dataAggregate_) {
    case Aggregate::SingleHead: what = tr("Layer %1, head %2").arg(layer).arg(dataHead_); break;
    case Aggregate::MeanHeads: what = tr("Layer %1, mean over heads").arg(layer); break;
    case Aggregate::MaxHeads: what = tr("Layer %1, max over heads").arg(layer); break;
    case Aggregate::MeanLayers: what = tr("Mean over all layers and heads"); break;
    case Aggregate::Rollout: what = tr("Attention rollout up to layer %1").arg(layer); break;
    }
    if (a_.clicked < 0) return what + tr(" \u00b7 click a word to see where it looks");
    return what + tr(" \u00b7 where \u201c%1\u201d looks").arg(a_.words[static_cast<std::size_t>(a_.clicked)]);
}

std::pair<int, int> TextLinksView::wordAt(QPointF p) const {
    const int wa = a_.layout.wordAt(p);
    if (wa >= 0) return {0, wa};
    if (pair_) {
        const int wb = b_.layout.wordAt(p);
        if (wb >= 0) return {1, wb};
    }
    return {-1, -1};
}

void TextLinksView::clickWord(int which, int word) {
    if (!selection_) return;
    const int inA = which == 0 ? word : matchWord(b_, word, a_);
    if (inA < 0 || inA >= a_.visible.rows()) {
        selection_->setSelectedToken(-1);
        return;
    }
    selection_->setSelectedToken(a_.visible.firstToken(inA));
}

QMenu* TextLinksView::createWordMenu(int which, int word, QWidget* parent) {
    const SentenceState& s = which == 0 ? a_ : b_;
    if (word < 0 || word >= static_cast<int>(s.words.size())) return nullptr;
    auto* menu = new QMenu(parent);
    const QString text = s.words[static_cast<std::size_t>(word)];
    if (pair_) {
        for (int c = 0; c < 2; ++c) {
            QAction* act = menu->addAction(tr("Candidate %1: \u201c%2\u201d").arg(c + 1).arg(text));
            connect(act, &QAction::triggered, this, [this, c, text] { setCandidate(c, text); });
        }
        QAction* reset = menu->addAction(tr("Default candidates"));
        connect(reset, &QAction::triggered, this, [this] {
            userCandidate_[0].clear();
            userCandidate_[1].clear();
            refresh();
        });
        menu->addSeparator();
    }
    const int token = s.visible.firstToken(word);
    QAction* mask = menu->addAction(tr("Mask this word"));
    mask->setEnabled(which == 0 && !s.analysis->result.tokens[static_cast<std::size_t>(token)].special);
    connect(mask, &QAction::triggered, this, [this, token] { Q_EMIT maskTokenRequested(token); });
    return menu;
}

// ---------------------------------------------------------------------------------------------
// Events and painting

void TextLinksView::mouseMoveEvent(QMouseEvent* event) {
    const auto [which, word] = wordAt(event->position());
    setCursor(word >= 0 ? Qt::PointingHandCursor : Qt::ArrowCursor);
    if (which == hoverSentence_ && word == hoverWord_) return;
    hoverSentence_ = which;
    hoverWord_ = word;
    if (selection_) selection_->setHoveredToken(which == 0 ? a_.visible.firstToken(word) : -1);
    update();
}

void TextLinksView::leaveEvent(QEvent*) {
    if (hoverWord_ < 0) return;
    hoverSentence_ = hoverWord_ = -1;
    if (selection_) selection_->setHoveredToken(-1);
    update();
}

void TextLinksView::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return;
    const auto [which, word] = wordAt(event->position());
    if (word < 0) {
        if (selection_) selection_->setSelectedToken(-1);
        return;
    }
    clickWord(which, word);
}

void TextLinksView::contextMenuEvent(QContextMenuEvent* event) {
    const auto [which, word] = wordAt(event->pos());
    if (word < 0) return;
    QMenu* menu = createWordMenu(which, word, this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(event->globalPos());
}

void TextLinksView::paintSentence(QPainter& p, const SentenceState& s, bool dark) {
    const QPalette pal = palette();
    const QColor text = pal.color(QPalette::Text);
    const int heads = s.analysis ? s.analysis->result.attentions.heads : 1;
    const QColor arcColour = dataAggregate_ == Aggregate::SingleHead ? colors::head(dataHead_, std::max(1, heads))
                                                                     : pal.color(QPalette::Highlight);
    if (pair_) {
        p.setPen(text);
        QFont bold = font();
        bold.setBold(true);
        bold.setPointSizeF(font().pointSizeF() * 1.2);
        p.setFont(bold);
        p.drawText(s.labelRect, Qt::AlignLeft | Qt::AlignVCenter,
                   &s == &a_ ? QStringLiteral("A") : QStringLiteral("B"));
    }
    // Arcs behind the words.
    const QFont small = scaledFont(font(), 0.95);
    const QFontMetricsF fm(small);
    for (const DrawnArc& arc : s.arcs) {
        QColor c = arcColour;
        c.setAlphaF(std::clamp(0.2f + 1.6f * arc.weight, 0.2f, 1.f));
        QPainterPath path(arc.geometry.start);
        path.cubicTo(arc.geometry.control1, arc.geometry.control2, arc.geometry.end);
        p.setPen(QPen(c, 1.0 + 12.0 * arc.weight, Qt::SolidLine, Qt::RoundCap));
        p.setBrush(Qt::NoBrush);
        p.drawPath(path);
        p.setPen(Qt::NoPen);
        p.setBrush(c);
        p.drawEllipse(arc.geometry.end, 3.0, 3.0);
    }
    // Words: clicked one highlighted, targets tinted by weight, candidates underlined.
    const QFont textFont = scaledFont(font(), textScale_);
    for (int w = 0; w < static_cast<int>(s.words.size()); ++w) {
        const QRectF box = s.layout.boxes[static_cast<std::size_t>(w)];
        QColor ink = text;
        const bool special = s.analysis->result.tokens[static_cast<std::size_t>(s.visible.firstToken(w))].special;
        if (w == s.clicked) {
            p.setPen(Qt::NoPen);
            p.setBrush(pal.color(QPalette::Highlight));
            p.drawRoundedRect(box, 4, 4);
            ink = pal.color(QPalette::HighlightedText);
        } else if (s.clicked >= 0 && s.wordMatrix.rows == static_cast<int>(s.words.size())) {
            const float weight = s.wordMatrix.at(s.clicked, w);
            if (weight >= kMinArcWeight) {
                const QColor bg = QColor::fromRgb(colors::sequential(weight, dark));
                p.setPen(Qt::NoPen);
                p.setBrush(bg);
                p.drawRoundedRect(box, 4, 4);
                ink = qGray(bg.rgb()) < 128 ? QColor(Qt::white) : QColor(Qt::black);
            }
        }
        if (hoverSentence_ == (&s == &a_ ? 0 : 1) && w == hoverWord_ && w != s.clicked) {
            p.setPen(QPen(pal.color(QPalette::Highlight), 1.5));
            p.setBrush(Qt::NoBrush);
            p.drawRoundedRect(box.adjusted(-1, -1, 1, 1), 4, 4);
        }
        if (special) ink.setAlphaF(0.5);
        p.setFont(textFont);
        p.setPen(ink);
        const auto k = static_cast<std::size_t>(w);
        p.drawText(box.adjusted(leftPad(s.layout, k), 0, -rightPad(s.layout, k), 0), Qt::AlignCenter, s.words[k]);
        for (int c = 0; c < 2; ++c) {
            if (w != (c == 0 ? s.candidate1 : s.candidate2) || !pair_) continue;
            const QColor mark = QColor::fromRgb(colors::diverging(c == 0 ? 0.8f : -0.8f, dark));
            p.setPen(QPen(mark, 3, Qt::SolidLine, Qt::RoundCap));
            p.drawLine(QPointF(box.left() + 3, box.bottom() + 3), QPointF(box.right() - 3, box.bottom() + 3));
            p.setFont(small);
            p.drawText(QRectF(box.center().x() - 60, box.bottom() + 5, 120, fm.height()),
                       Qt::AlignHCenter | Qt::AlignTop, tr("candidate %1").arg(c + 1));
        }
    }
    // Weights of the heavier arcs at their apex, on top of everything.
    p.setFont(small);
    for (const DrawnArc& arc : s.arcs) {
        if (arc.weight < 0.08f) continue;
        const QString label = QLocale().toString(arc.weight, 'f', 2);
        QRectF r(0, 0, fm.horizontalAdvance(label) + 6, fm.height() + 2);
        r.moveCenter(arc.geometry.apex);
        p.setPen(Qt::NoPen);
        QColor bg = pal.color(QPalette::Base);
        bg.setAlphaF(0.85);
        p.setBrush(bg);
        p.drawRoundedRect(r, 3, 3);
        p.setPen(text);
        p.drawText(r, Qt::AlignCenter, label);
    }
}

void TextLinksView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    p.fillRect(rect(), pal.color(QPalette::Base));
    if (!a_.analysis) {
        QColor muted = pal.color(QPalette::Text);
        muted.setAlphaF(0.6);
        p.setPen(muted);
        p.drawText(rect(), Qt::AlignCenter, tr("No analysis yet: type a sentence and run the model."));
        return;
    }
    QFont captionFont = scaledFont(font(), 1.2);
    captionFont.setBold(true);
    p.setFont(captionFont);
    p.setPen(pal.color(QPalette::Text));
    p.drawText(captionRect_, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, caption());
    const bool dark = colors::isDark(pal);
    paintSentence(p, a_, dark);
    if (pair_ && b_.analysis) paintSentence(p, b_, dark);
    QColor muted = pal.color(QPalette::Text);
    muted.setAlphaF(0.6);
    p.setFont(font());
    p.setPen(muted);
    p.drawText(legendRect_, Qt::AlignLeft | Qt::AlignBottom | Qt::TextWordWrap, legendText());
}

QString TextLinksView::legendText() const {
    return tr("Arc width and opacity, and the shading of a word: attention weight (arcs under 0.02 omitted). "
              "Right-click a word to %1.")
        .arg(pair_ ? tr("pick the candidates or to mask it") : tr("mask it"));
}

std::vector<AttentionView::LabelBox> TextLinksView::labelBoxes() const {
    std::vector<LabelBox> out;
    if (!a_.analysis) return out;
    QFont captionFont = scaledFont(font(), 1.2);
    captionFont.setBold(true);
    const QString title = caption();
    out.push_back({QFontMetricsF(captionFont).boundingRect(captionRect_, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, title),
                   title, title, QFontMetricsF(captionFont).height()});
    const QString legend = legendText();
    out.push_back({QFontMetricsF(font()).boundingRect(legendRect_, Qt::AlignLeft | Qt::AlignBottom | Qt::TextWordWrap, legend),
                   legend, legend, QFontMetricsF(font()).height()});
    const QFontMetricsF textFm(scaledFont(font(), textScale_));
    const QFontMetricsF small(scaledFont(font(), 0.95));
    for (const SentenceState* s : {&a_, &b_}) {
        if (!s->analysis || (s == &b_ && !pair_)) continue;
        for (std::size_t w = 0; w < s->words.size() && w < s->layout.boxes.size(); ++w) {
            const QRectF box = s->layout.boxes[w].adjusted(leftPad(s->layout, w), 0, -rightPad(s->layout, w), 0);
            out.push_back({textFm.boundingRect(box, Qt::AlignCenter, s->words[w]), s->words[w], s->words[w], textFm.height()});
            for (int c = 0; c < 2 && pair_; ++c)
                if (static_cast<int>(w) == (c == 0 ? s->candidate1 : s->candidate2)) {
                    const QString mark = tr("candidate %1").arg(c + 1);
                    const QRectF area(s->layout.boxes[w].center().x() - 60, s->layout.boxes[w].bottom() + 5, 120,
                                      small.height());
                    out.push_back({small.boundingRect(area, Qt::AlignHCenter | Qt::AlignTop, mark), mark, mark, small.height()});
                }
        }
    }
    return out;
}

QSize TextLinksView::sizeHint() const { return QSize(900, pair_ ? 600 : 360); }
