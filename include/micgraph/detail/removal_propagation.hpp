#pragma once
/// \file detail/removal_propagation.hpp
/// Capacities after the loss of one node, updated incrementally: the engine of the chokepoint
/// ranking (analysis/chokepoints.hpp), one removal per ranked node.

#include <cstdint>
#include <functional>
#include <queue>
#include <span>
#include <vector>

#include "micgraph/analysis/propagate.hpp"
#include "micgraph/graph.hpp"

namespace micgraph::detail {

/// Capacities after the loss of one node, re-evaluating only the nodes downstream of it whose
/// inputs changed, in node order, with the capacity formula of micgraph::propagate (outside
/// cycles the results are bit for bit those of a full propagation).
///
/// A cyclic component is not iterated up from zero again. The members that lose all capacity
/// are found from the baseline derivation order (see pin_lost_members; only when an input of
/// the component fell to zero); pinned at zero, the rest descend from their baseline,
/// re-evaluating only members whose inputs moved. The capacity map is monotone and
/// subhomogeneous (F(t x) >= t F(x)) and every member left with capacity has a well-founded
/// derivation, so the fixpoint with that support is unique: the descent reaches the least
/// fixpoint that propagate climbs to, within the same tolerance.
class removal_propagation {
 public:
  removal_propagation(const graph& g, std::span<const double> weights,
                      std::span<const double> baseline, const propagate_options& options)
      : g_(g),
        weights_(weights),
        baseline_(baseline),
        options_(options),
        cap_(baseline.begin(), baseline.end()),
        queued_(g.node_count(), 0),
        changed_flag_(g.node_count(), 0),
        in_worklist_(g.node_count(), 0),
        position_of_edge_(g.edge_count(), no_index),
        component_lost_input_(g.component_count(), 0) {
    const auto order = g.in_edge_order();
    for (std::size_t p = 0; p < order.size(); ++p)
      position_of_edge_[order[p]] = static_cast<std::uint32_t>(p);
    rank_cyclic_members();
  }

  /// Removes u (alive = 0) and calls visit(v, capacity) for every node whose capacity changed.
  template <class Visit>
  void remove(node_index u, Visit&& visit) {
    removed_ = u;
    done_component_ = no_index;
    if (baseline_[u] > 0.0) {
      queued_[u] = 1;
      pushed_.push_back(u);
      heap_.push(u);
      std::uint32_t c = g_.component(u);
      if (g_.component_is_cyclic(c)) lose_input(c);
    }
    while (!heap_.empty()) {
      node_index v = heap_.top();
      heap_.pop();
      std::uint32_t c = g_.component(v);
      if (g_.component_is_cyclic(c)) {
        update_cycle(c, v);
        continue;
      }
      double next = v == u ? 0.0 : evaluate(v);
      if (next == cap_[v]) continue;
      cap_[v] = next;
      mark_changed(v);
      push_targets(v);
    }
    for (node_index v : changed_) {
      visit(v, cap_[v]);
      cap_[v] = baseline_[v];
      changed_flag_[v] = 0;
    }
    changed_.clear();
    for (node_index v : pushed_) queued_[v] = 0;
    pushed_.clear();
    for (std::uint32_t c : lost_components_) component_lost_input_[c] = 0;
    lost_components_.clear();
    removed_ = no_index;
  }

 private:
  double evaluate(node_index v) const {
    return v == removed_ ? 0.0 : detail::weakest_slot(g_, v, weights_.data(), cap_.data());
  }

  void mark_changed(node_index v) {
    if (!changed_flag_[v]) changed_flag_[v] = 1, changed_.push_back(v);
  }

  void lose_input(std::uint32_t c) {
    if (!component_lost_input_[c]) component_lost_input_[c] = 1, lost_components_.push_back(c);
  }

