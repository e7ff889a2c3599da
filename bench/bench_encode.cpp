// Times BertEncoder::encode (tokenise + forward + attentions copied out as plain floats) at
// fixed token counts; median of N runs after warm-up. Writes the exact texts it used so the
// Hugging Face script times the same inputs (bench/run_encode_bench runs both).
#include "attnscope/bert_encoder.h"
#include "attnscope/errors.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

const char* kParagraph =
    "The animal didn't cross the street because it was too tired. Attention lets every word look at every "
    "other word and decide how much each one matters for its meaning in this sentence. Teachers use such "
    "pictures to explain how a transformer reads a paragraph, one layer after another, and students try "
    "their own sentences to see which heads follow syntax and which follow position.";

// The shortest prefix (in words) of a repeated paragraph whose encoding has exactly `tokens`
// tokens; when a word adds several pieces the count can overshoot, so we trim pieces.
std::string textWithTokens(const attnscope::EncoderTokenizer& tok, std::size_t tokens) {
    std::vector<std::string> words;
    std::string paragraphs;  // long enough for 512 tokens
    for (int i = 0; i < 12; ++i) paragraphs += std::string(i ? " " : "") + kParagraph;
    std::istringstream in(paragraphs);
    for (std::string w; in >> w;) words.push_back(w);
    std::string text;
    for (const auto& w : words) {
        std::string next = text.empty() ? w : text + " " + w;
        if (tok.encode(next, 100000).tokens.size() > tokens) break;
        text = next;
    }
    return text;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: bench_encode MODEL_DIR OUT.json [runs=50] [threads=2] [precision=float32]\n");
        return 2;
    }
    const std::string model = argv[1], out = argv[2];
    const int runs = argc > 3 ? std::atoi(argv[3]) : 50;
    const int threads = argc > 4 ? std::atoi(argv[4]) : 2;
    const std::string precision = argc > 5 ? argv[5] : "float32";
    try {
        attnscope::EncoderOptions options;
        options.device = attnscope::DeviceChoice::Auto;
        options.threads = threads;
        options.precision = precision == "bfloat16" ? attnscope::Precision::BFloat16 : attnscope::Precision::Float32;
        auto encoder = attnscope::BertEncoder::load(model, options);
        nlohmann::json report = {
            {"model", model},         {"threads", threads},          {"runs", runs},
            {"precision", precision}, {"device", encoder->device()}, {"cases", nlohmann::json::array()}};
        // BENCH_TOKENS="16,64,256,512" chooses the lengths (default 16, 64, 256).
        std::vector<std::size_t> lengths = {16, 64, 256};
        if (const char* list = std::getenv("BENCH_TOKENS")) {
            lengths.clear();
            std::istringstream items(list);
            for (std::string item; std::getline(items, item, ',');)
                if (!item.empty()) lengths.push_back(static_cast<std::size_t>(std::stoul(item)));
        }
        for (std::size_t tokens : lengths) {
            const auto text = textWithTokens(encoder->tokenizer(), tokens);
            const auto actual = encoder->tokenizer().encode(text).tokens.size();
            for (int i = 0; i < 5; ++i) encoder->encode(text);  // warm-up
            std::vector<double> wall, forward;
            for (int i = 0; i < runs; ++i) {
                const auto t0 = std::chrono::steady_clock::now();
                const auto r = encoder->encode(text);
                wall.push_back(
                    std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
                forward.push_back(r.forwardMs);
            }
            auto median = [](std::vector<double> v) {
                std::sort(v.begin(), v.end());
                return v[v.size() / 2];
            };
            std::printf("attnscope %-9s %-8s tokens=%3zu  encode median %8.3f ms  (forward only %8.3f ms)\n",
                        precision.c_str(), encoder->device().c_str(), actual, median(wall), median(forward));
            report["cases"].push_back(
                {{"tokens", actual}, {"text", text}, {"encode_ms", median(wall)}, {"forward_ms", median(forward)}});
        }
        std::ofstream(out) << report.dump(1) << "\n";
    } catch (const attnscope::Error& e) {
        std::fprintf(stderr, "bench_encode: %s\n", e.what());
        return 1;
    }
    return 0;
}
