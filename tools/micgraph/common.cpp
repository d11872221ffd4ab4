#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <micgraph/io/load.hpp>
#include <micgraph/io/scenario.hpp>
#include <micgraph/report/format.hpp>
#include <micgraph/selection.hpp>
#include <string>
#include <vector>

#include "command.hpp"

namespace micgraph::cli {

void print_json(const nlohmann::ordered_json& document) {
  fmt::print("{}\n", json_text(document));
}

compiled_scenario load_scenario(const graph& g, const std::string& file) {
  scenario definition = io::read_scenario(file);
  try {
    return compile(g, definition);
  } catch (const scenario_error& e) {
    source_location where = e.where();
    where.file = file;
    throw scenario_error(where, e.problem());
  }
}

compiled_scenario evidence_filters(const graph& g, double min_confidence,
                                   const std::vector<std::string>& views, const std::string& option) {
  try {
    return compile(g, scenario{.min_confidence = min_confidence, .views = views});
  } catch (const scenario_error& e) {
    throw parse_error({.element = option}, e.problem());
  }
}

std::string usage_problem(const CLI::App& app, int argc, char** argv, const CLI::ParseError& error) {
  // Walk down the subcommands the parser reached: their names make the help to point at.
  const CLI::App* at = &app;
  std::string path = "micgraph";
  int depth = 1;  // argv[depth] is the word after the path
  for (auto reached = at->get_subcommands(); !reached.empty(); reached = at->get_subcommands()) {
    at = reached.front();
    path += " " + at->get_name();
    while (depth < argc && argv[depth] != at->get_name()) ++depth;
    ++depth;
  }
  std::vector<std::string> names;
  for (const CLI::App* sub : at->get_subcommands([](const CLI::App*) { return true; }))
    names.push_back(sub->get_name());
  // A word where a command was expected that names none: say so, with the closest command.
  if (!names.empty() && depth < argc && argv[depth][0] != '-' &&
      std::find(names.begin(), names.end(), argv[depth]) == names.end()) {
    std::string problem = fmt::format("unknown command '{}'", argv[depth]);
    if (std::vector<std::string> close = similar_words(argv[depth], names); !close.empty())
      problem += fmt::format(" (did you mean '{}'?)", close.front());
    return fmt::format("{}; see {} --help", problem, path);
  }
  return fmt::format("{} (see {} --help)", error.what(), path);
}

std::vector<std::string> renew_arguments(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  // The command is the first word that is not an option (the program has no option that takes
  // a value before it).
  std::size_t command = 1;
  while (command < args.size() && args[command].starts_with("-")) ++command;
  if (command >= args.size()) return args;
  for (std::size_t i = command + 1; i < args.size(); ++i) {
    for (const renamed_option& renamed : renamed_options) {
      if (args[command] != renamed.command) continue;
      const std::string old_name = renamed.old_name;
      std::string& arg = args[i];
      if (arg != old_name && !arg.starts_with(old_name + "=")) continue;
      arg = renamed.new_name + arg.substr(old_name.size());
      fmt::print(stderr,
                 "micgraph: warning: '{} {}' is now '{}'; the old name will be removed in the next "
                 "release\n",
                 renamed.command, renamed.old_name, renamed.new_name);
      break;
    }
    if (args[i] == "--") break;
  }
  return args;
}

CLI::Option* add_graph_argument(CLI::App* sub, std::string& file) {
  return sub->add_option("FILE", file,
                         "graph: a node-link .json file, a .mgb snapshot, or a CSV directory / "
                         "nodes.csv")
      ->required();
}

progress_bar::progress_bar(std::string label, bool enabled)
    : label_(std::move(label)), enabled_(enabled && isatty(fileno(stderr)) != 0) {}

progress_bar::~progress_bar() { finish(); }

void progress_bar::operator()(std::size_t done, std::size_t total) {
  if (!enabled_ || total == 0) return;
  draw(static_cast<int>(1000.0 * static_cast<double>(done) / static_cast<double>(total)),
       fmt::format(" ({}/{})", done, total));
}

void progress_bar::fraction(double done) {
  if (enabled_) draw(static_cast<int>(1000.0 * std::clamp(done, 0.0, 1.0)), "");
}

void progress_bar::draw(int permille, const std::string& counts) {
  if (permille == last_permille_) return;
  last_permille_ = permille;
  constexpr int width = 30;
  int filled = permille * width / 1000;
  fmt::print(stderr, "\r{} [{}{}] {:5.1f}%{}", label_,
             std::string(static_cast<std::size_t>(filled), '#'),
             std::string(static_cast<std::size_t>(width - filled), ' '), permille / 10.0, counts);
  std::fflush(stderr);
  drawn_ = true;
}

void progress_bar::finish() {
  if (drawn_) {
    fmt::print(stderr, "\r\033[K");
    std::fflush(stderr);
    drawn_ = false;
  }
  last_permille_ = -1;
}

graph load_graph_file(const std::string& path, bool quiet) {
  progress_bar bar("loading " + path, !quiet);
  graph g = io::load_graph(path, {.progress = [&](double done) { bar.fraction(done); }});
  bar.finish();
  return g;
}

}  // namespace micgraph::cli
