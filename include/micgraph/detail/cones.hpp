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
  // The edges a loss passes that leave their component, as lists per node, so each pass of
  // the sketches reads one target per edge; all 16 ranks of a node sit in one cache line and
  // are minimised together. Drawn in the order of one sketch after another, node by node.
  constexpr int sketches = 16;
  std::vector<std::uint32_t> reach_offsets(n + 1, 0);
  std::vector<node_index> reach;
  for (node_index v = 0; v < n; ++v) {
    if (baseline[v] > 0.0)
      for (edge_index e : g.out_edges(v))
        if (passes(e) && g.component(targets[e]) != g.component(v)) reach.push_back(targets[e]);
    reach_offsets[v + 1] = static_cast<std::uint32_t>(reach.size());
  }
  position_of_edge = {};
  struct alignas(64) ranks {
    float least[sketches];
  };
  std::vector<ranks> least(n);
  std::mt19937_64 rng(0x6d6963677261706bULL);
  std::exponential_distribution<float> rank(1.0f);
  const float none = std::numeric_limits<float>::infinity();
  for (int k = 0; k < sketches; ++k)
    for (node_index v = 0; v < n; ++v) least[v].least[k] = baseline[v] > 0.0 ? rank(rng) : none;
  for (std::uint32_t c = static_cast<std::uint32_t>(g.component_count()); c-- > 0;) {
    auto members = g.component_nodes(c);
    ranks m;
    std::fill(std::begin(m.least), std::end(m.least), none);
    for (node_index v : members) {
      if (baseline[v] <= 0.0) continue;
      for (int k = 0; k < sketches; ++k) m.least[k] = std::min(m.least[k], least[v].least[k]);
      for (std::uint32_t i = reach_offsets[v]; i < reach_offsets[v + 1]; ++i) {
        const ranks& below = least[reach[i]];
        for (int k = 0; k < sketches; ++k) m.least[k] = std::min(m.least[k], below.least[k]);
      }
    }
    for (node_index v : members)
      if (baseline[v] > 0.0) least[v] = m;
  }
  for (node_index v = 0; v < n; ++v)
    if (baseline[v] > 0.0) {
      double sum = 0.0;
      for (int k = 0; k < sketches; ++k) sum += least[v].least[k];
      size[v] = sum > 0.0 ? (sketches - 1) / sum : static_cast<double>(n);
    }
  return size;
}

}  // namespace micgraph::detail
