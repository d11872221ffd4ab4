#pragma once
/// \file analysis/chokepoints.hpp
/// Chokepoints of the AND/OR supply graph (DESIGN §3): each target's single points of failure
/// (its order-1 minimal cut sets; on OR-only parts, its dominators), bounded order-2 pairs, and
/// a ranking of nodes by the targets their loss stops and the target capacity it removes.
/// The single points come from critical sets (detail/critical_sets.hpp), the ranking from one
/// incremental removal per ranked node (detail/removal_propagation.hpp).

#include <algorithm>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <span>
#include <vector>

#include "micgraph/analysis/propagate.hpp"
#include "micgraph/detail/cones.hpp"
#include "micgraph/detail/critical_sets.hpp"
#include "micgraph/detail/removal_propagation.hpp"
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
  /// Worker threads for the evaluations, each with its own propagation state (0: one per
  /// core; 1 below 64 ranked nodes). The ranking is the same for every count.
  unsigned threads = 0;
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
        detail::downstream_cone_sizes(g, weights, baseline, out.cones_estimated,
                                      detail::exact_cone_work, options.threads);
    std::partial_sort(
        others.begin(), others.begin() + static_cast<std::ptrdiff_t>(options.candidates),
        others.end(),
        [&](node_index a, node_index b) { return cone[a] != cone[b] ? cone[a] > cone[b] : a < b; });
    others.resize(options.candidates);
  }
  ranked.insert(ranked.end(), others.begin(), others.end());

  // Each worker removes nodes on its own propagation state, which every removal leaves as it
  // found it; the results are combined in the order of `ranked`.
  const unsigned threads = options.threads == 1 || ranked.size() < 64
                               ? 1u
                               : thread_count(options.threads, ranked.size() / 32);
  std::vector<std::optional<detail::removal_propagation>> probes(threads);
  std::vector<double> removed(ranked.size(), 0.0);
  std::mutex progress_lock;
  std::size_t evaluated = 0;
  parallel_for(ranked.size(), threads, [&](std::size_t i, unsigned worker) {
    if (!probes[worker]) probes[worker].emplace(g, weights, baseline, options.propagation);
    const node_index u = ranked[i];
    double sum = 0.0;
    probes[worker]->remove(u, [&](node_index v, double capacity) {
      if (is_target[v] && v != u) sum += baseline[v] - capacity;
    });
    removed[i] = sum;
    if (options.progress) {
      std::lock_guard<std::mutex> lock(progress_lock);
      options.progress(++evaluated, ranked.size());
    }
  });
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    const node_index u = ranked[i];
    if (stopped[u] > 0 || removed[i] > 1e-12) out.ranking.push_back({u, stopped[u], removed[i]});
  }
  std::sort(out.ranking.begin(), out.ranking.end(), [](const ranked_node& x, const ranked_node& y) {
    if (x.targets_stopped != y.targets_stopped) return x.targets_stopped > y.targets_stopped;
    if (x.capacity_removed != y.capacity_removed) return x.capacity_removed > y.capacity_removed;
    return x.node < y.node;
  });
  return out;
}

}  // namespace micgraph
