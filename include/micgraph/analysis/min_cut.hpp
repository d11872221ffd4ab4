#pragma once
/// \file analysis/min_cut.hpp
/// The cheapest cut that stops a target (DESIGN §3): a minimum-cost set of nodes, never the
/// target itself, whose removal makes a target that is available with no cuts unavailable.
///
/// On an AND/OR graph this is NP-hard in general (it contains hitting set), but it reduces to
/// ordinary minimum vertex cuts. Fix, for every node v of the target's upstream cone, one of its
/// requirement slots: its *chosen slot*. In the reduced graph where every node keeps only the
/// in-edges of its chosen slot, every node has a single OR requirement, so the target is stopped
/// by a cut C exactly when every path from an uncut source to the target meets C: a minimum
/// vertex cut, computed exactly by one max-flow on the node-split graph (v_in -> v_out with
/// capacity cost(v), infinite for the target and for nodes that may not be cut; u_out -> v_in
/// infinite for each edge; a super-source into every source's v_in; sink target_in).
///  - Every choice gives an upper bound: a cut of the reduced graph stops the target in the real
///    graph too. (If the target were available under C, its well-founded derivation would give,
///    through each node's chosen slot, an uncut path from a source in the reduced graph.)
///  - The best choice gives the optimum. Take an optimal cut C*: every node outside C* that is
///    unavailable under C* has a slot whose providers are all unavailable (availability is a
///    fixpoint). Choose those slots; then, by induction along any path, every node reachable
///    from an uncut source in the reduced graph is available under C*, so the target is not
///    reachable and C* is a cut of that reduced graph. Cycles need no special care: in an
///    OR-only graph the least fixpoint is reachability from the uncut sources.
/// So cheapest_cut enumerates choices while that is affordable and otherwise takes an upper
/// bound from a heuristic choice, improved by the same argument: from any cut C, re-choosing for
/// every node that C leaves unavailable a slot that C leaves unmet gives a reduced graph whose
/// minimum cut costs at most cost(C).

#include <algorithm>
#include <boost/graph/boykov_kolmogorov_max_flow.hpp>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "micgraph/analysis/availability.hpp"
#include "micgraph/error.hpp"
#include "micgraph/graph.hpp"
#include "micgraph/model.hpp"

namespace micgraph {

struct min_cut_options {
  /// Dependency edges that count, e.g. a compiled scenario's evidence filter
  /// (`[&](edge_index e) { return s.edge_present(e); }`); empty: every edge.
  std::function<bool(edge_index)> edge_present;
  /// The cost of cutting a node: finite and > 0, or +infinity for a node that may not be cut.
  /// Asked only for the nodes of the target's upstream cone; empty: 1 for every node.
  std::function<double(node_index)> cost;
  /// Slot choices solved exactly (one max-flow each) before falling back to an upper bound.
  /// Only the choices that matter are counted: those of nodes still upstream of the target in
  /// the reduced graph. An upstream cone without AND requirements is always solved exactly.
  std::size_t max_exact_choices = 4096;
};

struct min_cut_result {
  node_index target = no_index;
  std::vector<node_index> cut;  ///< ascending node order; never the target; minimal by inclusion
  double cost = 0.0;            ///< sum of the members' costs; +infinity when impossible
  /// The cost is the minimum. False: `cost` is an upper bound (the cut still stops the target).
  bool exact = true;
  std::string reason;         ///< why the result is not exact; empty when it is
  bool unavailable = false;   ///< the target is unavailable with no cuts: empty cut, cost 0
  bool impossible = false;    ///< no finite cut stops it (it needs only nodes that may not be cut)
  std::size_t max_flows = 0;  ///< reduced graphs solved
};

namespace detail {

/// The part of a target's upstream cone that matters for cutting, numbered locally in
/// ascending node order: nodes, their slots and each slot's distinct providers.
struct cut_cone {
  std::vector<node_index> nodes;             ///< local number -> node
  std::vector<double> cost;                  ///< +infinity: may not be cut (the target too)
  std::uint32_t target = no_index;           ///< local number of the target
  std::vector<std::uint32_t> node_slots{0};  ///< slots of v: [node_slots[v], node_slots[v+1])
  std::vector<std::uint32_t> slot_offsets{0};
  std::vector<std::uint32_t> providers;     ///< local numbers, per slot
  std::vector<std::uint32_t> slot_owner;    ///< local node of each slot
  std::vector<std::uint32_t> feed_offsets;  ///< slots each node is a provider of
  std::vector<std::uint32_t> feeds;

