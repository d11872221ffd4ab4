#pragma once
// The subcommands of the micgraph program. Each registers itself on the CLI11 app and returns
// the function that runs it once the command line is parsed; runners return the exit code.
// Every rule is in the library: a command parses its options, calls the library and prints
// the library's report.

#include <CLI/CLI.hpp>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include <micgraph/error.hpp>
#include <micgraph/graph.hpp>
#include <micgraph/scenario.hpp>
#include <vector>

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
command add_convert(CLI::App& app);
command add_impact(CLI::App& app);
command add_chokepoints(CLI::App& app);
command add_design(CLI::App& app);
command add_timeline(CLI::App& app);
command add_export(CLI::App& app);
command add_import(CLI::App& app);
command add_ownership(CLI::App& app);
command add_report(CLI::App& app);

/// The one line a usage error prints: CLI11's message, a "did you mean" for a mistyped command,
/// and the help of the deepest subcommand reached (`see micgraph impact --help`).
std::string usage_problem(const CLI::App& app, int argc, char** argv, const CLI::ParseError& error);

/// An option renamed so that one name means one thing in every command (README, "Options").
/// The old spelling still works for one release: it is rewritten to the new one with a warning.
struct renamed_option {
  const char* command;
  const char* old_name;
  const char* new_name;
};
inline constexpr renamed_option renamed_options[] = {
    {"chokepoints", "--candidates", "--max-candidates"},
    {"chokepoints", "--samples", "--betweenness-samples"},
    {"design", "--candidates", "--cuttable"},
    {"validate", "--max-warnings", "--top"},
    {"report", "--views", "--compare-views"},
    {"report", "--explain", "--explain-top"},
};

/// The command line with every old spelling of renamed_options replaced by its new name (also
/// in `--old=value`), and one warning line on stderr per replacement.
std::vector<std::string> renew_arguments(int argc, char** argv);

/// When an argument names an input of 32 MiB or more, starts the program again with glibc's
/// allocator on transparent huge pages (memory.cpp says why); returns when it does not.
void use_huge_pages_for_large_inputs(int argc, char** argv);

/// Prints one JSON document on stdout.
void print_json(const nlohmann::ordered_json& document);

/// Reads and compiles a scenario file against a graph; its errors name the file.
compiled_scenario load_scenario(const graph& g, const std::string& file);

/// Evidence filters given as options, as a scenario without rules; errors name `option`.
compiled_scenario evidence_filters(const graph& g, double min_confidence,
                                   const std::vector<std::string>& views, const std::string& option);

/// Progress of long work on stderr, redrawn in place, only when stderr is a terminal and the
/// command is not printing JSON; erased when done.
class progress_bar {
 public:
  progress_bar(std::string label, bool enabled);
  ~progress_bar();
  progress_bar(const progress_bar&) = delete;
  progress_bar& operator=(const progress_bar&) = delete;
  void operator()(std::size_t done, std::size_t total);
  /// A fraction done in [0, 1].
  void fraction(double done);
  void finish();
  /// The bar as a (done, total) callback for the library's options.
  std::function<void(std::size_t, std::size_t)> callback() {
    return [this](std::size_t done, std::size_t total) { (*this)(done, total); };
  }

 private:
  void draw(int permille, const std::string& counts);

  std::string label_;
  bool enabled_;
  bool drawn_ = false;
  int last_permille_ = -1;
};

/// Loads a graph file with a progress bar "loading" on a terminal (none when `quiet`, e.g.
/// with --json).
graph load_graph_file(const std::string& path, bool quiet = false);

/// The graph-file argument every analysis takes.
CLI::Option* add_graph_argument(CLI::App* sub, std::string& file);

}  // namespace micgraph::cli
