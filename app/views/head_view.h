// The head view (after bertviz's): the query tokens in a column on the left (where attention
// comes from), the key tokens on the right (where it goes; the same tokens for self-attention,
// the source for cross-attention), a line from every left token to every right token, one
// colour per head, opacity = weight. The selected head is drawn alone; head chips along the top
// add others to compare (a head or layer selected anywhere else shows that head alone again).
// The shared selection's token indices are query tokens; a key column that differs from the
// queries has local hover only. GUI thread only.
#pragma once

#include "attention_view.h"
#include "attnscope/attention_analysis.h"

#include <QLineF>
#include <QPixmap>
#include <QPointF>
#include <QRectF>
#include <QSizeF>

#include <string>
#include <vector>

class QMenu;

// Layout of the head view in widget coordinates, free of fonts and painting (tested alone).
struct HeadViewGeometry {
    enum class Column { None, Left, Right };
    struct Hit {
        Column column = Column::None;
        int index = -1;
        bool operator==(const Hit& o) const { return column == o.column && index == o.index; }
    };

    // Inputs.
    QSizeF size{800, 600};
    int tokens = 0;      // rows of the left (query) column
    int keyTokens = -1;  // rows of the right (key) column; -1: the same as tokens
    int heads = 0;
    double textWidth = 80;  // widest label
    double margin = 12;
    double chipSize = 22;
    double chipGap = 5;
    double captionHeight = 22;  // line under the chips
    double textPad = 8;         // between a label and its line anchor
    double preferredRowHeight = 26;
    double minRowHeight = 16;
    double stripWidth = 0;  // per-head weight cells outside each label column (0: none)
    double minLinesWidth = 120;
    double maxLinesWidth = 380;

    // Results of layout().
    double rowHeight = 0;
    double rowsTop = 0;  // top of the longer column; the shorter one is centred against it
    double leftX = 0;    // where lines start (right edge of the left labels + pad)
    double rightX = 0;   // where lines end
    double columnsLeft = 0;

    void layout();
    QRectF chipRect(int head) const;
    int chipAt(QPointF p) const;  // -1: none
    QRectF captionRect() const;
    int rows(Column column) const;  // tokens in that column
    double columnTop(Column column) const;
    double rowCentre(int index) const;  // left column
    double rowCentre(Column column, int index) const;
    // Label rectangle of one token; hit areas extend it to its line anchor.
    QRectF tokenRect(Column column, int index) const;
    QLineF line(int from, int to) const;  // left row `from` to right row `to`
    // Cells of head h of n in the strip beside a label (outside the lines).
    QRectF stripCell(Column column, int index, int head, int heads) const;
    Hit tokenAt(QPointF p) const;
    // Height the rows need at the minimum row height (for sizeHint / scrolling).
    double contentHeight() const;
};

class HeadView : public AttentionView {
    Q_OBJECT
public:
    explicit HeadView(QWidget* parent = nullptr);

    void setAnalysis(AnalysisPtr analysis) override;
    QString viewName() const override { return QStringLiteral("head"); }
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    // Heads drawn (true = on); a new model turns all of them on.
    const std::vector<bool>& visibleHeads() const { return headOn_; }
    void setVisibleHeads(const std::vector<bool>& on);
    // For tests and the context menu: the menu for one shown row (null when out of range).
    QMenu* createTokenMenu(int row, QWidget* parent);
    const HeadViewGeometry& geometry() const { return geom_; }
    const attnscope::analysis::VisibleTokens& visible() const { return visible_; }        // left column (queries)
    const attnscope::analysis::VisibleTokens& keyVisible() const { return keyVisible_; }  // right column (keys)
    // Lines the current scene draws (after hover filtering and the opacity cut-off).
    int drawnLineCount() const { return drawnLines_; }

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    bool event(QEvent* event) override;

private:
    void selectionChanged() override;
    void rebuildData();           // matrices and labels for the current layer and toggles
    void showOnlyHead(int head);  // the chips: this head on, every other off
    void rebuildGeometry();       // HeadViewGeometry for the widget size and labels
    void relayout() override { rebuildGeometry(); }
    void recolour() override { rebuildGeometry(); }
    void invalidateScene();
    QFont labelFont() const;  // token labels: a little larger than the widget font
    void renderScene();
    // Row whose lines are shown alone (hover, else the clicked token) and its column.
    HeadViewGeometry::Hit focus() const;
    // Token index the shared selection uses for a hit: a query token, or a key token when the
    // keys are the queries; -1 for a key of cross-attention or no hit.
    int selectionToken(HeadViewGeometry::Hit hit) const;
    bool sameAxes() const { return !analysis_ || analysis_->selfAttention(); }

    AnalysisPtr analysis_;
    attnscope::analysis::VisibleTokens visible_;     // left column
    attnscope::analysis::VisibleTokens keyVisible_;  // right column
    std::vector<attnscope::FloatMatrix> matrices_;   // one per head, shown rows only
    std::vector<bool> headOn_;
    int dataLayer_ = -1;
    bool dataHide_ = false, dataMerge_ = false;
    int lastSelectedHead_ = -1, lastSelectedLayer_ = -1;  // the selection's, last seen

    HeadViewGeometry geom_;
    HeadViewGeometry::Hit hover_;  // local hover (column known); mirrors selection hoveredToken
    QPixmap scene_;
    bool sceneDirty_ = true;
    int drawnLines_ = 0;
};
