#pragma once
/// \file analysis/chokepoints.hpp
/// Chokepoints of the AND/OR supply graph (DESIGN §3): each target's single points of failure
/// (its order-1 minimal cut sets; on OR-only parts, its dominators), bounded order-2 pairs, and
/// a ranking of nodes by the targets their loss stops and the target capacity it removes.
///
/// The single points come from critical sets: crit(v) is the set of nodes whose removal alone
/// makes v unavailable (v included). For an available node
///   crit(v) = {v} ∪ ⋃ over slots s of v of ⋂ over edges e of s with an available source of
///             crit(source(e)),
/// solved bottom-up in node order (a topological order of the condensation). Inside a cyclic
/// component the sets are the greatest fixpoint of that equation, iterated down from "every
/// node": removing u stops v exactly when v has no well-founded derivation avoiding u, which
/// is the complement of the least fixpoint that defines availability.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <deque>
#include <functional>
#include <limits>
#include <queue>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "micgraph/analysis/impact.hpp"
#include "micgraph/error.hpp"
#include "micgraph/graph.hpp"
#include "micgraph/parallel.hpp"
#include "micgraph/scenario.hpp"

namespace micgraph {

// ---- results and options

struct single_points_options {
  /// Dependency edges that count, e.g. a compiled scenario's evidence filter
  /// (`[&](edge_index e) { return s.edge_present(e); }`); empty: every edge. With several
  /// threads it is called from all of them.
  std::function<bool(edge_index)> edge_present;
  /// Worker threads (0: one per core), used from 512 targets on: the targets are split into
  /// one group per thread, each group's cone solved on its own. The result does not depend on
  /// it; the groups' cones overlap, so the total work grows with the threads.
  unsigned threads = 1;
};

/// One available target and the nodes whose loss alone stops it.
struct target_single_points {
  node_index target = no_index;
  std::vector<node_index> single_points;  ///< ascending node order; never the target itself
};

struct single_points_result {
  std::vector<target_single_points> targets;    ///< available targets, in the order given
  std::vector<node_index> unavailable_targets;  ///< targets unavailable even with no cuts
};

struct pair_options {
  std::size_t max_pairs = 10000;   ///< distinct pairs reported before the search stops
  std::size_t max_candidates = 0;  ///< first members examined, in node order; 0: all
  /// Dependency edges that count (see single_points_options); empty: every edge.
  std::function<bool(edge_index)> edge_present;
  /// Called with (first members examined, total) as the search goes; may be empty.
  std::function<void(std::size_t, std::size_t)> progress;
};

/// Two nodes, neither a single point of failure of a target, whose joint loss stops it.
struct single_point_pair {
  node_index a = no_index;  ///< a < b in node order
  node_index b = no_index;
  std::size_t targets_stopped = 0;  ///< targets for which {a, b} is such a pair
};

struct pairs_result {
  /// Most targets stopped first, then by (a, b) in node order.
  std::vector<single_point_pair> pairs;
  /// The search stopped at max_pairs or max_candidates: the pairs it would have found next (by
  /// smaller member in node order, then larger) are missing. Every pair reported has its full
  /// count.
  bool truncated = false;
  std::size_t candidates_examined = 0;
};

struct ranking_options {
  /// Nodes ranked besides the single points of failure: those with the largest downstream cones.
  std::size_t candidates = 1000;
  /// When given, capacities use its baseline_weights (evidence filters, no cuts); otherwise every
  /// edge counts with share * quality. Compute the single points with the same filter.
  const compiled_scenario* scenario = nullptr;
  propagate_options propagation;
  /// Called with (nodes evaluated, total) as the ranking goes; may be empty.
  std::function<void(std::size_t, std::size_t)> progress;
  /// When set, only the nodes it accepts are ranked (single points of failure and candidates
  /// alike), e.g. the foreign suppliers a coalition can sanction.
  std::function<bool(node_index)> only;
};

/// One ranked node (the CLI prints its id, kind and country).
struct ranked_node {
  node_index node = no_index;
  std::size_t targets_stopped = 0;  ///< targets for which it is a single point of failure
  /// Sum over the other targets of baseline - capacity without it (a target's loss of itself
  /// is not counted, as a target is never its own single point of failure).
  double capacity_removed = 0.0;
};

struct ranking_result {
  /// Most targets stopped first, then most capacity removed, then node order. Evaluated nodes
  /// that stop no target and remove no more than 1e-12 of target capacity are left out.
  std::vector<ranked_node> ranking;
  /// Candidates were chosen by estimated (sketched) downstream cone sizes, not exact counts.
  bool cones_estimated = false;
};

namespace detail {

/// Persistent sets of node numbers: singly linked cells in descending node order whose tails are
/// shared between sets. A node needing one input shares that input's set behind one new cell;
/// an intersection or union stops walking where its operands meet (the two-finger walk of
/// dominator algorithms), so chains common to many nodes are stored and walked once.
class node_set_pool {
 public:
  using set_id = std::uint32_t;
  static constexpr set_id empty_set = 0;
  static constexpr set_id all_nodes = 1;  ///< the top element, for greatest fixpoints