  std::size_t size() const noexcept { return nodes.size(); }
  std::uint32_t slot_count(std::uint32_t v) const { return node_slots[v + 1] - node_slots[v]; }
  std::span<const std::uint32_t> slot_providers(std::uint32_t s) const {
    return std::span<const std::uint32_t>(providers).subspan(slot_offsets[s],
                                                             slot_offsets[s + 1] - slot_offsets[s]);
  }
  bool cuttable(std::uint32_t v) const { return std::isfinite(cost[v]); }
};

/// The cone over `members` (ascending node numbers, `local` mapping each to its position and
/// every other node to no_index): the slots of each member, keeping the present edges whose
/// source is a member. O(in-edges of the members).
inline cut_cone make_cut_cone(const graph& g, std::vector<node_index> members,
                              const std::vector<std::uint32_t>& local,
                              const std::vector<std::uint8_t>& present_position) {
  const auto node_slots = g.node_slot_offsets();
  const auto slot_positions = g.slot_offsets();
  const auto sources = g.in_edge_sources();
  cut_cone cone;
  cone.nodes = std::move(members);
  const std::size_t c = cone.nodes.size();
  for (std::uint32_t v = 0; v < c; ++v) {
    const node_index x = cone.nodes[v];
    for (slot_index s = node_slots[x], last = node_slots[x + 1]; s < last; ++s) {
      const std::size_t first = cone.providers.size();
      for (std::uint32_t p = slot_positions[s], end = slot_positions[s + 1]; p < end; ++p)
        if (present_position[p] && local[sources[p]] != no_index)
          cone.providers.push_back(local[sources[p]]);
      auto begin = cone.providers.begin() + static_cast<std::ptrdiff_t>(first);
      std::sort(begin, cone.providers.end());
      cone.providers.erase(std::unique(begin, cone.providers.end()), cone.providers.end());
      cone.slot_offsets.push_back(static_cast<std::uint32_t>(cone.providers.size()));
      cone.slot_owner.push_back(v);
    }
    cone.node_slots.push_back(static_cast<std::uint32_t>(cone.slot_owner.size()));
  }
  cone.feed_offsets.assign(c + 1, 0);
  for (std::uint32_t u : cone.providers) ++cone.feed_offsets[u + 1];
  for (std::size_t v = 0; v < c; ++v) cone.feed_offsets[v + 1] += cone.feed_offsets[v];
  cone.feeds.resize(cone.providers.size());
  std::vector<std::uint32_t> fill(cone.feed_offsets.begin(), cone.feed_offsets.end() - 1);
  for (std::uint32_t s = 0; s < cone.slot_owner.size(); ++s)
    for (std::uint32_t u : cone.slot_providers(s)) cone.feeds[fill[u]++] = s;
  return cone;
}

/// Availability of every cone node with the nodes marked in `cut` removed: the least fixpoint
/// of the AND/OR rule, by counting unmet slots. O(cone nodes + edges).
inline std::vector<std::uint8_t> cone_availability(const cut_cone& cone,
                                                   const std::vector<std::uint8_t>& cut) {
  const std::size_t c = cone.size();
  std::vector<std::uint8_t> available(c, 0), slot_met(cone.slot_owner.size(), 0);
  std::vector<std::uint32_t> unmet(c), ready;
  for (std::uint32_t v = 0; v < c; ++v) {
    unmet[v] = cone.slot_count(v);
    if (unmet[v] == 0 && !cut[v]) available[v] = 1, ready.push_back(v);
  }
  while (!ready.empty()) {
    std::uint32_t u = ready.back();
    ready.pop_back();
    for (std::uint32_t i = cone.feed_offsets[u]; i < cone.feed_offsets[u + 1]; ++i) {
      std::uint32_t s = cone.feeds[i];
      if (slot_met[s]) continue;
      slot_met[s] = 1;
      std::uint32_t v = cone.slot_owner[s];
      if (--unmet[v] == 0 && !cut[v]) available[v] = 1, ready.push_back(v);
    }
  }
  return available;
}

/// A minimal cut of one reduced graph (one chosen slot per node) by max-flow.
class reduced_cut_solver {
 public:
  explicit reduced_cut_solver(const cut_cone& cone)
      : cone_(cone), position_(cone.size(), no_index), reached_flag_(cone.size(), 0) {}

