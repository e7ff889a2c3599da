// Shared maths of the translation views (see translation_math.h).
#include "translation_math.h"

#include "attention_math.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

namespace translationmath {

namespace {

const std::string kWordMark = "\xE2\x96\x81";  // U+2581, SentencePiece's word-start mark

bool stackConsistent(const attnscope::AttentionStack& s) {
    if (s.layers <= 0 || s.heads <= 0 || s.queries <= 0 || s.keys <= 0) return false;
    const std::size_t need = static_cast<std::size_t>(s.layers) * s.heads * s.queries * s.keys;
    return s.values.size() >= need;
}

QString tr(const char* text) { return QCoreApplication::translate("TranslationViews", text); }

}  // namespace

int targetRows(const attnscope::TextTranslation& t) {
    if (!stackConsistent(t.crossAttentions)) return 0;
    return std::min(static_cast<int>(t.targetTokens.size()), t.crossAttentions.queries);
}

int sourceCols(const attnscope::TextTranslation& t) {
    if (!stackConsistent(t.crossAttentions)) return 0;
    return std::min(static_cast<int>(t.sourceTokens.size()), t.crossAttentions.keys);
}

attnscope::FloatMatrix crossAttention(const attnscope::TextTranslation& t, int layer, int head, Aggregate aggregate) {
    attnscope::FloatMatrix m;
    const int rows = targetRows(t), cols = sourceCols(t);
    if (rows <= 0 || cols <= 0) return m;
    const attnscope::AttentionStack& s = t.crossAttentions;
    layer = std::clamp(layer, 0, s.layers - 1);
    head = std::clamp(head, 0, s.heads - 1);
    m.rows = rows;
    m.cols = cols;
    m.values.assign(static_cast<std::size_t>(rows) * cols, 0.f);
    // Accumulate in double: a mean over 6 layers x 8 heads stays exact to float precision.
    std::vector<double> sum(m.values.size(), 0.0);
    auto add = [&](int l, int h) {
        const float* src = s.matrix(l, h);
        for (int r = 0; r < rows; ++r)
            for (int c = 0; c < cols; ++c)
                sum[static_cast<std::size_t>(r) * cols + c] += src[static_cast<std::size_t>(r) * s.keys + c];
    };
    int count = 0;
    switch (aggregate) {
    case Aggregate::SingleHead:
        add(layer, head);
        count = 1;
        break;
    case Aggregate::MeanLayers:
    case Aggregate::Rollout:
    case Aggregate::MaxHeads:
        for (int l = 0; l < s.layers; ++l)
            for (int h = 0; h < s.heads; ++h) add(l, h);
        count = s.layers * s.heads;
        break;
    case Aggregate::MeanHeads:
    default:
        for (int h = 0; h < s.heads; ++h) add(layer, h);
        count = s.heads;
        break;
    }
    for (std::size_t i = 0; i < sum.size(); ++i) m.values[i] = static_cast<float>(sum[i] / count);
    return m;
}

attnscope::FloatMatrix crossAttention(const attnscope::TextTranslation& t, const AttentionSelection* selection) {
    if (!selection) return crossAttention(t, 0, 0, Aggregate::SingleHead);
    return crossAttention(t, selection->layer(), selection->head(), selection->aggregate());
}

std::vector<float> matrixRow(const attnscope::FloatMatrix& m, int row) {
    if (row < 0 || row >= m.rows) return {};
    const auto first = m.values.begin() + static_cast<std::ptrdiff_t>(row) * m.cols;
    return std::vector<float>(first, first + m.cols);
}

std::vector<int> hardAlignment(const attnscope::FloatMatrix& m, const std::vector<bool>& sourceSpecial,
                               const std::vector<bool>& targetSpecial) {
    std::vector<int> links(static_cast<std::size_t>(std::max(0, m.rows)), -1);
    for (int r = 0; r < m.rows; ++r) {
        const bool special = r < static_cast<int>(targetSpecial.size()) && targetSpecial[static_cast<std::size_t>(r)];
        if (!special) links[static_cast<std::size_t>(r)] = attnscope::argmaxSource(m, r, sourceSpecial);
    }
    return links;
}

std::vector<bool> specialFlags(const std::vector<attnscope::Token>& tokens, int count) {
    std::vector<bool> flags(static_cast<std::size_t>(std::max(0, count)), false);
    for (int i = 0; i < count && i < static_cast<int>(tokens.size()); ++i)
        flags[static_cast<std::size_t>(i)] = tokens[static_cast<std::size_t>(i)].special;
    return flags;
}

QString pieceLabel(const std::string& piece) { return QString::fromStdString(attnmath::displayPiece(piece)); }

bool startsWord(const attnscope::Token& token) {
    return token.special || token.piece.compare(0, kWordMark.size(), kWordMark) == 0;
}

QString joinPieces(const std::vector<attnscope::Token>& tokens, int count) {
    QString text;
    for (int i = 0; i < count && i < static_cast<int>(tokens.size()); ++i) {
        const auto& token = tokens[static_cast<std::size_t>(i)];
        if (token.special) continue;
        text += QString::fromStdString(token.piece).replace(QChar(0x2581), QLatin1Char(' '));
    }
    return text.trimmed();
}

QString selectionCaption(const attnscope::AttentionStack& cross, const AttentionSelection* selection) {
    const int layers = std::max(1, cross.layers), heads = std::max(1, cross.heads);
    const int layer = selection ? std::clamp(selection->layer(), 0, layers - 1) : 0;
    const int head = selection ? std::clamp(selection->head(), 0, heads - 1) : 0;
    switch (selection ? selection->aggregate() : Aggregate::SingleHead) {
    case Aggregate::SingleHead: return tr("Cross-attention, layer %1, head %2").arg(layer).arg(head);
    case Aggregate::MeanLayers:
    case Aggregate::Rollout:
    case Aggregate::MaxHeads:
        return tr("Cross-attention, mean of all %1 layers × %2 heads").arg(cross.layers).arg(cross.heads);
    case Aggregate::MeanHeads:
    default: return tr("Cross-attention, layer %1, mean of %2 heads").arg(layer).arg(cross.heads);
    }
}

int labelStride(qreal labelExtent, qreal slot) {
    if (slot <= 0) return 1;
    if (labelExtent <= slot) return 1;
    return static_cast<int>(std::ceil(labelExtent / slot - 1e-9));
}

Flow flowBoxes(const std::vector<qreal>& widths, const std::vector<bool>& glued, QPointF origin, qreal maxWidth,
               qreal boxHeight, qreal gap, qreal gluedGap, qreal lineGap, bool centre) {
    Flow f;
    const std::size_t n = widths.size();
    f.boxes.resize(n);
    f.lineOf.assign(n, 0);
    if (n == 0) return f;
    auto isGlued = [&](std::size_t i) { return i > 0 && i < glued.size() && glued[i]; };
    qreal x = 0;
    int line = 0;
    bool lineEmpty = true;
    auto newLine = [&] {
        ++line;
        x = 0;
        lineEmpty = true;
    };
    for (std::size_t a = 0; a < n;) {
        std::size_t b = a + 1;
        while (b < n && isGlued(b)) ++b;
        qreal runWidth = widths[a];
        for (std::size_t i = a + 1; i < b; ++i) runWidth += gluedGap + widths[i];
        if (!lineEmpty && x + gap + runWidth > maxWidth) newLine();
        for (std::size_t i = a; i < b; ++i) {
            qreal g = lineEmpty ? 0 : (i == a ? gap : gluedGap);
            if (!lineEmpty && x + g + widths[i] > maxWidth) {  // a run longer than a line
                newLine();
                g = 0;
            }
            const qreal y = origin.y() + line * (boxHeight + lineGap);
            f.boxes[i] = QRectF(origin.x() + x + g, y, widths[i], boxHeight);
            f.lineOf[i] = line;
            x += g + widths[i];
            lineEmpty = false;
        }
        a = b;
    }
    f.lines = line + 1;
    f.height = f.lines * boxHeight + (f.lines - 1) * lineGap;
    if (centre) {
        std::vector<qreal> right(static_cast<std::size_t>(f.lines), origin.x());
        for (std::size_t i = 0; i < n; ++i)
            right[static_cast<std::size_t>(f.lineOf[i])] = std::max(right[static_cast<std::size_t>(f.lineOf[i])], f.boxes[i].right());
        for (std::size_t i = 0; i < n; ++i) {
            const qreal shift = std::floor((maxWidth - (right[static_cast<std::size_t>(f.lineOf[i])] - origin.x())) / 2);
            if (shift > 0) f.boxes[i].translate(shift, 0);
        }
    }
    return f;
}

}  // namespace translationmath