  node_set_pool() : cells_(2, cell{no_index, empty_set}) {}

  /// Cells allocated so far; release(mark) frees every set made after mark() was taken.
  std::size_t mark() const noexcept { return cells_.size(); }
  void release(std::size_t mark) { cells_.resize(mark); }
  std::size_t bytes() const noexcept { return cells_.capacity() * sizeof(cell); }

  /// {v} ∪ s. O(members of s above v).
  set_id insert(node_index v, set_id s) {
    if (s == all_nodes) return s;
    buffer_.clear();
    set_id x = s;
    while (x != empty_set && cells_[x].head > v) {
      buffer_.push_back(cells_[x].head);
      x = cells_[x].tail;
    }
    if (x != empty_set && cells_[x].head == v) return s;
    return build(prepend(v, x));
  }

  /// a ∪ b. O(members before the first shared cell).
  set_id unite(set_id a, set_id b) {
    if (a == b || b == empty_set || a == all_nodes) return a;
    if (a == empty_set || b == all_nodes) return b;
    buffer_.clear();
    bool only_a = true, only_b = true;  // the result equals a (b) so far
    set_id x = a, y = b;
    while (x != y && x != empty_set && y != empty_set) {
      node_index hx = cells_[x].head, hy = cells_[y].head;
      if (hx > hy) {
        buffer_.push_back(hx);
        x = cells_[x].tail;
        only_b = false;
      } else if (hy > hx) {
        buffer_.push_back(hy);
        y = cells_[y].tail;
        only_a = false;
      } else {
        buffer_.push_back(hx);
        x = cells_[x].tail;
        y = cells_[y].tail;
      }
    }
    if (x != y) {
      if (x == empty_set) only_a = false;
      if (y == empty_set) only_b = false;
    }
    if (only_a) return a;
    if (only_b) return b;
    return build(x == empty_set ? y : x);
  }

  /// a ∩ b. O(members before the first shared cell).
  set_id intersect(set_id a, set_id b) {
    if (a == b || a == empty_set || b == all_nodes) return a;
    if (b == empty_set || a == all_nodes) return b;
    buffer_.clear();
    bool all_a = true, all_b = true;  // no member of a (b) dropped so far
    set_id x = a, y = b;
    while (x != y && x != empty_set && y != empty_set) {
      node_index hx = cells_[x].head, hy = cells_[y].head;
      if (hx > hy) {
        x = cells_[x].tail;
        all_a = false;
      } else if (hy > hx) {
        y = cells_[y].tail;
        all_b = false;
      } else {
        buffer_.push_back(hx);
        x = cells_[x].tail;
        y = cells_[y].tail;
      }
    }
    if (x != y) {
      if (x != empty_set) all_a = false;
      if (y != empty_set) all_b = false;
    }
    if (all_a) return a;
    if (all_b) return b;
    return build(x == y ? x : empty_set);
  }

  /// Same members. O(members before the first shared cell).
  bool equal(set_id a, set_id b) const {
    while (a != b) {
      if (a <= all_nodes || b <= all_nodes || cells_[a].head != cells_[b].head) return false;
      a = cells_[a].tail;
      b = cells_[b].tail;
    }
    return true;
  }

  /// Calls f(v) for every member of a that is not in b, in descending node order.
  template <class F>
  void for_each_difference(set_id a, set_id b, F&& f) const {
    while (a != empty_set && a != b) {
      if (b == empty_set || cells_[a].head > cells_[b].head) {
        f(cells_[a].head);
        a = cells_[a].tail;
      } else if (cells_[b].head > cells_[a].head) {
        b = cells_[b].tail;
      } else {
        a = cells_[a].tail;
        b = cells_[b].tail;
      }
    }
  }

  /// The members in ascending node order (not for all_nodes).
  std::vector<node_index> ascending(set_id s) const {
    std::vector<node_index> out;
    for (; s != empty_set; s = cells_[s].tail) out.push_back(cells_[s].head);
    std::reverse(out.begin(), out.end());
    return out;
  }

