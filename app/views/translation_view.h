// Base of every translation-workspace page: gets the current translation (finished or still
// streaming in) and the shared selection; paints only cached state. The main window owns the
// views and feeds them; they never talk to the worker. GUI thread only.
#pragma once

#include "attention_selection.h"
#include "translation.h"

#include <QWidget>

class TranslationView : public QWidget {
    Q_OBJECT
public:
    using QWidget::QWidget;

    // A new or grown translation (null: none yet / cleared). Views rebuild their caches here.
    virtual void setTranslation(TranslationPtr translation) = 0;
    TranslationPtr translation() const { return translation_; }
    // Called once after construction (again to switch): from then on selectionChanged() runs
    // whenever the shared selection changes, and once right away.
    void setSelection(AttentionSelection* selection) {
        if (selection_) disconnect(selection_, nullptr, this, nullptr);
        selection_ = selection;
        if (selection_) connect(selection_, &AttentionSelection::changed, this, [this] { selectionChanged(); });
        selectionChanged();
    }
    AttentionSelection* selection() const { return selection_; }
    // Short stable name used by --screenshot --view NAME and in menus.
    virtual QString viewName() const = 0;

protected:
    // The shared selection changed: rebuild what depends on it and repaint.
    virtual void selectionChanged() { update(); }

    TranslationPtr translation_;
    AttentionSelection* selection_ = nullptr;
};
