#pragma once
/// \file analysis/design.hpp
/// Sanction design (DESIGN §3): greedily pick the k node or edge cuts that remove the most
/// capacity from a set of targets, each pick the one with the largest marginal loss given the
/// picks before it.
///
/// Each candidate is evaluated by an incremental propagation: the cut is applied to the current
/// state (capacities under the picks so far) and only the nodes downstream of it whose capacity
/// changes are re-evaluated, in node order (a topological order of the condensation); a cyclic
/// component that is reached is solved again from zero to its least fixpoint. The capacities are
/// bit for bit those of micgraph::propagate on the same multipliers.
///
/// Lazy evaluation (the default) keeps every candidate's last gain as a bound and re-evaluates
/// only the candidate on top until one is on top with a fresh gain. That is exact when a cut's
/// gain can only shrink as cuts accumulate (a submodular objective: AND-only supply chains).
/// With OR alternatives a cut can gain more after another (cutting one of two suppliers gains
/// nothing until the other is cut), so the lazy pick may differ from the plain greedy pick;
/// `lazy = false` re-evaluates every candidate in every round.

#include <algorithm>
#include <cstdint>
#include <functional>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "micgraph/analysis/propagate.hpp"
#include "micgraph/detail/cones.hpp"
#include "micgraph/detail/cut_propagation.hpp"
#include "micgraph/error.hpp"
#include "micgraph/graph.hpp"
#include "micgraph/parallel.hpp"
#include "micgraph/scenario.hpp"