 private:
  struct cell {
    node_index head;
    set_id tail;
  };
  set_id prepend(node_index v, set_id tail) {
    if (cells_.size() >= no_index)
      throw error("chokepoints: critical sets need more than 4294967295 cells");
    cells_.push_back({v, tail});
    return static_cast<set_id>(cells_.size() - 1);
  }
  // buffer_ (descending) in front of tail.
  set_id build(set_id tail) {
    for (auto it = buffer_.rbegin(); it != buffer_.rend(); ++it) tail = prepend(*it, tail);
    return tail;
  }
  std::vector<cell> cells_;
  std::vector<node_index> buffer_;
};

/// Throws micgraph::error for a target number that is not a node.
inline void check_targets(const graph& g, std::span<const node_index> targets) {
  for (node_index t : targets)
    if (t >= g.node_count())
      throw error("chokepoints: target node number " + std::to_string(t) + " out of range (" +
                  std::to_string(g.node_count()) + " nodes)");
}

/// The targets without repeats, first occurrence kept.
inline std::vector<node_index> distinct_targets(const graph& g,
                                                std::span<const node_index> targets) {
  check_targets(g, targets);
  std::vector<std::uint8_t> seen(g.node_count(), 0);
  std::vector<node_index> out;
  for (node_index t : targets)
    if (!seen[t]) seen[t] = 1, out.push_back(t);
  return out;
}

/// Critical sets of the available nodes in the upstream cone of some targets, with an
/// incremental update for the loss of one more node (used by the order-2 search).
class critical_sets {
 public:
  using set_id = node_set_pool::set_id;
  /// The set id of an unavailable node (not a set).
  static constexpr set_id unavailable = no_index;
  /// A node whose state the last remove() changed, with its critical set before.
  struct change {
    node_index node;
    set_id crit;
  };

  /// The upstream cone of the targets over present edges, then in node order the availability
  /// and critical set of each of its nodes; unavailable nodes leave the cone. O(n + m) for the
  /// cone and availability, plus the set operations.
  critical_sets(const graph& g, std::span<const node_index> targets,
                const std::function<bool(edge_index)>& edge_present)
      : g_(g),
        in_cone_(g.node_count(), 0),
        crit_(g.node_count(), unavailable) {
    if (edge_present) {  // without a filter every edge counts and nothing is gathered
      present_edge_.resize(g.edge_count());
      for (edge_index e : g.edges()) present_edge_[e] = edge_present(e) ? 1 : 0;
      const auto order = g.in_edge_order();
      present_position_.resize(order.size());
      for (std::size_t p = 0; p < order.size(); ++p) present_position_[p] = present_edge_[order[p]];
    }
    mark_cone(targets);
    // Availability and critical sets in node order; a cyclic component at once.
    // The cone is scattered over the graph's arrays; their lines are fetched a few cone nodes
    // ahead (offsets 8 ahead, then the sources' sets 4 ahead), so the misses overlap.
    const auto& first_position = g.reverse().m_forward.m_rowstart;
    const auto sources = g.in_edge_sources();
    std::uint32_t done = no_index;
    for (std::size_t i = 0; i < cone_.size(); ++i) {
      if (i + 8 < cone_.size()) {
        const node_index ahead = cone_[i + 8];
        __builtin_prefetch(&first_position[ahead]);
        __builtin_prefetch(&g.node_slot_offsets()[ahead]);
        __builtin_prefetch(sources.data() + first_position[ahead]);  // may be the end
      }
      if (i + 4 < cone_.size()) {
        const node_index ahead = cone_[i + 4];
        for (std::uint32_t p = first_position[ahead], end = std::min(first_position[ahead + 1], first_position[ahead] + 8);
             p < end; ++p)
          __builtin_prefetch(&crit_[sources[p]]);
      }
      const node_index v = cone_[i];
      std::uint32_t c = g.component(v);
      if (!g.component_is_cyclic(c))
        crit_[v] = evaluate_if_available(v);
      else if (c != done)
        solve_component(c), done = c;
    }
    std::erase_if(cone_, [&](node_index v) {
      if (crit_[v] != unavailable) return false;
      in_cone_[v] = 0;
      return true;
    });
  }

  bool available(node_index v) const { return crit_[v] != unavailable; }
  /// The available nodes of the cone in ascending order.
  std::span<const node_index> cone() const noexcept { return cone_; }
  set_id crit(node_index v) const { return crit_[v]; }
  const node_set_pool& pool() const noexcept { return pool_; }

