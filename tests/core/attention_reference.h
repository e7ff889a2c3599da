// Reference attention maths for the CLI tests, written out again in doubles from the exported
// "attention" values and independent of attnscope::analysis, so an export can be checked
// against a second implementation. Stack: [layer][head][query][key], as the JSON nests it.
#pragma once

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

namespace reference {

using Matrix = std::vector<std::vector<double>>;  // [query][key]
using Stack = std::vector<std::vector<Matrix>>;   // [layer][head]

inline Stack stackFromJson(const nlohmann::json& nested) {
    Stack s;
    for (const auto& layer : nested) {
        s.emplace_back();
        for (const auto& head : layer) s.back().push_back(head.get<Matrix>());
    }
    return s;
}

inline Matrix zerosLike(const Matrix& m) { return Matrix(m.size(), std::vector<double>(m.empty() ? 0 : m[0].size())); }

inline void normaliseRows(Matrix& m) {
    for (auto& row : m) {
        double sum = 0;
        for (double v : row) sum += v;
        if (sum > 0)
            for (double& v : row) v /= sum;
    }
}

inline Matrix meanHeads(const Stack& s, std::size_t layer) {
    Matrix out = zerosLike(s[layer][0]);
    for (const Matrix& h : s[layer])
        for (std::size_t i = 0; i < out.size(); ++i)
            for (std::size_t j = 0; j < out[i].size(); ++j) out[i][j] += h[i][j] / static_cast<double>(s[layer].size());
    return out;
}

inline Matrix maxHeads(const Stack& s, std::size_t layer) {
    Matrix out = zerosLike(s[layer][0]);
    for (const Matrix& h : s[layer])
        for (std::size_t i = 0; i < out.size(); ++i)
            for (std::size_t j = 0; j < out[i].size(); ++j) out[i][j] = std::max(out[i][j], h[i][j]);
    normaliseRows(out);
    return out;
}

inline Matrix meanLayers(const Stack& s) {
    Matrix out = zerosLike(s[0][0]);
    for (std::size_t l = 0; l < s.size(); ++l) {
        const Matrix m = meanHeads(s, l);
        for (std::size_t i = 0; i < out.size(); ++i)
            for (std::size_t j = 0; j < out[i].size(); ++j) out[i][j] += m[i][j] / static_cast<double>(s.size());
    }
    return out;
}

// Abnar & Zuidema: A' = (mean_heads + I) / 2, rows renormalised; R = A'_layer ... A'_0.
inline Matrix rollout(const Stack& s, std::size_t upToLayer) {
    Matrix r;
    for (std::size_t l = 0; l <= upToLayer; ++l) {
        Matrix a = meanHeads(s, l);
        for (std::size_t i = 0; i < a.size(); ++i) {
            for (double& v : a[i]) v *= 0.5;
            a[i][i] += 0.5;
        }
        normaliseRows(a);
        if (l == 0) {
            r = a;
            continue;
        }
        Matrix next = zerosLike(a);
        for (std::size_t i = 0; i < a.size(); ++i)
            for (std::size_t k = 0; k < a.size(); ++k)
                for (std::size_t j = 0; j < a.size(); ++j) next[i][j] += a[i][k] * r[k][j];
        r = next;
    }
    return r;
}

inline double entropyBits(const Matrix& m) {
    double total = 0;
    for (const auto& row : m)
        for (double p : row)
            if (p > 0) total -= p * std::log2(p);
    return total / static_cast<double>(m.size());
}

inline double meanDistance(const Matrix& m) {
    double total = 0;
    for (std::size_t i = 0; i < m.size(); ++i)
        for (std::size_t j = 0; j < m[i].size(); ++j)
            total += m[i][j] * std::abs(static_cast<double>(i) - static_cast<double>(j));
    return total / static_cast<double>(m.size());
}

// Largest |exported - expected| over one exported aggregate {"shape", "values"}; `expected`
// gives the matrix of each layer. 1e9 when the shape is wrong.
template <typename Fn> double aggregateError(const nlohmann::json& exported, const Stack& s, Fn expected) {
    const auto shape = exported["shape"].get<std::vector<int>>();
    const int queries = static_cast<int>(s[0][0].size()), keys = static_cast<int>(s[0][0][0].size());
    if (shape != std::vector<int>{static_cast<int>(s.size()), queries, keys}) return 1e9;
    double worst = 0;
    for (std::size_t l = 0; l < s.size(); ++l) {
        const Matrix want = expected(l);
        const Matrix got = exported["values"][l].get<Matrix>();
        if (got.size() != want.size()) return 1e9;
        for (std::size_t i = 0; i < want.size(); ++i)
            for (std::size_t j = 0; j < want[i].size(); ++j) worst = std::max(worst, std::abs(got[i][j] - want[i][j]));
    }
    return worst;
}

// Largest error of exported {"entropy_bits": [L][H], "mean_distance": [L][H]}.
inline double statsError(const nlohmann::json& exported, const Stack& s) {
    double worst = 0;
    if (exported["entropy_bits"].size() != s.size() || exported["mean_distance"].size() != s.size()) return 1e9;
    for (std::size_t l = 0; l < s.size(); ++l) {
        if (exported["entropy_bits"][l].size() != s[l].size()) return 1e9;
        for (std::size_t h = 0; h < s[l].size(); ++h) {
            worst = std::max(worst, std::abs(exported["entropy_bits"][l][h].get<double>() - entropyBits(s[l][h])));
            worst = std::max(worst, std::abs(exported["mean_distance"][l][h].get<double>() - meanDistance(s[l][h])));
        }
    }
    return worst;
}

}  // namespace reference
