// micgraph import war-sanctions DIR -o OUT: a public data set as a graph, with a report of what
// was read, merged and skipped.

#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <micgraph/io/load.hpp>
#include <micgraph/import/war_sanctions.hpp>
#include <string_view>
#include <utility>

#include "command.hpp"

namespace micgraph::cli {

namespace {

struct import_options {
  std::string directory;
  std::string output;
};

/// Skipped rows grouped by file and reason, in order of first occurrence.
void print_skipped(const std::vector<io::war_sanctions_skipped_row>& skipped) {
  std::vector<std::pair<std::string_view, std::string_view>> groups;
  for (const auto& row : skipped) {
    std::pair<std::string_view, std::string_view> group{row.file, row.reason};
    if (std::find(groups.begin(), groups.end(), group) == groups.end()) groups.push_back(group);
  }
  fmt::print(stderr, "skipped:{}\n", skipped.empty() ? " nothing" : "");
  for (const auto& [file, reason] : groups) {
    std::size_t count = 0;
    std::string examples;
    for (const auto& row : skipped) {
      if (row.file != file || row.reason != reason) continue;
      if (++count > 3) continue;
      examples.append(count == 1 ? "" : ", ").append("line ").append(std::to_string(row.line));
      if (!row.detail.empty()) examples.append(" (").append(row.detail).append(")");
    }
    fmt::print(stderr, "  {}: {} {}: {}\n    e.g. {}{}\n", file, count, count == 1 ? "row" : "rows",
               reason, examples, count > 3 ? ", ..." : "");
  }
}

void print_report(const io::war_sanctions_report& report, const graph& g, const std::string& output,
                  double seconds) {
  fmt::print(stderr, "imported {} nodes and {} edges into {} in {:.2f} s\n", g.node_count(),
             g.edge_count(), output, seconds);
  fmt::print(stderr,
             "read: drones.csv {} rows, manufacturers.csv {} rows, components.csv {} rows, "
             "supply_chain_edges.csv {} rows\n",
             report.weapon_rows, report.manufacturer_rows, report.component_rows,
             report.relation_rows);
  fmt::print(stderr, "graph: {} products (weapons), {} firms, {} components; {} produces and {} "
             "component_of edges\n",
             report.products, report.firms, report.components, report.produces_edges,
             report.component_of_edges);
  fmt::print(stderr,
             "firms: {} placeholders for unidentified makers (tag unknown), {} named only in "
             "components.csv, {} with ids made from name and country, {} without components\n",
             report.unidentified_firms, report.firms_from_components, report.renamed_firm_ids,
             report.firms_without_components);
  fmt::print(stderr,
             "components: {} sightings merged into a part seen before (same maker and marking), {} "
             "repeated sightings in the same weapon; kept apart: {} without a marking (tag "
             "unidentified_part), {} by unidentified makers\n",
             report.merged_records, report.repeated_uses, report.unmarked_parts,
             report.parts_of_unidentified_makers);
  print_skipped(report.skipped);
  for (const std::string& note : report.notes) fmt::print(stderr, "note: {}\n", note);
  fmt::print(stderr, "attribution (in the graph metadata): {}\n", report.attribution);
}

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
            print_report(imported.report, imported.graph, options->output, seconds.count());
            return exit_ok;
          }};
}

}  // namespace micgraph::cli
