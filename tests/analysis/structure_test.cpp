// Concentration, articulation points, bridges and betweenness, each checked against an
// independent brute-force oracle on random supply graphs (with cycles, parallel edges and
// evidence filters that drop edges) and on hand cases from the seeds.

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/biconnected_components.hpp>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <map>
#include <memory>
#include <micgraph/analysis/structure.hpp>
#include <micgraph/builder.hpp>
#include <micgraph/generate.hpp>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "support/graph_queries.hpp"
#include "support/random_graph.hpp"
#include "support/strings.hpp"

using namespace micgraph;
using namespace micgraph::testing;

// In a namespace of its own: the unity build compiles several test files as one.
namespace analysis_structure_test_cases {

namespace {

/// The pair {a, b} with the smaller node first (by value: std::minmax returns references).
std::pair<node_index, node_index> ordered(node_index a, node_index b) {
  return a < b ? std::make_pair(a, b) : std::make_pair(b, a);
}

/// An evidence filter that drops about a quarter of the edges, differently per seed.
edge_filter dropping_filter(const graph& g, std::uint64_t seed) {
  std::mt19937_64 rng(seed * 7919 + 17);
  auto keep = std::make_shared<std::vector<bool>>(g.edge_count());
  for (edge_index e : g.edges()) (*keep)[e] = rng() % 4 != 0;
  return [keep](edge_index e) { return static_cast<bool>((*keep)[e]); };
}

micgraph::testing::random_graph_options graph_shape(std::uint64_t seed, std::size_t max_nodes) {
  return {.min_nodes = 2,
          .max_nodes = max_nodes,
          .edges_per_node = 0.5 + static_cast<double>(seed % 7) * 0.35,
          .back_edge_fraction = static_cast<double>(seed % 4) * 0.12};
}

bool near(double a, double b, double tolerance = 1e-9) {
  return std::abs(a - b) <= tolerance * std::max(1.0, std::max(std::abs(a), std::abs(b)));
}

edge_fields supplying(edge_kind kind, double share) {
  edge_fields fields;
  fields.kind = kind;
  fields.share = share;
  return fields;
}

edge_fields of_kind(edge_kind kind) { return supplying(kind, 1.0); }

node_fields node(node_kind kind, std::string country, std::string category = {}) {
  node_fields fields;
  fields.kind = kind;
  fields.country = std::move(country);
  fields.category = std::move(category);
  return fields;
}

// ---- oracles

/// One present dependency edge (self-loops aside) as an undirected link {a < b}.
struct link {
  std::pair<node_index, node_index> nodes;
  edge_index edge;
};

std::vector<link> undirected_links(const graph& g, const edge_filter& filter) {
  std::vector<link> links;
  for (edge_index e : g.edges()) {
    edge_view edge = g.edge(e);
    if (!is_dependency(edge.kind()) || edge.source() == edge.target() || !present(filter, e))
      continue;
    links.push_back({ordered(edge.source(), edge.target()), e});
  }
  return links;
}

/// Connected components of the nodes other than `skip_node`, over the links other than the one
/// of edge `skip_edge` (parallel links stay), by breadth-first search.
std::size_t count_components(std::size_t n, const std::vector<link>& links, node_index skip_node,
                             edge_index skip_edge) {
  std::vector<std::vector<node_index>> neighbours(n);
  for (const link& l : links) {
    if (l.edge == skip_edge || l.nodes.first == skip_node || l.nodes.second == skip_node) continue;
    neighbours[l.nodes.first].push_back(l.nodes.second);
    neighbours[l.nodes.second].push_back(l.nodes.first);
  }
  std::vector<bool> seen(n, false);
  std::size_t components = 0;
  for (node_index start = 0; start < n; ++start) {
    if (seen[start] || start == skip_node) continue;
    ++components;
    std::deque<node_index> queue{start};
    seen[start] = true;
    while (!queue.empty()) {
      node_index v = queue.front();
      queue.pop_front();
      for (node_index w : neighbours[v])
        if (!seen[w]) seen[w] = true, queue.push_back(w);
    }
  }
  return components;
}

struct brute_structure {
  std::vector<node_index> articulation_points;
  std::vector<std::pair<node_index, node_index>> bridges;  // ascending
};

/// Articulation points: removing the node increases the number of components of the undirected
/// projection. Bridges: removing the one edge increases it (so a pair joined by parallel edges,
/// in either direction, is never a bridge).
brute_structure brute_structure_points(const graph& g, const edge_filter& filter) {
  const std::size_t n = g.node_count();
  const std::vector<link> links = undirected_links(g, filter);
  const std::size_t base = count_components(n, links, no_index, no_index);
  brute_structure out;
  // Removing an isolated node lowers the count by one and a leaf keeps it: only a cut node
  // raises it.
  for (node_index v = 0; v < n; ++v)
    if (count_components(n, links, v, no_index) > base) out.articulation_points.push_back(v);
  for (const link& l : links)
    if (count_components(n, links, no_index, l.edge) > base) out.bridges.push_back(l.nodes);
  std::sort(out.bridges.begin(), out.bridges.end());
  return out;
}

/// The dependency edges between a and b that the filter keeps.
std::vector<edge_index> edges_between(const graph& g, const edge_filter& filter, node_index a,
                                      node_index b) {
  std::vector<edge_index> out;
  for (edge_index e : g.edges()) {
    edge_view edge = g.edge(e);
    if (is_dependency(edge.kind()) && present(filter, e) &&
        ordered(edge.source(), edge.target()) == ordered(a, b) && a != b)
      out.push_back(e);
  }
  return out;
}

/// Shortest-path distances and counts between all pairs of a small simple digraph: walks of
/// length k counted by dynamic programming (walks[k][s][t]); the first k at which t is reached
/// from s is the distance, and the walks of that length are exactly the shortest paths.
struct all_pairs_paths {
  std::vector<std::vector<int>> distance;  // -1: unreachable
  std::vector<std::vector<double>> count;
};

all_pairs_paths brute_paths(const graph& g, const edge_filter& filter) {
  const std::size_t n = g.node_count();
  std::vector<std::vector<bool>> arc(n, std::vector<bool>(n, false));
  for (edge_index e : g.edges()) {
    edge_view edge = g.edge(e);
    if (is_dependency(edge.kind()) && present(filter, e) && edge.source() != edge.target())
      arc[edge.source()][edge.target()] = true;
  }
  all_pairs_paths out{std::vector<std::vector<int>>(n, std::vector<int>(n, -1)),
                      std::vector<std::vector<double>>(n, std::vector<double>(n, 0.0))};
  for (std::size_t s = 0; s < n; ++s) {
    std::vector<double> walks(n, 0.0), next(n);
    walks[s] = 1.0;
    out.distance[s][s] = 0;
    out.count[s][s] = 1.0;
    for (int k = 1; k < static_cast<int>(n); ++k) {
      std::fill(next.begin(), next.end(), 0.0);
      for (std::size_t u = 0; u < n; ++u)
        if (walks[u] != 0.0)
          for (std::size_t t = 0; t < n; ++t)
            if (arc[u][t]) next[t] += walks[u];
      walks.swap(next);
      bool reached_new = false;
      for (std::size_t t = 0; t < n; ++t)
        if (walks[t] != 0.0 && out.distance[s][t] < 0) {
          out.distance[s][t] = k;
          out.count[s][t] = walks[t];
          reached_new = true;
        }
      if (!reached_new) break;  // an empty layer: nothing further is reachable
    }
  }
  return out;
}

/// Betweenness summed over the given sources: for every s in sources and every other t
/// reachable from s, sigma_st(v) / sigma_st where sigma_st(v) = sigma_sv * sigma_vt when v lies
/// on a shortest s -> t path (d(s,v) + d(v,t) = d(s,t)).
std::vector<double> brute_betweenness(const all_pairs_paths& paths,
                                      const std::vector<node_index>& sources) {
  const std::size_t n = paths.distance.size();
  std::vector<double> score(n, 0.0);
  for (node_index s : sources)
    for (std::size_t t = 0; t < n; ++t) {
      if (t == s || paths.distance[s][t] < 0) continue;
      for (std::size_t v = 0; v < n; ++v) {
        if (v == s || v == t || paths.distance[s][v] < 0 || paths.distance[v][t] < 0) continue;
        if (paths.distance[s][v] + paths.distance[v][t] != paths.distance[s][t]) continue;
        score[v] += paths.count[s][v] * paths.count[v][t] / paths.count[s][t];
      }
    }
  return score;
}

/// Concentration recomputed from the edge list with maps.
struct brute_category {
  std::size_t suppliers = 0;
  double hhi_firms = 0.0, hhi_countries = 0.0;
  std::string top_country;
  double top_country_share = 0.0;
  node_index top_supplier = no_index;
  double top_supplier_share = 0.0;
};

std::map<std::string, brute_category> brute_concentration(const graph& g,
                                                          const edge_filter& filter) {
  std::map<std::string, std::map<node_index, double>> by_supplier;
  std::map<std::string, std::map<std::string, double>> by_country;
  std::map<std::string, double> total;
  for (edge_index e : g.edges()) {
    edge_view edge = g.edge(e);
    if (edge.kind() != edge_kind::produces && edge.kind() != edge_kind::supplies) continue;
    if (!present(filter, e)) continue;
    std::string category(g.node(edge.target()).category());
    if (category.empty()) continue;
    by_supplier[category][edge.source()] += edge.share();
    by_country[category][std::string(g.node(edge.source()).country())] += edge.share();
    total[category] += edge.share();
  }
  std::map<std::string, brute_category> out;
  for (const auto& [category, suppliers] : by_supplier) {
    brute_category c;
    const double sum = total[category];
    c.suppliers = suppliers.size();
    // Ascending node numbers and codes: a later one must be larger by more than the tie
    // tolerance (1e-12 of the total) to take the top place.
    double top = 0.0;
    for (const auto& [supplier, weight] : suppliers) {
      c.hhi_firms += (weight / sum) * (weight / sum);
      if (weight > top + 1e-12 * sum) c.top_supplier = supplier, top = weight;
    }
    c.top_supplier_share = top / sum;
    top = 0.0;
    for (const auto& [country, weight] : by_country[category]) {
      c.hhi_countries += (weight / sum) * (weight / sum);
      if (weight > top + 1e-12 * sum) c.top_country = country, top = weight;
    }
    c.top_country_share = top / sum;
    out[category] = c;
  }
  return out;
}

/// Random graphs for concentration: few categories (some empty), few countries (some empty),
/// every edge kind, parallel edges and equal shares (ties) on purpose.
graph random_supply_graph(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto uniform = [&](std::size_t lo, std::size_t hi) { return lo + rng() % (hi - lo + 1); };
  static const char* categories[] = {"", "machine_tool/5-axis", "microelectronics/fpga",
                                     "material/titanium-sponge", "service/cnc-maintenance"};
  static const char* countries[] = {"", "DE", "JP", "CN", "RU", "TW"};
  static const double shares[] = {1.0, 0.5, 0.25, 0.3, 0.2, 0.7};
  graph_builder b;
  const std::size_t n = uniform(2, 25);
  for (std::size_t i = 0; i < n; ++i)
    b.add_node(numbered("n", i),
               node(static_cast<node_kind>(uniform(0, node_kind_count - 1)),
                    countries[uniform(0, 5)], categories[uniform(0, 4)]));
  const std::size_t m = uniform(0, 3 * n);
  for (std::size_t j = 0; j < m; ++j) {
    auto a = static_cast<node_index>(uniform(0, n - 1)),
         t = static_cast<node_index>(uniform(0, n - 1));
    const auto kind = static_cast<edge_kind>(uniform(0, edge_kind_count - 1));
    const double share = shares[uniform(0, 5)];
    edge_fields fields = supplying(kind, kind == edge_kind::controls ? 1.0 : share);
    b.add_edge(a, t, fields);
    if (uniform(0, 9) == 0) b.add_edge(a, t, fields);  // the same link asserted twice
  }
  return b.freeze();
}

void expect_concentration_matches(const graph& g, const edge_filter& filter,
                                  std::size_t& categories_checked) {
  const auto result = concentration(g, {.edge_present = filter});
  const auto expected = brute_concentration(g, filter);
  ASSERT_EQ(result.size(), expected.size());
  for (std::size_t i = 0; i < result.size(); ++i) {
    const category_concentration& c = result[i];
    SCOPED_TRACE(c.category);
    auto it = expected.find(c.category);
    ASSERT_NE(it, expected.end());
    const brute_category& e = it->second;
    EXPECT_EQ(c.suppliers, e.suppliers);
    EXPECT_NEAR(c.hhi_firms, e.hhi_firms, 1e-12);
    EXPECT_NEAR(c.hhi_countries, e.hhi_countries, 1e-12);
    EXPECT_EQ(c.top_country, e.top_country);
    EXPECT_NEAR(c.top_country_share, e.top_country_share, 1e-12);
    EXPECT_EQ(c.top_supplier, e.top_supplier);
    EXPECT_NEAR(c.top_supplier_share, e.top_supplier_share, 1e-12);
    EXPECT_GT(c.hhi_firms, 0.0);
    EXPECT_LE(c.hhi_firms, 1.0 + 1e-12);
    EXPECT_GE(c.hhi_countries, c.hhi_firms - 1e-12);  // merging suppliers only concentrates
    EXPECT_LE(c.hhi_countries, 1.0 + 1e-12);
    if (i > 0) {
      const category_concentration& p = result[i - 1];
      EXPECT_TRUE(p.hhi_countries > c.hhi_countries ||
                  (p.hhi_countries == c.hhi_countries && p.category < c.category));
    }
    ++categories_checked;
  }
}

}  // namespace

// ---- concentration

TEST(Concentration, FiveAxisMachineToolsFromGermanyAndJapan) {
  graph_builder b;
  // The Japanese maker comes first so that country numbers do not follow the codes.
  b.add_node("okuma", node(node_kind::firm, "JP"));
  b.add_node("dmg-mori", node(node_kind::firm, "DE"));
  b.add_node("hermle", node(node_kind::firm, "DE"));
  b.add_node("five-axis-centre", node(node_kind::machine_tool, "", "machine_tool/5-axis"));
  b.add_node("holding", node(node_kind::firm, "DE"));
  b.add_node("engine-plant", node(node_kind::facility, "RU", "plant/engines"));
  b.add_edge("dmg-mori", "five-axis-centre", supplying(edge_kind::produces, 0.5));
  b.add_edge("hermle", "five-axis-centre", supplying(edge_kind::produces, 0.3));
  b.add_edge("okuma", "five-axis-centre", supplying(edge_kind::supplies, 0.2));
  // Neither ownership nor tooling is supply into a category.
  b.add_edge("holding", "five-axis-centre", of_kind(edge_kind::owns));
  b.add_edge("five-axis-centre", "engine-plant", of_kind(edge_kind::tooling));
  const graph g = b.freeze();

  const auto result = concentration(g);
  ASSERT_EQ(result.size(), 1u);  // plant/engines has no supplying edge
  const category_concentration& c = result[0];
  EXPECT_EQ(c.category, "machine_tool/5-axis");
  EXPECT_EQ(c.suppliers, 3u);
  // Shares 0.5, 0.3, 0.2: 0.25 + 0.09 + 0.04 = 0.38.
  EXPECT_NEAR(c.hhi_firms, 0.38, 1e-12);
  // DE 0.5 + 0.3 = 0.8, JP 0.2: 0.64 + 0.04 = 0.68.
  EXPECT_NEAR(c.hhi_countries, 0.68, 1e-12);
  EXPECT_EQ(c.top_country, "DE");
  EXPECT_NEAR(c.top_country_share, 0.8, 1e-12);
  EXPECT_EQ(c.top_supplier, g.find("dmg-mori"));
  EXPECT_NEAR(c.top_supplier_share, 0.5, 1e-12);

  // Evidence filter without the Japanese edge: DE 0.5 and 0.3 of 0.8 -> 0.625, 0.375:
  // 0.390625 + 0.140625 = 0.53125 among firms, and Germany alone: 1.
  const auto okuma_edge = g.out_edges(g.find("okuma")).front();
  const auto filtered =
      concentration(g, {.edge_present = [&](edge_index e) { return e != okuma_edge; }});
  ASSERT_EQ(filtered.size(), 1u);
  EXPECT_EQ(filtered[0].suppliers, 2u);
  EXPECT_NEAR(filtered[0].hhi_firms, 0.53125, 1e-12);
  EXPECT_NEAR(filtered[0].hhi_countries, 1.0, 1e-12);
  EXPECT_EQ(filtered[0].top_country, "DE");
  EXPECT_NEAR(filtered[0].top_country_share, 1.0, 1e-12);
  EXPECT_NEAR(filtered[0].top_supplier_share, 0.625, 1e-12);

  // Every supplying edge filtered out: the category is omitted.
  EXPECT_TRUE(concentration(g, {.edge_present = [](edge_index) { return false; }}).empty());
}

TEST(Concentration, FpgasThroughAnUnknownDistributorAndTies) {
  graph_builder b;
  b.add_node("xilinx", node(node_kind::firm, "US"));
  b.add_node("altera", node(node_kind::firm, "US"));
  b.add_node("hk-trader", node(node_kind::firm, ""));  // origin unknown
  b.add_node("fpga-a", node(node_kind::component, "US", "microelectronics/fpga"));
  b.add_node("fpga-b", node(node_kind::component, "US", "microelectronics/fpga"));
  b.add_node("missile", node(node_kind::product, "RU", "product/missile"));
  b.add_node("uncategorised-buyer", node(node_kind::firm, "RU"));
  b.add_node("vsmpo", node(node_kind::firm, "RU"));
  b.add_node("metal-trader", node(node_kind::firm, ""));
  b.add_node("sponge", node(node_kind::material, "", "material/titanium-sponge"));
  b.add_node("fanuc", node(node_kind::firm, "JP"));
  b.add_node("siemens", node(node_kind::firm, "DE"));
  b.add_node("cnc-controller", node(node_kind::machine_tool, "", "machine_tool/cnc-controller"));
  b.add_edge("xilinx", "fpga-a", supplying(edge_kind::produces, 1.0));
  b.add_edge("altera", "fpga-b", supplying(edge_kind::produces, 1.0));
  b.add_edge("hk-trader", "fpga-a", supplying(edge_kind::supplies, 0.5));
  b.add_edge("hk-trader", "fpga-b", supplying(edge_kind::supplies, 0.5));
  b.add_edge("fpga-a", "missile", of_kind(edge_kind::component_of));
  b.add_edge("fpga-b", "missile", of_kind(edge_kind::component_of));
  b.add_edge("hk-trader", "uncategorised-buyer", supplying(edge_kind::supplies, 1.0));
  b.add_edge("vsmpo", "sponge", supplying(edge_kind::produces, 0.5));
  b.add_edge("metal-trader", "sponge", supplying(edge_kind::supplies, 0.5));
  b.add_edge("fanuc", "cnc-controller", supplying(edge_kind::produces, 0.4));
  b.add_edge("siemens", "cnc-controller", supplying(edge_kind::produces, 0.4));
  const graph g = b.freeze();

  const auto result = concentration(g);
  ASSERT_EQ(result.size(), 3u);
  // Titanium sponge: RU 0.5, unknown 0.5 -> 0.25 + 0.25 = 0.5 for firms and for countries; the
  // tie goes to the smaller code, and "" sorts first.
  // CNC controllers: JP 0.4, DE 0.4 -> 0.5 and 0.5; the tie goes to DE.
  // FPGAs: xilinx 1, altera 1, trader 0.5 + 0.5 = 1 of 3 -> 3 * (1/3)^2 = 1/3 for firms; US 2/3,
  // unknown 1/3 -> 4/9 + 1/9 = 5/9 for countries.
  EXPECT_EQ(result[0].category, "microelectronics/fpga");        // 5/9 > 1/2
  EXPECT_EQ(result[1].category, "machine_tool/cnc-controller");  // 1/2, names ascending
  EXPECT_EQ(result[2].category, "material/titanium-sponge");
  const category_concentration& fpga = result[0];
  EXPECT_EQ(fpga.suppliers, 3u);
  EXPECT_NEAR(fpga.hhi_firms, 1.0 / 3.0, 1e-12);
  EXPECT_NEAR(fpga.hhi_countries, 5.0 / 9.0, 1e-12);
  EXPECT_EQ(fpga.top_country, "US");
  EXPECT_NEAR(fpga.top_country_share, 2.0 / 3.0, 1e-12);
  EXPECT_EQ(fpga.top_supplier, std::min({g.find("xilinx"), g.find("altera"), g.find("hk-trader")}));
  EXPECT_NEAR(fpga.top_supplier_share, 1.0 / 3.0, 1e-12);
  EXPECT_EQ(result[1].top_country, "DE");
  EXPECT_NEAR(result[1].top_country_share, 0.5, 1e-12);
  EXPECT_NEAR(result[1].hhi_countries, 0.5, 1e-12);
  EXPECT_EQ(result[1].top_supplier, std::min(g.find("fanuc"), g.find("siemens")));
  EXPECT_EQ(result[2].top_country, "");
  EXPECT_NEAR(result[2].top_country_share, 0.5, 1e-12);
  EXPECT_NEAR(result[2].hhi_firms, 0.5, 1e-12);
}

TEST(Concentration, MatchesMapOracleOnRandomGraphs) {
  std::size_t graphs = 0, categories = 0;
  for (std::uint64_t seed = 1; seed <= 600; ++seed) {
    const graph g = seed % 2 == 0 ? random_supply_graph(seed)
                                  : micgraph::testing::random_graph(seed, graph_shape(seed, 40));
    SCOPED_TRACE("seed " + std::to_string(seed));
    expect_concentration_matches(g, {}, categories);
    expect_concentration_matches(g, dropping_filter(g, seed), categories);
    graphs += 2;
    if (HasFatalFailure()) return;
  }
  EXPECT_EQ(graphs, 1200u);
  EXPECT_GT(categories, 3000u);
  std::printf("concentration: %zu graphs, %zu categories checked\n", graphs, categories);
}

// ---- articulation points and bridges

TEST(StructurePoints, TitaniumEngineChainWithParallelLinksAndACycle) {
  graph_builder b;
  b.add_node("sponge", node(node_kind::material, "RU"));              // T
  b.add_node("vsmpo", node(node_kind::firm, "RU"));                   // V
  b.add_node("forging", node(node_kind::component, "RU"));            // F
  b.add_node("engine", node(node_kind::component, "RU"));             // E
  b.add_node("missile", node(node_kind::product, "RU"));              // M
  b.add_node("cnc", node(node_kind::machine_tool, "RU"));             // K
  b.add_node("toolmaker", node(node_kind::firm, "RU"));               // B
  b.add_node("fpga-maker", node(node_kind::firm, "US"));              // A
  b.add_node("fpga", node(node_kind::component, "US"));               // P
  b.add_node("holding", node(node_kind::firm, "RU"));                 // H
  b.add_node("repair-shop", node(node_kind::service, "RU"));          // R
  b.add_edge("sponge", "vsmpo", of_kind(edge_kind::supplies));        // T-V
  b.add_edge("vsmpo", "forging", of_kind(edge_kind::produces));       // V-F
  b.add_edge("forging", "engine", of_kind(edge_kind::component_of));  // F-E
  b.add_edge("engine", "missile", of_kind(edge_kind::component_of));  // E-M
  b.add_edge("toolmaker", "cnc", of_kind(edge_kind::produces));       // B-K
  b.add_edge("cnc", "toolmaker", of_kind(edge_kind::tooling));        // K-B again
  b.add_edge("cnc", "vsmpo", of_kind(edge_kind::tooling));            // K-V
  b.add_edge("fpga-maker", "fpga", of_kind(edge_kind::produces));     // A-P
  b.add_edge("fpga-maker", "fpga", of_kind(edge_kind::supplies));     // A-P again
  b.add_edge("fpga", "missile", of_kind(edge_kind::component_of));    // P-M
  b.add_edge("repair-shop", "engine", of_kind(edge_kind::services));  // R-E
  b.add_edge("engine", "repair-shop", of_kind(edge_kind::supplies));  // E-R again
  b.add_edge("holding", "vsmpo", of_kind(edge_kind::owns));           // ignored
  b.add_edge("engine", "engine", of_kind(edge_kind::services));       // ignored
  b.add_edge("vsmpo", "engine", of_kind(edge_kind::supplies));        // V-E: closes V-F-E
  const graph g = b.freeze();
  auto id = [&](const char* name) { return g.find(name); };
  auto pair = [&](const char* x, const char* y) { return ordered(id(x), id(y)); };
  auto sorted = [](std::vector<node_index> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  auto bridge_pairs = [](const structure_result& r) {
    std::vector<std::pair<node_index, node_index>> out;
    for (const bridge& x : r.bridges) out.emplace_back(x.a, x.b);
    return out;
  };
  auto sorted_pairs = [](std::vector<std::pair<node_index, node_index>> v) {
    std::sort(v.begin(), v.end());
    return v;
  };

  // The simple projection: the tree T-V-F-E-M-P-A, V-K-B, E-R plus the edge V-E.
  // Bridges: T-V, E-M, M-P, V-K (V-F, F-E lie on the cycle; A-P, K-B, E-R are doubled).
  // Articulation points: V (T, K), E (M, R), M (P), P (A), K (B); F is on the cycle.
  const structure_result r = structure_points(g);
  EXPECT_EQ(r.articulation_points,
            sorted({id("vsmpo"), id("engine"), id("missile"), id("fpga"), id("cnc")}));
  EXPECT_EQ(bridge_pairs(r), sorted_pairs({pair("sponge", "vsmpo"), pair("engine", "missile"),
                                           pair("missile", "fpga"), pair("cnc", "vsmpo")}));
  for (const bridge& x : r.bridges) {
    EXPECT_LT(x.a, x.b);
    EXPECT_EQ(ordered(g.edge(x.edge).source(), g.edge(x.edge).target()), std::make_pair(x.a, x.b));
  }

  // Without the V-E edge the cycle opens: V-F and F-E become bridges and F a cut node.
  // Without one of the two fpga edges, A-P becomes a bridge too.
  edge_index vsmpo_engine = no_index, fpga_supplies = no_index;
  for (edge_index e : g.edges()) {
    if (g.edge(e).source() == id("vsmpo") && g.edge(e).target() == id("engine")) vsmpo_engine = e;
    if (g.edge(e).source() == id("fpga-maker") && g.edge(e).kind() == edge_kind::supplies)
      fpga_supplies = e;
  }
  const structure_result f = structure_points(
      g, {.edge_present = [&](edge_index e) { return e != vsmpo_engine && e != fpga_supplies; }});
  EXPECT_EQ(f.articulation_points, sorted({id("vsmpo"), id("forging"), id("engine"), id("missile"),
                                           id("fpga"), id("cnc")}));
  EXPECT_EQ(bridge_pairs(f), sorted_pairs({pair("sponge", "vsmpo"), pair("vsmpo", "forging"),
                                           pair("forging", "engine"), pair("engine", "missile"),
                                           pair("missile", "fpga"), pair("cnc", "vsmpo"),
                                           pair("fpga-maker", "fpga")}));
  for (const bridge& x : f.bridges) {
    if (std::make_pair(x.a, x.b) == pair("fpga-maker", "fpga")) {
      EXPECT_EQ(g.edge(x.edge).kind(), edge_kind::produces);  // the edge left
    }
  }
}

TEST(StructurePoints, EmptyAndEdgelessGraphs) {
  EXPECT_TRUE(structure_points(graph_builder().freeze()).articulation_points.empty());
  graph_builder b;
  b.add_node("a", {});
  b.add_node("b", {});
  b.add_edge("a", "b", of_kind(edge_kind::owns));
  const structure_result r = structure_points(b.freeze());
  EXPECT_TRUE(r.articulation_points.empty());
  EXPECT_TRUE(r.bridges.empty());
}

namespace {

struct structure_counts {
  std::size_t graphs = 0, points = 0, bridges = 0;
  std::size_t doubled = 0;  ///< pairs joined by parallel edges whose joint removal disconnects
};

void expect_structure_matches(const graph& g, const edge_filter& filter, structure_counts& counts) {
  const structure_result r = structure_points(g, {.edge_present = filter});
  const brute_structure expected = brute_structure_points(g, filter);
  ASSERT_EQ(r.articulation_points, expected.articulation_points);
  std::vector<std::pair<node_index, node_index>> found;
  for (const bridge& x : r.bridges) {
    found.emplace_back(x.a, x.b);
    // A bridge is one edge: there is exactly one present dependency edge between the pair.
    EXPECT_EQ(edges_between(g, filter, x.a, x.b), std::vector<edge_index>{x.edge});
  }
  ASSERT_EQ(found, expected.bridges);
  // The case that parallel edges decide: a doubled pair that would be a bridge if merged.
  const std::vector<link> links = undirected_links(g, filter);
  std::map<std::pair<node_index, node_index>, std::size_t> multiplicity;
  for (const link& l : links) ++multiplicity[l.nodes];
  for (const auto& [nodes, count] : multiplicity) {
    if (count < 2) continue;
    std::vector<link> without;
    for (const link& l : links)
      if (l.nodes != nodes) without.push_back(l);
    counts.doubled += count_components(g.node_count(), without, no_index, no_index) >
                      count_components(g.node_count(), links, no_index, no_index);
  }
  counts.points += r.articulation_points.size();
  counts.bridges += r.bridges.size();
  ++counts.graphs;
}

}  // namespace

TEST(StructurePoints, LinksDoubledInOppositeDirectionsOwnsAndSelfLoops) {
  // The chain sponge - vsmpo = forging - engine - missile = repair-shop, where "=" is a link of
  // several edges: vsmpo -> forging and forging -> vsmpo; repair-shop -> missile twice and
  // missile -> repair-shop once. missile -> engine is only an `owns` edge (engine -> missile
  // carries the link), engine has a self-loop, and the holding is joined by `owns` alone.
  graph_builder b;
  b.add_node("sponge", node(node_kind::material, "RU"));
  b.add_node("vsmpo", node(node_kind::firm, "RU"));
  b.add_node("forging", node(node_kind::component, "RU"));
  b.add_node("engine", node(node_kind::component, "RU"));
  b.add_node("missile", node(node_kind::product, "RU"));
  b.add_node("repair-shop", node(node_kind::service, "RU"));
  b.add_node("holding", node(node_kind::firm, "RU"));
  b.add_edge("sponge", "vsmpo", of_kind(edge_kind::supplies));
  b.add_edge("vsmpo", "forging", of_kind(edge_kind::produces));
  b.add_edge("forging", "vsmpo", of_kind(edge_kind::tooling));
  b.add_edge("forging", "engine", of_kind(edge_kind::component_of));
  b.add_edge("engine", "missile", of_kind(edge_kind::component_of));
  b.add_edge("missile", "engine", of_kind(edge_kind::owns));
  b.add_edge("engine", "engine", of_kind(edge_kind::services));
  b.add_edge("repair-shop", "missile", of_kind(edge_kind::services));
  b.add_edge("repair-shop", "missile", of_kind(edge_kind::supplies));
  b.add_edge("missile", "repair-shop", of_kind(edge_kind::supplies));
  b.add_edge("holding", "missile", of_kind(edge_kind::owns));
  const graph g = b.freeze();
  auto id = [&](const char* name) { return g.find(name); };
  auto edge = [&](const char* from, const char* to, edge_kind kind) {
    for (edge_index e : g.edges())
      if (g.edge(e).source() == id(from) && g.edge(e).target() == id(to) && g.edge(e).kind() == kind)
        return e;
    return no_index;
  };
  auto sorted = [](std::vector<node_index> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  // The bridges as (a, b, edge), in the order the result promises.
  auto bridges = [&](std::vector<std::pair<const char*, const char*>> pairs,
                     std::vector<edge_index> edges) {
    std::vector<std::tuple<node_index, node_index, edge_index>> out;
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      const auto [a, c] = ordered(id(pairs[i].first), id(pairs[i].second));
      out.emplace_back(a, c, edges[i]);
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  auto found = [](const structure_result& r) {
    std::vector<std::tuple<node_index, node_index, edge_index>> out;
    for (const bridge& x : r.bridges) out.emplace_back(x.a, x.b, x.edge);
    return out;
  };

  const structure_result r = structure_points(g);
  EXPECT_EQ(r.articulation_points,
            sorted({id("vsmpo"), id("forging"), id("engine"), id("missile")}));
  EXPECT_EQ(found(r), bridges({{"sponge", "vsmpo"}, {"forging", "engine"}, {"engine", "missile"}},
                              {edge("sponge", "vsmpo", edge_kind::supplies),
                               edge("forging", "engine", edge_kind::component_of),
                               edge("engine", "missile", edge_kind::component_of)}));

  // Filtering out the tooling edge and both repair-shop -> missile edges leaves single links.
  const edge_index tooling = edge("forging", "vsmpo", edge_kind::tooling);
  const edge_index services = edge("repair-shop", "missile", edge_kind::services);
  const edge_index supplies = edge("repair-shop", "missile", edge_kind::supplies);
  const edge_filter filter = [&](edge_index e) {
    return e != tooling && e != services && e != supplies;
  };
  const structure_result f = structure_points(g, {.edge_present = filter});
  EXPECT_EQ(f.articulation_points, r.articulation_points);
  EXPECT_EQ(found(f), bridges({{"sponge", "vsmpo"},
                               {"vsmpo", "forging"},
                               {"forging", "engine"},
                               {"engine", "missile"},
                               {"missile", "repair-shop"}},
                              {edge("sponge", "vsmpo", edge_kind::supplies),
                               edge("vsmpo", "forging", edge_kind::produces),
                               edge("forging", "engine", edge_kind::component_of),
                               edge("engine", "missile", edge_kind::component_of),
                               edge("missile", "repair-shop", edge_kind::supplies)}));
  // Dropping the one forward edge instead keeps the link through the reverse one alone.
  const structure_result h = structure_points(
      g, {.edge_present = [&](edge_index e) { return e != edge("vsmpo", "forging", edge_kind::produces); }});
  EXPECT_EQ(found(h), bridges({{"sponge", "vsmpo"},
                               {"vsmpo", "forging"},
                               {"forging", "engine"},
                               {"engine", "missile"}},
                              {edge("sponge", "vsmpo", edge_kind::supplies), tooling,
                               edge("forging", "engine", edge_kind::component_of),
                               edge("engine", "missile", edge_kind::component_of)}));
  structure_counts counts;
  expect_structure_matches(g, {}, counts);
  expect_structure_matches(g, filter, counts);
}

TEST(StructurePoints, LongChainWithoutRecursion) {
  // 200,000 nodes in one chain whose links alternate in direction (a search depth no
  // recursive search survives on a default stack); every 1,000th link is doubled by an edge
  // the other way and so is no bridge.
  constexpr std::size_t n = 200'000;
  auto name = [](std::size_t i) { return numbered("c", i); };
  graph_builder b;
  for (std::size_t i = 0; i < n; ++i) b.add_node(name(i), node(node_kind::component, "RU"));
  for (std::size_t i = 0; i + 1 < n; ++i) {
    const std::string x = name(i), y = name(i + 1);
    if (i % 2 == 0)
      b.add_edge(x, y, of_kind(edge_kind::component_of));
    else
      b.add_edge(y, x, of_kind(edge_kind::supplies));
    if (i % 1000 == 500) b.add_edge(i % 2 == 0 ? y : x, i % 2 == 0 ? x : y, of_kind(edge_kind::tooling));
  }
  const graph g = b.freeze();
  const structure_result r = structure_points(g);
  std::vector<node_index> interior;
  for (std::size_t i = 1; i + 1 < n; ++i) interior.push_back(g.find(name(i)));
  std::sort(interior.begin(), interior.end());
  EXPECT_EQ(r.articulation_points, interior);
  ASSERT_EQ(r.bridges.size(), n - 1 - (n - 1 + 499) / 1000);
  for (std::size_t i = 1; i < r.bridges.size(); ++i)
    ASSERT_LT(std::make_pair(r.bridges[i - 1].a, r.bridges[i - 1].b),
              std::make_pair(r.bridges[i].a, r.bridges[i].b));
  for (const bridge& x : r.bridges) {
    const std::string_view a = g.node(x.a).id(), c = g.node(x.b).id();
    const long i = std::stol(std::string(a.substr(1))), j = std::stol(std::string(c.substr(1)));
    ASSERT_EQ(std::abs(i - j), 1);
    ASSERT_NE(std::min(i, j) % 1000, 500);
    EXPECT_EQ(ordered(g.edge(x.edge).source(), g.edge(x.edge).target()), std::make_pair(x.a, x.b));
  }
}

namespace {

// The earlier implementation: Boost's biconnected_components on an adjacency_list projection.
structure_result boost_structure_points(const graph& g, const structure_options& options = {}) {
  struct link {
    node_index a, b;
    edge_index edge;
  };
  const std::size_t n = g.node_count();
  const auto kinds = g.edge_kinds();
  const auto sources = g.edge_sources();
  const auto targets = g.edge_targets();
  std::vector<link> links;
  for (edge_index e : g.edges()) {
    node_index s = sources[e], t = targets[e];
    if (s == t || !is_dependency(kinds[e])) continue;
    if (options.edge_present && !options.edge_present(e)) continue;
    links.push_back({std::min(s, t), std::max(s, t), e});
  }
  std::sort(links.begin(), links.end(), [](const link& x, const link& y) {
    if (x.a != y.a) return x.a < y.a;
    return x.b != y.b ? x.b < y.b : x.edge < y.edge;
  });
  // Distinct node pairs, each with its first edge and whether it has more than one.
  std::vector<link> pairs;
  std::vector<std::uint8_t> parallel;
  for (const link& l : links) {
    if (!pairs.empty() && pairs.back().a == l.a && pairs.back().b == l.b) {
      parallel.back() = 1;
      continue;
    }
    pairs.push_back(l);
    parallel.push_back(0);
  }
  links = {};

  using undirected_graph =
      boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property,
                            boost::property<boost::edge_index_t, std::size_t>, boost::no_property,
                            boost::vecS>;
  undirected_graph projection(n);
  for (std::size_t i = 0; i < pairs.size(); ++i)
    boost::add_edge(pairs[i].a, pairs[i].b, i, projection);
  std::vector<std::size_t> component(pairs.size(), 0);
  std::vector<undirected_graph::vertex_descriptor> points;
  const auto vertex_index = boost::get(boost::vertex_index, projection);
  const std::size_t component_total =
      boost::biconnected_components(
          projection,
          boost::make_iterator_property_map(component.begin(),
                                            boost::get(boost::edge_index, projection)),
          std::back_inserter(points), boost::vertex_index_map(vertex_index))
          .first;

  structure_result out;
  out.articulation_points.reserve(points.size());
  for (auto v : points) out.articulation_points.push_back(static_cast<node_index>(v));
  std::sort(out.articulation_points.begin(), out.articulation_points.end());
  out.articulation_points.erase(
      std::unique(out.articulation_points.begin(), out.articulation_points.end()),
      out.articulation_points.end());

  std::vector<std::uint32_t> size(component_total, 0);
  for (std::size_t c : component) ++size[c];
  for (std::size_t i = 0; i < pairs.size(); ++i)  // pairs are ascending
    if (size[component[i]] == 1 && !parallel[i])
      out.bridges.push_back({pairs[i].a, pairs[i].b, pairs[i].edge});
  return out;
}

}  // namespace

TEST(StructurePoints, MatchBoostBiconnectedComponentsOnGeneratedGraphs) {
  std::size_t points = 0, bridges = 0;
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    const graph g = generate({.nodes = 4000 + 3000 * seed, .seed = seed});
    const edge_filter filter = seed % 2 ? dropping_filter(g, seed) : edge_filter{};
    const structure_result ours = structure_points(g, {.edge_present = filter});
    const structure_result boost = boost_structure_points(g, {.edge_present = filter});
    ASSERT_EQ(ours.articulation_points, boost.articulation_points) << seed;
    ASSERT_EQ(ours.bridges.size(), boost.bridges.size()) << seed;
    for (std::size_t i = 0; i < ours.bridges.size(); ++i) {
      ASSERT_EQ(ours.bridges[i].a, boost.bridges[i].a) << seed;
      ASSERT_EQ(ours.bridges[i].b, boost.bridges[i].b) << seed;
      ASSERT_EQ(ours.bridges[i].edge, boost.bridges[i].edge) << seed;
    }
    points += ours.articulation_points.size();
    bridges += ours.bridges.size();
  }
  EXPECT_GT(points, 1000u);
  EXPECT_GT(bridges, 1000u);
}

TEST(StructurePoints, MatchBruteForceOnRandomGraphs) {
  structure_counts counts;
  std::size_t cyclic = 0;
  for (std::uint64_t seed = 1; seed <= 1200; ++seed) {
    const graph g = micgraph::testing::random_graph(seed, graph_shape(seed, 40));
    cyclic += has_cycle(g);
    SCOPED_TRACE("seed " + std::to_string(seed));
    expect_structure_matches(g, {}, counts);
    if (HasFatalFailure()) return;
    SCOPED_TRACE("filtered");
    expect_structure_matches(g, dropping_filter(g, seed), counts);
    if (HasFatalFailure()) return;
  }
  EXPECT_EQ(counts.graphs, 2400u);
  EXPECT_GT(cyclic, 300u);
  EXPECT_GT(counts.points, 5000u);
  EXPECT_GT(counts.bridges, 5000u);
  EXPECT_GT(counts.doubled, 100u);
  std::printf(
      "structure: %zu graphs (%zu seeds with cycles), %zu articulation points, %zu "
      "bridges, %zu doubled pairs that are not bridges\n",
      counts.graphs, cyclic, counts.points, counts.bridges, counts.doubled);
}

TEST(StructurePoints, MatchBruteForceOnLargerSparseGraphs) {
  // Near the percolation threshold: long chains, many cut nodes, deep depth-first searches.
  structure_counts counts;
  for (std::uint64_t seed = 1; seed <= 16; ++seed) {
    const graph g = micgraph::testing::random_graph(
        seed, {.min_nodes = 200,
               .max_nodes = 700,
               .edges_per_node = 0.8 + static_cast<double>(seed % 4) * 0.15,
               .back_edge_fraction = 0.2});
    SCOPED_TRACE("seed " + std::to_string(seed));
    expect_structure_matches(g, seed % 2 ? dropping_filter(g, seed) : edge_filter{}, counts);
    if (HasFatalFailure()) return;
  }
  EXPECT_EQ(counts.graphs, 16u);
  EXPECT_GT(counts.bridges, 1000u);
}

// ---- betweenness

TEST(Betweenness, TitaniumDiamondIntoAMissile) {
  graph_builder b;
  b.add_node("sponge", node(node_kind::material, "RU"));
  b.add_node("vsmpo", node(node_kind::firm, "RU"));
  b.add_node("other-smelter", node(node_kind::firm, "KZ"));
  b.add_node("engine", node(node_kind::component, "RU"));
  b.add_node("missile", node(node_kind::product, "RU"));
  b.add_edge("sponge", "vsmpo", of_kind(edge_kind::supplies));
  b.add_edge("sponge", "vsmpo", of_kind(edge_kind::supplies));  // asserted twice: one path
  b.add_edge("sponge", "other-smelter", of_kind(edge_kind::supplies));
  b.add_edge("vsmpo", "engine", of_kind(edge_kind::produces));
  b.add_edge("other-smelter", "engine", of_kind(edge_kind::produces));
  b.add_edge("engine", "missile", of_kind(edge_kind::component_of));
  b.add_edge("missile", "sponge", of_kind(edge_kind::owns));  // structural: no path
  b.add_edge("engine", "engine", of_kind(edge_kind::services));
  const graph g = b.freeze();
  // sponge -> engine: two shortest paths, one through each smelter: 1/2 each.
  // sponge -> missile: the same two paths, 1/2 each, and through the engine: 1.
  // vsmpo -> missile and other-smelter -> missile: through the engine: 1 each.
  // So vsmpo 1, other-smelter 1, engine 3, the rest 0.
  const betweenness_result r = betweenness(g);
  EXPECT_FALSE(r.estimated);
  EXPECT_EQ(r.samples, 5u);
  EXPECT_NEAR(r.score[g.find("vsmpo")], 1.0, 1e-12);
  EXPECT_NEAR(r.score[g.find("other-smelter")], 1.0, 1e-12);
  EXPECT_NEAR(r.score[g.find("engine")], 3.0, 1e-12);
  EXPECT_EQ(r.score[g.find("sponge")], 0.0);
  EXPECT_EQ(r.score[g.find("missile")], 0.0);
  const auto top = top_betweenness(r, 2);
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0].node, g.find("engine"));
  // A tie: the smaller node number first.
  EXPECT_EQ(top[1].node, std::min(g.find("vsmpo"), g.find("other-smelter")));
  EXPECT_EQ(top_betweenness(r, 99).size(), 5u);

  // Without the engine's link into the missile only the sponge -> engine paths remain.
  const auto filtered = betweenness(g, {.edge_present = [&](edge_index e) {
                                      return g.edge(e).kind() != edge_kind::component_of;
                                    }});
  EXPECT_NEAR(filtered.score[g.find("vsmpo")], 0.5, 1e-12);
  EXPECT_NEAR(filtered.score[g.find("engine")], 0.0, 1e-12);

  // Sampling every node but one is an estimate; the same seed gives the same numbers.
  std::size_t calls = 0;
  const auto sampled = betweenness(
      g, {.samples = 4, .seed = 7, .progress = [&](std::size_t done, std::size_t total) {
            EXPECT_EQ(total, 4u);
            EXPECT_EQ(done, ++calls);
          }});
  EXPECT_TRUE(sampled.estimated);
  EXPECT_EQ(sampled.samples, 4u);
  EXPECT_EQ(calls, 4u);
  EXPECT_EQ(sampled.score, betweenness(g, {.samples = 4, .seed = 7}).score);
  EXPECT_FALSE(betweenness(g, {.samples = 5}).estimated);
  EXPECT_FALSE(betweenness(g, {.samples = 500}).estimated);
}

TEST(Betweenness, EmptyGraph) {
  const betweenness_result r = betweenness(graph_builder().freeze(), {.samples = 3});
  EXPECT_TRUE(r.score.empty());
  EXPECT_TRUE(top_betweenness(r, 3).empty());
}

TEST(Betweenness, SampleNodesAreDistinctAndDeterministic) {
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    const std::size_t n = 1 + seed % 50, k = seed % (n + 3);
    const auto sample = detail::sample_nodes(n, k, seed);
    ASSERT_EQ(sample.size(), std::min(n, k));
    EXPECT_TRUE(std::is_sorted(sample.begin(), sample.end()));
    EXPECT_EQ(std::adjacent_find(sample.begin(), sample.end()), sample.end());
    for (node_index v : sample) EXPECT_LT(v, n);
    EXPECT_EQ(sample, detail::sample_nodes(n, k, seed));
  }
  // The pool held sparsely (small samples of large graphs) draws exactly what the array does.
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    const std::size_t n = 1 + seed * 37 % 5000, k = seed % 7 == 0 ? n : seed % 90;
    std::mt19937_64 dense_rng(seed), sparse_rng(seed);
    const auto dense = detail::shuffle_prefix_dense(n, std::min(n, k), dense_rng);
    ASSERT_EQ(detail::shuffle_prefix_sparse(n, std::min(n, k), sparse_rng), dense) << seed;
  }
  // Roughly uniform: each of 10 nodes drawn about 3/10 of the time in 20,000 draws of 3.
  std::vector<std::size_t> drawn(10, 0);
  for (std::uint64_t seed = 0; seed < 20000; ++seed)
    for (node_index v : detail::sample_nodes(10, 3, seed)) ++drawn[v];
  for (std::size_t count : drawn) EXPECT_NEAR(static_cast<double>(count), 6000.0, 300.0);
}

