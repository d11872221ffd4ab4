// component_exposure: which foreign parts are in each documented weapon, how concentrated their
// origin is, and which weapons a coalition export cut would stop.
//
//   component_exposure DIR_OR_GRAPH
//
// DIR_OR_GRAPH is the War & Sanctions components data (a directory with drones.csv and
// components.csv, imported on the fly) or a graph written by `micgraph import war-sanctions`.
// The coalition is the United States, the European Union, Japan, Taiwan, South Korea and
// Switzerland; its cut lists every firm of those countries (a node rule on firms).

#include <fmt/core.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <micgraph/micgraph.hpp>
#include <set>
#include <string>
#include <vector>

using namespace micgraph;

namespace {

const std::vector<std::string> coalition = {
    "US", "JP", "TW", "KR", "CH",
    // the European Union
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
    "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"};

graph load(const std::filesystem::path& path) {
  if (std::filesystem::is_directory(path) && std::filesystem::exists(path / "drones.csv")) {
    io::war_sanctions_import imported = io::import_war_sanctions(path);
    return std::move(imported.graph);
  }
  return io::load_graph(path);
}

bool has_tag(const graph& g, node_index v, std::string_view tag) {
  for (std::uint32_t t : g.node_tag_ids(v))
    if (g.tag_names()[t] == tag) return true;
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    fmt::print(stderr, "usage: component_exposure DIR_OR_GRAPH\n");
    return 2;
  }
  graph g;
  try {
    g = load(argv[1]);
  } catch (const error& e) {
    fmt::print(stderr, "component_exposure: {}\n", e.what());
    return 2;
  }
  const auto sources = g.edge_sources();
  std::vector<node_index> weapons;
  for (node_index v : g.nodes())
    if (g.node_kinds()[v] == node_kind::product) weapons.push_back(v);
  std::size_t components = 0;
  for (node_index v : g.nodes()) components += g.node_kinds()[v] == node_kind::component ? 1 : 0;
  fmt::print("{} weapons, {} components, {} nodes in all\n\n", weapons.size(), components,
             g.node_count());

  // Each weapon's parts by the country of their maker.
  struct exposure {
    node_index weapon;
    std::size_t parts = 0, foreign = 0, unknown = 0;
    std::map<std::string, std::size_t> by_country;  // foreign parts
    double hhi = 0.0;
  };
  std::vector<exposure> rows;
  std::size_t with_us_parts = 0;
  for (node_index w : weapons) {
    exposure row{.weapon = w};
    const std::string_view home = g.node(w).country();
    bool us = false;
    for (edge_index e : g.in_edges(w)) {
      if (g.edge_kinds()[e] != edge_kind::component_of) continue;
      node_view part = g.node(sources[e]);
      ++row.parts;
      std::string country(part.country());
      if (country.empty()) {
        ++row.unknown;
        continue;
      }
      us = us || country == "US";
      if (country != home) ++row.foreign, ++row.by_country[country];
    }
    for (const auto& [country, count] : row.by_country) {
      double share = static_cast<double>(count) / static_cast<double>(row.foreign);
      row.hhi += share * share;
    }
    with_us_parts += us ? 1 : 0;
    rows.push_back(std::move(row));
  }
  fmt::print("Weapons with at least one US-made part: {} of {} ({:.0f}%)\n", with_us_parts,
             weapons.size(), weapons.empty() ? 0.0 : 100.0 * static_cast<double>(with_us_parts) / static_cast<double>(weapons.size()));
  std::sort(rows.begin(), rows.end(), [](const exposure& a, const exposure& b) {
    return a.foreign != b.foreign ? a.foreign > b.foreign : a.weapon < b.weapon;
  });
  fmt::print("\nWeapons with the most foreign parts (HHI of the parts' countries: 1 = one country):\n");
  fmt::print("  {:<44} {:>6} {:>8} {:>8} {:>6}  {}\n", "weapon", "parts", "foreign", "unknown",
             "HHI", "top countries");
  for (std::size_t i = 0; i < rows.size() && i < 12; ++i) {
    const exposure& row = rows[i];
    std::vector<std::pair<std::size_t, std::string>> top;
    for (const auto& [country, count] : row.by_country) top.emplace_back(count, country);
    std::sort(top.begin(), top.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    std::string listing;
    for (std::size_t k = 0; k < top.size() && k < 4; ++k)
      listing += fmt::format("{}{} {}", k ? ", " : "", top[k].second, top[k].first);
    node_view w = g.node(row.weapon);
    std::string name(w.name().empty() ? w.id() : w.name());
    fmt::print("  {:<44} {:>6} {:>8} {:>8} {:>6.2f}  {}\n", name.substr(0, 44), row.parts,
               row.foreign, row.unknown, row.hhi, listing);
  }

  // The makers whose loss alone stops the most weapons (each documented part is a requirement).
  single_points_result spof = single_points(g, weapons);
  std::map<node_index, std::size_t> stops;
  for (const auto& target : spof.targets)
    for (node_index u : target.single_points)
      if (g.node_kinds()[u] == node_kind::firm && !has_tag(g, u, "unknown")) ++stops[u];
  std::vector<std::pair<std::size_t, node_index>> makers;
  for (const auto& [firm, count] : stops) makers.emplace_back(count, firm);
  std::sort(makers.begin(), makers.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  fmt::print("\nIdentified manufacturers whose parts are in the most weapons (each one a single point of failure):\n");
  for (std::size_t i = 0; i < makers.size() && i < 10; ++i) {
    node_view firm = g.node(makers[i].second);
    fmt::print("  {:<44} {:<3} in {} weapons\n", std::string(firm.name().empty() ? firm.id() : firm.name()).substr(0, 44),
               firm.country(), makers[i].first);
  }

  // The coalition cut, fully enforced and at 50%.
  for (double enforcement : {1.0, 0.5}) {
    scenario cut{.name = "coalition export cut",
                 .rules = {{.select = scenario_rule::selection::nodes,
                            .name = "firms of the coalition",
                            .nodes = {.kinds = {node_kind::firm}, .countries = coalition},
                            .enforcement = enforcement}}};
    impact_result r = impact(g, compile(g, cut), {.attribute = false});
    std::size_t stopped = 0, reduced = 0;
    double remaining = 0.0, baseline = 0.0;
    for (node_index w : weapons) {
      baseline += r.baseline[w];
      remaining += r.capacity[w];
      if (r.baseline[w] > 0 && r.capacity[w] <= 0) ++stopped;
      else if (r.capacity[w] < r.baseline[w] - 1e-12) ++reduced;
    }
    fmt::print("\nCoalition export cut (US, EU, JP, TW, KR, CH firms), {:.0f}% enforced:\n",
               100 * enforcement);
    fmt::print("  weapons stopped: {} of {}; reduced but not stopped: {}; output left: {:.1f}% of the "
               "documented weapons' capacity\n",
               stopped, weapons.size(), reduced,
               baseline > 0 ? 100.0 * remaining / baseline : 0.0);
  }
  return 0;
}
