#pragma once
/// \file detail/critical_sets.hpp
/// The critical-set machinery behind single points of failure and order-2 pairs
/// (analysis/chokepoints.hpp). crit(v) is the set of nodes whose removal alone makes v
/// unavailable (v included). For an available node
///   crit(v) = {v} ∪ ⋃ over slots s of v of ⋂ over edges e of s with an available source of
///             crit(source(e)),
/// solved bottom-up in node order (a topological order of the condensation). Inside a cyclic
/// component the sets are the greatest fixpoint of that equation, iterated down from "every
/// node": removing u stops v exactly when v has no well-founded derivation avoiding u, which
/// is the complement of the least fixpoint that defines availability.

#include <algorithm>
#include <cstdint>
#include <deque>
#include <functional>
#include <queue>
#include <span>
#include <string>
#include <vector>

#include "micgraph/error.hpp"
#include "micgraph/graph.hpp"

namespace micgraph::detail {

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

}  // namespace micgraph::detail
