#pragma once
/// \file report/chokepoints.hpp
/// Chokepoints as the front ends present them (`micgraph chokepoints`): each target's single
/// points of failure, the ranking of nodes by targets stopped and capacity removed, order-2
/// pairs, supply concentration, articulation points and bridges, betweenness and the cheapest
/// cuts. The policies live here: targets default to every product, betweenness is exact up to
/// a graph size and sampled beyond, cut costs come from a node attribute. Field names of the
/// JSON document: docs/json.md.

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "micgraph/analysis/chokepoints.hpp"
#include "micgraph/analysis/cut_sets.hpp"
#include "micgraph/analysis/min_cut.hpp"
#include "micgraph/analysis/structure.hpp"
#include "micgraph/graph.hpp"
#include "micgraph/scenario.hpp"
#include "micgraph/selection.hpp"

namespace micgraph {

struct chokepoints_report_options {
  /// The targets; empty: every product (a warning when the graph has none).
  std::vector<node_index> targets;
  /// 1: single points; 2: also pairs; 3 or more: also the minimal cut sets of every order up
  /// to it (analysis/cut_sets.hpp) over the `cuttable` nodes.
  int order = 1;
  std::size_t max_pairs = 10000;
  /// Minimal cut sets: count them by order and list none (computed at any order then, in place
  /// of the pairs), and the sets listed at most (cut_set_options::max_sets).
  bool count_only = false;
  std::size_t max_sets = 100000;
  /// Nodes ranked besides the single points of failure (largest downstream cones first).
  std::size_t candidates = 1000;
  /// When given, only the nodes it selects are ranked.
  std::optional<named_filter> rank;
  /// Targets whose cheapest cut is computed, the nodes such a cut (and a cut set) may take
  /// (all when not given), and the node attribute holding each node's cost of cutting (1 each when empty).
  std::vector<node_index> min_cut;
  std::optional<named_filter> cuttable;
  std::string cost_attribute;
  /// Betweenness from this many sampled sources; not given: exact up to
  /// `exact_betweenness_limit` nodes, 64 samples beyond (default_betweenness_samples).
  std::optional<std::size_t> betweenness_samples;
  std::size_t exact_betweenness_limit = 20000;
  std::uint64_t seed = 1;
  /// Evidence filters (a scenario's min_confidence and views; its rules are ignored); null:
  /// every edge counts.
  const compiled_scenario* evidence = nullptr;
  /// Worker threads for single points (target groups), the ranking and sampled betweenness;
  /// 0: one per core.
  unsigned threads = 0;
  /// The analyses run; the command line runs them all. A front end asking for one piece (the
  /// Python package's `single_points`, `betweenness`, ...) leaves the others out; the ranking
  /// needs the single points and runs them. Pairs and cut sets follow `order`.
  struct analyses {
    bool single_points = true;
    bool ranking = true;
    bool concentration = true;
    bool structure = true;
    bool betweenness = true;
  };
  analyses run;
  /// Called with (done, total) by the long stages (ranking, pairs, betweenness) in turn.
  std::function<void(std::size_t, std::size_t)> progress;
};

/// Everything `micgraph chokepoints` shows.
struct chokepoints_report {
  const graph* g = nullptr;
  std::vector<node_index> targets;
  int order = 1;
  single_points_result single_points;
  ranking_result ranking;
  pairs_result pairs;  ///< empty unless order 2
  std::optional<cut_sets_result> cut_sets;  ///< order 3 or more, or count_only
  std::vector<category_concentration> concentration;
  structure_result structure;
  betweenness_result betweenness;
  std::vector<min_cut_result> min_cuts;  ///< one per min_cut target
  std::vector<std::string> warnings;
};

/// Runs every chokepoint analysis with the options' policies. Throws scenario_error for a bad
/// filter, parse_error for a bad cost attribute.
chokepoints_report make_chokepoints_report(const graph& g,
                                           const chokepoints_report_options& options = {});

/// `{"targets": [{"id", "single_points"}], "unavailable_targets", "ranking": [{"id", "kind",
/// "country", "targets_stopped", "capacity_removed"}], "ranking_cones_estimated", "pairs":
/// [{"a", "b", "targets_stopped"}], "pairs_truncated", "concentration": [...],
/// "articulation_points", "bridges", "betweenness": [{"id", "score"}], "betweenness_estimated",
/// "betweenness_samples", "min_cuts": [...], "cut_sets": {...} (order 3 or more, or count-only:
/// report/cut_sets.hpp), "warnings"}`.
void to_json(nlohmann::ordered_json& out, const chokepoints_report& report);

/// The tables, `top` rows each (0: all).
std::string to_text(const chokepoints_report& report, std::size_t top = 10);

// Each analysis's result on its own; the report's document is these objects in this order.

/// `{"targets": [{"id", "single_points"}], "unavailable_targets"}`.
nlohmann::ordered_json to_json(const graph& g, const single_points_result& result);
/// `{"ranking": [{"id", "kind", "country", "targets_stopped", "capacity_removed"}],
/// "ranking_cones_estimated"}`.
nlohmann::ordered_json to_json(const graph& g, const ranking_result& result);
/// `{"pairs": [{"a", "b", "targets_stopped"}], "pairs_truncated"}`.
nlohmann::ordered_json to_json(const graph& g, const pairs_result& result);
/// `[{"category", "suppliers", "hhi_firms", "hhi_countries", "top_country",
/// "top_country_share", "top_supplier", "top_supplier_share"}]`.
nlohmann::ordered_json to_json(const graph& g, std::span<const category_concentration> result);
/// `{"articulation_points", "bridges": [{"a", "b"}]}`.
nlohmann::ordered_json to_json(const graph& g, const structure_result& result);
/// `{"betweenness": [{"id", "score"}] (every node, highest first), "betweenness_estimated",
/// "betweenness_samples"}`.
nlohmann::ordered_json to_json(const graph& g, const betweenness_result& result);
/// `{"target", "cut", "exact", "reason", "unavailable", "impossible", "cost"}` (cost null when
/// no cut is possible).
nlohmann::ordered_json to_json(const graph& g, const min_cut_result& result);

}  // namespace micgraph
