// Base of every view page in every workspace: gets the workspace's current result and the
// shared selection; paints only cached state. The input is an Analysis (one attention stack
// with the tokens on its axes: an encoder pass, or one of a translation's three stacks) and,
// in the translation workspace, the Translation it came from (whole or still streaming in).
// A view overrides setAnalysis(), setTranslation() or both; the workspace feeds both through
// setInput(). Views never talk to the worker. GUI thread only.
#pragma once

#include "analysis.h"
#include "attention_selection.h"
#include "translation.h"

#include <QGraphicsOpacityEffect>
#include <QRectF>
#include <QWidget>

#include <vector>

class AttentionView : public QWidget {
    Q_OBJECT
public:
    using QWidget::QWidget;

    // A new result (null: none yet / cleared). Views rebuild their caches here.
    virtual void setAnalysis(AnalysisPtr) {}
    virtual void setTranslation(TranslationPtr translation) { translation_ = std::move(translation); }
    // What a workspace calls: the analysis of the selected attention and, for a translation,
    // the translation itself (null for the encoder workspace).
    virtual void setInput(AnalysisPtr analysis, TranslationPtr translation) {
        setTranslation(std::move(translation));
        setAnalysis(std::move(analysis));
    }
    TranslationPtr translation() const { return translation_; }
    // The text the view draws now, where, and whether it was shortened ("…"): a test checks at
    // 1024 x 768 and 200 % text that no label is cut or lies over another. Views without
    // labels of their own return nothing.
    struct LabelBox {
        QRectF rect;     // where the text's ink goes, in widget coordinates
        QString shown;   // as drawn
        QString full;    // what it stands for
        qreal textHeight = 0;  // the line height of its font (how large it reads)
    };
    virtual std::vector<LabelBox> labelBoxes() const { return {}; }
    // The colour scheme changed (View › Colours): rebuild what holds colours and repaint.
    void refreshColours() {
        recolour();
        update();
    }

    // Dimmed: what the view shows is the previous result, kept on screen while a newer one is
    // on its way (the workspace feeds it until the new one has something to show).
    // One rule for every view: the whole page, child widgets included, at reduced opacity.
    void setDimmed(bool dimmed) {
        if (dimmed == dimmed_) return;
        dimmed_ = dimmed;
        if (dimmed) {
            auto* veil = new QGraphicsOpacityEffect(this);
            veil->setOpacity(0.35);
            setGraphicsEffect(veil);  // takes ownership
        } else {
            setGraphicsEffect(nullptr);  // deletes the effect
        }
    }
    bool isDimmed() const { return dimmed_; }

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

Q_SIGNALS:
    // The user asked (e.g. from a token's context menu) to replace this token's word by
    // [MASK]; the encoder workspace edits the text and re-runs.
    void maskTokenRequested(int tokenIndex);
    // The user asked to switch a head of the shown attention off, or back on (head ablation).
    void headToggleRequested(int layer, int head);
    // The user followed a link to another view of the workspace (by viewName()).
    void viewRequested(const QString& name);

protected:
    // The shared selection changed: rebuild what depends on it and repaint.
    virtual void selectionChanged() { update(); }
    // What depends on the widget's size or font (positions, label strides, text sizes):
    // recomputed on every resize and font change, then repainted. Default: nothing.
    virtual void relayout() {}
    // What holds colours (cached images, icons): rebuilt when the palette or style changes
    // (light/dark theme), then repainted. Default: nothing.
    virtual void recolour() {}

    void resizeEvent(QResizeEvent* event) override {
        QWidget::resizeEvent(event);
        relayout();
    }
    void changeEvent(QEvent* event) override {
        QWidget::changeEvent(event);
        switch (event->type()) {
        case QEvent::FontChange:
            relayout();
            update();
            break;
        case QEvent::PaletteChange:
        case QEvent::StyleChange:
            recolour();
            update();
            break;
        default:
            break;
        }
    }

    TranslationPtr translation_;
    AttentionSelection* selection_ = nullptr;

private:
    bool dimmed_ = false;
};
