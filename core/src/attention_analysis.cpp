// Attention analysis (see attention_analysis.h): plain loops over row-major float buffers,
// accumulated in double where sums of many small weights matter.
#include "attnscope/attention_analysis.h"

#include "attnscope/byte_level_bpe.h"

#include <algorithm>
#include <cmath>

namespace attnscope::analysis {

namespace {

FloatMatrix zeros(int rows, int cols) {
    FloatMatrix m;
    m.rows = std::max(0, rows);
    m.cols = std::max(0, cols);
    m.values.assign(static_cast<std::size_t>(m.rows) * m.cols, 0.f);
    return m;
}

float& cell(FloatMatrix& m, int r, int c) { return m.values[static_cast<std::size_t>(r) * m.cols + c]; }

bool validLayer(const AttentionStack& a, int layer) { return layer >= 0 && layer < a.layers; }

// Scales each row to sum to 1; all-zero rows stay zero.
void renormaliseRows(FloatMatrix& m) {
    for (int r = 0; r < m.rows; ++r) {
        double sum = 0.0;
        for (int c = 0; c < m.cols; ++c) sum += m.at(r, c);
        if (sum <= 0.0) continue;
        for (int c = 0; c < m.cols; ++c) cell(m, r, c) = static_cast<float>(cell(m, r, c) / sum);
    }
}

// Adds weight * head(layer, h) for every h into acc (doubles, same shape as a head).
void accumulateLayer(const AttentionStack& a, int layer, double weight, std::vector<double>& acc) {
    const std::size_t n = static_cast<std::size_t>(a.queries) * a.keys;
    for (int h = 0; h < a.heads; ++h) {
        const float* p = a.matrix(layer, h);
        for (std::size_t i = 0; i < n; ++i) acc[i] += weight * p[i];
    }
}

FloatMatrix fromDoubles(int rows, int cols, const std::vector<double>& v) {
    FloatMatrix m = zeros(rows, cols);
    for (std::size_t i = 0; i < m.values.size(); ++i) m.values[i] = static_cast<float>(v[i]);
    return m;
}

// Â = 0.5·mean_heads(A) + 0.5·I, rows renormalised, in doubles.
std::vector<double> residualAttention(const AttentionStack& a, int layer) {
    const int n = a.queries;
    std::vector<double> acc(static_cast<std::size_t>(n) * a.keys, 0.0);
    if (a.heads > 0) accumulateLayer(a, layer, 0.5 / a.heads, acc);
    for (int i = 0; i < std::min(n, a.keys); ++i) acc[static_cast<std::size_t>(i) * a.keys + i] += 0.5;
    for (int r = 0; r < n; ++r) {
        double sum = 0.0;
        for (int c = 0; c < a.keys; ++c) sum += acc[static_cast<std::size_t>(r) * a.keys + c];
        if (sum <= 0.0) continue;
        for (int c = 0; c < a.keys; ++c) acc[static_cast<std::size_t>(r) * a.keys + c] /= sum;
    }
    return acc;
}

}  // namespace

FloatMatrix headMatrix(const AttentionStack& a, int layer, int head) {
    FloatMatrix m = zeros(a.queries, a.keys);
    if (!validLayer(a, layer) || head < 0 || head >= a.heads) return m;
    const float* p = a.matrix(layer, head);
    std::copy(p, p + m.values.size(), m.values.begin());
    return m;
}

FloatMatrix meanOverHeads(const AttentionStack& a, int layer) {
    if (!validLayer(a, layer) || a.heads <= 0) return zeros(a.queries, a.keys);
    std::vector<double> acc(static_cast<std::size_t>(a.queries) * a.keys, 0.0);
    accumulateLayer(a, layer, 1.0 / a.heads, acc);
    return fromDoubles(a.queries, a.keys, acc);
}

FloatMatrix maxOverHeads(const AttentionStack& a, int layer) {
    FloatMatrix m = zeros(a.queries, a.keys);
    if (!validLayer(a, layer) || a.heads <= 0) return m;
    for (int h = 0; h < a.heads; ++h) {
        const float* p = a.matrix(layer, h);
        for (std::size_t i = 0; i < m.values.size(); ++i) m.values[i] = std::max(m.values[i], p[i]);
    }
    renormaliseRows(m);
    return m;
}

FloatMatrix meanOverLayers(const AttentionStack& a) {
    if (a.layers <= 0 || a.heads <= 0) return zeros(a.queries, a.keys);
    std::vector<double> acc(static_cast<std::size_t>(a.queries) * a.keys, 0.0);
    const double w = 1.0 / (static_cast<double>(a.layers) * a.heads);
    for (int l = 0; l < a.layers; ++l) accumulateLayer(a, l, w, acc);
    return fromDoubles(a.queries, a.keys, acc);
}

FloatMatrix rollout(const AttentionStack& a, int upToLayer) {
    if (a.layers <= 0 || a.queries != a.keys) return zeros(a.queries, a.keys);
    const int last = std::clamp(upToLayer, 0, a.layers - 1);
    const int n = a.queries;
    const auto N = static_cast<std::size_t>(n);
    std::vector<double> r = residualAttention(a, 0);
    std::vector<double> next(N * N);
    for (int l = 1; l <= last; ++l) {
        const std::vector<double> layerA = residualAttention(a, l);
        // next = Â_l · r
        std::fill(next.begin(), next.end(), 0.0);
        for (std::size_t i = 0; i < N; ++i)
            for (std::size_t k = 0; k < N; ++k) {
                const double w = layerA[i * N + k];
                if (w == 0.0) continue;
                const double* src = &r[k * N];
                double* dst = &next[i * N];
                for (std::size_t j = 0; j < N; ++j) dst[j] += w * src[j];
            }
        r.swap(next);
    }
    return fromDoubles(n, n, r);
}

bool rolloutApplies(const AttentionStack& a, StackKind kind) {
    return kind == StackKind::SelfAttention && a.layers > 0 && a.queries == a.keys;
}

FloatMatrix aggregate(const AttentionStack& a, int layer, int head, Aggregate how, StackKind kind) {
    if (!stackConsistent(a)) return zeros(a.queries, a.keys);
    layer = std::clamp(layer, 0, a.layers - 1);
    head = std::clamp(head, 0, a.heads - 1);
    switch (how) {
    case Aggregate::SingleHead: return headMatrix(a, layer, head);
    case Aggregate::MeanHeads: return meanOverHeads(a, layer);
    case Aggregate::MaxHeads: return maxOverHeads(a, layer);
    case Aggregate::MeanLayers: return meanOverLayers(a);
    case Aggregate::Rollout: return rolloutApplies(a, kind) ? rollout(a, layer) : meanOverLayers(a);
    }
    return zeros(a.queries, a.keys);
}

bool aggregateIncludes(const AttentionStack& a, int selectedLayer, int selectedHead, Aggregate how, StackKind kind,
                       int layer, int head) {
    if (a.layers <= 0 || a.heads <= 0 || layer < 0 || layer >= a.layers || head < 0 || head >= a.heads) return false;
    selectedLayer = std::clamp(selectedLayer, 0, a.layers - 1);
    selectedHead = std::clamp(selectedHead, 0, a.heads - 1);
    switch (how) {
    case Aggregate::SingleHead: return layer == selectedLayer && head == selectedHead;
    case Aggregate::MeanHeads:
    case Aggregate::MaxHeads: return layer == selectedLayer;
    case Aggregate::MeanLayers: return true;
    case Aggregate::Rollout: return !rolloutApplies(a, kind) || layer <= selectedLayer;
    }
    return false;
}

bool stackConsistent(const AttentionStack& a) {
    if (a.layers <= 0 || a.heads <= 0 || a.queries <= 0 || a.keys <= 0) return false;
    return a.values.size() >= static_cast<std::size_t>(a.layers) * a.heads * a.queries * a.keys;
}

AttentionStack stackWithData(const AttentionStack& a, std::size_t queryTokens, std::size_t keyTokens) {
    if (!stackConsistent(a)) return {};
    const int rows = static_cast<int>(std::min(queryTokens, static_cast<std::size_t>(a.queries)));
    const int cols = static_cast<int>(std::min(keyTokens, static_cast<std::size_t>(a.keys)));
    if (rows <= 0 || cols <= 0) return {};
    AttentionStack out;
    out.layers = a.layers;
    out.heads = a.heads;
    out.queries = rows;
    out.keys = cols;
    out.values.reserve(static_cast<std::size_t>(a.layers) * a.heads * rows * cols);
    for (int l = 0; l < a.layers; ++l)
        for (int h = 0; h < a.heads; ++h) {
            const float* m = a.matrix(l, h);
            for (int r = 0; r < rows; ++r) {
                const float* row = m + static_cast<std::size_t>(r) * a.keys;
                out.values.insert(out.values.end(), row, row + cols);
            }
        }
    return out;
}

std::vector<float> matrixRow(const FloatMatrix& m, int row) {
    if (row < 0 || row >= m.rows) return {};
    const auto first = m.values.begin() + static_cast<std::ptrdiff_t>(row) * m.cols;
    return std::vector<float>(first, first + m.cols);
}

int argmaxSource(const FloatMatrix& m, int row, const std::vector<bool>& sourceSpecial) {
    if (row < 0 || row >= m.rows || m.cols <= 0) return -1;
    auto special = [&](int c) {
        return c < static_cast<int>(sourceSpecial.size()) && sourceSpecial[static_cast<std::size_t>(c)];
    };
    bool allSpecial = true;
    for (int c = 0; c < m.cols; ++c) allSpecial = allSpecial && special(c);
    int best = -1;
    for (int c = 0; c < m.cols; ++c) {
        if (special(c) && !allSpecial) continue;
        if (best < 0 || m.at(row, c) > m.at(row, best)) best = c;
    }
    return best;
}

std::vector<int> hardAlignment(const FloatMatrix& m, const std::vector<bool>& sourceSpecial,
                               const std::vector<bool>& targetSpecial) {
    std::vector<int> links(static_cast<std::size_t>(std::max(0, m.rows)), -1);
    for (int r = 0; r < m.rows; ++r) {
        const bool special = r < static_cast<int>(targetSpecial.size()) && targetSpecial[static_cast<std::size_t>(r)];
        if (!special) links[static_cast<std::size_t>(r)] = argmaxSource(m, r, sourceSpecial);
    }
    return links;
}

FloatMatrix keepAndRenormalise(const FloatMatrix& m, const std::vector<bool>& keep) {
    return keepAndRenormalise(m, keep, keep);
}

FloatMatrix keepAndRenormalise(const FloatMatrix& m, const std::vector<bool>& keepRows,
                               const std::vector<bool>& keepCols) {
    // Indices beyond a mask's size are kept, so a short mask only drops what it names.
    auto kept = [](const std::vector<bool>& keep, int i) {
        return static_cast<std::size_t>(i) >= keep.size() || keep[static_cast<std::size_t>(i)];
    };
    std::vector<int> rows, cols;
    for (int r = 0; r < m.rows; ++r)
        if (kept(keepRows, r)) rows.push_back(r);
    for (int c = 0; c < m.cols; ++c)
        if (kept(keepCols, c)) cols.push_back(c);
    FloatMatrix out = zeros(static_cast<int>(rows.size()), static_cast<int>(cols.size()));
    for (int r = 0; r < out.rows; ++r)
        for (int c = 0; c < out.cols; ++c)
            cell(out, r, c) = m.at(rows[static_cast<std::size_t>(r)], cols[static_cast<std::size_t>(c)]);
    renormaliseRows(out);
    return out;
}

namespace {

const std::string kWordStart = "\xE2\x96\x81";  // SentencePiece's "▁" (U+2581) in UTF-8

bool startsWith(const std::string& s, const std::string& prefix) {
    return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}
bool isSpecialAt(const std::vector<bool>& special, std::size_t i) { return i < special.size() && special[i]; }

}  // namespace

const std::string kByteSpace = "\xC4\xA0";  // byte-level BPE's "Ġ" (U+0120): a space

PieceScheme detectPieceScheme(const std::vector<std::string>& pieces, const std::vector<bool>& special) {
    bool byteLevel = false;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        if (isSpecialAt(special, i)) {
            byteLevel = byteLevel || pieces[i] == "<s>" || pieces[i] == "<|endoftext|>";  // not </s>: Marian's too
            continue;
        }
        if (startsWith(pieces[i], kWordStart)) return PieceScheme::SentencePiece;
        byteLevel = byteLevel || startsWith(pieces[i], kByteSpace);
    }
    return byteLevel ? PieceScheme::ByteLevel : PieceScheme::WordPiece;
}

