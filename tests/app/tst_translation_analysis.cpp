// Tests for analysisForTranslation (app/translation_analysis.h) and for the attention views on
// its non-square cross-attention: a synthetic TextTranslation (2 layers x 2 heads, 4 source
// tokens ending with </s>, 3 target tokens) with weights that differ per cell, so a transposed
// or shifted matrix shows. Heatmap rows are target tokens and columns source tokens; hiding
// specials, merging "▁" pieces, mean over heads and the rollout fallback act per axis; head
// and model views build and render, the model view's thumbnails take the matrix's shape.
#include "attention_fixtures.h"
#include "head_view.h"
#include "heatmap_view.h"
#include "model_view.h"
#include "translation_analysis.h"

#include <QMenu>
#include <QtTest>

#include <cmath>

using attnscope::AttentionStack;
using attnscope::FloatMatrix;
using attnscope::Token;

namespace {

const std::string W = "\xE2\x96\x81";  // SentencePiece's "▁"

// A token as the core's tokenizer gives it: byte and code point ranges.
Token piece(const std::string& p, std::size_t begin, std::size_t end, std::size_t charBegin, std::size_t charEnd,
            int id, bool special = false) {
    Token t;
    t.piece = p;
    t.id = id;
    t.byteBegin = begin;
    t.byteEnd = end;
    t.charBegin = charBegin;
    t.charEnd = charEnd;
    t.special = special;
    return t;
}

// Row-normalised weights that differ per (layer, head, query, key).
AttentionStack stack(int layers, int heads, int queries, int keys, int seed) {
    AttentionStack a;
    a.layers = layers;
    a.heads = heads;
    a.queries = queries;
    a.keys = keys;
    for (int l = 0; l < layers; ++l)
        for (int h = 0; h < heads; ++h)
            for (int q = 0; q < queries; ++q) {
                std::vector<float> row;
                float sum = 0;
                for (int k = 0; k < keys; ++k) {
                    row.push_back(1.f + static_cast<float>((seed + 3 * l + 5 * h + 7 * q + 11 * k + q * k) % 13));
                    sum += row.back();
                }
                for (float v : row) a.values.push_back(v / sum);
            }
    return a;
}

// "A café." -> "Ein Café": source pieces ▁A ▁café . </s>, target ▁Ein ▁Café </s>.
Translation smallTranslation() {
    Translation t;
    t.requestId = 7;
    t.text = QString::fromUtf8("A café.");
    t.modelName = "tiny_marian";
    auto& r = t.result;
    r.text = "A caf\xC3\xA9.";
    r.translation = "Ein Caf\xC3\xA9";
    r.sourceTokens = {piece(W + "A", 0, 1, 0, 1, 10), piece(W + "caf\xC3\xA9", 1, 7, 1, 6, 11),
                      piece(".", 7, 8, 6, 7, 12), piece("</s>", 8, 8, 7, 7, 0, true)};
    r.targetTokens = {piece(W + "Ein", 0, 3, 0, 3, 20), piece(W + "Caf\xC3\xA9", 3, 9, 3, 8, 21),
                      piece("</s>", 9, 9, 8, 8, 0, true)};
    r.encoderAttentions = stack(2, 2, 4, 4, 1);
    r.decoderAttentions = stack(2, 2, 3, 3, 2);
    r.crossAttentions = stack(2, 2, 3, 4, 3);
    r.nbest.push_back({{58, 20, 21, 0}, "Ein Caf\xC3\xA9", -1.0, -0.3});
    return t;
}

// The sentence of the screenshots: a mostly diagonal alignment with some spread.
Translation shirtTranslation() {
    Translation t;
    t.requestId = 9;
    t.text = "A man in a blue shirt.";
    t.modelName = "opus-mt-en-de";
    auto& r = t.result;
    r.text = t.text.toStdString();
    r.translation = "Ein Mann in einem blauen Hemd.";
    const std::vector<std::string> src = {W + "A", W + "man", W + "in", W + "a", W + "blue", W + "shirt", ".", "</s>"};
    const std::vector<std::string> tgt = {W + "Ein",    W + "Mann", W + "in", W + "einem",
                                          W + "blauen", W + "Hemd", ".",      "</s>"};
    for (std::size_t i = 0; i < src.size(); ++i)
        r.sourceTokens.push_back(piece(src[i], 0, 0, 0, 0, static_cast<int>(i) + 1, src[i] == "</s>"));
    for (std::size_t i = 0; i < tgt.size(); ++i)
        r.targetTokens.push_back(piece(tgt[i], 0, 0, 0, 0, static_cast<int>(i) + 100, tgt[i] == "</s>"));
    const int S = static_cast<int>(src.size()), T = static_cast<int>(tgt.size());
    auto peaked = [](int layers, int heads, int queries, int keys, bool causal) {
        AttentionStack a;
        a.layers = layers;
        a.heads = heads;
        a.queries = queries;
        a.keys = keys;
        for (int l = 0; l < layers; ++l)
            for (int h = 0; h < heads; ++h)
                for (int q = 0; q < queries; ++q) {
                    std::vector<double> row(static_cast<std::size_t>(keys));
                    double sum = 0;
                    const int centre = std::min(keys - 1, q + (h % 3) - 1);
                    for (int k = 0; k < keys; ++k) {
                        const double d = k - centre;
                        row[k] = (causal && k > q) ? 0.0
                                                   : std::exp(-d * d / (0.6 + 0.5 * l)) + (k == keys - 1 ? 0.15 : 0.02);
                        sum += row[k];
                    }
                    for (double v : row) a.values.push_back(static_cast<float>(v / sum));
                }
        return a;
    };
    r.encoderAttentions = peaked(6, 8, S, S, false);
    r.decoderAttentions = peaked(6, 8, T, T, true);
    r.crossAttentions = peaked(6, 8, T, S, false);
    r.nbest.push_back({{58}, r.translation, -2.0, -0.25});
    return t;
}

QStringList strings(std::initializer_list<const char*> list) {
    QStringList out;
    for (const char* s : list) out << QString::fromUtf8(s);
    return out;
}

// Every pixel of a grab the same colour: nothing was drawn.
bool blank(const QImage& image) {
    const QRgb first = image.pixel(0, 0);
    for (int y = 0; y < image.height(); y += 3)
        for (int x = 0; x < image.width(); x += 3)
            if (image.pixel(x, y) != first) return false;
    return true;
}

}  // namespace

