#pragma once
/// \file analysis/uncertainty.hpp
/// How sure is an impact (DESIGN §3, `uncertainty`): Monte Carlo over the evidence and the
/// enforcement, and one run per body of sources side by side.
///
/// Monte Carlo: each sample keeps each dependency edge with probability `confidence` (instead
/// of the deterministic `min_confidence` threshold; the `views` filter still applies) and draws
/// each rule's enforcement uniformly from its range (`enforcement: {"low": a, "high": b}`; a
/// plain number stays fixed), then propagates baseline and scenario as micgraph::impact does.
/// The draws are paired: each sampled world is evaluated without and with the scenario, so the
/// scenario's *effect* (the loss in that world, and whether the scenario stops a node the same
/// world would otherwise produce) is reported apart from the capacity distribution, which also
/// carries the doubt about the evidence itself. An empty scenario, or a node no cut reaches, has
/// an effect of exactly zero in every sample.
/// Sample i draws from its own generator, seeded from (seed, i), so the result is the same for
/// any number of threads; samples run in parallel on all cores.
///
/// Views: one impact per source view V, with the edges asserted by other views removed
/// (untagged edges always count), as a scenario with `views = {V}` would.

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <functional>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "micgraph/analysis/propagate.hpp"
#include "micgraph/detail/cones.hpp"
#include "micgraph/error.hpp"
#include "micgraph/graph.hpp"
#include "micgraph/parallel.hpp"
#include "micgraph/scenario.hpp"

namespace micgraph {

struct monte_carlo_options {
  std::size_t samples = 1000;
  std::uint64_t seed = 1;
  /// Worker threads; 0: one per core. The result does not depend on it.
  unsigned threads = 0;
  /// Nodes whose distributions are kept; empty: every node. Memory: samples x recorded nodes
  /// floats.
  std::vector<node_index> record;
  propagate_options propagation;
  /// Called with (samples done, samples) from the worker threads (serialised); may be empty.
  std::function<void(std::size_t, std::size_t)> progress;
};

/// The distribution of one node's scenario capacity over the samples, and of the scenario's
/// effect on it (each sample's baseline minus its scenario capacity, in the same world).
struct capacity_distribution {
  double mean = 0.0;
  double p05 = 0.0;     ///< 5th percentile (nearest rank)
  double p95 = 0.0;     ///< 95th percentile (nearest rank)
  double p_stop = 0.0;  ///< share of samples in which it is at zero capacity
  double baseline_mean = 0.0;  ///< mean baseline capacity (the evidence is sampled too)
  double loss_mean = 0.0;      ///< mean loss the scenario causes (baseline - scenario, per sample)
  double loss_p05 = 0.0;       ///< 5th percentile of that loss (nearest rank)
  double loss_p95 = 0.0;       ///< 95th percentile of that loss (nearest rank)
  /// Share of samples in which the scenario stops the node although the same world without it
  /// produces: the probability of a stop that the scenario causes.
  double p_scenario_stop = 0.0;
};

struct monte_carlo_result {
  std::size_t samples = 0;
  std::vector<node_index> nodes;                      ///< the recorded nodes
  std::vector<capacity_distribution> distributions;  ///< per recorded node
  /// The distribution of node v, or nullptr when v was not recorded: O(1) when every node was
  /// recorded (in node order, the default), else O(recorded nodes).
  const capacity_distribution* distribution_of(node_index v) const {
    if (v < nodes.size() && nodes[v] == v) return &distributions[v];
    for (std::size_t i = 0; i < nodes.size(); ++i)
      if (nodes[i] == v) return &distributions[i];
    return nullptr;
  }
};

namespace detail {

/// splitmix64: the seed of sample i's generator, and a fast generator in its own right.
struct splitmix64 {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, 1).
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
};

/// Whether an edge's view passes a scenario's `views` filter (untagged edges always do).
inline std::vector<std::uint8_t> view_passes(const graph& g, const std::vector<std::string>& views) {
  std::vector<std::uint8_t> pass(g.views().size(), views.empty() ? 1 : 0);
  pass[0] = 1;
  for (const std::string& view : views)
    if (std::uint32_t id = g.view_id(view); id != no_index) pass[id] = 1;
  return pass;
}

}  // namespace detail