namespace {
// A byte-level piece's text; a piece of whitespace only stays as written (visible).
std::string byteLevelLabel(const std::string& piece, bool dropLeadingSpace) {
    std::string text = byteLevelPieceText(piece);
    if (text.find_first_not_of(" \t\r\n\v\f") == std::string::npos) return piece;
    if (dropLeadingSpace && !text.empty() && text.front() == ' ') text.erase(0, 1);
    return text;
}
}  // namespace

std::string displayPiece(const std::string& piece, PieceScheme scheme) {
    if (scheme == PieceScheme::ByteLevel) return byteLevelLabel(piece, true);
    // A lone "▁" (a space SentencePiece kept as its own piece) stays visible.
    if (startsWith(piece, kWordStart) && piece.size() > kWordStart.size()) return piece.substr(kWordStart.size());
    return piece;
}

WordGroups groupWordPieces(const std::vector<std::string>& pieces, const std::vector<bool>& special) {
    return groupWordPieces(pieces, special, detectPieceScheme(pieces, special));
}

WordGroups groupWordPieces(const std::vector<std::string>& pieces, const std::vector<bool>& special, PieceScheme scheme) {
    WordGroups g;
    const bool sentencePiece = scheme == PieceScheme::SentencePiece;
    const bool byteLevel = scheme == PieceScheme::ByteLevel;
    // Whether piece i continues the word before it, and what it adds to the word's label.
    auto continues = [&](std::size_t i) {
        if (isSpecialAt(special, i)) return false;
        if (sentencePiece) return !startsWith(pieces[i], kWordStart);
        if (byteLevel) {
            const std::string text = byteLevelPieceText(pieces[i]);
            return !text.empty() && text.find_first_of(" \t\r\n\v\f") != 0;
        }
        return pieces[i].size() > 2 && startsWith(pieces[i], "##");
    };
    auto stripped = [&](std::size_t i) {
        const std::string& p = pieces[i];
        if (isSpecialAt(special, i)) return p;
        if (sentencePiece) return startsWith(p, kWordStart) ? p.substr(kWordStart.size()) : p;
        if (byteLevel) return byteLevelLabel(p, true);
        return p.size() > 2 && startsWith(p, "##") ? p.substr(2) : p;
    };
    bool previousSpecial = true;  // nothing to continue before the first piece
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        const int index = static_cast<int>(i);
        if (continues(i) && !previousSpecial) {
            g.members.back().push_back(index);
            g.labels.back() += stripped(i);
        } else {
            g.members.push_back({index});
            g.labels.push_back(stripped(i));
        }
        previousSpecial = isSpecialAt(special, i);
    }
    // A word of a lone "▁" piece shows the piece rather than nothing.
    for (std::size_t w = 0; w < g.labels.size(); ++w)
        if (g.labels[w].empty()) g.labels[w] = pieces[static_cast<std::size_t>(g.members[w].front())];
    return g;
}

