// micgraph validate FILE [--json]: load and check a graph.

#include <fmt/core.h>

#include <memory>
#include <micgraph/report/graph.hpp>

#include "command.hpp"

namespace micgraph::cli {

namespace {

struct validate_options {
  std::string file;
  bool json = false;
  std::size_t top = 20;
};

int run_validate(const validate_options& options) {
  graph g;
  try {
    g = load_graph_file(options.file, options.json);
  } catch (const parse_error& e) {
    if (options.json) print_json(invalid_json(e));
    throw;
  }
  validation_report report = validate(g);
  if (options.json)
    print_json(to_json(g, report));
  else
    fmt::print("{}", to_text(g, report, options.file, options.top));
  return exit_ok;
}

}  // namespace

command add_validate(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "validate",
      "Load a graph and check it: load errors exit with 2; warnings for nodes that can never be "
      "produced, orphan nodes, dependency cycles and provider slots that mix categories");
  auto options = std::make_shared<validate_options>();
  add_graph_argument(sub, options->file);
  sub->add_flag("--json", options->json, "print one JSON document on stdout");
  sub->add_option("--top", options->top, "warnings listed in the table (0: all; all are in --json)")
      ->capture_default_str();
  return {sub, [options] { return run_validate(*options); }};
}

}  // namespace micgraph::cli
