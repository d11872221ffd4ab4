#pragma once
/// \file detail/cut_propagation.hpp
/// Capacities under cuts, updated incrementally: the engine of sanction design
/// (analysis/design.hpp), which measures thousands of candidate cuts on one state, and of the
/// loss attribution of impact (analysis/impact.hpp), which measures each country's and
/// category's cuts on the baseline.

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <queue>
#include <span>
#include <vector>

#include "micgraph/analysis/propagate.hpp"
#include "micgraph/detail/propagation.hpp"
#include "micgraph/graph.hpp"

namespace micgraph::detail {

/// Capacities under multipliers (alive per node, weight per reverse-CSR position) with cuts
/// applied incrementally: try() measures a cut and undoes it, apply() keeps it. Only the nodes
/// downstream of a cut whose inputs change are re-evaluated, in node order; a cyclic component
/// reached is solved again from zero. The capacities are therefore bit for bit those of
/// micgraph::propagate on the same multipliers.
class cut_evaluator {
 public:
  cut_evaluator(const graph& g, std::vector<double> alive, std::vector<double> weights,
                std::span<const node_index> targets, const propagate_options& options)
      : cut_evaluator(g, std::move(alive), std::move(weights), targets, options, {}) {}

  /// How an edge's reverse-CSR position is found: from a map of every edge (4 bytes per edge,
  /// for evaluators that measure many single edges), or by a search of the edge's slot (for one
  /// that only applies a few sets of changes, as the attribution of impact does).
  enum class edge_positions { mapped, searched };

  /// The same, starting from `capacity`, which must be propagate(g, alive, weights, options)
  /// (computed once elsewhere).
  cut_evaluator(const graph& g, std::vector<double> alive, std::vector<double> weights,
                std::span<const node_index> targets, const propagate_options& options,
                std::span<const double> capacity, edge_positions positions = edge_positions::mapped)
      : g_(g),
        options_(options),
        alive_(std::move(alive)),
        weights_(std::move(weights)),
        target_(g.node_count(), 0),
        queued_(g.node_count(), 0),
        solved_component_(g.component_count(), 0) {
    if (positions == edge_positions::mapped) {
      auto map = std::make_shared<std::vector<std::uint32_t>>(g.edge_count(), no_index);
      const auto order = g.in_edge_order();
      for (std::size_t p = 0; p < order.size(); ++p) (*map)[order[p]] = static_cast<std::uint32_t>(p);
      position_of_edge_ = std::move(map);
    }
    if (capacity.empty())
      cap_ = propagate(g, alive_, weights_, options);
    else
      cap_.assign(capacity.begin(), capacity.end());
    for (node_index t : targets) target_[t] = 1;
  }

  /// A node's alive multiplied by a factor, or a position's weight set to a value.
  struct node_factor {
    node_index node;
    double factor;
  };
  struct position_weight {
    std::uint32_t position;
    double weight;
  };

  /// Applies several changes at once (node factors in the order given), propagates, calls
  /// visit(v, capacity) for every node whose capacity changed, in node order, and undoes it
  /// all. Cost: the part of the downstream cone of the changes whose capacity moves.
  template <class Visit>
  void try_changes(std::span<const node_factor> nodes, std::span<const position_weight> positions,
                   Visit&& visit) {
    for (const node_factor& change : nodes) {
      alive_log_.push_back({change.node, alive_[change.node]});
      alive_[change.node] *= change.factor;
      push(change.node);
    }
    for (const position_weight& change : positions) {
      weight_log_.push_back({change.position, weights_[change.position]});
      weights_[change.position] = change.weight;
      push(g_.edge_targets()[g_.in_edge_order()[change.position]]);
    }
    double removed = 0.0;
    propagate_queued(removed);
    changed_.clear();
    for (const logged& entry : cap_log_) changed_.push_back(entry.index);
    std::sort(changed_.begin(), changed_.end());
    changed_.erase(std::unique(changed_.begin(), changed_.end()), changed_.end());
    for (node_index v : changed_) visit(v, cap_[v]);
    undo();
  }

  std::span<const double> capacity() const noexcept { return cap_; }
  /// The weight of every reverse-CSR position as it stands (between calls: the kept cuts').
  std::span<const double> weights() const noexcept { return weights_; }
  /// Reverse-CSR position of a dependency edge, or no_index for an `owns` or `controls` edge.
  std::uint32_t position(edge_index e) const {
    return position_of_edge_ ? (*position_of_edge_)[e] : g_.edge_position(e);
  }
  double weight(edge_index e) const {
    std::uint32_t p = position(e);
    return p == no_index ? 0.0 : weights_[p];
  }

