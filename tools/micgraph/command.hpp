#pragma once
// The subcommands of the micgraph program. Each registers itself on the CLI11 app and returns
// the function that runs it once the command line is parsed; runners return the exit code.

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

/// Prints one JSON document on stdout.
void print_json(const nlohmann::ordered_json& document);

/// The error as one JSON object: message plus the parts of its location that are known.
nlohmann::ordered_json error_json(const parse_error& error);

/// A scenario compiled against a graph; its errors name the scenario file.
compiled_scenario compile_scenario_file(const graph& g, const scenario& definition,
                                        const std::string& file);

/// "id (kind, country)" for tables.
std::string node_label(const graph& g, node_index v);

/// The node numbers of ids given to an option; an unknown id is bad input naming the option.
std::vector<node_index> resolve_ids(const graph& g, const std::vector<std::string>& ids,
                                    const std::string& file, const std::string& option);

/// A node filter written on the command line: `field=value,value;field=value` with the fields
/// ids, kinds, countries, categories (globs) and tags, e.g.
/// `kinds=firm;countries=DE,JP,TW`. Malformed text or an unknown kind is bad input naming
/// the option.
node_filter parse_node_filter(const std::string& text, const std::string& option);

/// The nodes a command-line filter selects (warnings such as "no node has country XX" are
/// appended to `warnings`).
std::vector<node_index> select_nodes(const graph& g, const node_filter& filter,
                                     const std::string& option,
                                     std::vector<std::string>& warnings);

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

}  // namespace micgraph::cli
