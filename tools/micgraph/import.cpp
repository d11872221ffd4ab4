// micgraph import war-sanctions DIR -o OUT: a public data set as a graph, with a report of what
// was read, merged and skipped.

#include <fmt/core.h>

#include <chrono>
#include <memory>
#include <micgraph/import/war_sanctions.hpp>
#include <micgraph/io/load.hpp>
#include <micgraph/report/graph.hpp>

#include "command.hpp"

namespace micgraph::cli {

namespace {

struct import_options {
  std::string directory;
  std::string output;
};

}  // namespace

command add_import(CLI::App& app) {
  auto* sub = app.add_subcommand("import", "Build a graph from a public data set");
  sub->require_subcommand(1);
  auto* war_sanctions = sub->add_subcommand(
      "war-sanctions",
      "The GUR War & Sanctions components data (CC BY 4.0): weapons as products, makers as firms, "
      "distinct parts as components; prints what was read, merged and skipped");
  auto options = std::make_shared<import_options>();
  war_sanctions
      ->add_option("DIR", options->directory,
                   "folder holding drones.csv, components.csv and optionally manufacturers.csv, "
                   "supply_chain_edges.csv, LICENSE-DATA")
      ->required();
  war_sanctions
      ->add_option("-o,--output", options->output,
                   "output: a .json file, or a directory for nodes.csv + edges.csv")
      ->required();

  return {sub, [options]() -> int {
            auto start = std::chrono::steady_clock::now();
            io::war_sanctions_import imported = io::import_war_sanctions(options->directory);
            io::save_graph(imported.graph, options->output);
            std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - start;
            fmt::print(stderr, "{}",
                       io::to_text(imported.report, imported.graph, options->output, seconds.count()));
            return exit_ok;
          }};
}

}  // namespace micgraph::cli
