// Times TextTranslator::translate on the fixed sentences of bench/translate_sentences.txt,
// greedy and beam 4; median of N runs per sentence after warm-up. With --hf (the JSON of
// bench/hf_translate.py, run on the same checkpoint with the same settings) it also prints
// Hugging Face's times, the ratios ours / HF and whether our ids equal generate()'s
// (bench/run_translate_bench runs both in one run).
//
// Per sentence and mode, median over the repetitions of:
//   generation  result.generateMs: MarianTranslator::greedy / beamSearch (ids -> ids)
//   translate   wall time of translate(text): tokenise, generate, the teacher-forced pass
//               that returns every attention, decode
// HF's counterparts: generate() on pre-tokenised ids, and tokenise + generate(output_attentions
// =True, return_dict_in_generate=True) + decode. Totals are sums of the per-sentence medians
// (the time to translate the 10 sentences once); the ratio of those sums is the headline.
#include "attnscope/errors.h"
#include "attnscope/marian_text.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace {

#ifdef ATTNSCOPE_BENCH_SENTENCES
const char* kDefaultSentences = ATTNSCOPE_BENCH_SENTENCES;
#else
const char* kDefaultSentences = "bench/translate_sentences.txt";
#endif

constexpr int kWarmup = 2;  // passes over all sentences before timing

struct Mode {
    const char* name;
    attnscope::TranslateOptions options;
};

struct Case {  // one sentence in one mode
    std::vector<int> sourceIds, ids;
    std::string translation;
    double generateMs = 0, translateMs = 0, attentionMs = 0;  // medians
    // From --hf:
    bool hasHf = false, sourceEqual = false, idsEqual = false;
    double hfGenerateMs = 0, hfFullMs = 0;
};

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double sum(const std::vector<Case>& cases, double Case::*field) {
    double s = 0;
    for (const auto& c : cases) s += c.*field;
    return s;
}

std::vector<std::string> readSentences(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw attnscope::InputError("Cannot read the sentences file " + path);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
        if (!line.empty()) out.push_back(line);
    }
    if (out.empty()) throw attnscope::InputError("No sentences in " + path);
    return out;
}