  /// Target capacity removed by cutting a node (edge) with this enforcement, then undone.
  double try_node(node_index u, double enforcement) { return run(u, no_index, enforcement, false); }
  double try_edge(edge_index e, double enforcement) {
    return run(no_index, position(e), enforcement, false);
  }
  /// The same, kept.
  double apply_node(node_index u, double enforcement) { return run(u, no_index, enforcement, true); }
  double apply_edge(edge_index e, double enforcement) {
    return run(no_index, position(e), enforcement, true);
  }

 private:
  double evaluate(node_index v) const {
    double a = alive_[v];
    return a == 0.0 ? 0.0 : a * weakest_slot(g_, v, weights_.data(), cap_.data());
  }

  void push(node_index v) {
    if (!queued_[v]) {
      queued_[v] = 1;
      heap_.push(v);
    }
  }

  void push_consumers(node_index v) {
    const auto targets = g_.edge_targets();
    const std::uint32_t* position_of_edge = position_of_edge_ ? position_of_edge_->data() : nullptr;
    std::uint32_t c = g_.component(v);
    for (edge_index e : g_.out_edges(v)) {
      std::uint32_t p = position_of_edge ? position_of_edge[e] : position(e);
      if (p == no_index || weights_[p] == 0.0) continue;
      node_index t = targets[e];
      if (g_.component(t) != c || !g_.component_is_cyclic(c)) push(t);
    }
  }

  void set_capacity(node_index v, double value, double& removed) {
    if (value == cap_[v]) return;
    cap_log_.push_back({v, cap_[v]});
    if (target_[v]) removed += cap_[v] - value;
    cap_[v] = value;
    push_consumers(v);
  }

  // Solves cyclic component c from zero, as propagate() does.
  void solve_component(std::uint32_t c, double& removed) {
    auto members = g_.component_nodes(c);
    scratch_.assign(members.size(), 0.0);
    std::size_t i = 0;
    for (node_index v : members) scratch_[i++] = cap_[v];
    for (node_index v : members) cap_[v] = 0.0;
    climb_to_fixpoint(members, cap_.data(), [this](node_index v) { return evaluate(v); },
                      options_.tolerance, options_.max_sweeps);
    // Log against the values before the component was reset.
    i = 0;
    for (node_index v : members) {
      double now = cap_[v];
      cap_[v] = scratch_[i++];
      set_capacity(v, now, removed);
    }
  }

  double run(node_index u, std::uint32_t position, double enforcement, bool keep) {
    double removed = 0.0;
    if (u != no_index) {
      alive_log_.push_back({u, alive_[u]});
      alive_[u] *= 1.0 - enforcement;
      push(u);
    } else if (position != no_index) {
      weight_log_.push_back({position, weights_[position]});
      weights_[position] *= 1.0 - enforcement;
      push(g_.edge_targets()[g_.in_edge_order()[position]]);
    }
    propagate_queued(removed);
    if (keep)
      forget();
    else
      undo();
    return removed;
  }

  // Re-evaluates the queued nodes and whatever they change, in node order.
  void propagate_queued(double& removed) {
    while (!heap_.empty()) {
      node_index v = heap_.top();
      heap_.pop();
      queued_[v] = 0;
      std::uint32_t c = g_.component(v);
      if (g_.component_is_cyclic(c)) {
        if (solved_component_[c]) continue;
        solved_component_[c] = 1;
        solved_.push_back(c);
        solve_component(c, removed);
      } else {
        set_capacity(v, evaluate(v), removed);
      }
    }
    for (std::uint32_t c : solved_) solved_component_[c] = 0;
    solved_.clear();
  }

  // Restores every capacity, alive and weight changed since the last forget() or undo().
  void undo() {
    for (auto it = cap_log_.rbegin(); it != cap_log_.rend(); ++it) cap_[it->index] = it->value;
    for (auto it = alive_log_.rbegin(); it != alive_log_.rend(); ++it) alive_[it->index] = it->value;
    for (auto it = weight_log_.rbegin(); it != weight_log_.rend(); ++it)
      weights_[it->index] = it->value;
    forget();
  }

  void forget() {
    cap_log_.clear();
    alive_log_.clear();
    weight_log_.clear();
  }

  struct logged {
    std::uint32_t index;
    double value;
  };
  const graph& g_;
  propagate_options options_;
  std::vector<double> alive_, weights_, cap_, scratch_;
  std::vector<std::uint8_t> target_, queued_;
  // Immutable, shared by copies (the design search copies the evaluator once per worker); null
  // when positions are searched.
  std::shared_ptr<const std::vector<std::uint32_t>> position_of_edge_;
  std::vector<std::uint8_t> solved_component_;
  std::vector<std::uint32_t> solved_;
  std::vector<node_index> changed_;
  std::priority_queue<node_index, std::vector<node_index>, std::greater<>> heap_;
  std::vector<logged> cap_log_, alive_log_, weight_log_;
};

}  // namespace micgraph::detail
