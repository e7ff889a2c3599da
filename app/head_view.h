// The head view (after bertviz's): two columns of the same tokens, a line from every token on
// the left (where attention comes from) to every token on the right (where it goes), one
// colour per head, opacity = weight. Head chips along the top pick which heads are drawn.
// Also holds the plain helpers that map the model's tokens to the rows a view shows (hidden
// specials, merged word pieces), shared with the text-links view. GUI thread only.
#pragma once

#include "attention_math.h"
#include "attention_view.h"

#include <QLineF>
#include <QPixmap>
#include <QPointF>
#include <QRectF>
#include <QSizeF>

#include <string>
#include <vector>

class QMenu;

// Which of the model's tokens a view shows, as rows, and how each row maps back to tokens.
struct VisibleTokens {
    std::vector<bool> keep;                  // per model token: shown (not a hidden special)
    std::vector<int> keptTokens;             // model token index of each kept token
    attnmath::WordGroups keptGroups;         // rows as groups of kept-token positions
    std::vector<std::vector<int>> members;   // rows as model token indices
    std::vector<std::string> labels;         // row labels (pieces, or words without "##")
    std::vector<int> rowOfToken;             // per model token: its row, -1 when hidden
    bool hideSpecial = false;
    bool merge = false;

    int rows() const { return static_cast<int>(members.size()); }
    int firstToken(int row) const { return members[static_cast<std::size_t>(row)].front(); }
};

VisibleTokens visibleTokens(const std::vector<attnscope::Token>& tokens, bool hideSpecial, bool mergePieces);
// A [tokens, tokens] matrix reduced to the shown rows: hidden specials dropped with rows
// renormalised, then pieces merged into words (attention to a word summed, from it averaged).
attnscope::FloatMatrix visibleMatrix(const attnscope::FloatMatrix& tokenMatrix, const VisibleTokens& visible);

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
    int tokens = 0;
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
    double rowsTop = 0;
    double leftX = 0;   // where lines start (right edge of the left labels + pad)
    double rightX = 0;  // where lines end
    double columnsLeft = 0;

    void layout();
    QRectF chipRect(int head) const;
    int chipAt(QPointF p) const;  // -1: none
    QRectF captionRect() const;
    double rowCentre(int index) const;
    // Label rectangle of one token; hit areas extend it to its line anchor.
    QRectF tokenRect(Column column, int index) const;
    QLineF line(int from, int to) const;
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
    const VisibleTokens& visible() const { return visible_; }
    // Lines the current scene draws (after hover filtering and the opacity cut-off).
    int drawnLineCount() const { return drawnLines_; }

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    bool event(QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void selectionChanged() override;
    void rebuildData();      // matrices and labels for the current layer and toggles
    void rebuildGeometry();  // HeadViewGeometry for the widget size and labels
    void invalidateScene();
    QFont labelFont() const;  // token labels: a little larger than the widget font
    void renderScene();
    // Row whose lines are shown alone (hover, else the clicked token) and its column.
    HeadViewGeometry::Hit focus() const;

    AnalysisPtr analysis_;
    VisibleTokens visible_;
    std::vector<attnscope::FloatMatrix> matrices_;  // one per head, shown rows only
    std::vector<bool> headOn_;
    int dataLayer_ = -1;
    bool dataHide_ = false, dataMerge_ = false;
    int lastSelectedHead_ = -1;

    HeadViewGeometry geom_;
    HeadViewGeometry::Hit hover_;  // local hover (column known); mirrors selection hoveredToken
    QPixmap scene_;
    bool sceneDirty_ = true;
    int drawnLines_ = 0;
};