  /// Removes node a as well and updates availability and critical sets of the cone nodes
  /// downstream of it, visiting only nodes whose inputs changed (in node order; a cyclic
  /// component as a whole). Returns the nodes changed, with their sets before; restore()
  /// undoes it.
  std::span<const change> remove(node_index a) {
    if (queued_.empty()) queued_.assign(g_.node_count(), 0);
    mark_ = pool_.mark();
    changes_.clear();
    removed_ = a;
    done_component_ = no_index;
    changes_.push_back({a, crit_[a]});
    crit_[a] = unavailable;
    push_targets(a);
    while (!heap_.empty()) {
      node_index v = heap_.top();
      heap_.pop();
      std::uint32_t c = g_.component(v);
      if (g_.component_is_cyclic(c)) {
        if (c != done_component_) update_component(c);
        continue;
      }
      set_id s = evaluate_if_available(v);
      if (s == crit_[v] ||
          (s != unavailable && crit_[v] != unavailable && pool_.equal(s, crit_[v])))
        continue;
      changes_.push_back({v, crit_[v]});
      crit_[v] = s;
      push_targets(v);
    }
    for (node_index v : pushed_) queued_[v] = 0;
    pushed_.clear();
    return changes_;
  }

  /// Undoes the last remove().
  void restore() {
    for (auto it = changes_.rbegin(); it != changes_.rend(); ++it) crit_[it->node] = it->crit;
    changes_.clear();
    pool_.release(mark_);
    removed_ = no_index;
  }

 private:
  // Marks the upstream cone over present edges. Node order is topological, so one sweep down
  // from the highest target marks every source before the sweep reaches it and reads the
  // graph's arrays in (descending) order, which the caches follow; only a source above the
  // sweep, inside a cyclic component, is searched from at once. The cone in node order.
  void mark_cone(std::span<const node_index> targets) {
    const auto& first_position = g_.reverse().m_forward.m_rowstart;  // of each node's in-edges
    const auto sources = g_.in_edge_sources();
    node_index top = 0;
    for (node_index t : targets) {
      in_cone_[t] = 1;
      top = std::max(top, t + 1);
    }
    std::vector<node_index> above;  // marked sources the sweep has passed
    bool in_order = true;
    auto mark_sources = [&](node_index v, node_index sweep) {
      for (std::uint32_t p = first_position[v], end = first_position[v + 1]; p < end; ++p) {
        node_index u = sources[p];
        if (!position_present(p) || in_cone_[u]) continue;
        in_cone_[u] = 1;
        if (u > sweep) above.push_back(u);
      }
    };
    for (node_index v = top; v-- > 0;) {
      if (!in_cone_[v]) continue;
      cone_.push_back(v);
      mark_sources(v, v);
      while (!above.empty()) {
        node_index u = above.back();
        above.pop_back();
        cone_.push_back(u);
        in_order = false;
        mark_sources(u, v);
      }
    }
    if (in_order)
      std::reverse(cone_.begin(), cone_.end());
    else
      std::sort(cone_.begin(), cone_.end());
  }

  // crit(v) from its sources' sets (v available).
  set_id evaluate(node_index v) {
    const auto node_slots = g_.node_slot_offsets();
    const auto slot_positions = g_.slot_offsets();
    const auto sources = g_.in_edge_sources();
    set_id result = node_set_pool::empty_set;
    for (slot_index s = node_slots[v], last = node_slots[v + 1]; s < last; ++s) {
      set_id common = node_set_pool::all_nodes;
      for (std::uint32_t p = slot_positions[s], end = slot_positions[s + 1]; p < end; ++p) {
        set_id source = crit_[sources[p]];
        if (!position_present(p) || source == unavailable) continue;
        common = pool_.intersect(common, source);
        if (common == node_set_pool::empty_set) break;
      }
      result = pool_.unite(result, common);
      if (result == node_set_pool::all_nodes) return result;
    }
    return pool_.insert(v, result);
  }

  // crit(v), or unavailable when v is removed or a slot of v has no present edge from an
  // available source: one pass over v's in-edges for both.
  set_id evaluate_if_available(node_index v) {
    if (v == removed_) return unavailable;
    const auto node_slots = g_.node_slot_offsets();
    const auto slot_positions = g_.slot_offsets();
    const auto sources = g_.in_edge_sources();
    set_id result = node_set_pool::empty_set;
    for (slot_index s = node_slots[v], last = node_slots[v + 1]; s < last; ++s) {
      set_id common = node_set_pool::all_nodes;
      bool met = false;
      for (std::uint32_t p = slot_positions[s], end = slot_positions[s + 1]; p < end; ++p) {
        set_id source = crit_[sources[p]];
        if (!position_present(p) || source == unavailable) continue;
        met = true;
        common = pool_.intersect(common, source);
        if (common == node_set_pool::empty_set) break;
      }
      if (!met) return unavailable;
      result = pool_.unite(result, common);
      if (result == node_set_pool::all_nodes) {  // the rest only decides availability
        for (++s; s < last; ++s) {
          bool any = false;
          for (std::uint32_t p = slot_positions[s], end = slot_positions[s + 1]; p < end && !any; ++p)
            any = position_present(p) && crit_[sources[p]] != unavailable;
          if (!any) return unavailable;
        }
        return result;
      }
    }
    return pool_.insert(v, result);
  }

