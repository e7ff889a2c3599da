// A layout that places its items left to right and wraps onto a new line when the width runs
// out, like words in a paragraph: the workspaces' control rows, so that they fit a 1024 px
// window with large presentation fonts instead of widening it. A label stays on the line of the
// control after it (a QLabel item is joined to the next item); addSpacing() leaves a gap before
// the next control except at a line start. (After the flow layout of Qt's examples.)
#pragma once

#include <QLayout>
#include <QList>
#include <QVector>

class FlowLayout : public QLayout {
public:
    explicit FlowLayout(int horizontalSpacing = 6, int verticalSpacing = 4);
    ~FlowLayout() override;

    void addItem(QLayoutItem* item) override;
    void addSpacing(int size);  // before the next item, unless it starts a line
    void addStretch(int = 0) {}  // lines fill from the left: nothing to stretch
    int count() const override;
    QLayoutItem* itemAt(int index) const override;
    QLayoutItem* takeAt(int index) override;
    Qt::Orientations expandingDirections() const override { return {}; }
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize minimumSize() const override;
    QSize sizeHint() const override;
    void setGeometry(const QRect& rect) override;

private:
    // Runs of items that stay on one line: a label and the item after it.
    struct Unit {
        int first = 0, last = 0;  // item indices, inclusive
        int gapBefore = 0;        // from addSpacing
    };
    QVector<Unit> units() const;
    QSize unitSize(const Unit& u, bool minimum) const;
    int doLayout(const QRect& rect, bool apply) const;

    QList<QLayoutItem*> items_;
    QVector<int> gaps_;  // per item: the spacing asked for before it
    int pendingGap_ = 0;
    int hSpacing_, vSpacing_;
};
