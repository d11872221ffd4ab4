#pragma once
// The subcommands of the micgraph program. Each registers itself on the CLI11 app and returns
// the function that runs it once the command line is parsed; runners return the exit code.

#include <CLI/CLI.hpp>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include <micgraph/error.hpp>

namespace micgraph::cli {

/// Exit codes of the contract (DESIGN §4).
inline constexpr int exit_ok = 0;
inline constexpr int exit_failure = 1;
inline constexpr int exit_bad_input = 2;

/// A registered subcommand and the function that runs it once parsed (returns the exit code).
struct command {
  CLI::App* app;
  std::function<int()> run;
};

command add_validate(CLI::App& app);
command add_stats(CLI::App& app);
command add_generate(CLI::App& app);
command add_impact(CLI::App& app);

/// Prints one JSON document on stdout.
void print_json(const nlohmann::ordered_json& document);

/// The error as one JSON object: message plus the parts of its location that are known.
nlohmann::ordered_json error_json(const parse_error& error);

}  // namespace micgraph::cli