void usage() {
    std::fprintf(stderr,
                 "usage: bench_translate MODEL_DIR [repetitions=20] [threads=2] [--json OUT.json] [--hf HF.json]\n"
                 "                       [--sentences FILE] [--max-new-tokens N] [--device cpu|cuda|auto]\n");
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> positional;
    std::string jsonOut, hfPath, sentencesPath = kDefaultSentences, device = "cpu";
    int maxNewTokensArg = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                usage();
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--json") jsonOut = value();
        else if (a == "--hf") hfPath = value();
        else if (a == "--sentences") sentencesPath = value();
        else if (a == "--max-new-tokens") maxNewTokensArg = std::atoi(value().c_str());
        else if (a == "--device") device = value();
        else if (a == "-h" || a == "--help" || (a.size() > 1 && a[0] == '-')) {
            usage();
            return 2;
        } else positional.push_back(a);
    }
    if (positional.empty() || positional.size() > 3) {
        usage();
        return 2;
    }
    const std::string model = positional[0];
    const int repetitions = positional.size() > 1 ? std::atoi(positional[1].c_str()) : 20;
    const int threads = positional.size() > 2 ? std::atoi(positional[2].c_str()) : 2;
    if (repetitions < 1 || threads < 1) {
        usage();
        return 2;
    }
    try {
        const auto sentences = readSentences(sentencesPath);
        attnscope::TranslatorOptions options;
        options.device = attnscope::parseDeviceChoice(device);
        options.threads = threads;
        auto translator = attnscope::TextTranslator::load(model, options);
        const auto& config = translator->translator().config();
        const int maxNewTokens = maxNewTokensArg > 0 ? maxNewTokensArg : std::min(128, config.maxPositions - 1);

        std::vector<Mode> modes(2);
        modes[0].name = "greedy";
        modes[0].options.beams = 1;
        modes[1].name = "beam4";
        modes[1].options.beams = 4;
        modes[1].options.lengthPenalty = 1.0;
        modes[1].options.earlyStopping = false;
        for (auto& m : modes) m.options.maxNewTokens = maxNewTokens;

        nlohmann::json hf;
        if (!hfPath.empty()) {
            std::ifstream in(hfPath);
            if (!in) throw attnscope::InputError("Cannot read " + hfPath);
            hf = nlohmann::json::parse(in);
            // The two sides must have run the same generation settings on the same sentences.
            if (hf.at("max_new_tokens").get<int>() != maxNewTokens)
                throw attnscope::InputError("HF used max_new_tokens " + hf.at("max_new_tokens").dump() + ", we use " +
                                            std::to_string(maxNewTokens));
            for (const auto& m : modes) {
                const auto& s = hf.at("modes").at(m.name).at("settings");
                const bool same =
                    s.at("num_beams").get<int>() == m.options.beams && !s.at("do_sample").get<bool>() &&
                    (m.options.beams == 1 || (s.at("length_penalty").get<double>() == m.options.lengthPenalty &&
                                              s.at("early_stopping").get<bool>() == m.options.earlyStopping));
                if (!same)
                    throw attnscope::InputError(std::string("HF settings differ for ") + m.name + ": " + s.dump());
                const auto& cases = hf.at("modes").at(m.name).at("sentences");
                if (cases.size() != sentences.size())
                    throw attnscope::InputError("HF ran a different number of sentences");
                for (std::size_t i = 0; i < sentences.size(); ++i)
                    if (cases[i].at("text").get<std::string>() != sentences[i])
                        throw attnscope::InputError("HF ran a different sentence " + std::to_string(i + 1));
            }
        }

        std::printf("attnscope: %s, %s, %d threads, max_new_tokens %d, %zu sentences, median of %d runs per sentence "
                    "after warm-up\n",
                    model.c_str(), translator->translator().device().c_str(), threads, maxNewTokens, sentences.size(),
                    repetitions);
        if (!hf.is_null())
            std::printf("reference: transformers %s, torch %s, %s, %d threads, median of %d runs per sentence\n",
                        hf.value("transformers", "?").c_str(), hf.value("torch", "?").c_str(),
                        hf.value("device", "?").c_str(), hf.value("threads", 0), hf.value("repetitions", 0));

        nlohmann::json report = {{"model", model},
                                 {"device", translator->translator().device()},
                                 {"threads", threads},
                                 {"repetitions", repetitions},
                                 {"max_new_tokens", maxNewTokens},
                                 {"aggregate", "per-sentence median over repetitions; totals are sums over sentences"},
                                 {"modes", nlohmann::json::object()}};
        struct Ratio {
            std::string what;
            double ours, theirs;
        };
        std::vector<Ratio> ratios;
        int idsTotal = 0, idsEqual = 0;
        for (const auto& mode : modes) {
            std::vector<Case> cases(sentences.size());
            for (int w = 0; w < kWarmup; ++w)
                for (const auto& s : sentences) translator->translate(s, mode.options);
            std::vector<std::vector<double>> generate(sentences.size()), wall(sentences.size()),
                attention(sentences.size());
            for (int r = 0; r < repetitions; ++r) {
                for (std::size_t i = 0; i < sentences.size(); ++i) {
                    const auto t0 = std::chrono::steady_clock::now();
                    const auto result = translator->translate(sentences[i], mode.options);
                    wall[i].push_back(
                        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
                    generate[i].push_back(result.generateMs);
                    attention[i].push_back(result.attentionMs);
                    if (r == 0) {
                        auto& c = cases[i];
                        c.ids = result.nbest.front().ids;
                        c.translation = result.translation;
                        for (const auto& t : result.sourceTokens) c.sourceIds.push_back(t.id);
                    }
                }
            }
            for (std::size_t i = 0; i < sentences.size(); ++i) {
                auto& c = cases[i];
                c.generateMs = median(generate[i]);
                c.translateMs = median(wall[i]);
                c.attentionMs = median(attention[i]);
                if (!hf.is_null()) {
                    const auto& h = hf["modes"][mode.name]["sentences"][i];
                    c.hasHf = true;
                    c.sourceEqual = h.at("source_ids").get<std::vector<int>>() == c.sourceIds;
                    c.idsEqual = h.at("ids").get<std::vector<int>>() == c.ids;
                    c.hfGenerateMs = h.at("generate_ms").get<double>();
                    c.hfFullMs = h.at("full_ms").get<double>();
                    ++idsTotal;
                    idsEqual += c.idsEqual ? 1 : 0;
                }
            }

            std::printf("\n%s (beams %d", mode.name, mode.options.beams);
            if (mode.options.beams > 1)
                std::printf(", length_penalty %.1f, early_stopping %s", mode.options.lengthPenalty,
                            mode.options.earlyStopping ? "true" : "false");
            std::printf("), ms\n");
            if (hf.is_null()) {
                std::printf("   #  src  out   generation   translate  (attention pass)\n");
                for (std::size_t i = 0; i < cases.size(); ++i) {
                    const auto& c = cases[i];
                    std::printf("  %2zu  %3zu  %3zu   %10.3f  %10.3f  (%8.3f)\n", i + 1, c.sourceIds.size(),
                                c.ids.size(), c.generateMs, c.translateMs, c.attentionMs);
                }
                std::printf("  sum          %10.3f  %10.3f  (%8.3f)\n", sum(cases, &Case::generateMs),
                            sum(cases, &Case::translateMs), sum(cases, &Case::attentionMs));
            } else {
                std::printf("   #  src  out |  ours gen    HF gen  ratio | ours translate (attn)  HF gen+attn  ratio | "
                            "ids = HF\n");
                for (std::size_t i = 0; i < cases.size(); ++i) {
                    const auto& c = cases[i];
                    std::printf("  %2zu  %3zu  %3zu | %9.3f %9.3f  %4.2fx | %9.3f (%8.3f)   %9.3f  %4.2fx | %s%s\n",
                                i + 1, c.sourceIds.size(), c.ids.size(), c.generateMs, c.hfGenerateMs,
                                c.generateMs / c.hfGenerateMs, c.translateMs, c.attentionMs, c.hfFullMs,
                                c.translateMs / c.hfFullMs, c.idsEqual ? "yes" : "NO",
                                c.sourceEqual ? "" : " (source ids differ)");
                }
                const double g = sum(cases, &Case::generateMs), hg = sum(cases, &Case::hfGenerateMs);
                const double t = sum(cases, &Case::translateMs), ht = sum(cases, &Case::hfFullMs);
                std::vector<double> genRatios, fullRatios;
                for (const auto& c : cases) {
                    genRatios.push_back(c.generateMs / c.hfGenerateMs);
                    fullRatios.push_back(c.translateMs / c.hfFullMs);
                }
                std::printf("  sum          | %9.3f %9.3f  %4.2fx | %9.3f (%8.3f)   %9.3f  %4.2fx |\n", g, hg, g / hg,
                            t, sum(cases, &Case::attentionMs), ht, t / ht);
                std::printf(
                    "  median ratio |                     %4.2fx |                                    %4.2fx |\n",
                    median(genRatios), median(fullRatios));
                char name[16];
                std::snprintf(name, sizeof name, "%-6s", mode.name);
                ratios.push_back({std::string(name) + " generation      vs HF generate()", g, hg});
                ratios.push_back(
                    {std::string(name) + " translate+attn  vs HF tokenise+generate(output_attentions)+decode", t, ht});
            }

            nlohmann::json jcases = nlohmann::json::array();
            for (std::size_t i = 0; i < cases.size(); ++i) {
                const auto& c = cases[i];
                nlohmann::json j = {
                    {"text", sentences[i]},         {"source_ids", c.sourceIds},   {"ids", c.ids},
                    {"translation", c.translation}, {"generate_ms", c.generateMs}, {"translate_ms", c.translateMs},
                    {"attention_ms", c.attentionMs}};
                if (c.hasHf) {
                    j["hf_generate_ms"] = c.hfGenerateMs;
                    j["hf_full_ms"] = c.hfFullMs;
                    j["ids_equal_hf"] = c.idsEqual;
                    j["source_ids_equal_hf"] = c.sourceEqual;
                }
                jcases.push_back(j);
            }
            report["modes"][mode.name] = {{"beams", mode.options.beams},
                                          {"length_penalty", mode.options.lengthPenalty},
                                          {"early_stopping", mode.options.earlyStopping},
                                          {"max_new_tokens", maxNewTokens},
                                          {"generate_ms_sum", sum(cases, &Case::generateMs)},
                                          {"translate_ms_sum", sum(cases, &Case::translateMs)},
                                          {"sentences", jcases}};
        }

        if (!ratios.empty()) {
            std::printf("\nratio ours / HF (sums of per-sentence medians; target <= 0.5x):\n");
            nlohmann::json jr = nlohmann::json::array();
            for (const auto& r : ratios) {
                const double ratio = r.ours / r.theirs;
                std::printf("  %-82s %5.2fx  %s\n", r.what.c_str(), ratio, ratio <= 0.5 ? "ok" : "MISSED");
                jr.push_back({{"what", r.what}, {"ours_ms", r.ours}, {"hf_ms", r.theirs}, {"ratio", ratio}});
            }
            std::printf("ids equal to HF generate(): %d of %d\n", idsEqual, idsTotal);
            report["ratios"] = jr;
            report["ids_equal_hf"] = idsEqual;
            report["ids_compared"] = idsTotal;
        }
        if (!jsonOut.empty()) std::ofstream(jsonOut) << report.dump(1) << "\n";
        return idsEqual == idsTotal ? 0 : 3;
    } catch (const attnscope::Error& e) {
        std::fprintf(stderr, "bench_translate: %s\n", e.what());
        return 1;
    } catch (const nlohmann::json::exception& e) {
        std::fprintf(stderr, "bench_translate: bad HF JSON: %s\n", e.what());
        return 1;
    }
}
