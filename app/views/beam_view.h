// Beam view: how the translation was found. Top: the n-best list (rank, score,
// log-probability, text; the chosen hypothesis starred). Below: the beam-search tree drawn
// left to right, one column per decoding step, each node a piece in a rounded box with an
// edge to the beam it extended; finished hypotheses get a double border and their score,
// the chosen path is highlighted; the tree scrolls when large. Greedy decoding (no tree) is
// drawn as the single chain it is, with a note. The tree's layout is cached per
// translation and font (BeamTreeLayout, testable without a widget); paintEvent only paints
// it. GUI thread only.
#pragma once

#include "attention_view.h"

#include "attnscope/marian_text.h"

#include <QRectF>
#include <QSizeF>
#include <QStringList>

#include <functional>
#include <vector>

class QLabel;
class QScrollArea;
class QSplitter;
class QTreeWidget;

// Boxes and edges of a beam-search tree. Columns are steps; within a column, nodes are
// ordered by their parent's row (then live beams before finished ones), which keeps edges
// from crossing wherever the tree allows.
struct BeamTreeLayout {
    struct Metrics {
        qreal margin = 12;
        qreal nodeHeight = 24;
        qreal rowGap = 8;
        qreal columnGap = 28;  // room for the edges
        qreal startWidth = 30;
    };
    struct Node {
        int step = 0;
        int index = 0;  // into the step's beams, or beams.size() + k for finished[k]
        bool finished = false;
        int parent = -1;  // index into nodes; -1: the start node; -2: none (bad parent)
        int row = 0;      // position in its column
        const attnscope::BeamNode* beam = nullptr;
        QRectF rect;
    };
    std::vector<Node> nodes;
    QRectF start;  // the decoder start node
    QSizeF size;   // everything, margins included
    int columns = 0;
    int maxRows = 0;

    // nodeWidth: the box width for a node (text + padding), from fonts outside.
    static BeamTreeLayout compute(const std::vector<attnscope::BeamStepNodes>& steps,
                                  const std::function<qreal(const attnscope::BeamNode&)>& nodeWidth,
                                  const Metrics& metrics);
    int nodeAt(const QPointF& p) const;  // -1: none
};

// The painted tree inside the scroll area.
class BeamTreeCanvas : public QWidget {
public:
    explicit BeamTreeCanvas(QWidget* parent = nullptr);
    void setTree(BeamTreeLayout layout, QStringList labels, QString placeholder);
    const BeamTreeLayout& tree() const { return layout_; }

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;  // tooltips

private:
    BeamTreeLayout layout_;
    QStringList labels_;  // per node: piece, and the score for finished ones
    QString placeholder_;
};

class BeamView : public AttentionView {
    Q_OBJECT
public:
    explicit BeamView(QWidget* parent = nullptr);

    void setTranslation(TranslationPtr translation) override;
    QString viewName() const override { return QStringLiteral("beams"); }
    QSize sizeHint() const override { return {800, 560}; }

    int hypothesisCount() const;  // rows of the n-best list
    int nodeCount() const;        // nodes of the tree (start node excluded)
    bool isGreedy() const { return greedy_; }
    const BeamTreeLayout& treeLayout() const { return canvas_->tree(); }
    QTreeWidget* hypothesisList() const { return list_; }
    QString noteText() const;
    BeamTreeCanvas* canvas() const { return canvas_; }
    QScrollArea* scrollArea() const { return scroll_; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void rebuild();
    void rebuildList();
    void rebuildTree();

    bool greedy_ = false;
    // Greedy decoding as a one-beam tree, so both draw the same way (kept: nodes point into it).
    std::vector<attnscope::BeamStepNodes> greedySteps_;
    QLabel* note_ = nullptr;
    QTreeWidget* list_ = nullptr;
    QScrollArea* scroll_ = nullptr;
    BeamTreeCanvas* canvas_ = nullptr;
    QSplitter* splitter_ = nullptr;
};
