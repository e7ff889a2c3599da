// Sub-commands of attnscope-cli. Each add* registers its options on the app and returns the
// function that runs it once parsing has chosen it; runners throw attnscope::Error on failure.
#pragma once

#include "attnscope/json_export.h"

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

struct Command {
    CLI::App* app = nullptr;
    std::function<int()> run;
};

Command addEncodeCommand(CLI::App& app);
Command addTrainMlmCommand(CLI::App& app);
Command addEvalMlmCommand(CLI::App& app);
Command addTrainMtCommand(CLI::App& app);
Command addTranslateCommand(CLI::App& app);
Command addDownloadCommand(CLI::App& app);
Command addModelsCommand(CLI::App& app);
Command addInspectCommand(CLI::App& app);
Command addGenerateCommand(CLI::App& app);

// --aggregate mean|max|rollout (repeatable, or comma-separated) and --stats: derived analysis
// added to the --json export (encode and translate).
void addExportAnalysisOptions(CLI::App& command, std::vector<std::string>& aggregates, bool& stats);
// The options as the exporter takes them; throws InputError on an unknown aggregate name, or
// when they are given without --json (they only add to the export).
attnscope::ExportAnalysis exportAnalysis(const std::vector<std::string>& aggregates, bool stats,
                                         const std::string& jsonPath);

// "1h02m", "3m05s", "12s"
std::string formatDuration(double seconds);
