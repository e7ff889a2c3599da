// The text-links view: the sentence as wrapped running text; clicking a word draws arcs above
// the text to the words it attends to (thickness and opacity by weight) for the chosen head or
// aggregate. Minimal-pair mode puts a second sentence under the first (e.g. "...it was too
// tired." / "...too wide.") and ranks every head by how far the clicked word's attention moves
// between two candidate words from one sentence to the other. GUI thread only.
#pragma once

#include "attention_view.h"
#include "attnscope/attention_analysis.h"
#include "head_view.h"
#include "text_links_layout.h"

#include <QRectF>

#include <vector>

class QLabel;
class QMenu;
class QPainter;
class QTableWidget;

class TextLinksView : public AttentionView {
    Q_OBJECT
public:
    explicit TextLinksView(QWidget* parent = nullptr);

    void setAnalysis(AnalysisPtr analysis) override;
    QString viewName() const override { return QStringLiteral("links"); }
    QSize sizeHint() const override;

    // Minimal-pair mode: the second sentence (null: off).
    void setPairAnalysis(AnalysisPtr second);
    AnalysisPtr pairAnalysis() const { return pair_; }
    // Candidates by word text (lower-cased); empty text: back to the default (animal/street
    // for "it" when both sentences hold them).
    void setCandidate(int which, const QString& wordText);
    QString candidateText(int which) const;

    // State the tests inspect.
    struct DrawnArc {
        int to = -1;
        float weight = 0.f;
        TextLinksLayout::Arc geometry;
    };
    struct SentenceState {
        AnalysisPtr analysis;
        attnscope::analysis::VisibleTokens visible;
        std::vector<QString> words;  // display text of each word (original casing)
        TextLinksLayout layout;
        attnscope::FloatMatrix wordMatrix;  // current head/aggregate, word level
        int clicked = -1;
        int candidate1 = -1, candidate2 = -1;
        std::vector<DrawnArc> arcs;  // from the clicked word, heaviest first
        QRectF labelRect;            // "A" / "B" in pair mode
    };
    const SentenceState& sentence(int which) const { return which == 0 ? a_ : b_; }
    const std::vector<HeadFlip>& ranking() const { return ranking_; }
    QTableWidget* rankingTable() const { return table_; }
    QString caption() const;
    QString legendText() const;
    std::vector<LabelBox> labelBoxes() const override;
    // The context menu for a word of sentence 0 or 1 (null when out of range).
    QMenu* createWordMenu(int which, int word, QWidget* parent);
    // Word index under a point: {sentence, word}, {-1, -1} when none.
    std::pair<int, int> wordAt(QPointF p) const;

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    // Brings every cache up to date with the analyses, the selection and the size; cheap
    // unless the words, the head or the ranking query changed.
    void refresh();
    void selectionChanged() override { refresh(); }
    void relayout() override {
        layoutDirty_ = true;
        refresh();
    }
    void recolour() override {
        wordsDirty_ = true;
        refresh();
    }
    void rebuildWords(SentenceState& s);  // words and visible tokens for the toggles
    void rebuildMatrices();               // word matrices for the current head/aggregate
    void rebuildLayout();                 // both sentences' layouts for the widget size
    void resolveClicked();                // clicked word and candidates in both sentences
    void rebuildRanking();
    void rebuildArcs(SentenceState& s);
    void updateTable();
    void clickWord(int which, int word);
    void paintSentence(QPainter& p, const SentenceState& s, bool dark);
    attnscope::FloatMatrix tokenMatrix(const Analysis& analysis) const;
    int matchWord(const SentenceState& from, int word, const SentenceState& to) const;
    int findWord(const SentenceState& s, const QString& lowerText) const;

    AnalysisPtr pair_;
    SentenceState a_, b_;
    QString userCandidate_[2];
    std::vector<HeadFlip> ranking_;
    QTableWidget* table_ = nullptr;
    QLabel* tableTitle_ = nullptr;
    QRectF captionRect_, legendRect_;
    double textScale_ = 1.0;  // running text size relative to the widget font
    int hoverSentence_ = -1, hoverWord_ = -1;
    bool wordsDirty_ = true, matricesDirty_ = true, layoutDirty_ = true;
    bool dataHide_ = false;
    int dataLayer_ = -1, dataHead_ = -1;
    Aggregate dataAggregate_ = Aggregate::SingleHead;
    std::vector<int> rankingKey_;  // the query the ranking was computed for
};