FloatMatrix mergeWords(const FloatMatrix& m, const WordGroups& groups) { return mergeWords(m, groups, groups); }

FloatMatrix mergeWords(const FloatMatrix& m, const WordGroups& rowGroups, const WordGroups& colGroups) {
    const int rows = static_cast<int>(rowGroups.members.size());
    const int cols = static_cast<int>(colGroups.members.size());
    FloatMatrix out = zeros(rows, cols);
    for (int wi = 0; wi < rows; ++wi) {
        const auto& from = rowGroups.members[static_cast<std::size_t>(wi)];
        if (from.empty()) continue;
        for (int wj = 0; wj < cols; ++wj) {
            double sum = 0.0;
            for (int i : from)
                for (int j : colGroups.members[static_cast<std::size_t>(wj)])
                    if (i < m.rows && j < m.cols) sum += m.at(i, j);
            cell(out, wi, wj) = static_cast<float>(sum / static_cast<double>(from.size()));
        }
    }
    return out;
}

VisibleTokens visibleTokens(const std::vector<attnscope::Token>& tokens, bool hideSpecial, bool mergePieces) {
    VisibleTokens v;
    v.hideSpecial = hideSpecial;
    v.merge = mergePieces;
    const int n = static_cast<int>(tokens.size());
    v.keep.assign(tokens.size(), true);
    v.rowOfToken.assign(tokens.size(), -1);
    std::vector<std::string> keptPieces;
    std::vector<bool> keptSpecial;
    std::vector<std::string> allPieces;  // the scheme is told by every token, hidden specials too
    std::vector<bool> allSpecial;
    for (const auto& token : tokens) {
        allPieces.push_back(token.piece);
        allSpecial.push_back(token.special);
    }
    const PieceScheme scheme = detectPieceScheme(allPieces, allSpecial);
    for (int t = 0; t < n; ++t) {
        const attnscope::Token& token = tokens[static_cast<std::size_t>(t)];
        if (hideSpecial && token.special) {
            v.keep[static_cast<std::size_t>(t)] = false;
            continue;
        }
        v.keptTokens.push_back(t);
        keptPieces.push_back(token.piece);
        keptSpecial.push_back(token.special);
    }
    if (mergePieces) {
        v.keptGroups = groupWordPieces(keptPieces, keptSpecial, scheme);
    } else {
        for (std::size_t k = 0; k < keptPieces.size(); ++k) {
            v.keptGroups.members.push_back({static_cast<int>(k)});
            v.keptGroups.labels.push_back(keptSpecial[k] ? keptPieces[k] : displayPiece(keptPieces[k], scheme));
        }
    }
    v.labels = v.keptGroups.labels;
    for (std::size_t row = 0; row < v.keptGroups.members.size(); ++row) {
        std::vector<int> tokenIds;
        for (int k : v.keptGroups.members[row]) {
            const int t = v.keptTokens[static_cast<std::size_t>(k)];
            tokenIds.push_back(t);
            v.rowOfToken[static_cast<std::size_t>(t)] = static_cast<int>(row);
        }
        v.members.push_back(std::move(tokenIds));
    }
    return v;
}