  /// The nodes upstream of the target when every node keeps only its chosen slot
  /// (`choice[v]` indexes v's slots), in the order found.
  const std::vector<std::uint32_t>& reach(const std::vector<std::uint32_t>& choice) {
    reached_.clear();
    reached_.push_back(cone_.target);
    reached_flag_[cone_.target] = 1;
    for (std::size_t i = 0; i < reached_.size(); ++i) {
      std::uint32_t v = reached_[i];
      if (cone_.slot_count(v) == 0) continue;
      for (std::uint32_t u : cone_.slot_providers(cone_.node_slots[v] + choice[v]))
        if (!reached_flag_[u]) reached_flag_[u] = 1, reached_.push_back(u);
    }
    for (std::uint32_t v : reached_) reached_flag_[v] = 0;
    return reached_;
  }

  /// The minimum vertex cut separating the sources from the target in the reduced graph over
  /// `reached` (every node upstream of the target under `choice`), as local numbers; nullopt
  /// when a path of nodes that may not be cut reaches the target. One Boykov-Kolmogorov
  /// max-flow on the node-split graph (a Boost CSR graph), then the source side of the
  /// residual graph.
  std::optional<std::vector<std::uint32_t>> solve(const std::vector<std::uint32_t>& choice,
                                                  std::span<const std::uint32_t> reached) {
    ++solved_;
    const std::size_t r = reached.size();
    double finite_total = 0.0;
    for (std::size_t i = 0; i < r; ++i) {
      position_[reached[i]] = static_cast<std::uint32_t>(i);
      if (cone_.cuttable(reached[i])) finite_total += cone_.cost[reached[i]];
    }
    // Larger than any finite cut: arcs of this capacity are never saturated.
    const double infinite = 2.0 * finite_total + 1.0;
    arcs_.clear();
    const std::size_t super_source = 2 * r, vertices = 2 * r + 1;
    for (std::size_t i = 0; i < r; ++i) {
      std::uint32_t v = reached[i];
      add_arc(2 * i, 2 * i + 1, cone_.cuttable(v) ? cone_.cost[v] : infinite, !cone_.cuttable(v));
      if (cone_.slot_count(v) == 0) {
        add_arc(super_source, 2 * i, infinite, true);
        continue;
      }
      for (std::uint32_t u : cone_.slot_providers(cone_.node_slots[v] + choice[v]))
        add_arc(2 * std::size_t{position_[u]} + 1, 2 * i, infinite, true);
    }
    for (std::uint32_t v : reached) position_[v] = no_index;
    const std::size_t sink = 2 * std::size_t{position_of_target(reached)};

    // The arcs by tail (counting sort): arc k goes to place[k], the CSR edge index.
    const std::size_t m = arcs_.size();
    std::vector<std::size_t> offsets(vertices + 1, 0), place(m);
    for (const arc& a : arcs_) ++offsets[a.from + 1];
    for (std::size_t x = 0; x < vertices; ++x) offsets[x + 1] += offsets[x];
    {
      std::vector<std::size_t> fill(offsets.begin(), offsets.end() - 1);
      for (std::size_t k = 0; k < m; ++k) place[k] = fill[arcs_[k].from]++;
    }
    std::vector<std::pair<std::size_t, std::size_t>> ends(m);
    std::vector<double> capacity(m), residual(m);
    std::vector<std::uint8_t> unbounded(m);
    for (std::size_t k = 0; k < m; ++k) {
      ends[place[k]] = {arcs_[k].from, arcs_[k].to};
      capacity[place[k]] = arcs_[k].capacity;
      unbounded[place[k]] = arcs_[k].infinite;
    }
    auto side = [&](auto&& passes) {  // vertices reachable from the super-source
      std::vector<std::uint8_t> seen(vertices, 0);
      std::vector<std::size_t> stack{super_source};
      seen[super_source] = 1;
      while (!stack.empty()) {
        std::size_t x = stack.back();
        stack.pop_back();
        for (std::size_t e = offsets[x]; e < offsets[x + 1]; ++e)
          if (!seen[ends[e].second] && passes(e))
            seen[ends[e].second] = 1, stack.push_back(ends[e].second);
      }
      return seen;
    };
    if (side([&](std::size_t e) { return unbounded[e] != 0; })[sink]) return std::nullopt;

    flow_graph network(boost::edges_are_sorted, ends.begin(), ends.end(), vertices);
    const auto edge_number = boost::get(boost::edge_index, network);
    std::vector<flow_graph::edge_descriptor> descriptor(m), reverse(m);
    for (auto [it, end] = boost::edges(network); it != end; ++it)
      descriptor[boost::get(boost::edge_index, network, *it)] = *it;
    for (std::size_t k = 0; k < m; ++k) reverse[place[k]] = descriptor[place[k ^ 1]];
    boost::boykov_kolmogorov_max_flow(
        network, boost::make_iterator_property_map(capacity.begin(), edge_number),
        boost::make_iterator_property_map(residual.begin(), edge_number),
        boost::make_iterator_property_map(reverse.begin(), edge_number),
        boost::get(boost::vertex_index, network), super_source, sink);
    std::vector<std::uint8_t> source_side = side([&](std::size_t e) { return residual[e] > 0.0; });
    std::vector<std::uint32_t> cut;
    for (std::size_t i = 0; i < r; ++i)
      if (source_side[2 * i] && !source_side[2 * i + 1]) cut.push_back(reached[i]);
    return cut;
  }