class TestTranslationAnalysis : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void encoderAnalysis() {
        const Translation t = smallTranslation();
        const AnalysisPtr a = analysisForTranslation(t, AttentionKind::Encoder);
        QVERIFY(a);
        QCOMPARE(a->requestId, quint64(7));
        QCOMPARE(a->modelName, QString("tiny_marian"));
        QCOMPARE(a->kindLabel, QString("Encoder self-attention"));
        QCOMPARE(a->text, t.text);
        QVERIFY(a->selfAttention());
        QVERIFY(!a->maskable);
        QCOMPARE(a->result.tokens.size(), std::size_t(4));
        QCOMPARE(&a->keys(), &a->result.tokens);
        QCOMPARE(a->result.attentions.values, t.result.encoderAttentions.values);
        // "▁café" is bytes 1-7 (é is two bytes) but code points 1-6; "." follows at 6.
        const auto& cafe = a->result.tokens[1];
        QCOMPARE(cafe.piece, W + "caf\xC3\xA9");
        QCOMPARE(cafe.id, 11);
        QCOMPARE(cafe.byteBegin, std::size_t(1));
        QCOMPARE(cafe.byteEnd, std::size_t(7));
        QCOMPARE(cafe.charBegin, std::size_t(1));
        QCOMPARE(cafe.charEnd, std::size_t(6));
        QCOMPARE(a->result.tokens[2].charBegin, std::size_t(6));
        QVERIFY(a->result.tokens[3].special);
    }

    void decoderAnalysisReadsShiftedTokens() {
        const Translation t = smallTranslation();
        const AnalysisPtr a = analysisForTranslation(t, AttentionKind::Decoder);
        QVERIFY(a);
        QCOMPARE(a->kindLabel, QString("Decoder self-attention"));
        QCOMPARE(a->result.tokens.size(), std::size_t(3));
        // Position 0 reads the start token, position t the token position t-1 produced.
        QCOMPARE(a->result.tokens[0].piece, std::string("<s>"));
        QVERIFY(a->result.tokens[0].special);
        QCOMPARE(a->result.tokens[0].id, 58);
        QCOMPARE(a->result.tokens[1].piece, W + "Ein");
        QCOMPARE(a->result.tokens[2].piece, W + "Caf\xC3\xA9");
        QCOMPARE(a->result.tokens[2].charBegin, std::size_t(3));  // offsets into the translation
        QCOMPARE(a->result.tokens[2].charEnd, std::size_t(8));
        QCOMPARE(a->result.text, t.result.translation);
        QVERIFY(a->selfAttention());
        QCOMPARE(a->result.attentions.values, t.result.decoderAttentions.values);
    }

    void crossAnalysis() {
        const Translation t = smallTranslation();
        const AnalysisPtr a = analysisForTranslation(t, AttentionKind::Cross);
        QVERIFY(a);
        QCOMPARE(a->kindLabel, QString("Cross-attention"));
        QCOMPARE(a->queryName, QString("target"));
        QCOMPARE(a->keyName, QString("source"));
        QVERIFY(!a->selfAttention());
        QCOMPARE(a->result.tokens.size(), std::size_t(3));
        QCOMPARE(a->keys().size(), std::size_t(4));
        QCOMPARE(a->result.tokens[0].piece, W + "Ein");  // what position 0 produced
        QCOMPARE(a->keys()[1].charEnd, std::size_t(6));  // source offsets index a->text
        QCOMPARE(a->result.attentions.queries, 3);
        QCOMPARE(a->result.attentions.keys, 4);
        QCOMPARE(a->text, t.text);
        QCOMPARE(a->result.text, t.result.translation);
    }

    void partialTranslation() {
        Translation t = smallTranslation();
        t.complete = false;
        t.result.encoderAttentions = {};
        t.result.decoderAttentions = {};
        t.result.targetTokens.pop_back();  // two steps decoded so far
        t.result.crossAttentions = stack(2, 2, 2, 4, 3);
        QVERIFY(!analysisForTranslation(t, AttentionKind::Encoder));
        QVERIFY(!analysisForTranslation(t, AttentionKind::Decoder));
        const AnalysisPtr cross = analysisForTranslation(t, AttentionKind::Cross);
        QVERIFY(cross);
        QCOMPARE(cross->result.tokens.size(), std::size_t(2));
        // Rows that do not match the tokens are refused rather than mislabelled.
        t.result.targetTokens.pop_back();
        QVERIFY(!analysisForTranslation(t, AttentionKind::Cross));
    }

    void heatmapShowsTargetRowsAndSourceColumns() {
        const Translation t = smallTranslation();
        const AnalysisPtr a = analysisForTranslation(t, AttentionKind::Cross);
        AttentionSelection selection;
        HeatmapView view;
        view.resize(700, 500);
        view.setSelection(&selection);
        view.setAnalysis(a);
        selection.setLayerHead(1, 1);
        const FloatMatrix& m = view.displayedMatrix();
        QCOMPARE(m.rows, 3);  // T, not S: the transpose would be 4 x 3
        QCOMPARE(m.cols, 4);
        COMPARE_MATRIX(m, attnscope::analysis::headMatrix(t.result.crossAttentions, 1, 1));
        QCOMPARE(m.at(2, 0), t.result.crossAttentions.at(1, 1, 2, 0));
        QVERIFY(m.at(2, 0) != m.at(0, 2));
        QCOMPARE(view.labels(), strings({"Ein", "Café", "</s>"}));
        QCOMPARE(view.columnLabels(), strings({"A", "café", ".", "</s>"}));
        QCOMPARE(view.matrixImage().width(), 4);
        QCOMPARE(view.matrixImage().height(), 3);
        QCOMPARE(view.layout().rows, 3);
        QCOMPARE(view.layout().cols, 4);
        QVERIFY(view.layout().matrix.width() > view.layout().matrix.height());
        QCOMPARE(view.tokenOfColumn(3), 3);
        QCOMPARE(view.columnOfToken(2), 2);
        QVERIFY(view.caption().startsWith("Cross-attention"));
        QVERIFY(!blank(view.grab().toImage()));
    }

    void heatmapHidesSpecialsPerAxis() {
        const Translation t = smallTranslation();
        AttentionSelection selection;
        HeatmapView view;
        view.resize(700, 500);
        view.setSelection(&selection);
        view.setAnalysis(analysisForTranslation(t, AttentionKind::Cross));
        selection.setLayerHead(0, 1);
        selection.setHideSpecialTokens(true);
        const FloatMatrix& m = view.displayedMatrix();
        QCOMPARE(m.rows, 2);  // target </s> gone
        QCOMPARE(m.cols, 3);  // source </s> gone
        QCOMPARE(view.labels(), strings({"Ein", "Café"}));
        QCOMPARE(view.columnLabels(), strings({"A", "café", "."}));
        const FloatMatrix full = attnscope::analysis::headMatrix(t.result.crossAttentions, 0, 1);
        for (int r = 0; r < 2; ++r) {
            const float kept = full.at(r, 0) + full.at(r, 1) + full.at(r, 2);
            for (int c = 0; c < 3; ++c) QVERIFY(std::fabs(m.at(r, c) - full.at(r, c) / kept) < 1e-5f);
        }
        QCOMPARE(view.rowOfToken(2), -1);
        QCOMPARE(view.columnOfToken(3), -1);
        QVERIFY(!blank(view.grab().toImage()));
    }

    void heatmapMeanOverHeads() {
        const Translation t = smallTranslation();
        AttentionSelection selection;
        HeatmapView view;
        view.setSelection(&selection);
        view.setAnalysis(analysisForTranslation(t, AttentionKind::Cross));
        selection.setLayer(1);
        selection.setAggregate(Aggregate::MeanHeads);
        const AttentionStack& c = t.result.crossAttentions;
        FloatMatrix want{3, 4, std::vector<float>(12)};
        for (int q = 0; q < 3; ++q)
            for (int k = 0; k < 4; ++k) want.values[q * 4 + k] = (c.at(1, 0, q, k) + c.at(1, 1, q, k)) / 2;
        COMPARE_MATRIX(view.displayedMatrix(), want);
        // Max over heads is that layer's heads, rows renormalised, as for self-attention.
        selection.setAggregate(Aggregate::MaxHeads);
        QCOMPARE(view.displayedMatrix().rows, 3);
        QCOMPARE(view.displayedMatrix().cols, 4);
        for (int q = 0; q < 3; ++q) {
            double sum = 0;
            for (int k = 0; k < 4; ++k) sum += std::max(c.at(1, 0, q, k), c.at(1, 1, q, k));
            for (int k = 0; k < 4; ++k)
                want.values[q * 4 + k] = static_cast<float>(std::max(c.at(1, 0, q, k), c.at(1, 1, q, k)) / sum);
        }
        COMPARE_MATRIX(view.displayedMatrix(), want);
    }

    void heatmapRolloutFallsBackForCrossAttention() {
        const Translation t = smallTranslation();
        AttentionSelection selection;
        HeatmapView view;
        view.setSelection(&selection);
        view.setAnalysis(analysisForTranslation(t, AttentionKind::Cross));
        selection.setLayer(1);
        selection.setAggregate(Aggregate::Rollout);
        QVERIFY(view.rolloutFellBack());
        COMPARE_MATRIX(view.displayedMatrix(), attnscope::analysis::meanOverLayers(t.result.crossAttentions));
        QVERIFY(view.caption().contains("self-attention only"));
        // Square self-attention keeps real rollout.
        view.setAnalysis(analysisForTranslation(t, AttentionKind::Encoder));
        QVERIFY(!view.rolloutFellBack());
        COMPARE_MATRIX(view.displayedMatrix(), attnscope::analysis::rollout(t.result.encoderAttentions, 1));
        QVERIFY(view.caption().contains("rollout"));
        QVERIFY(view.caption().startsWith("Encoder self-attention"));
    }

    void heatmapMergesSentencePieces() {
        Translation t = smallTranslation();
        // Target ▁Ein ▁Caf é </s>? Split "▁Café" into "▁Caf" + "é": three words from four pieces.
        auto& r = t.result;
        r.targetTokens = {piece(W + "Ein", 0, 3, 0, 3, 20), piece(W + "Caf", 3, 7, 3, 7, 21),
                          piece("\xC3\xA9", 7, 9, 7, 8, 22), piece("</s>", 9, 9, 8, 8, 0, true)};
        r.crossAttentions = stack(2, 2, 4, 4, 5);
        AttentionSelection selection;
        HeatmapView view;
        view.setSelection(&selection);
        view.setAnalysis(analysisForTranslation(t, AttentionKind::Cross));
        selection.setLayerHead(0, 0);
        selection.setMergeWordPieces(true);
        QCOMPARE(view.labels(), strings({"Ein", "Café", "</s>"}));
        // Source: "." has no "▁": it joins "café" (SentencePiece writes "café." as one word).
        QCOMPARE(view.columnLabels(), strings({"A", "café.", "</s>"}));
        const FloatMatrix full = attnscope::analysis::headMatrix(r.crossAttentions, 0, 0);
        const FloatMatrix& m = view.displayedMatrix();
        QCOMPARE(m.rows, 3);
        QCOMPARE(m.cols, 3);
        // Row "Café" = mean of rows 1 and 2; column "café." = sum of columns 1 and 2.
        const float want = (full.at(1, 1) + full.at(1, 2) + full.at(2, 1) + full.at(2, 2)) / 2;
        QVERIFY(std::fabs(m.at(1, 1) - want) < 1e-5f);
        QCOMPARE(view.tokenOfRow(1), 1);
        QCOMPARE(view.rowOfToken(2), 1);
        QCOMPARE(view.columnOfToken(2), 1);
    }

    void decoderHeatmapIsSquare() {
        const Translation t = smallTranslation();
        HeatmapView view;
        AttentionSelection selection;
        view.setSelection(&selection);
        view.setAnalysis(analysisForTranslation(t, AttentionKind::Decoder));
        QCOMPARE(view.displayedMatrix().rows, 3);
        QCOMPARE(view.displayedMatrix().cols, 3);
        QCOMPARE(view.labels(), strings({"<s>", "Ein", "Café"}));
        QCOMPARE(view.columnLabels(), view.labels());
    }

    void headViewLinksTargetToSource() {
        const Translation t = smallTranslation();
        AttentionSelection selection;
        HeadView view;
        view.resize(700, 500);
        view.setSelection(&selection);
        view.setAnalysis(analysisForTranslation(t, AttentionKind::Cross));
        QCOMPARE(view.visible().rows(), 3);
        QCOMPARE(view.keyVisible().rows(), 4);
        QCOMPARE(view.visible().labels, (std::vector<std::string>{"Ein", "Caf\xC3\xA9", "</s>"}));
        QCOMPARE(view.keyVisible().labels, (std::vector<std::string>{"A", "caf\xC3\xA9", ".", "</s>"}));
        using C = HeadViewGeometry::Column;
        const HeadViewGeometry& g = view.geometry();
        QCOMPARE(g.rows(C::Left), 3);
        QCOMPARE(g.rows(C::Right), 4);
        // Every row of each column is hit where it is drawn, and nothing below the last one.
        for (C column : {C::Left, C::Right})
            for (int i = 0; i < g.rows(column); ++i) {
                const HeadViewGeometry::Hit hit = g.tokenAt(g.tokenRect(column, i).center());
                QCOMPARE(hit.index, i);
                QVERIFY(hit.column == column);
            }
        QVERIFY(g.tokenAt(g.tokenRect(C::Left, 2).center() + QPointF(0, g.rowHeight)).column == C::None);
        // A line from target i ends at source j's row.
        QCOMPARE(g.line(0, 3).p2().y(), g.rowCentre(C::Right, 3));
        QCOMPARE(g.line(2, 0).p1().y(), g.rowCentre(C::Left, 2));
        QVERIFY(!blank(view.grab().toImage()));
        QVERIFY(view.drawnLineCount() > 0);
        QVERIFY(view.drawnLineCount() <= 3 * 4);
        // Hovering a target token shares it; hovering a source token stays local.
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QTest::mouseMove(&view, g.tokenRect(C::Left, 1).center().toPoint());
        QTRY_COMPARE(selection.hoveredToken(), 1);
        view.grab();
        QVERIFY(view.drawnLineCount() <= 4);  // only the lines of target 1
        QTest::mouseMove(&view, g.tokenRect(C::Right, 3).center().toPoint());
        QTRY_COMPARE(selection.hoveredToken(), -1);
        view.grab();
        QVERIFY(view.drawnLineCount() > 0);
        QVERIFY(view.drawnLineCount() <= 3);  // only the lines into source 3
        QTest::mouseClick(&view, Qt::LeftButton, {}, g.tokenRect(C::Right, 3).center().toPoint());
        QCOMPARE(selection.selectedToken(), -1);
        QVERIFY(!view.createTokenMenu(0, &view)->actions().front()->isEnabled());  // nothing to mask
        selection.setHideSpecialTokens(true);
        QCOMPARE(view.visible().rows(), 2);
        QCOMPARE(view.keyVisible().rows(), 3);
        QVERIFY(!blank(view.grab().toImage()));
    }

    void modelViewThumbnailsAreNotSquare() {
        const Translation t = smallTranslation();
        AttentionSelection selection;
        ModelView view;
        view.resize(600, 500);
        view.setSelection(&selection);
        view.setAnalysis(analysisForTranslation(t, AttentionKind::Cross));
        QCOMPARE(view.thumbnails().size(), std::size_t(4));
        for (const QImage& img : view.thumbnails()) {
            QCOMPARE(img.width(), 4);   // keys across
            QCOMPARE(img.height(), 3);  // queries down
        }
        QCOMPARE(view.shownQueries(), 3);
        QCOMPARE(view.shownKeys(), 4);
        // Thumbnails take the matrix's shape: 3 rows by 4 columns.
        const QRectF cell = view.layout().thumbRect(0, 0);
        QVERIFY(std::fabs(cell.height() - cell.width() * 3 / 4) <= 1);
        QCOMPARE(view.layout().imageRect(0, 0, 3, 4), cell);
        QVERIFY(cell.width() > 40);
        QVERIFY(!blank(view.grab().toImage()));
        selection.setHideSpecialTokens(true);
        QCOMPARE(view.thumbnails().front().width(), 3);
        QCOMPARE(view.thumbnails().front().height(), 2);
        QVERIFY(!blank(view.grab().toImage()));
    }

    void modelGeometryFollowsAspect() {
        ModelViewGeometry::Metrics m;
        m.aspect = 0.5;
        const ModelViewGeometry g = ModelViewGeometry::compute(QSizeF(800, 600), 6, 8, m);
        QCOMPARE(g.thumbHeight, std::floor(g.thumb * 0.5));
        QVERIFY(g.grid.width() <= 800);
        for (int l = 0; l < 6; ++l)
            for (int h = 0; h < 8; ++h) {
                const ModelViewHit hit = g.thumbAt(g.thumbRect(l, h).center());
                QCOMPARE(hit.layer, l);
                QCOMPARE(hit.head, h);
            }
        QVERIFY(g.thumbRect(5, 0).bottom() <= g.grid.bottom());
        // One target token against 100 source tokens: the cell is clamped to 1:4, the image
        // inside it keeps 1:100.
        m.aspect = 0.01;
        const ModelViewGeometry thin = ModelViewGeometry::compute(QSizeF(800, 600), 2, 2, m);
        QCOMPARE(thin.thumbHeight, std::floor(thin.thumb * 0.25));
        const QRectF image = thin.imageRect(0, 0, 1, 100);
        QVERIFY(thin.thumbRect(0, 0).contains(image));
        QCOMPARE(image.width(), thin.thumb);
        QVERIFY(image.height() >= 1 && image.height() <= thin.thumb / 50);
    }

    // The screenshot sentence at several sizes and toggles: every view renders, nothing throws.
    void viewsRenderTheShirtSentence() {
        const Translation t = shirtTranslation();
        for (AttentionKind kind : {AttentionKind::Encoder, AttentionKind::Decoder, AttentionKind::Cross}) {
            const AnalysisPtr a = analysisForTranslation(t, kind);
            QVERIFY(a);
            AttentionSelection selection;
            HeatmapView heatmap;
            HeadView head;
            ModelView model;
            for (AttentionView* v : std::initializer_list<AttentionView*>{&heatmap, &head, &model}) {
                v->setSelection(&selection);
                v->setAnalysis(a);
                for (QSize size : {QSize(900, 700), QSize(300, 220)}) {
                    v->resize(size);
                    for (bool merge : {false, true}) {
                        selection.setMergeWordPieces(merge);
                        selection.setHideSpecialTokens(merge);
                        QVERIFY(!v->grab().isNull());
                    }
                }
            }
            selection.setMergeWordPieces(true);
            QCOMPARE(heatmap.displayedMatrix().rows, 6);  // specials hidden, pieces merged: six words each
        }
    }
};

QTEST_MAIN(TestTranslationAnalysis)
#include "tst_translation_analysis.moc"