TEST(Betweenness, ExactSampledAndBoostAgreeWithPathCountingOracle) {
  std::size_t graphs = 0, cyclic = 0, positive = 0, with_parallel_edges = 0;
  for (std::uint64_t seed = 1; seed <= 600; ++seed) {
    const graph g = micgraph::testing::random_graph(seed, graph_shape(seed, 30));
    const std::size_t n = g.node_count();
    cyclic += has_cycle(g);
    for (int filtered = 0; filtered < 2; ++filtered) {
      SCOPED_TRACE("seed " + std::to_string(seed) + (filtered ? " filtered" : ""));
      const edge_filter filter = filtered ? dropping_filter(g, seed) : edge_filter{};
      const all_pairs_paths paths = brute_paths(g, filter);
      const std::vector<double> expected = brute_betweenness(paths, all_nodes(g));

      // Exact, through Boost.
      const betweenness_result exact = betweenness(g, {.edge_present = filter});
      ASSERT_EQ(exact.score.size(), n);
      EXPECT_FALSE(exact.estimated);
      // Our single-source accumulation from every node (the sampled code with K = n).
      const auto adjacency = detail::simple_dependency_adjacency(g, filter);
      std::size_t links = 0;
      for (edge_index e : g.edges())
        links += is_dependency(g.edge(e).kind()) && present(filter, e) &&
                 g.edge(e).source() != g.edge(e).target();
      with_parallel_edges += adjacency.targets.size() < links;
      std::vector<double> all_sources(n, 0.0);
      std::vector<std::uint8_t> present_bytes;
      if (filter) {
        present_bytes.resize(g.edge_count());
        for (edge_index e : g.edges()) present_bytes[e] = filter(e) ? 1 : 0;
      }
      detail::dependency_searcher searcher(g, present_bytes);
      const std::vector<node_index> all = all_nodes(g);
      // Sums taken in two parts: take() restarts them from zero.
      std::vector<std::pair<node_index, double>> sums;
      searcher.accumulate(std::span<const node_index>(all).subspan(0, n / 2), {});
      searcher.take(sums);
      searcher.accumulate(std::span<const node_index>(all).subspan(n / 2), {});
      searcher.take(sums);
      for (const auto& [v, x] : sums) {
        EXPECT_GT(x, 0.0);
        all_sources[v] += x;
      }
      for (node_index v = 0; v < n; ++v) {
        ASSERT_TRUE(near(exact.score[v], expected[v]))
            << v << ": " << exact.score[v] << " vs " << expected[v];
        ASSERT_TRUE(near(all_sources[v], exact.score[v], 1e-9));
        positive += expected[v] > 0.0;
      }

      // Sampled: n / K times the oracle summed over the very sources drawn.
      if (n >= 3) {
        const std::size_t k = 1 + seed % (n - 1);
        const std::uint64_t sample_seed = seed * 31 + static_cast<std::uint64_t>(filtered);
        const betweenness_result sampled =
            betweenness(g, {.samples = k, .seed = sample_seed, .edge_present = filter});
        EXPECT_TRUE(sampled.estimated);
        EXPECT_EQ(sampled.samples, k);
        const std::vector<double> partial =
            brute_betweenness(paths, detail::sample_nodes(n, k, sample_seed));
        const double scale = static_cast<double>(n) / static_cast<double>(k);
        for (node_index v = 0; v < n; ++v)
          ASSERT_TRUE(near(sampled.score[v], scale * partial[v])) << v;
      }
      ++graphs;
    }
  }
  EXPECT_EQ(graphs, 1200u);
  EXPECT_GT(cyclic, 100u);
  EXPECT_GT(positive, 3000u);
  EXPECT_GT(with_parallel_edges, 100u);
  std::printf(
      "betweenness: %zu graphs (%zu seeds with cycles, %zu with parallel edges), %zu "
      "positive scores checked\n",
      graphs, cyclic, with_parallel_edges, positive);
}