FloatMatrix visibleMatrix(const FloatMatrix& tokenMatrix, const VisibleTokens& rows, const VisibleTokens& cols) {
    const bool hide = rows.hideSpecial || cols.hideSpecial;
    FloatMatrix m = hide ? keepAndRenormalise(tokenMatrix, rows.keep, cols.keep) : tokenMatrix;
    if (!rows.merge && !cols.merge) return m;
    // An axis that is not merged still goes through mergeWords with one group per kept token.
    return mergeWords(m, rows.keptGroups, cols.keptGroups);
}

FloatMatrix visibleMatrix(const FloatMatrix& tokenMatrix, const VisibleTokens& visible) {
    return visibleMatrix(tokenMatrix, visible, visible);
}

double meanRowEntropyBits(const FloatMatrix& m) {
    if (m.rows <= 0) return 0.0;
    double total = 0.0;
    for (int r = 0; r < m.rows; ++r)
        for (int c = 0; c < m.cols; ++c) {
            const double p = m.at(r, c);
            if (p > 0.0) total -= p * std::log2(p);
        }
    return total / m.rows;
}

double meanAttentionDistance(const FloatMatrix& m) {
    if (m.rows <= 0) return 0.0;
    double total = 0.0;
    for (int r = 0; r < m.rows; ++r)
        for (int c = 0; c < m.cols; ++c) total += static_cast<double>(m.at(r, c)) * std::abs(r - c);
    return total / m.rows;
}

