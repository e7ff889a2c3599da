// Times Gpt2Generator at 64 tokens: one forward pass with every causal attention copied out
// (attentions()), and greedy generation of 20 tokens after a 44-token prompt; median of N runs
// after warm-up. Writes the ids it used so bench/hf_gpt2.py times the same inputs.
//   bench_gpt2 MODEL_DIR OUT.json [runs=20] [threads=2]
#include "attnscope/errors.h"
#include "attnscope/gpt2.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

namespace {

const char* kParagraph =
    "The animal didn't cross the street because it was too tired. Attention lets every word look at every "
    "other word and decide how much each one matters for its meaning in this sentence. Teachers use such "
    "pictures to explain how a transformer reads a paragraph, one layer after another.";

template <typename Fn> double medianMs(int runs, Fn fn) {
    for (int i = 0; i < 3; ++i) fn();
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        fn();
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: bench_gpt2 MODEL_DIR OUT.json [runs] [threads]\n");
        return 2;
    }
    try {
        const int runs = argc > 3 ? std::stoi(argv[3]) : 20;
        attnscope::LoadOptions options;
        options.device = attnscope::DeviceChoice::Cpu;
        options.threads = argc > 4 ? std::stoi(argv[4]) : 2;
        const auto model = attnscope::Gpt2Generator::load(argv[1], options);
        std::string text;
        for (int i = 0; i < 4; ++i) text += std::string(i ? " " : "") + kParagraph;
        std::vector<int> ids;
        for (const auto& t : model->tokenizer().tokenize(text)) ids.push_back(t.id);
        ids.resize(std::min<std::size_t>(ids.size(), 64));
        const double forward = medianMs(runs, [&] { model->attentions(ids); });
        std::printf("attnscope GPT-2 forward, 64 tokens, all attentions: median %8.3f ms\n", forward);
        const std::vector<int> prompt(ids.begin(), ids.begin() + 44);
        const std::string promptText = model->tokenizer().decode(prompt);
        attnscope::GenerateOptions generate;
        generate.maxNewTokens = 20;
        const double greedy = medianMs(std::max(1, runs / 4), [&] { model->generate(promptText, generate); });
        std::printf("attnscope GPT-2 greedy, 44-token prompt + 20 new, with attentions: median %8.3f ms\n", greedy);
        nlohmann::json report = {{"ids", ids}, {"prompt", prompt}, {"forward_ms", forward}, {"generate_ms", greedy}};
        std::ofstream(argv[2]) << report.dump();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_gpt2: %s\n", e.what());
        return 1;
    }
    return 0;
}
