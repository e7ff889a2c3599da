// Base of every view page: gets the current analysis and the shared selection; paints only
// cached state. Views are independent widgets; the main window owns them.
#pragma once

#include "analysis.h"
#include "attention_selection.h"

#include <QWidget>

class AttentionView : public QWidget {
    Q_OBJECT
public:
    using QWidget::QWidget;

    // A new result (null: none yet / cleared). Views rebuild their caches here.
    virtual void setAnalysis(AnalysisPtr analysis) = 0;
    // Called once after construction (again to switch): from then on selectionChanged() runs
    // whenever the shared selection changes, and once right away.
    void setSelection(AttentionSelection* selection) {
        if (selection_) disconnect(selection_, nullptr, this, nullptr);
        selection_ = selection;
        if (selection_) connect(selection_, &AttentionSelection::changed, this, [this] { selectionChanged(); });
        selectionChanged();
    }
    // Short stable name used by --screenshot --view NAME and in menus.
    virtual QString viewName() const = 0;

Q_SIGNALS:
    // The user asked (e.g. from a token's context menu) to replace this token's word by
    // [MASK]; the main window edits the text and re-runs.
    void maskTokenRequested(int tokenIndex);

protected:
    // The shared selection changed: rebuild what depends on it and repaint.
    virtual void selectionChanged() { update(); }

    AttentionSelection* selection_ = nullptr;
};
