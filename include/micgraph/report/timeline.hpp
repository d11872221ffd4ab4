#pragma once
/// \file report/timeline.hpp
/// The timeline as the front ends present it (`micgraph timeline`): capacity month by month of
/// the recorded nodes (default: every product) as a table, JSON, CSV or an SVG line chart. The
/// edges' own mean lives and ramps are read from their attributes. Field names of the JSON
/// document: docs/json.md.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "micgraph/analysis/timeline.hpp"
#include "micgraph/graph.hpp"
#include "micgraph/scenario.hpp"

namespace micgraph {

struct timeline_report_options {
  /// The analysis; an empty `record` means every product (scenario_error when the graph has
  /// none).
  timeline_options analysis;
  /// Read the edges' `mean_life_months` and `ramp_months` attributes into the analysis
  /// (io::read_timeline_attributes).
  bool edge_attributes = true;
  /// How messages name the graph (e.g. its file) and the place the nodes were given.
  std::string graph_name;
  std::string nodes_name = "nodes";
};

/// Everything `micgraph timeline` shows.
struct timeline_report {
  const graph* g = nullptr;
  compiled_scenario scenario;
  timeline_result result;
};

/// Runs the timeline of a compiled scenario with the options' policies.
timeline_report make_timeline_report(const graph& g, compiled_scenario scenario,
                                     const timeline_report_options& options = {});

/// `{"scenario", "months", "nodes": [{"id", "kind", "capacity": [month 0 .. N],
/// "first_month_below_half"}], "warnings"}`.
void to_json(nlohmann::ordered_json& out, const timeline_report& report);

/// The result alone: `{"months", "nodes": [{"id", "kind", "capacity": [month 0 .. N],
/// "first_month_below_half"}]}`.
nlohmann::ordered_json to_json(const graph& g, const timeline_result& result);

/// The table: a row per recorded node, its first `top` rows (0: all), a column per month (every
/// month up to 24, else 24 evenly spaced) and the first month below half. `scenario_label`
/// names a scenario without a name.
std::string to_text(const timeline_report& report, const std::string& scenario_label = "",
                    std::size_t top = 0);

/// CSV: `id,kind,month_0,...,month_N`, one row per recorded node.
std::string to_csv(const timeline_report& report);

/// An SVG line chart of the recorded nodes' capacity by month, titled `title`.
std::string to_svg(const timeline_report& report, const std::string& title);

}  // namespace micgraph
