#pragma once
// The scenario both benchmark programs time: a 90%-enforced ban on the most connected
// suppliers, taken in order of out-degree until their out-edges make up about 1% of all edges
// (hubs are where a sanction bites).

#include <algorithm>
#include <micgraph/graph.hpp>
#include <micgraph/scenario.hpp>
#include <utility>
#include <vector>

namespace micgraph::bench {

inline scenario hub_ban(const graph& g) {
  std::vector<std::pair<std::size_t, node_index>> by_degree;
  for (node_index v : g.nodes()) by_degree.emplace_back(g.out_edges(v).size(), v);
  std::sort(by_degree.rbegin(), by_degree.rend());
  scenario s{.name = "hub export ban"};
  scenario_rule rule{.select = scenario_rule::selection::edges, .name = "hub suppliers",
                     .enforcement = 0.9};
  std::size_t cut = 0;
  for (auto [degree, v] : by_degree) {
    if (cut >= g.edge_count() / 100) break;
    rule.from.ids.emplace_back(g.node(v).id());
    cut += degree;
  }
  s.rules.push_back(std::move(rule));
  return s;
}

}  // namespace micgraph::bench