  /// Max-flows run so far.
  std::size_t solved() const noexcept { return solved_; }

 private:
  using flow_graph = boost::compressed_sparse_row_graph<boost::directedS>;
  struct arc {
    std::size_t from, to;
    double capacity;
    bool infinite;
  };

  // An arc and its reverse (capacity 0) at positions 2j and 2j + 1.
  void add_arc(std::size_t from, std::size_t to, double capacity, bool infinite) {
    arcs_.push_back({from, to, capacity, infinite});
    arcs_.push_back({to, from, 0.0, false});
  }
  std::size_t position_of_target(std::span<const std::uint32_t> reached) const {
    return static_cast<std::size_t>(std::find(reached.begin(), reached.end(), cone_.target) -
                                    reached.begin());
  }

  const cut_cone& cone_;
  std::vector<std::uint32_t> position_;
  std::vector<std::uint8_t> reached_flag_;
  std::vector<std::uint32_t> reached_;
  std::vector<arc> arcs_;
  std::size_t solved_ = 0;
};

/// Enumerates the slot choices that matter: starting from the target, a node upstream of it
/// in the reduced graph with several slots branches on each; nodes no longer upstream need no
/// choice. Calls visit(choice, reached) once per complete choice until visit returns false.
class slot_choice_enumerator {
 public:
  explicit slot_choice_enumerator(const cut_cone& cone)
      : cone_(cone), choice_(cone.size(), 0), reached_flag_(cone.size(), 0) {}

