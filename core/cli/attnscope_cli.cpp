// attnscope-cli: the command-line face of the core. Sub-commands: encode (attentions of a
// text), train-mlm / eval-mlm (masked-LM head training and scoring), translate (Marian models,
// with alignments), train-mt, download / models (the Hugging Face cache); the export-analysis
// options encode and translate share.
// Errors print one line and exit non-zero.
#include "commands.h"

#include "attnscope/errors.h"

#include <algorithm>
#include <cstdio>

std::string formatDuration(double seconds) {
    const long s = static_cast<long>(seconds + 0.5);
    char text[32];
    if (s >= 3600) std::snprintf(text, sizeof text, "%ldh%02ldm", s / 3600, (s % 3600) / 60);
    else if (s >= 60) std::snprintf(text, sizeof text, "%ldm%02lds", s / 60, s % 60);
    else std::snprintf(text, sizeof text, "%lds", s);
    return text;
}

void addExportAnalysisOptions(CLI::App& command, std::vector<std::string>& aggregates, bool& stats) {
    command
        .add_option("--aggregate", aggregates,
                    "Add per-layer aggregates to the --json export: mean, max or rollout (repeat, or "
                    "comma-separated)")
        ->delimiter(',');
    command.add_flag("--stats", stats, "Add per-head entropy (bits) and mean attention distance to the --json export");
}

attnscope::ExportAnalysis exportAnalysis(const std::vector<std::string>& aggregates, bool stats,
                                         const std::string& jsonPath) {
    attnscope::ExportAnalysis extra;
    for (const auto& name : aggregates) {
        const auto how = attnscope::parseExportAggregate(name);
        // Asking twice for one aggregate exports it once.
        if (std::find(extra.aggregates.begin(), extra.aggregates.end(), how) == extra.aggregates.end())
            extra.aggregates.push_back(how);
    }
    extra.stats = stats;
    if ((!extra.aggregates.empty() || stats) && jsonPath.empty())
        throw attnscope::InputError("--aggregate and --stats add to the JSON export: give --json FILE too");
    return extra;
}

int main(int argc, char** argv) {
    CLI::App app{"attnscope-cli: run a transformer and print or export every attention weight"};
    app.require_subcommand(1);
    // Every failure is one line on stderr, "attnscope-cli: error: ...", usage mistakes included
    // (CLI11's default adds a second line).
    app.failure_message([](const CLI::App*, const CLI::Error& e) {
        return std::string("attnscope-cli: error: ") + e.what() + " (see --help)\n";
    });
    const Command commands[] = {addEncodeCommand(app), addTrainMlmCommand(app), addEvalMlmCommand(app),
                                addTranslateCommand(app), addTrainMtCommand(app),   addDownloadCommand(app),
                                addModelsCommand(app), addInspectCommand(app), addGenerateCommand(app)};
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    try {
        for (const auto& c : commands)
            if (c.app->parsed()) return c.run();
    } catch (const attnscope::Error& e) {
        std::fprintf(stderr, "attnscope-cli: error: %s\n", e.what());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "attnscope-cli: internal error: %s\n", e.what());
        return 2;
    }
    return 0;
}
