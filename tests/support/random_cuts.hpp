#pragma once
// Random scenarios of cuts by id: each rule lists one random node or bans the supply edges from
// it, for tests that run an analysis under many scenarios.

#include <micgraph/graph.hpp>
#include <micgraph/scenario.hpp>
#include <random>
#include <string>

namespace micgraph::testing {

/// One to three rules drawn from rng, each at the enforcement `enforcement(rng)` draws, on a
/// random node by id: a node listing or a ban of the edges from it, evenly. O(rules).
template <class Enforcement>
scenario random_id_cuts(const graph& g, std::mt19937_64& rng, Enforcement&& enforcement) {
  scenario s;
  for (int r = static_cast<int>(rng() % 3) + 1; r > 0; --r) {
    scenario_rule rule;
    rule.enforcement = enforcement(rng);
    std::string id(g.node(static_cast<node_index>(rng() % g.node_count())).id());
    if (rng() % 2 == 0) {
      rule.select = scenario_rule::selection::nodes;
      rule.nodes.ids = {id};
    } else {
      rule.select = scenario_rule::selection::edges;
      rule.from.ids = {id};
    }
    s.rules.push_back(rule);
  }
  return s;
}

}  // namespace micgraph::testing