  /// True when every choice was visited (visit never returned false). Depth-first with an
  /// explicit stack of branching nodes (no recursion, however deep the cone).
  template <class Visit>
  bool run(Visit&& visit) {
    reached_.clear();
    pending_.clear();
    frames_.clear();
    std::fill(reached_flag_.begin(), reached_flag_.end(), 0);
    reached_flag_[cone_.target] = 1;
    reached_.push_back(cone_.target);
    stack_.assign(1, cone_.target);
    close();
    for (;;) {
      if (!pending_.empty()) {  // branch on the next node waiting for a choice
        std::uint32_t v = pending_.back();
        pending_.pop_back();
        frames_.push_back({v, 0, pending_.size(), reached_.size()});
        choose(v, 0);
        continue;
      }
      if (!visit(choice_, std::span<const std::uint32_t>(reached_))) return false;
      for (;;) {  // back to the deepest branching node with a slot left to try
        if (frames_.empty()) return true;
        frame& f = frames_.back();
        for (std::size_t i = f.reached_mark; i < reached_.size(); ++i)
          reached_flag_[reached_[i]] = 0;
        reached_.resize(f.reached_mark);
        pending_.resize(f.pending_mark);
        if (++f.slot < cone_.slot_count(f.node)) {
          choose(f.node, f.slot);
          break;
        }
        pending_.push_back(f.node);
        frames_.pop_back();
      }
    }
  }

 private:
  struct frame {
    std::uint32_t node, slot;
    std::size_t pending_mark, reached_mark;
  };

  // v takes its k-th slot: its providers become upstream.
  void choose(std::uint32_t v, std::uint32_t k) {
    choice_[v] = k;
    stack_.clear();
    follow(cone_.node_slots[v] + k);
    close();
  }
  // The nodes on stack_ are upstream: one with a single slot follows it at once, one with
  // several waits in pending_ for a choice.
  void close() {
    while (!stack_.empty()) {
      std::uint32_t x = stack_.back();
      stack_.pop_back();
      if (cone_.slot_count(x) >= 2) {
        pending_.push_back(x);
      } else if (cone_.slot_count(x) == 1) {
        choice_[x] = 0;
        follow(cone_.node_slots[x]);
      }
    }
  }
  void follow(std::uint32_t slot) {
    for (std::uint32_t u : cone_.slot_providers(slot))
      if (!reached_flag_[u]) {
        reached_flag_[u] = 1;
        reached_.push_back(u);
        stack_.push_back(u);
      }
  }