/// Monte Carlo over edge confidence and rule enforcement (see the file comment). Cost: samples
/// x one fused propagation, plus O(m) to draw each sample's edges, spread over the threads.
inline monte_carlo_result monte_carlo(const graph& g, const compiled_scenario& s,
                                      const monte_carlo_options& options = {}) {
  if (options.samples == 0) throw error("monte_carlo: at least one sample is needed");
  const std::size_t n = g.node_count();
  const scenario& definition = s.definition();
  monte_carlo_result out;
  out.samples = options.samples;
  out.nodes = detail::recorded_nodes(g, options.record, "monte_carlo");

  const auto order = g.in_edge_order();
  const std::vector<std::uint8_t> view_ok = detail::view_passes(g, definition.views);
  // Per reverse-CSR position: share * quality where the view passes, the confidence, and the
  // edge's number for its rule hits.
  std::vector<double> weight(order.size()), confidence(order.size());
  std::vector<std::uint32_t> position_of_edge(g.edge_count(), no_index);
  for (std::size_t p = 0; p < order.size(); ++p) {
    edge_index e = order[p];
    position_of_edge[e] = static_cast<std::uint32_t>(p);
    weight[p] = view_ok[g.edge_view_ids()[e]] ? g.edge_shares()[e] * g.edge_qualities()[e] : 0.0;
    confidence[p] = g.edge_confidences()[e];
  }
  std::vector<std::uint32_t> uncertain;  // positions that need a draw
  for (std::size_t p = 0; p < order.size(); ++p)
    if (weight[p] > 0.0 && confidence[p] < 1.0) uncertain.push_back(static_cast<std::uint32_t>(p));

  // samples x recorded nodes, baseline and scenario, as floats.
  const std::size_t recorded = out.nodes.size();
  std::vector<float> capacity(options.samples * recorded), baseline(options.samples * recorded);
  const unsigned threads = thread_count(options.threads, options.samples);
  // Each worker's scratch: weights, multipliers and capacities of the sample it draws.
  struct scratch {
    std::vector<double> base_w, cut_w, alive, enforcement, base_cap, cut_cap;
  };
  std::vector<scratch> workers(threads);
  for (scratch& each : workers) {
    each.base_w.resize(weight.size());
    each.cut_w.resize(weight.size());
    each.alive.resize(n);
    each.enforcement.resize(definition.rules.size());
  }
  std::atomic<std::size_t> done{0};
  std::mutex progress_lock;
  parallel_for(options.samples, threads, [&](std::size_t i, unsigned worker) {
    auto& [base_w, cut_w, alive, enforcement, base_cap, cut_cap] = workers[worker];
    detail::splitmix64 rng{options.seed * 0x2545f4914f6cdd1dULL + i};
    for (std::size_t r = 0; r < definition.rules.size(); ++r) {
      const scenario_rule& rule = definition.rules[r];
      enforcement[r] = rule.enforcement_range
                           ? rule.enforcement_range->first +
                                 (rule.enforcement_range->second - rule.enforcement_range->first) *
                                     rng.uniform()
                           : rule.enforcement;
    }
    std::copy(weight.begin(), weight.end(), base_w.begin());
    for (std::uint32_t p : uncertain)
      if (!(rng.uniform() < confidence[p])) base_w[p] = 0.0;
    std::copy(base_w.begin(), base_w.end(), cut_w.begin());
    for (const auto& hit : s.edge_hits())
      if (std::uint32_t p = position_of_edge[hit.element]; p != no_index)
        cut_w[p] *= 1.0 - enforcement[hit.rule];
    std::fill(alive.begin(), alive.end(), 1.0);
    for (const auto& hit : s.node_hits()) alive[hit.element] *= 1.0 - enforcement[hit.rule];
    detail::propagate_both(g, alive, base_w, cut_w, options.propagation.tolerance,
                           options.propagation.max_sweeps, base_cap, cut_cap);
    for (std::size_t k = 0; k < recorded; ++k) {
      capacity[i * recorded + k] = static_cast<float>(cut_cap[out.nodes[k]]);
      baseline[i * recorded + k] = static_cast<float>(base_cap[out.nodes[k]]);
    }
    std::size_t finished = done.fetch_add(1) + 1;
    if (options.progress) {
      std::lock_guard<std::mutex> lock(progress_lock);
      options.progress(finished, options.samples);
    }
  });

  // Per node: means in sample order (deterministic), nearest-rank percentiles, stop shares.
  out.distributions.resize(recorded);
  std::vector<float> column(options.samples), losses(options.samples);
  const std::size_t k = options.samples;
  auto rank = [&](double q) {  // nearest rank, 0-based
    return static_cast<std::size_t>(std::max(1.0, std::ceil(q * static_cast<double>(k)))) - 1;
  };
  for (std::size_t j = 0; j < recorded; ++j) {
    capacity_distribution& d = out.distributions[j];
    double sum = 0.0, base_sum = 0.0, loss_sum = 0.0;
    std::size_t stopped = 0, stopped_by_scenario = 0;
    for (std::size_t i = 0; i < k; ++i) {
      const float c = capacity[i * recorded + j], b = baseline[i * recorded + j];
      column[i] = c;
      losses[i] = b - c;  // exactly 0 where no cut reaches the node in this world
      sum += c;
      base_sum += b;
      loss_sum += losses[i];
      stopped += c <= 0.0f ? 1 : 0;
      stopped_by_scenario += c <= 0.0f && b > 0.0f ? 1 : 0;
    }
    d.mean = sum / static_cast<double>(k);
    d.baseline_mean = base_sum / static_cast<double>(k);
    d.loss_mean = loss_sum / static_cast<double>(k);
    d.p_stop = static_cast<double>(stopped) / static_cast<double>(k);
    d.p_scenario_stop = static_cast<double>(stopped_by_scenario) / static_cast<double>(k);
    const std::size_t low = rank(0.05), high = rank(0.95);
    auto nth = [](std::vector<float>& values, std::size_t at) {
      std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(at), values.end());
      return values[at];
    };
    d.p05 = nth(column, low);
    d.p95 = nth(column, high);
    d.loss_p05 = nth(losses, low);
    d.loss_p95 = nth(losses, high);
  }
  return out;
}

/// One source view's impact.
struct view_impact {
  std::string view;
  std::vector<double> baseline;  ///< per node
  std::vector<double> capacity;  ///< per node
};

/// The scenario's impact once per view, the edges of the other views removed (see the file
/// comment). A view no edge of the graph carries is a scenario_error, as in a scenario.
inline std::vector<view_impact> compare_views(const graph& g, const scenario& s,
                                              const std::vector<std::string>& views,
                                              const propagate_options& propagation = {}) {
  std::vector<view_impact> out;
  for (const std::string& view : views) {
    scenario one = s;
    one.views = {view};
    compiled_scenario compiled = compile(g, one);
    view_impact result{.view = view};
    detail::propagate_both(g, compiled.node_alive(), compiled.baseline_weights(),
                           compiled.scenario_weights(), propagation.tolerance,
                           propagation.max_sweeps, result.baseline, result.capacity);
    out.push_back(std::move(result));
  }
  return out;
}

}  // namespace micgraph
