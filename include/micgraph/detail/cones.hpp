#pragma once
/// \file detail/cones.hpp
/// Target lists, recorded nodes and downstream cones, shared by the chokepoint ranking, sanction
/// design, the timeline and Monte Carlo.

#include <algorithm>
#include <cstdint>
#include <limits>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "micgraph/error.hpp"
#include "micgraph/graph.hpp"
#include "micgraph/parallel.hpp"

namespace micgraph::detail {

/// Throws micgraph::error for a target number that is not a node.
inline void check_targets(const graph& g, std::span<const node_index> targets) {
  for (node_index t : targets)
    if (t >= g.node_count())
      throw error("chokepoints: target node number " + std::to_string(t) + " out of range (" +
                  std::to_string(g.node_count()) + " nodes)");
}

/// The nodes an analysis records: those given, or every node when none are; throws
/// micgraph::error naming `analysis` for a number that is not a node.
inline std::vector<node_index> recorded_nodes(const graph& g, std::span<const node_index> record,
                                              const char* analysis) {
  std::vector<node_index> out(record.begin(), record.end());
  if (out.empty())
    for (node_index v : g.nodes()) out.push_back(v);
  for (node_index v : out)
    if (v >= g.node_count())
      throw error(std::string(analysis) + ": recorded node number " + std::to_string(v) +
                  " out of range");
  return out;
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

/// The work (n * (n + m)) up to which downstream_cone_sizes counts cones exactly.
inline constexpr double exact_cone_work = 4e7;

/// Size of each node's downstream cone: the nodes its loss can reach over dependency edges of
/// positive weight through nodes of positive baseline capacity (itself included). Exact (one
/// BFS per node) when n * (n + m) <= exact_work; otherwise estimated with min-rank sketches
/// (Cohen 1997): 16 exponential ranks per node, each minimised over the cone in reverse node
/// order, a cyclic component taken as reaching all its members; O(16 (n + m)), relative error
/// about 1/sqrt(15). Nodes of zero baseline get 0. Sets `estimated`. `threads` (0: one per
/// core) draw the ranks; the sizes do not depend on it.
inline std::vector<double> downstream_cone_sizes(const graph& g, std::span<const double> weights,
                                                 std::span<const double> baseline, bool& estimated,
                                                 double exact_work = exact_cone_work,
                                                 unsigned threads = 1) {
  const std::size_t n = g.node_count();
  std::vector<double> size(n, 0.0);
  estimated = static_cast<double>(n) * static_cast<double>(n + g.edge_count()) > exact_work;
  if (!estimated) {
    const auto targets = g.edge_targets();
    std::vector<std::uint32_t> position_of_edge(g.edge_count(), no_index);
    const auto order = g.in_edge_order();
    for (std::size_t p = 0; p < order.size(); ++p)
      position_of_edge[order[p]] = static_cast<std::uint32_t>(p);
    auto passes = [&](edge_index e) {
      std::uint32_t p = position_of_edge[e];
      return p != no_index && weights[p] > 0.0 && baseline[targets[e]] > 0.0;
    };
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
  // All 16 ranks of a node sit in one cache line and are minimised together.
  constexpr int sketches = 16;
  struct alignas(64) ranks {
    float least[sketches];
  };
  const float none = std::numeric_limits<float>::infinity();
  std::vector<node_index> live;
  for (node_index v = 0; v < n; ++v)
    if (baseline[v] > 0.0) live.push_back(v);
  std::vector<ranks> least(n);

  // The ranks are drawn from one engine, one sketch after another, live node by live node. A
  // worker takes a run of sketches: it skips its engine to the run's first draw and writes the
  // run sketch-major (sequentially); the ranks are then gathered node by node.
  {
    const std::size_t count = live.size();
    const unsigned workers = std::min(thread_count(threads, count / 8192), 4u);
    std::vector<float> drawn(count * sketches);
    parallel_for(workers, workers, [&](std::size_t w, unsigned) {
      const std::size_t first = sketches * w / workers, last = sketches * (w + 1) / workers;
      std::mt19937_64 rng(0x6d6963677261706bULL);
      rng.discard(static_cast<unsigned long long>(first * count));
      std::exponential_distribution<float> rank(1.0f);
      for (std::size_t i = first * count, end = last * count; i < end; ++i) drawn[i] = rank(rng);
    });
    parallel_for(
        n, workers,
        [&](std::size_t v, unsigned) { std::fill_n(least[v].least, sketches, none); }, 65536);
    parallel_for(
        count, workers,
        [&](std::size_t i, unsigned) {
          ranks& r = least[live[i]];
          for (int k = 0; k < sketches; ++k) r.least[k] = drawn[k * count + i];
        },
        65536);
  }

  // In reverse node order (the condensation's reverse topological order), each component's
  // minimum is final; it is pushed to the sources of its passing in-edges (positive weight,
  // from a live node of another component). Positions are walked downwards, so the rank line
  // of a source some positions ahead is fetched early.
  const auto rowstart = g.reverse().m_forward.m_rowstart.data();
  const node_index* sources = g.in_edge_sources().data();
  constexpr std::uint32_t ahead = 16;
  auto push = [&](node_index t, const ranks& m, bool cyclic, std::uint32_t c) {
    for (std::uint32_t p = rowstart[t + 1]; p-- > rowstart[t];) {
      if (p >= ahead) __builtin_prefetch(&least[sources[p - ahead]], 1);
      if (weights[p] <= 0.0) continue;
      const node_index s = sources[p];
      if (baseline[s] <= 0.0 || (cyclic && g.component(s) == c)) continue;
      ranks& r = least[s];
      for (int k = 0; k < sketches; ++k) r.least[k] = std::min(r.least[k], m.least[k]);
    }
  };
  for (std::uint32_t c = static_cast<std::uint32_t>(g.component_count()); c-- > 0;) {
    auto members = g.component_nodes(c);
    if (!g.component_is_cyclic(c)) {
      const node_index t = members.front();
      if (baseline[t] > 0.0) push(t, least[t], false, c);
      continue;
    }
    ranks m;
    std::fill(std::begin(m.least), std::end(m.least), none);
    bool any = false;
    for (node_index v : members)
      if (baseline[v] > 0.0) {
        any = true;
        for (int k = 0; k < sketches; ++k) m.least[k] = std::min(m.least[k], least[v].least[k]);
      }
    if (!any) continue;
    for (node_index v : members)
      if (baseline[v] > 0.0) least[v] = m;
    for (node_index v : members)
      if (baseline[v] > 0.0) push(v, m, true, c);
  }
  for (node_index v : live) {
    double sum = 0.0;
    for (int k = 0; k < sketches; ++k) sum += least[v].least[k];
    size[v] = sum > 0.0 ? (sketches - 1) / sum : static_cast<double>(n);
  }
  return size;
}

}  // namespace micgraph::detail
