#pragma once
/// \file report/design.hpp
/// Sanction design as the front ends present it (`micgraph design`): the greedy picks with
/// their gains, from scratch or on top of a scenario. Targets default to every product;
/// candidates may be given as a node filter (with edge cuts: the supply edges out of the nodes
/// it selects). Field names of the JSON document: docs/json.md.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "micgraph/analysis/design.hpp"
#include "micgraph/graph.hpp"
#include "micgraph/scenario.hpp"
#include "micgraph/selection.hpp"

namespace micgraph {

struct design_report_options {
  /// The targets; empty: every product (scenario_error when the graph has none).
  std::vector<node_index> targets;
  /// What may be cut: the nodes a filter selects, or with edge cuts the dependency edges out of
  /// them (scenario_error when that is nothing); not given: design_options' default.
  std::optional<named_filter> candidates;
  /// The greedy search; its `candidates` are replaced when the filter above is given, its
  /// `scenario` is the starting point (null: no filters, no cuts).
  design_options analysis;
  /// How messages name the graph (e.g. its file) and the place the targets were given.
  std::string graph_name;
  std::string targets_name = "targets";
};

/// Everything `micgraph design` shows.
struct design_report {
  const graph* g = nullptr;
  design_options settings;  ///< as run (its progress callback dropped)
  std::optional<std::string> scenario_name;  ///< the starting scenario's name, if any
  design_result result;
  std::vector<std::string> warnings;  ///< the scenario's and the candidate filter's
};

/// Runs design_sanctions with the options' policies.
design_report make_design_report(const graph& g, const design_report_options& options = {});

/// `{"scenario", "targets", "cut", "enforcement", "baseline", "start", "candidates",
/// "evaluations", "lazy", "picks": [{"id", "kind", "country" | "edge": {"source", "target",
/// "kind"}, "gain", "remaining", "targets_stopped"}], "exhausted", "warnings"}`.
void to_json(nlohmann::ordered_json& out, const design_report& report);

/// The result alone: `{"targets", "cut", "baseline", "start", "candidates", "evaluations",
/// "picks", "exhausted"}`.
nlohmann::ordered_json to_json(const graph& g, const design_result& result);

/// The picks as a table, the first `top` of them (0: all).
std::string to_text(const design_report& report, std::size_t top = 0);

}  // namespace micgraph
