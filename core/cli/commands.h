// Sub-commands of attnscope-cli. Each add* registers its options on the app and returns the
// function that runs it once parsing has chosen it; runners throw attnscope::Error on failure.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

struct Command {
    CLI::App* app = nullptr;
    std::function<int()> run;
};

Command addEncodeCommand(CLI::App& app);
Command addTrainMlmCommand(CLI::App& app);
Command addEvalMlmCommand(CLI::App& app);
Command addTrainMtCommand(CLI::App& app);
Command addTranslateCommand(CLI::App& app);

// "1h02m", "3m05s", "12s"
std::string formatDuration(double seconds);
