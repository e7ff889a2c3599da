// Shared text and geometry of the translation views (see translation_math.h).
#include "translation_math.h"

#include "attnscope/attention_analysis.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

namespace translationmath {

namespace {

const std::string kWordMark = "\xE2\x96\x81";  // U+2581, SentencePiece's word-start mark

QString tr(const char* text) { return QCoreApplication::translate("translationmath", text); }

}  // namespace

std::vector<bool> specialFlags(const std::vector<attnscope::Token>& tokens, int count) {
    std::vector<bool> flags(static_cast<std::size_t>(std::max(0, count)), false);
    for (int i = 0; i < count && i < static_cast<int>(tokens.size()); ++i)
        flags[static_cast<std::size_t>(i)] = tokens[static_cast<std::size_t>(i)].special;
    return flags;
}

QString pieceLabel(const std::string& piece) {
    return QString::fromStdString(attnscope::analysis::displayPiece(piece));
}

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
    // The wording follows attnscope::analysis::aggregate(): rollout falls back for cross-attention.
    switch (selection ? selection->aggregate() : Aggregate::SingleHead) {
    case Aggregate::SingleHead: return tr("Cross-attention, layer %1, head %2").arg(layer).arg(head);
    case Aggregate::MaxHeads:
        return tr("Cross-attention, layer %1, max over %2 heads (rows renormalised)").arg(layer).arg(cross.heads);
    case Aggregate::MeanLayers:
        return tr("Cross-attention, mean of all %1 layers × %2 heads").arg(cross.layers).arg(cross.heads);
    case Aggregate::Rollout:
        return tr("Cross-attention, mean of all %1 layers × %2 heads (rollout applies to self-attention only)")
            .arg(cross.layers)
            .arg(cross.heads);
    case Aggregate::MeanHeads:
    default: return tr("Cross-attention, layer %1, mean of %2 heads").arg(layer).arg(cross.heads);
    }
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
            right[static_cast<std::size_t>(f.lineOf[i])] =
                std::max(right[static_cast<std::size_t>(f.lineOf[i])], f.boxes[i].right());
        for (std::size_t i = 0; i < n; ++i) {
            const qreal shift =
                std::floor((maxWidth - (right[static_cast<std::size_t>(f.lineOf[i])] - origin.x())) / 2);
            if (shift > 0) f.boxes[i].translate(shift, 0);
        }
    }
    return f;
}

}  // namespace translationmath
