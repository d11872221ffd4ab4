// micgraph stats FILE [--json]: counts and structure of a graph.

#include <fmt/core.h>

#include <memory>
#include <micgraph/report/graph.hpp>

#include "command.hpp"

namespace micgraph::cli {

namespace {

struct stats_options {
  std::string file;
  bool json = false;
};

int run_stats(const stats_options& options) {
  graph g = load_graph_file(options.file, options.json);
  graph_stats stats = compute_stats(g);
  if (options.json)
    print_json(stats);
  else
    fmt::print("{}", to_text(stats, options.file));
  return exit_ok;
}

}  // namespace

command add_stats(CLI::App& app) {
  auto* sub = app.add_subcommand("stats", "Counts and structure of a graph");
  auto options = std::make_shared<stats_options>();
  add_graph_argument(sub, options->file);
  sub->add_flag("--json", options->json, "print one JSON document on stdout");
  return {sub, [options] { return run_stats(*options); }};
}

}  // namespace micgraph::cli
