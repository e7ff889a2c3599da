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
    // Called once after construction; views connect to selection->changed().
    virtual void setSelection(AttentionSelection* selection) { selection_ = selection; }
    // Short stable name used by --screenshot --view NAME and in menus.
    virtual QString viewName() const = 0;

Q_SIGNALS:
    // The user asked (e.g. from a token's context menu) to replace this token's word by
    // [MASK]; the main window edits the text and re-runs.
    void maskTokenRequested(int tokenIndex);

protected:
    AttentionSelection* selection_ = nullptr;
};
