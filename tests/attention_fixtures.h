// Synthetic attention data shared by the core and app tests: tokens with the special flag set
// for "</s>", and cross-attention stacks with random, peaky rows that sum to 1 (fixed seed).
#pragma once

#include "attnscope/attention.h"
#include "attnscope/token.h"

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