HeadStatistics headStatistics(const AttentionStack& a) {
    HeadStatistics s;
    s.layers = std::max(0, a.layers);
    s.heads = std::max(0, a.heads);
    s.entropyBits.reserve(static_cast<std::size_t>(s.layers) * s.heads);
    s.distance.reserve(static_cast<std::size_t>(s.layers) * s.heads);
    for (int l = 0; l < s.layers; ++l)
        for (int h = 0; h < s.heads; ++h) {
            const FloatMatrix m = headMatrix(a, l, h);
            s.entropyBits.push_back(meanRowEntropyBits(m));
            s.distance.push_back(meanAttentionDistance(m));
        }
    return s;
}

FloatMatrix sinusoidalEncoding(int positions, int dims) {
    FloatMatrix m = zeros(positions, dims);
    for (int p = 0; p < m.rows; ++p)
        for (int d = 0; d < m.cols; ++d) {
            const int i2 = d - d % 2;  // the 2i of the pair this dimension belongs to
            const double angle = p / std::pow(10000.0, static_cast<double>(i2) / dims);
            cell(m, p, d) = static_cast<float>(d % 2 == 0 ? std::sin(angle) : std::cos(angle));
        }
    return m;
}

FloatMatrix rowCosineSimilarity(const FloatMatrix& m) {
    FloatMatrix out = zeros(m.rows, m.rows);
    std::vector<double> norms(static_cast<std::size_t>(m.rows), 0.0);
    for (int r = 0; r < m.rows; ++r) {
        double s = 0.0;
        for (int c = 0; c < m.cols; ++c) s += static_cast<double>(m.at(r, c)) * m.at(r, c);
        norms[static_cast<std::size_t>(r)] = std::sqrt(s);
    }
    for (int a = 0; a < m.rows; ++a)
        for (int b = a; b < m.rows; ++b) {
            const double na = norms[static_cast<std::size_t>(a)], nb = norms[static_cast<std::size_t>(b)];
            double dot = 0.0;
            for (int c = 0; c < m.cols; ++c) dot += static_cast<double>(m.at(a, c)) * m.at(b, c);
            const float v = (na > 0.0 && nb > 0.0) ? static_cast<float>(dot / (na * nb)) : 0.f;
            cell(out, a, b) = v;
            cell(out, b, a) = v;
        }
    return out;
}

}  // namespace attnscope::analysis
