#pragma once
/// \file report/impact.hpp
/// The impact of a scenario as the front ends present it (`micgraph impact`): baseline and
/// scenario capacity of every node, products ranked by loss, losses by country and category,
/// optional Monte Carlo bands and explanations; and the side-by-side of source views
/// (`--compare-views`). Field names of the JSON documents: docs/json.md.

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "micgraph/analysis/impact.hpp"
#include "micgraph/analysis/uncertainty.hpp"
#include "micgraph/graph.hpp"
#include "micgraph/scenario.hpp"

namespace micgraph {

struct impact_report_options {
  impact_options analysis;
  /// Nodes whose loss is explained, in this order.
  std::vector<node_index> explain;
  explain_options explanation;
  /// Monte Carlo draws over confidence and enforcement ranges; 0: none.
  std::size_t samples = 0;
  /// Whose distributions Monte Carlo keeps: every node when unset (what the JSON document
  /// prints); else the first this many ranked nodes, 0 meaning all of them (what a text table of
  /// that many rows prints). Memory: samples x kept nodes x 8 bytes; the distributions kept are
  /// the same either way.
  std::optional<std::size_t> monte_carlo_ranked;
  std::uint64_t seed = 1;
  /// Monte Carlo worker threads (0: one per core); the result does not depend on it.
  unsigned threads = 0;
  /// Called with (samples done, samples); may be empty.
  std::function<void(std::size_t, std::size_t)> progress;
};

/// Everything `micgraph impact` shows for one scenario.
struct impact_report {
  const graph* g = nullptr;
  compiled_scenario scenario;
  impact_result result;
  /// The nodes impact_report_options::monte_carlo_ranked asks for (every node in node order
  /// unless it is set); see monte_carlo_result::distribution_of().
  std::optional<monte_carlo_result> monte_carlo;
  std::uint64_t seed = 1;
  std::vector<node_index> explained;
  std::vector<explanation> explanations;  ///< one per explained node
};

/// Runs impact (and Monte Carlo, and the explanations) of a compiled scenario. Cost: impact's,
/// plus samples x one fused propagation, plus each explanation's.
impact_report make_impact_report(const graph& g, compiled_scenario scenario,
                                 const impact_report_options& options = {});

/// What make_impact_report computes besides the compiled scenario it keeps, for front ends that
/// compile a scenario once and keep it apart from many results (the Python package): an
/// impact_report holds its scenario by value.
struct impact_findings {
  impact_result result;
  std::optional<monte_carlo_result> monte_carlo;  ///< as in impact_report
  std::uint64_t seed = 1;
  std::vector<node_index> explained;
  std::vector<explanation> explanations;  ///< one per explained node
};

/// make_impact_report's analyses of a scenario compiled and kept by the caller. Same cost.
impact_findings find_impact(const graph& g, const compiled_scenario& scenario,
                            const impact_report_options& options = {});

/// `{"scenario", "nodes": [{"id", "kind", "baseline", "capacity", "loss" (+ "mean", "p05",
/// "p95", "p_stop", "baseline_mean", "loss_mean", "loss_p05", "loss_p95", "p_scenario_stop")}], ("samples", "seed"), "explanations", "ranked", "total_loss",
/// "loss_by_country", "loss_by_category", "attributed_to_country", "attributed_to_category",
/// "rules", "warnings"}`.
void to_json(nlohmann::ordered_json& out, const impact_report& report);

/// The document of the impact_report made of `scenario` and `findings` (the same fields).
nlohmann::ordered_json to_json(const graph& g, const compiled_scenario& scenario,
                               const impact_findings& findings);

struct impact_text_options {
  /// Products listed (and their Monte Carlo rows); 0: all.
  std::size_t top = 15;
  /// How the scenario is named when it has no name (e.g. its file).
  std::string scenario_label;
};

/// The tables of `micgraph impact`: rules and their hits, products by capacity lost, Monte
/// Carlo bands, losses attributable to countries and categories, then each explanation.
std::string to_text(const impact_report& report, const impact_text_options& options = {});

/// The tables of the impact_report made of `scenario` and `findings`.
std::string to_text(const graph& g, const compiled_scenario& scenario,
                    const impact_findings& findings, const impact_text_options& options = {});

/// `{"nodes": [{"id", "kind", "baseline", "capacity", "loss"}] (every node), "ranked": [{"id",
/// "loss"}], "total_loss", "loss_by_country", "loss_by_category", "attributed_to_country",
/// "attributed_to_category"}`, the groups as `[{"key", "loss", "nodes"}]`.
nlohmann::ordered_json to_json(const graph& g, const impact_result& result);

/// `{"samples", "nodes": [{"id", "mean", "p05", "p95", "p_stop", "baseline_mean", "loss_mean",
/// "loss_p05", "loss_p95", "p_scenario_stop"}]}` (the recorded nodes).
nlohmann::ordered_json to_json(const graph& g, const monte_carlo_result& result);

/// One explanation as JSON: a list of nodes with their slots and edges, each edge naming the
/// rules that cut it and whether its source lost capacity. A node a rule cut through ownership
/// (its `with_owned`) has `"ownership": [{<the ownership explanation, report/ownership.hpp>,
/// "rule_number"}]`: the chain from the rule's listing.
nlohmann::ordered_json to_json(const graph& g, const compiled_scenario& scenario,
                               const explanation& why);

/// One explanation as an indented tree from the node asked about down to the cut edges and the
/// rules that cut them, and under a rule that cut a node through ownership, the ownership chain
/// from the rule's listing; a node met again is referred to, not repeated. Empty for an empty
/// explanation.
std::string to_text(const graph& g, const compiled_scenario& scenario, const explanation& why);

/// One run per source view (`--compare-views`), the nodes where the views disagree most first.
struct views_report {
  const graph* g = nullptr;
  scenario definition;
  std::vector<std::string> views;
  std::vector<view_impact> runs;  ///< one per view, in the order given
  std::vector<double> spread;     ///< per node: highest minus lowest capacity over the views
  std::vector<node_index> order;  ///< every node, largest spread first (ties: node order)
  std::size_t differing = 0;      ///< the nodes whose capacity differs between the views (a
                                  ///< spread over 1e-12): the first `differing` of `order`
};

/// Runs compare_views and orders the nodes by spread. Throws scenario_error for a view no edge
/// carries.
views_report make_views_report(const graph& g, const scenario& definition,
                               const std::vector<std::string>& views,
                               const propagate_options& propagation = {});

/// `{"scenario", "views", "nodes": [{"id", "kind", "capacity": {VIEW: c}, "baseline": {VIEW: c},
/// "spread"}]}`, nodes in report order.
void to_json(nlohmann::ordered_json& out, const views_report& report);

/// The `top` nodes with the largest spread (0: all), a column per view.
std::string to_text(const views_report& report, std::size_t top = 15,
                    const std::string& scenario_label = "");

}  // namespace micgraph
