#pragma once
/// \file analysis/stats.hpp
/// Counts and structure of a graph (`micgraph stats`).

#include <algorithm>
#include <array>
#include <string>
#include <utility>
#include <vector>

#include "micgraph/graph.hpp"

namespace micgraph {

struct graph_stats {
  std::size_t nodes = 0;
  std::size_t edges = 0;
  std::size_t slots = 0;
  std::array<std::size_t, node_kind_count> by_kind{};
  std::array<std::size_t, edge_kind_count> by_edge_kind{};
  /// Nodes per country code, largest first (ties by code); nodes with no country under "".
  std::vector<std::pair<std::string, std::size_t>> by_country;
  std::size_t sources = 0;  ///< nodes with no requirement slot
  std::size_t sinks = 0;    ///< nodes that no other node depends on
  std::size_t cyclic_components = 0;
  std::size_t largest_cyclic_component = 0;  ///< nodes in the largest cyclic component
  std::size_t partial_stakes = 0;  ///< `owns` edges whose stake (share) is below 1
  std::size_t dated_edges = 0;     ///< `owns` and `controls` edges with a start or end date
  memory_usage memory;
};

/// Counts nodes, edges, kinds, countries, sources, sinks, cycles, partial stakes and dated
/// ownership edges. O(n + m).
inline graph_stats compute_stats(const graph& g) {
  graph_stats out;
  out.nodes = g.node_count();
  out.edges = g.edge_count();
  out.slots = g.slot_count();
  for (node_kind kind : g.node_kinds()) ++out.by_kind[static_cast<std::size_t>(kind)];
  for (edge_kind kind : g.edge_kinds()) ++out.by_edge_kind[static_cast<std::size_t>(kind)];
  std::vector<std::size_t> per_country(g.countries().size(), 0);
  for (std::uint16_t country : g.node_country_ids()) ++per_country[country];
  for (std::size_t c = 0; c < per_country.size(); ++c)
    if (per_country[c] != 0) out.by_country.emplace_back(g.countries()[c], per_country[c]);
  std::sort(out.by_country.begin(), out.by_country.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  std::vector<bool> needed(g.node_count(), false);
  const auto sources = g.edge_sources();
  for (edge_index e : g.edges())
    if (is_dependency(g.edge_kinds()[e])) needed[sources[e]] = true;
  for (node_index v : g.nodes()) {
    if (g.slots(v).empty()) ++out.sources;
    if (!needed[v]) ++out.sinks;
  }
  for (std::uint32_t c = 0; c < g.component_count(); ++c) {
    if (!g.component_is_cyclic(c)) continue;
    ++out.cyclic_components;
    out.largest_cyclic_component =
        std::max<std::size_t>(out.largest_cyclic_component, g.component_nodes(c).size());
  }
  const auto kinds = g.edge_kinds();
  g.edge_shares().for_each_stored([&](std::size_t e, double) {
    out.partial_stakes += kinds[e] == edge_kind::owns ? 1 : 0;
  });
  g.edge_start_dates().present().for_each([&](std::size_t) { ++out.dated_edges; });
  g.edge_end_dates().present().for_each(
      [&](std::size_t e) { out.dated_edges += g.edge_start_dates().stored(e) ? 0 : 1; });
  out.memory = g.memory();
  return out;
}

}  // namespace micgraph
