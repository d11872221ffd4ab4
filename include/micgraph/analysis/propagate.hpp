#pragma once
/// \file analysis/propagate.hpp
/// Capacity propagation (DESIGN §2): the capacity fraction of every node under per-node and
/// per-edge multipliers. The rule and the fixpoint solver are the propagation core in
/// detail/propagation.hpp, shared by every capacity analysis.

#include <algorithm>
#include <cstddef>
#include <span>
#include <vector>

#include "micgraph/detail/propagation.hpp"
#include "micgraph/graph.hpp"
#include "micgraph/scenario.hpp"

namespace micgraph {

struct propagate_options {
  /// A strongly connected component is iterated until no capacity moves by more than this.
  double tolerance = 1e-14;
  /// Sweeps over one component before giving up (the result is then a lower bound).
  std::size_t max_sweeps = 1'000'000;
};

/// The capacity fraction of every node: cap(v) = alive(v) * min over slots s of min(1, sum over
/// edges e in s of weight(e) * cap(source(e))), with `weights` in reverse-CSR order (see
/// compiled_scenario) and `alive` per node (empty: all 1). Components are visited in
/// topological order; a cyclic component is iterated from zero to its least fixpoint.
/// O(n + m) outside cycles.
inline std::vector<double> propagate(const graph& g, std::span<const double> alive,
                                     std::span<const double> weights,
                                     const propagate_options& options = {}) {
  std::vector<double> cap(g.node_count(), 0.0);
  auto evaluate = [&](node_index v) {
    double a = alive.empty() ? 1.0 : alive[v];
    return a == 0.0 ? 0.0 : a * detail::weakest_slot(g, v, weights.data(), cap.data());
  };
  for (std::uint32_t c = 0, components = static_cast<std::uint32_t>(g.component_count());
       c < components; ++c) {
    auto members = g.component_nodes(c);
    if (!g.component_is_cyclic(c)) {
      cap[members.front()] = evaluate(members.front());
      continue;
    }
    detail::climb_to_fixpoint(members, cap.data(), evaluate, options.tolerance,
                              options.max_sweeps);
  }
  return cap;
}

/// Baseline capacities under a compiled scenario's evidence filters (no cuts).
inline std::vector<double> baseline_capacity(const graph& g, const compiled_scenario& s,
                                             const propagate_options& options = {}) {
  return propagate(g, {}, s.baseline_weights(), options);
}

/// Capacities with the scenario's cuts.
inline std::vector<double> scenario_capacity(const graph& g, const compiled_scenario& s,
                                             const propagate_options& options = {}) {
  return propagate(g, s.node_alive(), s.scenario_weights(), options);
}

}  // namespace micgraph