  // Cyclic component c, first reached at member `first`: its queued members are the ones whose
  // inputs changed.
  void update_cycle(std::uint32_t c, node_index first) {
    done_component_ = c;
    const auto members = g_.component_nodes(c);
    const node_index end = members.back() + 1;
    worklist_.clear();
    worklist_.push_back(first);
    while (!heap_.empty() && heap_.top() < end) {
      worklist_.push_back(heap_.top());
      heap_.pop();
    }
    if (component_lost_input_[c]) pin_lost_members(c);
    for (node_index v : worklist_) in_worklist_[v] = 1;
    const std::size_t limit = options_.max_sweeps * members.size();
    for (std::size_t step = 0; step < worklist_.size() && step < limit; ++step) {
      node_index v = worklist_[step];
      in_worklist_[v] = 0;
      if (cap_[v] == 0.0) continue;  // lost for good (or never had any)
      double next = evaluate(v);
      if (next == cap_[v]) continue;
      bool moved = cap_[v] - next > options_.tolerance;
      cap_[v] = next;
      mark_changed(v);
      if (moved) queue_members_fed_by(v, c);
    }
    for (node_index v : worklist_) in_worklist_[v] = 0;
    worklist_.clear();
    for (node_index v : members)
      if (changed_flag_[v]) push_targets(v);
  }

  // Cyclic members that lost every well-founded support drop to zero. A member whose every slot
  // still has a live source outside c or a live, unsuspected member of lower derivation rank
  // keeps its baseline derivation; suspicion spreads from lost inputs only to members of higher
  // rank, and the suspects are then recounted (least fixpoint, counting unmet slots) from the
  // members that kept theirs. O(edges of the members checked and suspected).
  void pin_lost_members(std::uint32_t c) {
    const auto node_slots = g_.node_slot_offsets();
    const auto slot_positions = g_.slot_offsets();
    const auto sources = g_.in_edge_sources();
    const auto slots = g_.edge_slots();
    const auto targets = g_.edge_targets();
    // 0: confirmed; 1: suspect; 2: suspect, recounted available.
    auto live_source = [&](std::uint32_t p, node_index v, bool by_rank) {
      node_index x = sources[p];
      if (weights_[p] == 0.0 || cap_[x] == 0.0 || x == removed_) return false;
      if (g_.component(x) != c) return true;
      return suspect_[x] != 1 && (!by_rank || rank_[x] < rank_[v]);
    };
    auto supported = [&](node_index v) {
      for (slot_index s = node_slots[v], last = node_slots[v + 1]; s < last; ++s) {
        bool met = false;
        for (std::uint32_t p = slot_positions[s], stop = slot_positions[s + 1]; p < stop && !met;
             ++p)
          met = live_source(p, v, true);
        if (!met) return false;
      }
      return v != removed_;
    };
    auto suspect = [&](node_index v) {
      if (suspect_[v] || baseline_[v] == 0.0) return;
      suspect_[v] = 1;
      suspects_.push_back(v);
    };
    if (g_.component(removed_) == c) suspect(removed_);
    for (node_index v : worklist_)
      if (!suspect_[v] && !supported(v)) suspect(v);
    for (std::size_t i = 0; i < suspects_.size(); ++i) {
      node_index x = suspects_[i];
      for (edge_index e : g_.out_edges(x)) {
        node_index t = targets[e];
        std::uint32_t p = position_of_edge_[e];
        if (p == no_index || weights_[p] == 0.0 || g_.component(t) != c || suspect_[t] ||
            rank_[t] < rank_[x])
          continue;
        if (!supported(t)) suspect(t);
      }
    }
    // Recount the suspects from the confirmed members.
    for (node_index v : suspects_) {
      unmet_[v] = 0;
      for (slot_index s = node_slots[v], last = node_slots[v + 1]; s < last; ++s) {
        bool met = false;
        for (std::uint32_t p = slot_positions[s], stop = slot_positions[s + 1]; p < stop && !met;
             ++p)
          met = live_source(p, v, false);
        slot_met_[s] = met;
        if (!met) ++unmet_[v];
      }
      if (unmet_[v] == 0 && v != removed_) suspect_[v] = 2, ready_.push_back(v);
    }
    while (!ready_.empty()) {
      node_index x = ready_.back();
      ready_.pop_back();
      for (edge_index e : g_.out_edges(x)) {
        std::uint32_t p = position_of_edge_[e];
        node_index t = targets[e];
        if (p == no_index || weights_[p] == 0.0 || suspect_[t] != 1 || slot_met_[slots[e]])
          continue;
        slot_met_[slots[e]] = 1;
        if (--unmet_[t] == 0 && t != removed_) suspect_[t] = 2, ready_.push_back(t);
      }
    }
    for (node_index v : suspects_) {
      bool lost = suspect_[v] == 1;
      suspect_[v] = 0;
      if (!lost || cap_[v] == 0.0) continue;
      cap_[v] = 0.0;
      mark_changed(v);
      queue_members_fed_by(v, c);
    }
    suspects_.clear();
  }

