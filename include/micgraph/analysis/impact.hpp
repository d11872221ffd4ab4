#pragma once
/// \file analysis/impact.hpp
/// What a sanction does to production capacity (DESIGN §2–§3): capacity propagation through
/// AND-of-OR requirement slots, baseline vs scenario, products ranked by loss, losses by country
/// and category, and explanations that trace each loss back to the rules that caused it.

#include <algorithm>
#include <cmath>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "micgraph/analysis/propagate.hpp"
#include "micgraph/detail/cut_propagation.hpp"
#include "micgraph/error.hpp"
#include "micgraph/graph.hpp"
#include "micgraph/scenario.hpp"

namespace micgraph {

/// Capacity lost, summed over a group of nodes.
struct loss_aggregate {
  std::string key;          ///< a country code or a category
  double loss = 0.0;        ///< sum of capacity fractions lost
  std::size_t nodes = 0;    ///< nodes of the group that lost anything
};

struct impact_options {
  propagate_options propagation;
  /// Compute losses attributable to the cuts on each country's / category's inputs (one
  /// incremental propagation from the baseline per country and per category among the cut
  /// elements, over what that group's cuts reach).
  bool attribute = true;
  /// Which nodes the rankings and aggregates cover, by kind; empty: products.
  std::vector<node_kind> ranked_kinds;
  /// Baseline capacities computed once (baseline_capacity) and shared by many scenarios with the
  /// same evidence filters (`min_confidence`, `views`); empty: computed here. Must have one entry
  /// per node.
  std::span<const double> baseline;
};

struct impact_result {
  std::vector<double> baseline;  ///< per node, capacity fraction with no cuts
  std::vector<double> capacity;  ///< per node, with the scenario's cuts
  double loss(node_index v) const { return baseline[v] - capacity[v]; }
  /// Nodes of the ranked kinds, largest loss first (ties: node order).
  std::vector<node_index> ranked;
  /// Loss over the ranked nodes grouped by the node's own country / category.
  std::vector<loss_aggregate> loss_by_country;
  std::vector<loss_aggregate> loss_by_category;
  /// Loss over the ranked nodes when only the cuts on nodes of that country (node rules) and on
  /// edges from suppliers of that country (edge rules) apply; likewise by category. Shares of
  /// one loss can overlap: cuts interact, so these need not sum to the total.
  std::vector<loss_aggregate> attributed_to_country;
  std::vector<loss_aggregate> attributed_to_category;
  double total_loss = 0.0;  ///< over the ranked nodes
};

namespace detail {

inline void sort_aggregates(std::vector<loss_aggregate>& groups) {
  std::erase_if(groups, [](const loss_aggregate& a) { return a.nodes == 0; });
  std::sort(groups.begin(), groups.end(), [](const loss_aggregate& a, const loss_aggregate& b) {
    return a.loss != b.loss ? a.loss > b.loss : a.key < b.key;
  });
}

}  // namespace detail

/// Baseline vs scenario capacity of every node, the ranked nodes by loss, and the aggregates.
/// Cost: one traversal computing baseline and scenario together (one propagation with a shared
/// baseline), plus, when `attribute` is set, per country and per category among the cut
/// elements an incremental propagation over the part of the cone of that group's cuts whose
/// capacity changes.
inline impact_result impact(const graph& g, const compiled_scenario& s,
                            const impact_options& options = {}) {
  impact_result result;
  if (options.baseline.empty()) {
    detail::propagate_both(g, s.node_alive(), s.baseline_weights(), s.scenario_weights(),
                           options.propagation.tolerance, options.propagation.max_sweeps,
                           result.baseline, result.capacity);
  } else if (options.baseline.size() != g.node_count()) {
    throw error("impact: a shared baseline has " + std::to_string(options.baseline.size()) +
                " entries for " + std::to_string(g.node_count()) + " nodes");
  } else {
    result.baseline.assign(options.baseline.begin(), options.baseline.end());
    result.capacity = scenario_capacity(g, s, options.propagation);
  }
  std::vector<bool> ranked(g.node_count(), false);
  const std::vector<node_kind> products = {node_kind::product};
  const std::vector<node_kind>& kinds = options.ranked_kinds.empty() ? products : options.ranked_kinds;
  for (node_index v : g.nodes())
    ranked[v] = std::find(kinds.begin(), kinds.end(), g.node_kinds()[v]) != kinds.end();
  for (node_index v : g.nodes())
    if (ranked[v]) result.ranked.push_back(v);
  std::stable_sort(result.ranked.begin(), result.ranked.end(), [&](node_index a, node_index b) {
    return result.loss(a) > result.loss(b);
  });

  std::vector<loss_aggregate> by_country(g.countries().size()), by_category(g.categories().size());
  for (std::size_t i = 0; i < by_country.size(); ++i) by_country[i].key = g.countries()[i];
  for (std::size_t i = 0; i < by_category.size(); ++i) by_category[i].key = g.categories()[i];
  for (node_index v : result.ranked) {
    double lost = result.loss(v);
    if (lost <= 1e-12) continue;
    result.total_loss += lost;
    for (loss_aggregate* group : {&by_country[g.node_country_ids()[v]],
                                  &by_category[g.node_category_ids()[v]]}) {
      group->loss += lost;
      ++group->nodes;
    }
  }
  detail::sort_aggregates(by_country);
  detail::sort_aggregates(by_category);
  result.loss_by_country = std::move(by_country);
  result.loss_by_category = std::move(by_category);

  if (options.attribute && (!s.node_hits().empty() || !s.edge_hits().empty())) {
    // The country / category of a cut element: the node itself, or the edge's supplier.
    const auto sources = g.edge_sources();
    std::vector<std::uint32_t> countries, categories;
    for (const auto& hit : s.node_hits()) {
      countries.push_back(g.node_country_ids()[hit.element]);
      categories.push_back(g.node_category_ids()[hit.element]);
    }
    for (const auto& hit : s.edge_hits()) {
      countries.push_back(g.node_country_ids()[sources[hit.element]]);
      categories.push_back(g.node_category_ids()[sources[hit.element]]);
    }
    for (auto* list : {&countries, &categories}) {
      std::sort(list->begin(), list->end());
      list->erase(std::unique(list->begin(), list->end()), list->end());
    }
    // Each group's counterfactual (only the cuts on that group's nodes and suppliers apply)
    // from the baseline, re-evaluating only the nodes its cuts reach: the capacities are those
    // of a whole propagation with that group's multipliers, bit for bit.
    using evaluator = detail::cut_evaluator;
    evaluator state(g, std::vector<double>(g.node_count(), 1.0),
                    std::vector<double>(s.baseline_weights().begin(), s.baseline_weights().end()),
                    {}, options.propagation, result.baseline, evaluator::edge_positions::searched);
    std::vector<evaluator::position_weight> cut_positions;  // with their suppliers
    std::vector<node_index> cut_suppliers;
    for (std::size_t i = 0; i < s.edge_hits().size(); ++i) {
      const edge_index e = s.edge_hits()[i].element;
      if (i > 0 && s.edge_hits()[i - 1].element == e) continue;  // several rules: one weight
      const std::uint32_t p = g.edge_position(e);
      cut_positions.push_back({p, s.scenario_weights()[p]});
      cut_suppliers.push_back(sources[e]);
    }
    std::vector<evaluator::node_factor> node_changes;
    std::vector<evaluator::position_weight> edge_changes;
    auto attribute = [&](const std::vector<std::uint32_t>& groups,
                         std::span<const std::uint32_t> group_of,
                         const std::vector<std::string>& names, std::vector<loss_aggregate>& out) {
      for (std::uint32_t group : groups) {
        node_changes.clear();
        edge_changes.clear();
        for (const auto& hit : s.node_hits())
          if (group_of[hit.element] == group)
            node_changes.push_back({hit.element, 1.0 - s.definition().rules[hit.rule].enforcement});
        for (std::size_t i = 0; i < cut_positions.size(); ++i)
          if (group_of[cut_suppliers[i]] == group) edge_changes.push_back(cut_positions[i]);
        loss_aggregate loss{.key = names[group]};
        state.try_changes(node_changes, edge_changes, [&](node_index v, double capacity) {
          if (!ranked[v]) return;
          const double lost = result.baseline[v] - capacity;
          if (lost > 1e-12) {
            loss.loss += lost;
            ++loss.nodes;
          }
        });
        out.push_back(loss);
      }
    };
    std::vector<std::uint32_t> country_of(g.node_country_ids().begin(), g.node_country_ids().end());
    attribute(countries, country_of, g.countries(), result.attributed_to_country);
    attribute(categories, g.node_category_ids(), g.categories(), result.attributed_to_category);
    detail::sort_aggregates(result.attributed_to_country);
    detail::sort_aggregates(result.attributed_to_category);
  }
  return result;
}

// ---- explanations

/// Why one edge of a short slot delivers less than in the baseline.
struct explained_edge {
  edge_index edge = no_index;
  double baseline = 0.0;               ///< weight * source capacity with no cuts
  double delivered = 0.0;              ///< the same under the scenario
  std::vector<std::uint32_t> rules;    ///< edge rules cutting it (empty: not cut)
  double leak = 1.0;                   ///< fraction of its flow the cuts let through
  std::uint32_t source_cause = no_index;  ///< index in explanation::nodes when the source lost
                                          ///< capacity
};

/// A requirement slot that delivers less than in the baseline.
struct explained_slot {
  slot_index slot = no_index;
  double baseline = 0.0;  ///< min(1, sum) with no cuts
  double value = 0.0;     ///< min(1, sum) under the scenario
  bool binding = false;   ///< this slot sets the node's capacity
  std::vector<explained_edge> edges;
};

/// One node that lost capacity, with its own cut rules and its short slots.
struct explained_node {
  node_index node = no_index;
  double baseline = 0.0;
  double capacity = 0.0;
  std::vector<std::uint32_t> rules;  ///< node rules hitting it (empty: not cut itself)
  double alive = 1.0;
  std::vector<explained_slot> slots;
  bool truncated = false;  ///< not expanded: the explanation reached its size limit
};

/// The causes of one node's loss: nodes[0] is the node asked about; edges point at the nodes
/// whose loss they carry. Each node appears once, in the order first reached (breadth first,
/// slots and edges in graph order), so the result is deterministic.
struct explanation {
  std::vector<explained_node> nodes;
};

struct explain_options {
  std::size_t max_nodes = 500;  ///< nodes expanded before the rest are marked truncated
  double epsilon = 1e-12;       ///< smaller drops are not losses
};

/// Traces the loss of `target` back through short slots, cut edges and sources that lost
/// capacity, to the rules that started each branch. Empty when `target` lost nothing.
inline explanation explain(const graph& g, const compiled_scenario& s, const impact_result& r,
                           node_index target, const explain_options& options = {}) {
  explanation out;
  if (r.loss(target) <= options.epsilon) return out;
  std::vector<std::uint32_t> index_of(g.node_count(), no_index);
  const auto sources = g.in_edge_sources();
  const auto order = g.in_edge_order();
  const auto base_w = s.baseline_weights();
  const auto cut_w = s.scenario_weights();
  std::vector<node_index> pending{target};
  index_of[target] = 0;
  out.nodes.push_back({.node = target});
  // Breadth of work is bounded by max_nodes; each node is expanded once.
  for (std::size_t i = 0; i < out.nodes.size(); ++i) {
    explained_node& current = out.nodes[i];
    node_index v = current.node;
    current.baseline = r.baseline[v];
    current.capacity = r.capacity[v];
    current.alive = s.node_alive()[v];
    current.rules = s.rules_of_node(v);
    if (i >= options.max_nodes) {
      current.truncated = true;
      continue;
    }
    std::vector<explained_slot> slots;
    double binding_value = 2.0;
    for (slot_index slot : g.slots(v)) {
      explained_slot entry{.slot = slot};
      double base_sum = 0.0, sum = 0.0;
      for (std::uint32_t p : g.slot_positions(slot)) {
        base_sum += base_w[p] * r.baseline[sources[p]];
        sum += cut_w[p] * r.capacity[sources[p]];
      }
      entry.baseline = std::min(1.0, base_sum);
      entry.value = std::min(1.0, sum);
      binding_value = std::min(binding_value, entry.value);
      if (entry.value >= entry.baseline - options.epsilon) continue;
      for (std::uint32_t p : g.slot_positions(slot)) {
        edge_index e = order[p];
        explained_edge edge{.edge = e,
                            .baseline = base_w[p] * r.baseline[sources[p]],
                            .delivered = cut_w[p] * r.capacity[sources[p]]};
        if (edge.delivered >= edge.baseline - options.epsilon) continue;
        edge.rules = s.rules_of_edge(e);
        edge.leak = s.edge_cut(e);
        node_index source = sources[p];
        if (r.loss(source) > options.epsilon) {
          if (index_of[source] == no_index) {
            index_of[source] = static_cast<std::uint32_t>(out.nodes.size());
            out.nodes.push_back({.node = source});
          }
          edge.source_cause = index_of[source];
        }
        entry.edges.push_back(std::move(edge));
      }
      slots.push_back(std::move(entry));
    }
    for (explained_slot& slot : slots)
      slot.binding = slot.value <= binding_value + options.epsilon;
    out.nodes[i].slots = std::move(slots);  // `current` may dangle after push_back
  }
  return out;
}

}  // namespace micgraph