  // Cyclic component c: the least fixpoint of availability over its cone members (counting
  // unmet slots, as available_nodes does), then the greatest fixpoint of their critical sets:
  // start at "every node" and re-evaluate, worklist style, until no set shrinks any more.
  void solve_component(std::uint32_t c) {
    const auto node_slots = g_.node_slot_offsets();
    const auto slot_positions = g_.slot_offsets();
    const auto sources = g_.in_edge_sources();
    auto member = [&](node_index t) {
      return g_.component(t) == c && in_cone_[t] && t != removed_;
    };
    // The component's nodes are the range [first, first + size): scratch is indexed by
    // v - first and its slots by s - first_slot, so a call costs the component's size, not n.
    const auto range = g_.component_nodes(c);
    const node_index first = range.front();
    const std::size_t size = range.size();
    const slot_index first_slot = node_slots[first];
    auto local = [first](node_index v) { return v - first; };
    unmet_.assign(size, 0);
    slot_met_.assign(node_slots[first + size] - first_slot, 0);
    in_worklist_.assign(size, 0);
    members_.clear();
    for (node_index v : range)
      if (member(v)) members_.push_back(v), crit_[v] = unavailable;
    // The present edges between members, grouped by source: (target, slot), read off the
    // members' in-edges (a member may feed many nodes outside the component; those are not
    // walked).
    inner_offsets_.assign(size + 1, 0);
    for (node_index t : members_)
      for (std::uint32_t p = slot_positions[node_slots[t]], end = slot_positions[node_slots[t + 1]];
           p < end; ++p)
        if (position_present(p) && member(sources[p])) ++inner_offsets_[local(sources[p]) + 1];
    for (std::size_t i = 0; i < size; ++i) inner_offsets_[i + 1] += inner_offsets_[i];
    inner_.resize(inner_offsets_.back());
    inner_fill_.assign(inner_offsets_.begin(), inner_offsets_.end() - 1);
    for (node_index t : members_)
      for (slot_index s = node_slots[t], last = node_slots[t + 1]; s < last; ++s)
        for (std::uint32_t p = slot_positions[s], end = slot_positions[s + 1]; p < end; ++p)
          if (position_present(p) && member(sources[p]))
            inner_[inner_fill_[local(sources[p])]++] = {t, s};
    for (node_index v : members_) {
      for (slot_index s = node_slots[v], last = node_slots[v + 1]; s < last; ++s) {
        bool met = false;
        for (std::uint32_t p = slot_positions[s], end = slot_positions[s + 1]; p < end && !met; ++p)
          met = position_present(p) && crit_[sources[p]] != unavailable;  // members not yet
        slot_met_[s - first_slot] = met;
        if (!met) ++unmet_[local(v)];
      }
      if (unmet_[local(v)] == 0) crit_[v] = node_set_pool::all_nodes, ready_.push_back(v);
    }
    while (!ready_.empty()) {
      node_index x = ready_.back();
      ready_.pop_back();
      for (std::uint32_t i = inner_offsets_[local(x)]; i < inner_offsets_[local(x) + 1]; ++i) {
        auto [t, s] = inner_[i];
        if (slot_met_[s - first_slot]) continue;
        slot_met_[s - first_slot] = 1;
        if (--unmet_[local(t)] == 0) crit_[t] = node_set_pool::all_nodes, ready_.push_back(t);
      }
    }
    // Every available member now holds all_nodes: iterate down.
    for (node_index v : members_)
      if (crit_[v] != unavailable) in_worklist_[local(v)] = 1, worklist_.push_back(v);
    while (!worklist_.empty()) {
      node_index v = worklist_.front();
      worklist_.pop_front();
      in_worklist_[local(v)] = 0;
      set_id s = evaluate(v);
      if (pool_.equal(s, crit_[v])) continue;
      crit_[v] = s;
      for (std::uint32_t i = inner_offsets_[local(v)]; i < inner_offsets_[local(v) + 1]; ++i) {
        node_index t = inner_[i].target;
        if (in_worklist_[local(t)] || crit_[t] == unavailable) continue;
        in_worklist_[local(t)] = 1;
        worklist_.push_back(t);
      }
    }
  }

