// Synthetic attention data shared by the core and app tests: tokens with the special flag set
// for "</s>", and cross-attention stacks with random, peaky rows that sum to 1 (fixed seed).
#pragma once

#include "attnscope/attention.h"
#include "attnscope/token.h"

#include <QString>

#include <cmath>
#include <random>
#include <string>
#include <vector>

inline attnscope::Token fixtureToken(const std::string& piece, int id) {
    attnscope::Token t;
    t.piece = piece;
    t.id = id;
    t.special = piece == "</s>";
    return t;
}

// [layers, heads, targets, sources].
inline attnscope::AttentionStack randomStack(int layers, int heads, int targets, int sources, unsigned seed) {
    attnscope::AttentionStack s;
    s.layers = layers;
    s.heads = heads;
    s.queries = targets;
    s.keys = sources;
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(0.01f, 1.f);
    for (int m = 0; m < layers * heads * targets; ++m) {
        std::vector<float> row(static_cast<std::size_t>(sources));
        float sum = 0;
        for (float& v : row) sum += (v = u(rng) * u(rng) * u(rng));  // peaky rows, like attention
        for (float v : row) s.values.push_back(v / sum);
    }
    return s;
}

// Empty when got equals want within tolerance, else what differs first (for QCOMPARE).
inline QString compareMatrices(const attnscope::FloatMatrix& got, const attnscope::FloatMatrix& want,
                               float tolerance = 1e-5f) {
    if (got.rows != want.rows || got.cols != want.cols)
        return QString("shape %1x%2, expected %3x%4").arg(got.rows).arg(got.cols).arg(want.rows).arg(want.cols);
    for (int r = 0; r < got.rows; ++r)
        for (int c = 0; c < got.cols; ++c)
            if (std::fabs(got.at(r, c) - want.at(r, c)) > tolerance)
                return QString("(%1,%2) = %3, expected %4").arg(r).arg(c).arg(got.at(r, c)).arg(want.at(r, c));
    return {};
}
#define COMPARE_MATRIX(got, want) QCOMPARE(compareMatrices(got, want), QString())