TEST(Betweenness, SampledEstimateIsUnbiased) {
  // Averaged over many seeds, the estimate from 4 of the nodes approaches the exact scores.
  const graph g = micgraph::testing::random_graph(
      42, {.min_nodes = 30, .max_nodes = 30, .edges_per_node = 2.0, .back_edge_fraction = 0.2});
  const betweenness_result exact = betweenness(g);
  std::vector<double> mean(g.node_count(), 0.0);
  const std::size_t runs = 4000;
  for (std::uint64_t seed = 0; seed < runs; ++seed) {
    const betweenness_result r = betweenness(g, {.samples = 4, .seed = seed});
    for (node_index v : g.nodes()) mean[v] += r.score[v] / static_cast<double>(runs);
  }
  const double largest = *std::max_element(exact.score.begin(), exact.score.end());
  ASSERT_GT(largest, 1.0);
  for (node_index v : g.nodes()) EXPECT_NEAR(mean[v], exact.score[v], 0.08 * largest) << v;
}

TEST(Betweenness, TopKOrdersByScoreThenNode) {
  betweenness_result r;
  r.score = {1.0, 3.0, 1.0, 0.0, 3.0, 2.0};
  const auto top = top_betweenness(r, 4);
  const std::vector<node_score> expected = {{1, 3.0}, {4, 3.0}, {5, 2.0}, {0, 1.0}};
  EXPECT_EQ(top, expected);
  EXPECT_TRUE(top_betweenness(r, 0).empty());
}

}  // namespace analysis_structure_test_cases