  // The order in which the baseline counting pass makes each cyclic member available: a
  // member's slots are all met by sources outside its component or of lower rank.
  void rank_cyclic_members() {
    const auto node_slots = g_.node_slot_offsets();
    const auto slot_positions = g_.slot_offsets();
    const auto sources = g_.in_edge_sources();
    const auto slots = g_.edge_slots();
    const auto targets = g_.edge_targets();
    std::uint32_t next_rank = 0;
    for (std::uint32_t c = 0; c < g_.component_count(); ++c) {
      if (!g_.component_is_cyclic(c)) continue;
      if (rank_.empty()) {
        rank_.assign(g_.node_count(), no_index);
        unmet_.assign(g_.node_count(), 0);
        slot_met_.assign(g_.slot_count(), 0);
        suspect_.assign(g_.node_count(), 0);
      }
      for (node_index v : g_.component_nodes(c)) {
        unmet_[v] = 0;
        for (slot_index s = node_slots[v], last = node_slots[v + 1]; s < last; ++s) {
          bool met = false;
          for (std::uint32_t p = slot_positions[s], stop = slot_positions[s + 1]; p < stop && !met;
               ++p)
            met = weights_[p] > 0.0 && baseline_[sources[p]] > 0.0 && g_.component(sources[p]) != c;
          slot_met_[s] = met;
          if (!met) ++unmet_[v];
        }
        if (unmet_[v] == 0 && baseline_[v] > 0.0) rank_[v] = next_rank++, ready_.push_back(v);
      }
      for (std::size_t i = 0; i < ready_.size(); ++i) {
        node_index x = ready_[i];
        for (edge_index e : g_.out_edges(x)) {
          std::uint32_t p = position_of_edge_[e];
          node_index t = targets[e];
          if (p == no_index || weights_[p] == 0.0 || g_.component(t) != c || slot_met_[slots[e]])
            continue;
          slot_met_[slots[e]] = 1;
          if (--unmet_[t] == 0 && baseline_[t] > 0.0) rank_[t] = next_rank++, ready_.push_back(t);
        }
      }
      ready_.clear();
    }
  }

  void queue_members_fed_by(node_index v, std::uint32_t c) {
    const auto targets = g_.edge_targets();
    for (edge_index e : g_.out_edges(v)) {
      std::uint32_t p = position_of_edge_[e];
      node_index t = targets[e];
      if (p == no_index || weights_[p] == 0.0 || g_.component(t) != c || in_worklist_[t]) continue;
      in_worklist_[t] = 1;
      worklist_.push_back(t);
    }
  }

  void push_targets(node_index v) {
    const auto targets = g_.edge_targets();
    for (edge_index e : g_.out_edges(v)) {
      std::uint32_t p = position_of_edge_[e];
      node_index t = targets[e];
      if (p == no_index || weights_[p] == 0.0 || baseline_[t] == 0.0 ||
          g_.component(t) == done_component_)
        continue;
      std::uint32_t c = g_.component(t);
      if (cap_[v] == 0.0 && g_.component_is_cyclic(c)) lose_input(c);
      if (queued_[t]) continue;
      queued_[t] = 1;
      pushed_.push_back(t);
      heap_.push(t);
    }
  }

  const graph& g_;
  std::span<const double> weights_;
  std::span<const double> baseline_;
  propagate_options options_;
  std::vector<double> cap_;
  std::vector<std::uint8_t> queued_;
  std::vector<std::uint8_t> changed_flag_;
  std::vector<std::uint8_t> in_worklist_;
  std::vector<std::uint32_t> position_of_edge_;
  std::vector<std::uint8_t> component_lost_input_;
  std::vector<std::uint32_t> lost_components_;
  std::priority_queue<node_index, std::vector<node_index>, std::greater<>> heap_;
  std::vector<node_index> pushed_;
  std::vector<node_index> changed_;
  // cyclic components
  std::vector<node_index> worklist_;
  std::vector<std::uint32_t> rank_;  // derivation order of cyclic members; no_index: none
  std::vector<std::uint8_t> suspect_;
  std::vector<node_index> suspects_;
  std::vector<std::uint32_t> unmet_;
  std::vector<std::uint8_t> slot_met_;
  std::vector<node_index> ready_;
  node_index removed_ = no_index;
  std::uint32_t done_component_ = no_index;
};

}  // namespace micgraph::detail