  // solve_component after a removal, recording the members' sets before and queueing what
  // the changed ones feed.
  void update_component(std::uint32_t c) {
    done_component_ = c;
    const std::size_t first_change = changes_.size();
    for (node_index v : g_.component_nodes(c))
      if (in_cone_[v] && v != removed_) changes_.push_back({v, crit_[v]});
    solve_component(c);
    for (std::size_t i = first_change; i < changes_.size(); ++i) {
      const change& before = changes_[i];
      set_id now = crit_[before.node];
      bool same = now == before.crit || (now != unavailable && before.crit != unavailable &&
                                         pool_.equal(now, before.crit));
      if (!same) push_targets(before.node);
    }
  }

  // Queues the cone nodes fed by v over present dependency edges (outside the component
  // just recomputed).
  void push_targets(node_index v) {
    const auto slots = g_.edge_slots();
    const auto targets = g_.edge_targets();
    for (edge_index e : g_.out_edges(v)) {
      node_index t = targets[e];
      if (slots[e] == no_index || !edge_is_present(e) || !in_cone_[t] || queued_[t] ||
          g_.component(t) == done_component_)
        continue;
      queued_[t] = 1;
      pushed_.push_back(t);
      heap_.push(t);
    }
  }

  bool position_present(std::uint32_t p) const {
    return present_position_.empty() || present_position_[p] != 0;
  }
  bool edge_is_present(edge_index e) const {
    return present_edge_.empty() || present_edge_[e] != 0;
  }

