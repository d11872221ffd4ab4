#pragma once
/// \file detail/propagation.hpp
/// The propagation core shared by every capacity analysis (impact, Monte Carlo, view
/// comparison, sanction design, timeline, chokepoint ranking): the AND-of-OR rule of DESIGN §2
/// for one node, and the one solver for the least fixpoint of a cyclic component.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "micgraph/graph.hpp"

namespace micgraph::detail {

/// How many reverse-CSR positions ahead the propagations prefetch a source's capacity: far
/// enough to cover a memory access (BM_Impact at 1M nodes: 64 -> 1.83x BM_BareBfs, 128 -> 1.66x,
/// 256 -> 1.76x, none -> 2.4-3x).
inline constexpr std::uint32_t prefetch_ahead = 128;

/// min over the slots of v of min(1, sum of weight * cap(source)): the AND-of-OR rule of
/// DESIGN §2 for one node, weights in reverse-CSR order. 1 for a node with no slots.
inline double weakest_slot(const graph& g, node_index v, const double* weights, const double* cap) {
  const auto node_slots = g.node_slot_offsets();
  const auto slot_positions = g.slot_offsets();
  const auto sources = g.in_edge_sources();
  const auto positions = static_cast<std::uint32_t>(sources.size());
  double value = 1.0;
  for (slot_index s = node_slots[v], last = node_slots[v + 1]; s < last; ++s) {
    double sum = 0.0;
    for (std::uint32_t p = slot_positions[s], end = slot_positions[s + 1]; p < end; ++p) {
      // The source's capacity is a read in no particular order: fetch the one some positions
      // ahead early (a hint only; see propagate_both).
      if (p + prefetch_ahead < positions) __builtin_prefetch(&cap[sources[p + prefetch_ahead]]);
      sum += weights[p] * cap[sources[p]];
    }
    if (sum < value) {
      value = sum;
      if (value == 0.0) break;
    }
  }
  return value;
}

/// Which of several capacity vectors evaluated together (lanes: baseline and scenario) are
/// still being solved.
template <std::size_t Lanes>
using open_lanes = std::array<bool, Lanes>;

/// The least fixpoint of one cyclic component of the condensation, by Gauss–Seidel sweeps
/// climbing from zero: every member must hold capacity 0 in every lane on entry (a cycle cannot
/// lift itself). Each sweep calls `evaluate(v, open)` for the members in node order; it stores
/// v's new capacity in every open lane (from the members' current values, so a sweep uses what
/// it has just computed) and returns, per lane, how much v rose. A lane closes after a sweep in
/// which no member rose by more than `tolerance`; after `max_sweeps` sweeps the open lanes are
/// left as lower bounds. The values climb monotonically, so the limit is the least fixpoint.
/// Cost: sweeps x the members' in-edges.
template <std::size_t Lanes, class Members, class Evaluate>
void climb_to_fixpoint(const Members& members, Evaluate&& evaluate, double tolerance,
                       std::size_t max_sweeps) {
  open_lanes<Lanes> open;
  open.fill(true);
  auto any_open = [&open] {
    for (bool lane : open)
      if (lane) return true;
    return false;
  };
  for (std::size_t sweep = 0; sweep < max_sweeps && any_open(); ++sweep) {
    std::array<double, Lanes> moved{};
    for (node_index v : members) {
      const std::array<double, Lanes> rise = evaluate(v, open);
      for (std::size_t lane = 0; lane < Lanes; ++lane)
        if (rise[lane] > moved[lane]) moved[lane] = rise[lane];
    }
    for (std::size_t lane = 0; lane < Lanes; ++lane)
      if (moved[lane] <= tolerance) open[lane] = false;
  }
}

/// climb_to_fixpoint for one capacity vector `cap`: `evaluate(v)` computes v's capacity from
/// the current values.
template <class Members, class Evaluate>
void climb_to_fixpoint(const Members& members, double* cap, Evaluate&& evaluate, double tolerance,
                       std::size_t max_sweeps) {
  climb_to_fixpoint<1>(
      members,
      [&](node_index v, const open_lanes<1>&) {
        const double next = evaluate(v);
        const double rise = next - cap[v];
        cap[v] = next;
        return std::array<double, 1>{rise};
      },
      tolerance, max_sweeps);
}

/// Baseline and scenario capacities in one traversal (two lanes of climb_to_fixpoint): the
/// graph's arrays are read once for both, which is what a memory-bound propagation pays for.
/// The baseline lane uses `base_weights` and no cuts; the scenario lane `cut_weights` and the
/// per-node multipliers `alive` (empty: all 1). Each lane follows exactly the steps of its own
/// one-lane propagation (micgraph::propagate), so the results are identical to two separate
/// calls. O(n + m) outside cycles.
inline void propagate_both(const graph& g, std::span<const double> alive,
                           std::span<const double> base_weights,
                           std::span<const double> cut_weights, double tolerance,
                           std::size_t max_sweeps, std::vector<double>& base_out,
                           std::vector<double>& cut_out) {
  const std::size_t n = g.node_count();
  using lanes = std::array<double, 2>;  // baseline, scenario
  std::vector<lanes> cap(n, lanes{0.0, 0.0});
  const auto node_slots = g.node_slot_offsets();
  const auto slot_positions = g.slot_offsets();
  const auto sources = g.in_edge_sources();
  const double* wb = base_weights.data();
  const double* wc = cut_weights.data();
  // The capacities of the sources are read in no particular order and most of the time goes
  // there: the source some positions ahead is fetched early (positions run on across nodes, and
  // a prefetch is only a hint, so it may run past a cycle or the end of a node).
  const auto positions = static_cast<std::uint32_t>(sources.size());
  auto evaluate = [&](node_index v, const open_lanes<2>& open) {
    double base = 1.0, cut = 1.0;
    for (slot_index s = node_slots[v], last = node_slots[v + 1]; s < last; ++s) {
      double sum_base = 0.0, sum_cut = 0.0;
      for (std::uint32_t p = slot_positions[s], end = slot_positions[s + 1]; p < end; ++p) {
        if (p + prefetch_ahead < positions) __builtin_prefetch(&cap[sources[p + prefetch_ahead]]);
        const lanes& from = cap[sources[p]];
        sum_base += wb[p] * from[0];
        sum_cut += wc[p] * from[1];
      }
      base = std::min(base, sum_base);
      cut = std::min(cut, sum_cut);
      if (base == 0.0 && cut == 0.0) break;
    }
    const double a = alive.empty() ? 1.0 : alive[v];
    cut = a == 0.0 ? 0.0 : a * cut;
    lanes rise{0.0, 0.0};
    if (open[0]) rise[0] = base - cap[v][0], cap[v][0] = base;
    if (open[1]) rise[1] = cut - cap[v][1], cap[v][1] = cut;
    return rise;
  };
  constexpr open_lanes<2> both{true, true};
  for (std::uint32_t c = 0, components = static_cast<std::uint32_t>(g.component_count());
       c < components; ++c) {
    auto members = g.component_nodes(c);
    if (!g.component_is_cyclic(c))
      evaluate(members.front(), both);
    else
      climb_to_fixpoint<2>(members, evaluate, tolerance, max_sweeps);
  }
  base_out.resize(n);
  cut_out.resize(n);
  for (node_index v = 0; v < n; ++v) {
    base_out[v] = cap[v][0];
    cut_out[v] = cap[v][1];
  }
}

}  // namespace micgraph::detail