namespace micgraph {

struct design_options {
  enum class cut_kind { nodes, edges };
  /// Cut nodes (a firm, a plant, a machine-tool type) or dependency edges (a supply link).
  cut_kind cut = cut_kind::nodes;
  /// Cuts to pick.
  std::size_t budget = 5;
  /// Enforcement of every cut in [0,1]: the fraction of the flow it stops.
  double enforcement = 1.0;
  /// Node or edge numbers that may be cut. Empty: every node of the targets' upstream cone that
  /// has capacity in the starting state (targets excepted), or every dependency edge into that
  /// cone or a target with positive weight; at most `max_candidates` of them, those with the
  /// largest downstream cones.
  std::vector<std::uint32_t> candidates;
  std::size_t max_candidates = 2000;
  /// Lazy greedy evaluation (see the file comment).
  bool lazy = true;
  /// A scenario to start from: its evidence filters define the baseline, and its cuts are in
  /// place before the first pick. Null: no filters, no cuts.
  const compiled_scenario* scenario = nullptr;
  propagate_options propagation;
  /// Called with (candidate evaluations so far, picks so far) as the search goes; may be empty.
  /// Calls from several threads are serialised.
  std::function<void(std::size_t, std::size_t)> progress;
  /// Worker threads for the rounds that measure many candidates at once (the first, and every
  /// round when not lazy); 0: one per core. The picks do not depend on it.
  unsigned threads = 0;
};

struct design_pick {
  std::uint32_t element = no_index;  ///< node or edge number
  double gain = 0.0;                 ///< target capacity this cut removed, given the picks before
  double remaining = 0.0;            ///< target capacity left after it (sum of fractions)
  std::size_t targets_stopped = 0;   ///< targets at zero capacity after it
};

struct design_result {
  design_options::cut_kind cut = design_options::cut_kind::nodes;
  std::vector<node_index> targets;  ///< distinct targets, in the order given
  double baseline = 0.0;  ///< target capacity with no cuts (sum of fractions)
  double start = 0.0;     ///< target capacity before the first pick (the scenario's cuts)
  std::vector<design_pick> picks;
  std::size_t candidates = 0;   ///< candidates considered
  std::size_t evaluations = 0;  ///< incremental propagations run
  /// Fewer picks than the budget: no remaining candidate removes any target capacity.
  bool exhausted = false;
};

/// Greedy sanction design over `targets` (see the file comment). Each round picks the candidate
/// with the largest marginal loss of target capacity (ties: the smaller node or edge number) and
/// keeps it; stops early when no candidate removes anything. Cost: one incremental propagation
/// per evaluation; candidates * budget evaluations at most (far fewer when lazy).
inline design_result design_sanctions(const graph& g, std::span<const node_index> targets,
                                      const design_options& options = {}) {
  if (!(options.enforcement >= 0.0 && options.enforcement <= 1.0))
    throw error("design: enforcement must be in [0,1], got " + std::to_string(options.enforcement));
  const bool cut_nodes = options.cut == design_options::cut_kind::nodes;
  const std::size_t n = g.node_count();
  design_result out;
  out.cut = options.cut;
  out.targets = detail::distinct_targets(g, targets);
  for (std::uint32_t x : options.candidates)
    if (x >= (cut_nodes ? n : g.edge_count()))
      throw error(std::string("design: candidate ") + (cut_nodes ? "node" : "edge") + " number " +
                  std::to_string(x) + " out of range");

  // The starting state: the scenario's filters and cuts, or every edge at share * quality.
  const auto order = g.in_edge_order();
  std::vector<double> weights(order.size()), alive(n, 1.0);
  if (options.scenario != nullptr) {
    weights.assign(options.scenario->scenario_weights().begin(),
                   options.scenario->scenario_weights().end());
    alive.assign(options.scenario->node_alive().begin(), options.scenario->node_alive().end());
  } else {
    for (std::size_t p = 0; p < order.size(); ++p)
      weights[p] = g.edge_shares()[order[p]] * g.edge_qualities()[order[p]];
  }
  // With no scenario the starting weights are the baseline's: no copy is kept of them, and the
  // starting state is the baseline, whose capacities are not computed twice.
  const std::vector<double> baseline = propagate(
      g, {}, options.scenario != nullptr ? options.scenario->baseline_weights() : std::span<const double>(weights),
      options.propagation);
  detail::cut_evaluator state(
      g, std::move(alive), std::move(weights), out.targets, options.propagation,
      options.scenario == nullptr ? std::span<const double>(baseline) : std::span<const double>());
  // The baseline weights, for the cone sizes below: the scenario's, or the evaluator's own,
  // which no cut has changed yet.
  const std::span<const double> base_weights =
      options.scenario != nullptr ? options.scenario->baseline_weights() : state.weights();
  std::vector<std::uint8_t> is_target(n, 0);
  for (node_index t : out.targets) {
    is_target[t] = 1;
    out.baseline += baseline[t];
    out.start += state.capacity()[t];
  }

  // Candidates: given, or the live part of the targets' upstream cone.
  std::vector<std::uint32_t> candidates = options.candidates;
  if (candidates.empty()) {
    std::vector<std::uint8_t> in_cone(n, 0);
    std::vector<node_index> stack(out.targets.begin(), out.targets.end());
    for (node_index t : out.targets) in_cone[t] = 1;
    const auto sources = g.edge_sources();
    while (!stack.empty()) {
      node_index v = stack.back();
      stack.pop_back();
      for (edge_index e : g.in_edges(v)) {
        node_index s = sources[e];
        if (state.weight(e) > 0.0 && !in_cone[s]) in_cone[s] = 1, stack.push_back(s);
      }
    }
    std::vector<double> cone_size;
    bool estimated = false;
    if (cut_nodes) {
      for (node_index v = 0; v < n; ++v)
        if (in_cone[v] && !is_target[v] && state.capacity()[v] > 0.0) candidates.push_back(v);
    } else {
      for (edge_index e : g.edges())
        if (in_cone[g.edge_targets()[e]] && state.weight(e) > 0.0 &&
            state.capacity()[sources[e]] > 0.0)
          candidates.push_back(e);
    }
    if (candidates.size() > options.max_candidates) {
      cone_size = detail::downstream_cone_sizes(g, base_weights, baseline, estimated,
                                                detail::exact_cone_work, options.threads);
      auto size_of = [&](std::uint32_t x) {
        return cut_nodes ? cone_size[x] : cone_size[g.edge_targets()[x]];
      };
      std::partial_sort(candidates.begin(),
                        candidates.begin() + static_cast<std::ptrdiff_t>(options.max_candidates),
                        candidates.end(), [&](std::uint32_t a, std::uint32_t b) {
                          return size_of(a) != size_of(b) ? size_of(a) > size_of(b) : a < b;
                        });
      candidates.resize(options.max_candidates);
      std::sort(candidates.begin(), candidates.end());
    }
  } else {
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  }
  out.candidates = candidates.size();

  std::mutex progress_lock;
  auto evaluate_with = [&](detail::cut_evaluator& evaluator, std::uint32_t x) {
    {
      std::lock_guard<std::mutex> lock(progress_lock);
      ++out.evaluations;
      if (options.progress) options.progress(out.evaluations, out.picks.size());
    }
    if (cut_nodes) return evaluator.try_node(x, options.enforcement);
    return evaluator.position(x) == no_index ? 0.0 : evaluator.try_edge(x, options.enforcement);
  };
  auto evaluate = [&](std::uint32_t x) { return evaluate_with(state, x); };
  // Max-heap of (gain, candidate, round the gain was measured in); ties: smaller number first.
  struct entry {
    double gain;
    std::uint32_t element;
    std::size_t round;
  };
  auto below = [](const entry& a, const entry& b) {
    return a.gain != b.gain ? a.gain < b.gain : a.element > b.element;
  };
  // Measures the entries not yet measured in `round`, on several threads when there are many:
  // each extra worker tries the cuts on its own copy of the state (a try leaves the state as
  // it found it, so every copy gives the gains the state itself would).
  const unsigned threads = thread_count(options.threads, candidates.size() / 64);
  auto measure_all = [&](std::vector<entry>& entries, std::size_t round) {
    if (threads <= 1) {
      for (entry& each : entries)
        if (each.round != round) each = {evaluate(each.element), each.element, round};
      return;
    }
    std::vector<detail::cut_evaluator> copies(threads - 1, state);
    parallel_for(
        entries.size(), threads,
        [&](std::size_t i, unsigned worker) {
          entry& each = entries[i];
          if (each.round == round) return;
          detail::cut_evaluator& evaluator = worker == 0 ? state : copies[worker - 1];
          each = {evaluate_with(evaluator, each.element), each.element, round};
        },
        16);
  };
  std::vector<entry> heap;
  for (std::uint32_t x : candidates) heap.push_back({0.0, x, no_index});
  measure_all(heap, 0);
  std::make_heap(heap.begin(), heap.end(), below);
  for (std::size_t round = 0; round < options.budget; ++round) {
    if (round > 0 && !options.lazy) {
      measure_all(heap, round);
      std::make_heap(heap.begin(), heap.end(), below);
    }
    // Lazy: refresh the top until a fresh gain is on top.
    while (!heap.empty() && heap.front().round != round) {
      std::pop_heap(heap.begin(), heap.end(), below);
      heap.back() = {evaluate(heap.back().element), heap.back().element, round};
      std::push_heap(heap.begin(), heap.end(), below);
    }
    // Stale gains may understate: before giving up, measure every candidate afresh.
    if (options.lazy && !heap.empty() && heap.front().gain <= 1e-12) {
      measure_all(heap, round);
      std::make_heap(heap.begin(), heap.end(), below);
    }
    if (heap.empty() || heap.front().gain <= 1e-12) {
      out.exhausted = true;
      break;
    }
    std::pop_heap(heap.begin(), heap.end(), below);
    entry best = heap.back();
    heap.pop_back();
    double gain = cut_nodes ? state.apply_node(best.element, options.enforcement)
                            : state.apply_edge(best.element, options.enforcement);
    design_pick pick{.element = best.element, .gain = gain};
    for (node_index t : out.targets) {
      pick.remaining += state.capacity()[t];
      pick.targets_stopped += state.capacity()[t] <= 0.0 ? 1 : 0;
    }
    out.picks.push_back(pick);
  }
  return out;
}

}  // namespace micgraph