  const graph& g_;
  std::vector<std::uint8_t> present_edge_;      // empty: every edge is present
  std::vector<std::uint8_t> present_position_;  // the same by reverse-CSR position
  std::vector<std::uint8_t> in_cone_;
  std::vector<node_index> cone_;
  std::vector<set_id> crit_;  // unavailable outside the cone
  node_set_pool pool_;
  // scratch
  std::vector<std::uint8_t> queued_;       // in heap_ (remove)
  std::vector<std::uint8_t> in_worklist_;  // in worklist_, by v - first member (solve_component)
  std::deque<node_index> worklist_;
  std::priority_queue<node_index, std::vector<node_index>, std::greater<>> heap_;
  std::vector<node_index> pushed_;
  std::vector<change> changes_;
  std::vector<std::uint32_t> unmet_;
  std::vector<std::uint8_t> slot_met_;
  std::vector<node_index> members_, ready_;
  struct inner_edge {
    node_index target;
    slot_index slot;
  };
  std::vector<std::uint32_t> inner_offsets_, inner_fill_;
  std::vector<inner_edge> inner_;
  std::size_t mark_ = 0;
  node_index removed_ = no_index;
  std::uint32_t done_component_ = no_index;
};

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

/// Size of each node's downstream cone: the nodes its loss can reach over dependency edges of
/// positive weight through nodes of positive baseline capacity (itself included). Exact (one
/// BFS per node) when n * (n + m) <= exact_work; otherwise estimated with min-rank sketches
/// (Cohen 1997): 16 exponential ranks per node, each minimised over the cone in reverse node
/// order, a cyclic component taken as reaching all its members; O(16 (n + m)), relative error
/// about 1/sqrt(15). Nodes of zero baseline get 0. Sets `estimated`.
inline std::vector<double> downstream_cone_sizes(const graph& g, std::span<const double> weights,
                                                 std::span<const double> baseline, bool& estimated,
                                                 double exact_work = 4e7) {
  const std::size_t n = g.node_count();
  const auto targets = g.edge_targets();
  std::vector<std::uint32_t> position_of_edge(g.edge_count(), no_index);
  const auto order = g.in_edge_order();
  for (std::size_t p = 0; p < order.size(); ++p)
    position_of_edge[order[p]] = static_cast<std::uint32_t>(p);
  auto passes = [&](edge_index e) {
    std::uint32_t p = position_of_edge[e];
    return p != no_index && weights[p] > 0.0 && baseline[targets[e]] > 0.0;
  };
  std::vector<double> size(n, 0.0);
  estimated = static_cast<double>(n) * static_cast<double>(n + g.edge_count()) > exact_work;
  if (!estimated) {
    std::vector<node_index> stamp(n, no_index), stack;
    for (node_index v = 0; v < n; ++v) {
      if (baseline[v] <= 0.0) continue;
      std::size_t count = 0;
      stamp[v] = v;
      stack.push_back(v);
      while (!stack.empty()) {
        node_index x = stack.back();
        stack.pop_back();
        ++count;
        for (edge_index e : g.out_edges(x))
          if (passes(e) && stamp[targets[e]] != v)
            stamp[targets[e]] = v, stack.push_back(targets[e]);
      }
      size[v] = static_cast<double>(count);
    }
    return size;
  }
  constexpr int sketches = 16;
  std::vector<float> least(n);
  std::vector<double> sum(n, 0.0);
  std::mt19937_64 rng(0x6d6963677261706bULL);
  std::exponential_distribution<float> rank(1.0f);
  const float none = std::numeric_limits<float>::infinity();
  for (int k = 0; k < sketches; ++k) {
    for (node_index v = 0; v < n; ++v) least[v] = baseline[v] > 0.0 ? rank(rng) : none;
    for (std::uint32_t c = static_cast<std::uint32_t>(g.component_count()); c-- > 0;) {
      auto members = g.component_nodes(c);
      float m = none;
      for (node_index v : members) {
        if (baseline[v] <= 0.0) continue;
        m = std::min(m, least[v]);
        for (edge_index e : g.out_edges(v))
          if (passes(e) && g.component(targets[e]) != c) m = std::min(m, least[targets[e]]);
      }
      for (node_index v : members)
        if (baseline[v] > 0.0) least[v] = m;
    }
    for (node_index v = 0; v < n; ++v)
      if (baseline[v] > 0.0) sum[v] += least[v];
  }
  for (node_index v = 0; v < n; ++v)
    if (baseline[v] > 0.0)
      size[v] = sum[v] > 0.0 ? (sketches - 1) / sum[v] : static_cast<double>(n);
  return size;
}

}  // namespace detail

// ---- the analyses

/// For every target available with no cuts, the nodes other than the target whose loss alone
/// (a node cut with enforcement 1) makes it unavailable: its order-1 minimal cut sets, the
/// dominators of the target where its upstream cone is OR-only. One bottom-up pass of critical
/// sets over the upstream cone of the targets only: O(n + m) to find the cone, then per edge of
/// the cone a merge that stops where the two sets share their tail (near-linear on supply
/// graphs, O(m * s) at worst for critical sets of size s); cyclic components are iterated to
/// their greatest fixpoint.
inline single_points_result single_points(const graph& g, std::span<const node_index> targets,
                                          const single_points_options& options = {}) {
  std::vector<node_index> distinct = detail::distinct_targets(g, targets);
  // Each target's set depends on its own cone only, so groups of targets give the same sets.
  auto solve = [&](std::span<const node_index> group, single_points_result& out) {
    detail::critical_sets sets(g, group, options.edge_present);
    for (node_index t : group) {
      if (!sets.available(t)) {
        out.unavailable_targets.push_back(t);
        continue;
      }
      std::vector<node_index> points = sets.pool().ascending(sets.crit(t));
      points.erase(std::lower_bound(points.begin(), points.end(), t));
      out.targets.push_back({t, std::move(points)});
    }
  };
  single_points_result out;
  const unsigned threads = thread_count(options.threads, distinct.size() / 256);
  if (threads <= 1) {
    solve(distinct, out);
    return out;
  }
  std::vector<single_points_result> parts(threads);
  parallel_for(threads, threads, [&](std::size_t i, unsigned) {
    const std::size_t first = distinct.size() * i / threads, last = distinct.size() * (i + 1) / threads;
    solve(std::span<const node_index>(distinct).subspan(first, last - first), parts[i]);
  });
  for (single_points_result& part : parts) {  // groups are consecutive: the given order holds
    for (auto& t : part.targets) out.targets.push_back(std::move(t));
    out.unavailable_targets.insert(out.unavailable_targets.end(), part.unavailable_targets.begin(),
                                   part.unavailable_targets.end());
  }
  return out;
}

/// Order-2 cut sets: unordered pairs {a, b}, neither a single point of failure of a target nor
/// the target, whose joint loss makes the target unavailable, with the number of targets each
/// pair stops. For every candidate a of the targets' upstream cone (node order), the critical
/// sets are updated for the loss of a, re-evaluating only downstream nodes whose inputs changed;
/// the new members of a target's set are its partners b (kept when b > a, so each pair is found
/// once). Stops after max_pairs pairs or max_candidates candidates. O(cone * affected region).
inline pairs_result single_point_pairs(const graph& g, std::span<const node_index> targets,
                                       const pair_options& options = {.max_pairs = 10000}) {
  std::vector<node_index> distinct = detail::distinct_targets(g, targets);
  detail::critical_sets sets(g, distinct, options.edge_present);
  std::vector<std::uint8_t> is_target(g.node_count(), 0);
  for (node_index t : distinct) is_target[t] = 1;
  std::vector<std::uint32_t> count(g.node_count(), 0);
  std::vector<node_index> partners;
  pairs_result out;
  const auto cone = sets.cone();
  const std::size_t total =
      options.max_candidates == 0 ? cone.size() : std::min(cone.size(), options.max_candidates);
  for (std::size_t i = 0; i < total && !out.truncated; ++i) {
    node_index a = cone[i];
    for (const auto& before : sets.remove(a)) {
      node_index t = before.node;
      // Unavailable now: a stops t alone (or is t), so it pairs with nothing there.
      if (!is_target[t] || !sets.available(t)) continue;
      sets.pool().for_each_difference(sets.crit(t), before.crit, [&](node_index b) {
        if (b > a && count[b]++ == 0) partners.push_back(b);
      });
    }
    sets.restore();
    std::sort(partners.begin(), partners.end());
    for (node_index b : partners) {
      if (out.pairs.size() == options.max_pairs) {
        out.truncated = true;
        break;
      }
      out.pairs.push_back({a, b, count[b]});
    }
    for (node_index b : partners) count[b] = 0;
    partners.clear();
    out.candidates_examined = i + 1;
    if (options.progress) options.progress(i + 1, total);
  }
  if (total < cone.size()) out.truncated = true;
  std::stable_sort(out.pairs.begin(), out.pairs.end(),
                   [](const single_point_pair& x, const single_point_pair& y) {
                     return x.targets_stopped > y.targets_stopped;
                   });
  return out;
}

/// Ranks nodes by the targets their loss stops (from `spof`) and the target capacity it removes
/// (DESIGN §4). Evaluated: every single point of failure plus the `candidates` other nodes of
/// positive baseline capacity with the largest downstream cones (see
/// detail::downstream_cone_sizes: exact on small graphs, sketched on large ones). Each costs one
/// incremental propagation over the part of its downstream cone whose capacity changes (see
/// detail::removal_propagation; capacities agree with micgraph::propagate within its
/// tolerance); plus one baseline propagation and O(16 (n + m)) for the cone estimates.
inline ranking_result rank_chokepoints(const graph& g, std::span<const node_index> targets,
                                       const single_points_result& spof,
                                       const ranking_options& options = {.candidates = 1000}) {
  const std::size_t n = g.node_count();
  std::vector<node_index> distinct = detail::distinct_targets(g, targets);
  std::vector<double> own_weights;
  std::span<const double> weights;
  if (options.scenario != nullptr) {
    weights = options.scenario->baseline_weights();
  } else {
    const auto order = g.in_edge_order();
    own_weights.resize(order.size());
    for (std::size_t p = 0; p < order.size(); ++p)
      own_weights[p] = g.edge_shares()[order[p]] * g.edge_qualities()[order[p]];
    weights = own_weights;
  }
  const std::vector<double> baseline = propagate(g, {}, weights, options.propagation);

  std::vector<std::uint8_t> is_target(n, 0);
  for (node_index t : distinct) is_target[t] = 1;
  std::vector<std::size_t> stopped(n, 0);
  for (const target_single_points& entry : spof.targets)
    for (node_index u : entry.single_points) ++stopped[u];

  std::vector<node_index> ranked, others;
  for (node_index v = 0; v < n; ++v) {
    if (options.only && !options.only(v)) continue;
    if (stopped[v] > 0)
      ranked.push_back(v);
    else if (baseline[v] > 0.0)
      others.push_back(v);
  }
  ranking_result out;
  if (others.size() > options.candidates) {
    std::vector<double> cone =
        detail::downstream_cone_sizes(g, weights, baseline, out.cones_estimated);
    std::partial_sort(
        others.begin(), others.begin() + static_cast<std::ptrdiff_t>(options.candidates),
        others.end(),
        [&](node_index a, node_index b) { return cone[a] != cone[b] ? cone[a] > cone[b] : a < b; });
    others.resize(options.candidates);
  }
  ranked.insert(ranked.end(), others.begin(), others.end());

  detail::removal_propagation probe(g, weights, baseline, options.propagation);
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    node_index u = ranked[i];
    double removed = 0.0;
    probe.remove(u, [&](node_index v, double capacity) {
      if (is_target[v] && v != u) removed += baseline[v] - capacity;
    });
    if (stopped[u] > 0 || removed > 1e-12) out.ranking.push_back({u, stopped[u], removed});
    if (options.progress) options.progress(i + 1, ranked.size());
  }
  std::sort(out.ranking.begin(), out.ranking.end(), [](const ranked_node& x, const ranked_node& y) {
    if (x.targets_stopped != y.targets_stopped) return x.targets_stopped > y.targets_stopped;
    if (x.capacity_removed != y.capacity_removed) return x.capacity_removed > y.capacity_removed;
    return x.node < y.node;
  });
  return out;
}

}  // namespace micgraph