  const cut_cone& cone_;
  std::vector<std::uint32_t> choice_;
  std::vector<std::uint8_t> reached_flag_;
  std::vector<std::uint32_t> reached_, pending_, stack_;
  std::vector<frame> frames_;
};

/// Estimated cost of stopping each cone node: min(cost(v), min over its slots of the sum of the
/// providers' estimates), bottom-up in node order; a cyclic component is swept until it settles
/// (at most members + 1 sweeps).
inline std::vector<double> stop_cost_estimates(const graph& g, const cut_cone& cone) {
  const std::size_t c = cone.size();
  std::vector<double> estimate(cone.cost);
  auto evaluate = [&](std::uint32_t v) {
    double best = cone.cost[v];
    for (std::uint32_t s = cone.node_slots[v]; s < cone.node_slots[v + 1]; ++s) {
      double sum = 0.0;
      for (std::uint32_t u : cone.slot_providers(s)) sum += estimate[u];
      best = std::min(best, sum);
    }
    bool changed = best != estimate[v];
    estimate[v] = best;
    return changed;
  };
  for (std::uint32_t first = 0; first < c;) {
    const std::uint32_t component = g.component(cone.nodes[first]);
    std::uint32_t last = first + 1;
    while (last < c && g.component(cone.nodes[last]) == component) ++last;
    const bool cyclic = g.component_is_cyclic(component);
    for (std::uint32_t sweep = 0; sweep <= last - first; ++sweep) {
      bool changed = false;
      for (std::uint32_t v = first; v < last; ++v) changed = evaluate(v) || changed;
      if (!cyclic || !changed) break;
    }
    first = last;
  }
  return estimate;
}

/// The slot of v whose providers' estimates sum least, among the slots `allowed` accepts.
template <class Allowed>
std::uint32_t cheapest_slot(const cut_cone& cone, const std::vector<double>& estimate,
                            std::uint32_t v, Allowed&& allowed) {
  std::uint32_t best = no_index;
  double best_sum = 0.0;
  for (std::uint32_t k = 0; k < cone.slot_count(v); ++k) {
    std::uint32_t s = cone.node_slots[v] + k;
    if (!allowed(s)) continue;
    double sum = 0.0;
    for (std::uint32_t u : cone.slot_providers(s)) sum += estimate[u];
    if (best == no_index || sum < best_sum) best = k, best_sum = sum;
  }
  return best;
}

/// A number of slot choices, as text: exact below 2^53, else as a power of two.
inline std::string describe_choice_count(double count, double log2_count) {
  char buffer[64];
  if (count < 0x1p53)
    std::snprintf(buffer, sizeof buffer, "%.0f", count);
  else
    std::snprintf(buffer, sizeof buffer, "about 2^%.1f", log2_count);
  return buffer;
}

}  // namespace detail

/// True when `target` is unavailable with the nodes of `cut` removed (DESIGN §2, binary
/// availability, the evidence filter `edge_present`; empty: every edge); also true when the
/// target is unavailable with no cut at all. O(n + m).
inline bool stops_target(const graph& g, node_index target, std::span<const node_index> cut,
                         const std::function<bool(edge_index)>& edge_present = {}) {
  if (target >= g.node_count())
    throw error("min_cut: target node number " + std::to_string(target) + " out of range (" +
                std::to_string(g.node_count()) + " nodes)");
  std::vector<std::uint8_t> removed(g.node_count(), 0);
  for (node_index v : cut) {
    if (v >= g.node_count())
      throw error("min_cut: cut node number " + std::to_string(v) + " out of range (" +
                  std::to_string(g.node_count()) + " nodes)");
    removed[v] = 1;
  }
  return !available_nodes(
      g, [&](edge_index e) { return !edge_present || edge_present(e); },
      [&](node_index v) { return removed[v] == 0; })[target];
}

/// The cheapest set of nodes, never the target, whose removal makes `target` unavailable (see
/// the file comment for the method). Exact when the upstream cone has no AND requirements (one
/// max-flow) or when the slot choices that matter number at most `max_exact_choices` (one
/// max-flow each); otherwise an upper bound from a per-node cheapest-slot choice (and each slot
/// of the target), improved until re-choosing the slots the cut leaves unmet gains nothing, and
/// flagged exact only when it equals the cheapest single cuttable node. The cut is then pruned
/// to be minimal by inclusion. O(n + m) for the cone, plus per max-flow O(cone) to build and
/// the Boykov-Kolmogorov flow on the node-split reduced graph, plus O(cut * cone) to prune.
/// Throws micgraph::error for a target out of range or a cost that is not > 0.
inline min_cut_result cheapest_cut(const graph& g, node_index target,
                                   const min_cut_options& options = {}) {
  const std::size_t n = g.node_count();
  if (target >= n)
    throw error("min_cut: target node number " + std::to_string(target) + " out of range (" +
                std::to_string(n) + " nodes)");
  min_cut_result out;
  out.target = target;

  // 1. The upstream cone over present dependency edges.
  const auto order = g.in_edge_order();
  std::vector<std::uint8_t> present_position(order.size(), 1);
  if (options.edge_present)
    for (std::size_t p = 0; p < order.size(); ++p)
      present_position[p] = options.edge_present(order[p]) ? 1 : 0;
  const auto node_slots = g.node_slot_offsets();
  const auto slot_positions = g.slot_offsets();
  const auto sources = g.in_edge_sources();
  std::vector<std::uint32_t> local(n, no_index);
  std::vector<node_index> members{target};
  local[target] = 0;
  for (std::size_t i = 0; i < members.size(); ++i) {
    node_index v = members[i];
    for (std::uint32_t p = slot_positions[node_slots[v]], end = slot_positions[node_slots[v + 1]];
         p < end; ++p)
      if (present_position[p] && local[sources[p]] == no_index)
        local[sources[p]] = 0, members.push_back(sources[p]);
  }
  std::sort(members.begin(), members.end());
  for (std::uint32_t i = 0; i < members.size(); ++i) local[members[i]] = i;

  // 2. Costs, checked; availability with no cuts. Unavailable nodes are dead already: drop them.
  std::vector<double> member_cost(members.size(), std::numeric_limits<double>::infinity());
  for (std::uint32_t i = 0; i < members.size(); ++i) {
    if (members[i] == target) continue;
    double cost = options.cost ? options.cost(members[i]) : 1.0;
    if (!(cost > 0.0))
      throw error("min_cut: cost of node '" + std::string(g.node(members[i]).id()) + "' is " +
                  std::to_string(cost) + "; expected a finite number > 0 or +infinity");
    member_cost[i] = cost;
  }
  std::vector<std::uint8_t> baseline;
  {
    detail::cut_cone whole = detail::make_cut_cone(g, members, local, present_position);
    baseline = detail::cone_availability(whole, std::vector<std::uint8_t>(members.size(), 0));
  }
  if (!baseline[local[target]]) {
    out.unavailable = true;
    return out;
  }
  std::vector<node_index> alive;
  std::vector<double> alive_cost;
  for (std::uint32_t i = 0; i < members.size(); ++i) {
    local[members[i]] = no_index;
    if (baseline[i]) alive.push_back(members[i]), alive_cost.push_back(member_cost[i]);
  }
  for (std::uint32_t i = 0; i < alive.size(); ++i) local[alive[i]] = i;
  detail::cut_cone cone = detail::make_cut_cone(g, std::move(alive), local, present_position);
  cone.cost = std::move(alive_cost);
  cone.target = local[target];
  const std::size_t c = cone.size();

  // 3. Impossible: the target survives the loss of every node that may be cut.
  std::vector<std::uint8_t> all_cuttable(c, 0);
  double cheapest_member = std::numeric_limits<double>::infinity();
  for (std::uint32_t v = 0; v < c; ++v)
    if (cone.cuttable(v))
      all_cuttable[v] = 1, cheapest_member = std::min(cheapest_member, cone.cost[v]);
  if (detail::cone_availability(cone, all_cuttable)[cone.target]) {
    out.impossible = true;
    out.cost = std::numeric_limits<double>::infinity();
    return out;
  }

  auto total_cost = [&](const std::vector<std::uint32_t>& cut) {
    double sum = 0.0;
    for (std::uint32_t v : cut) sum += cone.cost[v];
    return sum;
  };
  // Drops members, dearest first, whose removal from the cut still leaves the target stopped.
  auto prune = [&](std::vector<std::uint32_t> cut) {
    std::sort(cut.begin(), cut.end(), [&](std::uint32_t a, std::uint32_t b) {
      return cone.cost[a] != cone.cost[b] ? cone.cost[a] > cone.cost[b] : a > b;
    });
    std::vector<std::uint8_t> mask(c, 0);
    for (std::uint32_t v : cut) mask[v] = 1;
    for (std::uint32_t v : cut) {
      mask[v] = 0;
      if (detail::cone_availability(cone, mask)[cone.target]) mask[v] = 1;
    }
    std::erase_if(cut, [&](std::uint32_t v) { return mask[v] == 0; });
    return cut;
  };

  detail::reduced_cut_solver solver(cone);
  std::optional<std::vector<std::uint32_t>> best;
  double best_cost = std::numeric_limits<double>::infinity();

  // 4. Count the choices that matter (up to the budget); enumerate them all when affordable.
  detail::slot_choice_enumerator enumerator(cone);
  const std::size_t budget = std::max<std::size_t>(1, options.max_exact_choices);
  std::size_t choices = 0;
  const bool affordable =
      enumerator.run([&](const std::vector<std::uint32_t>&, std::span<const std::uint32_t>) {
        return ++choices <= budget;
      });
  if (affordable) {
    enumerator.run(
        [&](const std::vector<std::uint32_t>& choice, std::span<const std::uint32_t> reached) {
          auto cut = solver.solve(choice, reached);
          if (!cut) return true;
          double cost = total_cost(*cut);
          if (cost < best_cost) best_cost = cost, best = std::move(cut);
          return true;
        });
    out.exact = true;
  } else {
    // 5. An upper bound: cheapest slots by estimated stop-cost, then improve each start by
    //    re-choosing the slots its cut leaves unmet while that lowers the cost.
    const std::vector<double> estimate = detail::stop_cost_estimates(g, cone);
    std::vector<std::uint32_t> heuristic(c, 0);
    for (std::uint32_t v = 0; v < c; ++v)
      if (cone.slot_count(v) > 0)
        heuristic[v] = detail::cheapest_slot(cone, estimate, v, [](std::uint32_t) { return true; });
    auto rechoose = [&](const std::vector<std::uint32_t>& cut) {
      std::vector<std::uint8_t> mask(c, 0);
      for (std::uint32_t v : cut) mask[v] = 1;
      const std::vector<std::uint8_t> available = detail::cone_availability(cone, mask);
      std::vector<std::uint32_t> choice = heuristic;
      for (std::uint32_t v = 0; v < c; ++v) {
        if (mask[v] || available[v] || cone.slot_count(v) == 0) continue;
        choice[v] = detail::cheapest_slot(cone, estimate, v, [&](std::uint32_t s) {
          for (std::uint32_t u : cone.slot_providers(s))
            if (available[u]) return false;
          return true;
        });
      }
      return choice;
    };
    auto improve = [&](std::vector<std::uint32_t> choice) {
      double start_cost = std::numeric_limits<double>::infinity();
      for (int round = 0; round < 64; ++round) {
        auto cut = solver.solve(choice, solver.reach(choice));
        if (!cut) return;
        *cut = prune(std::move(*cut));
        double cost = total_cost(*cut);
        if (cost < best_cost) best_cost = cost, best = *cut;
        if (!(cost < start_cost)) return;
        start_cost = cost;
        choice = rechoose(*cut);
      }
    };
    improve(heuristic);
    if (cone.slot_count(cone.target) >= 2)
      for (std::uint32_t k = 0; k < cone.slot_count(cone.target); ++k) {
        if (k == heuristic[cone.target]) continue;
        std::vector<std::uint32_t> choice = heuristic;
        choice[cone.target] = k;
        improve(std::move(choice));
      }
    // No start had a finite cut: start from the loss of every node that may be cut.
    if (!best) {
      std::vector<std::uint32_t> everything;
      for (std::uint32_t v = 0; v < c; ++v)
        if (all_cuttable[v]) everything.push_back(v);
      improve(rechoose(everything));
    }
    if (!best) throw error("min_cut: internal error: no finite cut found for a stoppable target");
    // Any cut costs at least its cheapest member.
    out.exact = best_cost <= cheapest_member;
    if (!out.exact) {
      double total = 1.0, log2_total = 0.0;  // the product is exact while below 2^53
      std::size_t and_nodes = 0;
      for (std::uint32_t v = 0; v < c; ++v)
        if (cone.slot_count(v) >= 2) {
          ++and_nodes;
          total *= cone.slot_count(v);
          log2_total += std::log2(static_cast<double>(cone.slot_count(v)));
        }
      out.reason = "AND requirements at " + std::to_string(and_nodes) +
                   " nodes of the upstream cone; more than " + std::to_string(budget) +
                   " slot choices matter (" + detail::describe_choice_count(total, log2_total) +
                   " in all); upper bound from a per-node cheapest-slot choice, improved by "
                   "re-choosing the slots the cut leaves unmet";
    }
  }
  if (!best) throw error("min_cut: internal error: no finite cut found for a stoppable target");

  std::vector<std::uint32_t> cut = prune(std::move(*best));
  std::sort(cut.begin(), cut.end());
  for (std::uint32_t v : cut) out.cut.push_back(cone.nodes[v]);
  out.cost = total_cost(cut);
  out.max_flows = solver.solved();
  return out;
}

}  // namespace micgraph
