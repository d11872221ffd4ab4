// micgraph validate FILE [--json]: load and check a graph.

#include <fmt/core.h>

#include <memory>
#include <micgraph/analysis/validation.hpp>
#include <micgraph/io/load.hpp>

#include "command.hpp"

namespace micgraph::cli {

namespace {
struct validate_options {
  std::string file;
  bool json = false;
  std::size_t max_warnings = 20;
};
}  // namespace

command add_validate(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "validate",
      "Load a graph and check it: load errors exit with 2; warnings for nodes that can never be "
      "produced, orphan nodes, dependency cycles and provider slots that mix categories");
  auto options = std::make_shared<validate_options>();
  sub->add_option("FILE", options->file, "graph: a .json file, or a CSV directory / nodes.csv")
      ->required();
  sub->add_flag("--json", options->json, "print one JSON document on stdout");
  sub->add_option("--max-warnings", options->max_warnings,
                  "warnings listed in the table (all are in --json)")
      ->capture_default_str();

  return {sub, [options]() -> int {
            graph g;
            try {
              g = load_graph_file(options->file, options->json);
            } catch (const parse_error& e) {
              if (options->json) {
                nlohmann::ordered_json out;
                out["valid"] = false;
                out["errors"] = nlohmann::ordered_json::array({error_json(e)});
                out["warnings"] = nlohmann::ordered_json::array();
                print_json(out);
              }
              throw;
            }
            validation_report report = validate(g);
            if (options->json) {
              nlohmann::ordered_json out;
              out["valid"] = true;
              out["errors"] = nlohmann::ordered_json::array();
              auto& warnings = out["warnings"] = nlohmann::ordered_json::array();
              for (const validation_warning& w : report.warnings)
                warnings.push_back({{"code", w.code}, {"message", w.message}, {"nodes", w.nodes}});
              out["nodes"] = g.node_count();
              out["edges"] = g.edge_count();
              print_json(out);
              return exit_ok;
            }
            fmt::print("{}: valid: {} nodes, {} edges, {} requirement slots\n", options->file,
                       g.node_count(), g.edge_count(), g.slot_count());
            std::size_t shown = 0;
            for (const validation_warning& w : report.warnings) {
              if (shown++ == options->max_warnings) {
                fmt::print("... {} more warnings (see --json)\n",
                           report.warnings.size() - options->max_warnings);
                break;
              }
              fmt::print("warning [{}]: {}\n", w.code, w.message);
            }
            fmt::print(
                "{} warnings: {} never producible, {} orphans, {} dependency cycles, {} mixed "
                "provider slots\n",
                report.warnings.size(), report.never_producible, report.orphans, report.cycles,
                report.mixed_slots);
            return exit_ok;
          }};
}

}  // namespace micgraph::cli
