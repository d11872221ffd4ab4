#pragma once
/// \file generate.hpp
/// Synthetic multi-tier supply graphs for benchmarks and tests: raw materials, machine tools and
/// servicing at the bottom, components and subassemblies in the middle tiers, products on top,
/// firms that make everything with skewed popularity (hub suppliers), single-source inputs,
/// substitutes with lower quality and lead times, a few benign cycles, and countries drawn with
/// realistic concentration; and synthetic ownership graphs (persons and firms, stakes, control,
/// dates, cross-holdings) for the ownership analysis. Deterministic per seed on every platform.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "micgraph/builder.hpp"
#include "micgraph/error.hpp"

namespace micgraph {

struct generate_options {
  std::size_t nodes = 10000;    ///< total nodes, exact
  std::uint64_t seed = 1;
  unsigned tiers = 5;           ///< >= 3: raw inputs, tiers - 2 component tiers, products
  double single_source = 0.15;  ///< fraction of provider slots with exactly one provider, [0,1]
  std::function<void(double)> progress;  ///< called with the fraction done; may be empty
};

namespace detail {

/// xoshiro256** seeded by splitmix64: fast, and the same sequence on every platform.
class generator_rng {
 public:
  explicit generator_rng(std::uint64_t seed) {
    for (auto& word : state_) {
      seed += 0x9e3779b97f4a7c15ULL;
      std::uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      word = z ^ (z >> 31);
    }
  }
  std::uint64_t next() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }
  /// Uniform in [0, bound).
  std::size_t below(std::size_t bound) {
    return std::min(bound - 1, static_cast<std::size_t>(real() * static_cast<double>(bound)));
  }
  /// Uniform in [lo, hi].
  std::size_t between(std::size_t lo, std::size_t hi) { return lo + below(hi - lo + 1); }
  /// Uniform in [0, 1).
  double real() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return real() < p; }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::array<std::uint64_t, 4> state_{};
};

/// Draws indices 0..n-1 with probability proportional to 1 / (rank + 1)^exponent: a few
/// suppliers and parts are used everywhere, most rarely.
class zipf_table {
 public:
  zipf_table(std::size_t n, double exponent) : cumulative_(n) {
    double total = 0;
    for (std::size_t i = 0; i < n; ++i) {
      total += std::pow(static_cast<double>(i + 1), -exponent);
      cumulative_[i] = total;
    }
  }
  std::size_t draw(generator_rng& rng) const {
    double x = rng.real() * cumulative_.back();
    auto at = std::upper_bound(cumulative_.begin(), cumulative_.end(), x) - cumulative_.begin();
    return std::min(static_cast<std::size_t>(at), cumulative_.size() - 1);
  }
  std::size_t size() const { return cumulative_.size(); }

 private:
  std::vector<double> cumulative_;
};

struct weighted_code {
  const char* code;
  double weight;
};

/// A code drawn from `table` with probability proportional to its weight.
template <class Table>
const char* draw_code(generator_rng& rng, const Table& table) {
  double total = 0;
  for (const weighted_code& entry : table) total += entry.weight;
  double x = rng.real() * total;
  for (const weighted_code& entry : table) {
    if (x < entry.weight) return entry.code;
    x -= entry.weight;
  }
  return table[0].code;
}

}  // namespace detail

/// Builds a synthetic supply graph with exactly `options.nodes` nodes and about 3.5 edges per
/// node, every node available with no cuts. O((n + m) log n); about 1 s per million nodes.
/// Throws micgraph::error when the options are out of range.
inline graph generate(const generate_options& options) {
  using detail::generator_rng;
  const std::size_t n = options.nodes;
  if (options.tiers < 3) throw error("generate: tiers must be at least 3");
  if (!(options.single_source >= 0.0 && options.single_source <= 1.0))
    throw error("generate: single_source must be in [0,1]");
  const std::size_t component_tiers = options.tiers - 2;
  const std::size_t minimum = 6 + component_tiers;
  if (n < minimum)
    throw error("generate: " + std::to_string(options.tiers) + " tiers need at least " +
                std::to_string(minimum) + " nodes");
  if (n >= no_index - 1) throw error("generate: too many nodes");

  generator_rng rng(options.seed);
  auto share_of = [n](double fraction) {
    return std::max<std::size_t>(1, static_cast<std::size_t>(fraction * static_cast<double>(n)));
  };
  // Node mix; components take the rest (at least one per component tier).
  std::size_t products = share_of(0.01), firms = share_of(0.15), facilities = share_of(0.03),
              materials = share_of(0.08), tools = share_of(0.08), services = share_of(0.10);
  while (products + firms + facilities + materials + tools + services + component_tiers > n) {
    for (std::size_t* count : {&firms, &services, &materials, &tools, &facilities, &products})
      if (*count > 1 && products + firms + facilities + materials + tools + services +
                                component_tiers > n)
        --*count;
  }
  const std::size_t components = n - products - firms - facilities - materials - tools - services;

  static const detail::weighted_code firm_countries[] = {
      {"CN", 26}, {"US", 14}, {"DE", 9}, {"JP", 8}, {"RU", 8}, {"TW", 6}, {"KR", 5}, {"GB", 3},
      {"FR", 3},  {"IT", 3},  {"CH", 3}, {"IN", 3}, {"NL", 2}, {"IR", 2}, {"TR", 2}, {"BY", 1},
      {"HK", 2},  {"AE", 1},  {"KP", 0.5}};
  static const detail::weighted_code product_countries[] = {
      {"RU", 55}, {"CN", 20}, {"IR", 10}, {"BY", 5}, {"KP", 5}, {"IN", 5}};
  auto draw_code = [&rng](const auto& table) { return detail::draw_code(rng, table); };
  static const char* component_families[] = {
      "microelectronics/fpga", "microelectronics/mcu",  "microelectronics/memory",
      "microelectronics/rf",   "navigation/gnss",       "propulsion/engine",
      "mechanical/bearing",    "optics/seeker",         "power/battery",
      "structure/airframe"};
  static const char* material_families[] = {"material/titanium", "material/aluminium-alloy",
                                            "material/carbon-fibre", "material/explosive",
                                            "material/rare-earth"};
  static const char* tool_families[] = {"machine_tool/5-axis", "machine_tool/turning-centre",
                                        "machine_tool/cnc-controller", "machine_tool/edm"};
  static const char* service_families[] = {"service/cnc-spares", "service/cnc-software",
                                           "service/cutting-tools", "service/maintenance"};

  graph_builder builder;
  builder.reserve(n, n * 4);
  node_fields node;
  std::size_t added = 0;
  auto report = [&] {
    if (options.progress && (++added & 0xffff) == 0)
      options.progress(0.5 * static_cast<double>(added) / static_cast<double>(n));
  };
  auto add = [&](const char* prefix, std::size_t i, node_kind kind, std::string category,
                 const char* country, const char* label) {
    node.kind = kind;
    node.category = std::move(category);
    node.country = country;
    node.name = std::string(label) + " " + std::to_string(i);
    node.tags.clear();
    if (kind == node_kind::component && rng.chance(0.3)) node.tags.emplace_back("dual_use");
    if (kind == node_kind::firm && rng.chance(0.05)) node.tags.emplace_back("sanctioned:us-sdn");
    report();
    return builder.add_node(prefix + std::to_string(i), node);
  };

  // Firms first: their countries decide where items are made.
  std::vector<node_index> firm_nodes(firms);
  std::vector<const char*> firm_country(firms);
  for (std::size_t i = 0; i < firms; ++i) {
    firm_country[i] = draw_code(firm_countries);
    firm_nodes[i] = add("f", i, node_kind::firm,
                        rng.chance(0.2) ? "firm/distributor" : "firm/maker", firm_country[i], "Firm");
  }
  // Items: materials, machine tools and services are raw; components fill the middle tiers.
  std::vector<node_index> material_nodes, tool_nodes, service_nodes, facility_nodes, product_nodes;
  std::vector<std::vector<node_index>> tier_components(component_tiers);
  std::vector<node_index> items;  // every item that firms make
  auto make_item = [&](const char* prefix, std::size_t i, node_kind kind, std::string category,
                       const char* label) {
    node_index v = add(prefix, i, kind, std::move(category), draw_code(firm_countries), label);
    items.push_back(v);
    return v;
  };
  for (std::size_t i = 0; i < materials; ++i)
    material_nodes.push_back(make_item("m", i, node_kind::material,
                                       material_families[rng.below(5)], "Material"));
  for (std::size_t i = 0; i < tools; ++i)
    tool_nodes.push_back(make_item("t", i, node_kind::machine_tool, tool_families[rng.below(4)],
                                   "Machine tool"));
  for (std::size_t i = 0; i < services; ++i)
    service_nodes.push_back(make_item("s", i, node_kind::service, service_families[rng.below(4)],
                                      "Service"));
  // Components: lower tiers hold more of them.
  {
    std::vector<double> weight(component_tiers);
    double total = 0;
    for (std::size_t t = 0; t < component_tiers; ++t)
      total += weight[t] = static_cast<double>(component_tiers - t) + 1.0;
    std::size_t placed = 0;
    for (std::size_t t = 0; t < component_tiers; ++t) {
      std::size_t count =
          t + 1 == component_tiers
              ? components - placed
              : std::max<std::size_t>(1, static_cast<std::size_t>(static_cast<double>(components) *
                                                                  weight[t] / total));
      count = std::min(count, components - placed - (component_tiers - t - 1));
      for (std::size_t k = 0; k < count; ++k) {
        std::size_t i = placed + k;
        node_index v = make_item("c", i, node_kind::component,
                                 std::string(component_families[rng.below(10)]) + "-" +
                                     std::to_string(rng.below(4)),
                                 "Component");
        tier_components[t].push_back(v);
      }
      placed += count;
    }
  }
  for (std::size_t i = 0; i < facilities; ++i) {
    facility_nodes.push_back(add("fa", i, node_kind::facility, "facility/plant",
                                 draw_code(product_countries), "Plant"));
  }
  for (std::size_t i = 0; i < products; ++i) {
    static const char* product_families[] = {"product/cruise-missile", "product/drone",
                                             "product/tank", "product/radar",
                                             "product/artillery-shell"};
    product_nodes.push_back(add("p", i, node_kind::product, product_families[rng.below(5)],
                                draw_code(product_countries), "Product"));
  }

  // ---- edges
  const detail::zipf_table firm_popularity(firms, 1.0);
  edge_fields edge;
  auto reset_edge = [&edge](edge_kind kind) {
    edge.kind = kind;
    edge.input.clear();
    edge.share = edge.quality = edge.confidence = 1.0;
    edge.view.clear();
    edge.lead_time_months.reset();
  };
  std::size_t edges_added = 0;
  auto link = [&](node_index from, node_index to) {
    builder.add_edge(from, to, edge);
    if (options.progress && (++edges_added & 0xfffff) == 0)
      options.progress(std::min(0.99, 0.5 + 0.5 * static_cast<double>(edges_added) /
                                                  (3.5 * static_cast<double>(n))));
  };
  static const char* views[] = {"western", "russian", "chinese"};

  // Makers: one provider for a `single_source` fraction of items, else 2-4; hubs by popularity.
  for (node_index v : items) {
    std::size_t makers = rng.chance(options.single_source) ? 1 : rng.between(2, 4);
    for (std::size_t k = 0; k < makers; ++k) {
      reset_edge(k > 0 && rng.chance(0.25) ? edge_kind::supplies : edge_kind::produces);
      if (edge.kind == edge_kind::supplies && rng.chance(0.4)) {
        edge.view = views[rng.below(3)];
        edge.confidence = 0.3 + 0.6 * rng.real();
      }
      link(firm_nodes[firm_popularity.draw(rng)], v);
    }
  }
  // Machine tools need servicing; services and materials are raw.
  const detail::zipf_table service_popularity(service_nodes.size(), 0.8);
  for (node_index v : tool_nodes) {
    if (!rng.chance(0.7)) continue;
    reset_edge(edge_kind::services);
    link(service_nodes[service_popularity.draw(rng)], v);
  }
  // Components and products need inputs from lower tiers, chosen by skewed popularity.
  std::vector<node_index> lower = material_nodes;  // what the current tier can draw from
  const detail::zipf_table tool_popularity(tool_nodes.size(), 0.9);
  std::vector<std::pair<node_index, node_index>> cycle_candidates;  // (consumer, its input)
  auto add_inputs = [&](node_index v, std::size_t count, const detail::zipf_table& popularity) {
    for (std::size_t k = 0; k < count; ++k) {
      if (rng.chance(0.2) && lower.size() > 1) {
        // A named input with alternatives: a primary source and cheaper, worse substitutes.
        std::string input = "input-" + std::to_string(k);
        std::size_t alternatives = rng.between(2, 3);
        for (std::size_t a = 0; a < alternatives; ++a) {
          reset_edge(edge_kind::component_of);
          edge.input = input;
          edge.share = a == 0 ? 1.0 : 0.3 + 0.7 * rng.real();
          edge.quality = a == 0 ? 1.0 : 0.3 + 0.7 * rng.real();
          if (a > 0 && rng.chance(0.5)) edge.lead_time_months = static_cast<double>(rng.between(3, 24));
          link(lower[popularity.draw(rng)], v);
        }
      } else {
        reset_edge(edge_kind::component_of);
        node_index input = lower[popularity.draw(rng)];
        link(input, v);
        if (rng.chance(0.05)) cycle_candidates.emplace_back(v, input);
      }
    }
  };
  for (std::size_t t = 0; t < component_tiers; ++t) {
    const detail::zipf_table popularity(lower.size(), 1.05);
    for (node_index v : tier_components[t]) {
      add_inputs(v, rng.between(1, 4), popularity);
      if (t >= 1 && rng.chance(0.5)) {
        reset_edge(edge_kind::tooling);
        link(tool_nodes[tool_popularity.draw(rng)], v);
      }
    }
    lower.insert(lower.end(), tier_components[t].begin(), tier_components[t].end());
  }
  // Plants: owned by a firm, need machining (alternative tools with shares) and make products.
  for (node_index v : facility_nodes) {
    reset_edge(edge_kind::owns);
    link(firm_nodes[firm_popularity.draw(rng)], v);
    std::size_t alternatives = rng.between(1, 3);
    for (std::size_t a = 0; a < alternatives; ++a) {
      reset_edge(edge_kind::tooling);
      edge.input = "machining";
      edge.share = alternatives == 1 ? 1.0 : 0.4 + 0.6 * rng.real();
      if (a > 0) edge.quality = 0.3 + 0.7 * rng.real();
      link(tool_nodes[tool_popularity.draw(rng)], v);
    }
  }
  const detail::zipf_table facility_popularity(facility_nodes.size(), 0.5);
  const detail::zipf_table input_popularity(lower.size(), 1.05);
  for (node_index v : product_nodes) {
    std::size_t plants = rng.chance(options.single_source) ? 1 : 2;
    for (std::size_t k = 0; k < plants; ++k) {
      reset_edge(edge_kind::produces);
      link(facility_nodes[facility_popularity.draw(rng)], v);
    }
    add_inputs(v, rng.between(3, 6), input_popularity);
  }
  // Ownership between firms: holdings own makers.
  for (std::size_t i = 0; i < firms / 20; ++i) {
    reset_edge(edge_kind::owns);
    std::size_t owner = firm_popularity.draw(rng), owned = rng.below(firms);
    if (owner != owned) link(firm_nodes[owner], firm_nodes[owned]);
  }
  // Benign cycles: a consumer that can also supply one of its own inputs (an alternative
  // provider next to the input's makers), e.g. a toolmaker's output feeding back.
  for (std::size_t i = 0; i < cycle_candidates.size(); i += 64) {
    reset_edge(edge_kind::supplies);
    edge.share = 0.5;
    link(cycle_candidates[i].first, cycle_candidates[i].second);
  }
  if (options.progress) options.progress(0.99);
  graph g = builder.freeze();
  if (options.progress) options.progress(1.0);
  return g;
}

struct ownership_generate_options {
  std::size_t entities = 100000;  ///< persons and firms in all, exact, >= 2
  std::size_t edges = 300000;     ///< `owns` and `controls` edges in all, exact
  std::uint64_t seed = 1;
  double persons = 0.1;          ///< fraction of the entities that are persons, [0,1]
  double controls = 0.05;        ///< fraction of the edges that are `controls` (directors), [0,1]
  double cross_holdings = 0.02;  ///< fraction of stakes held by a firm further down (cycles), [0,1]
  double dated = 0.2;            ///< fraction of the edges with a start date (half also end), [0,1]
  std::function<void(double)> progress;  ///< called with the fraction done; may be empty
};

/// Builds a synthetic ownership graph: firms in a holding hierarchy (each owned by 1 or more
/// earlier firms or persons, popular holdings owning many), stakes split evenly (exactly 50%,
/// 25%) or at random (sometimes leaving a free float), cross-holdings that close cycles,
/// directors' control, dated stakes. Deterministic per seed. O((n + m) log n). Throws
/// micgraph::error when the options are out of range.
inline graph generate_ownership(const ownership_generate_options& options) {
  using detail::generator_rng;
  const std::size_t n = options.entities, m = options.edges;
  if (n < 2) throw error("generate_ownership: at least 2 entities");
  if (n >= no_index - 1 || m >= no_index - 1) throw error("generate_ownership: too many entities or edges");
  for (double fraction : {options.persons, options.controls, options.cross_holdings, options.dated})
    if (!(fraction >= 0.0 && fraction <= 1.0)) throw error("generate_ownership: fractions must be in [0,1]");
  generator_rng rng(options.seed);
  const std::size_t persons = std::clamp<std::size_t>(
      static_cast<std::size_t>(options.persons * static_cast<double>(n)), 1, n - 1);
  const std::size_t firms = n - persons;
  const auto control_edges = static_cast<std::size_t>(options.controls * static_cast<double>(m));
  const std::size_t stakes = m - control_edges;

  graph_builder builder;
  builder.reserve(n, m);
  static const detail::weighted_code countries[] = {{"RU", 40}, {"CY", 8}, {"AE", 6}, {"HK", 6},
                                                    {"CN", 10}, {"KZ", 4}, {"TR", 4}, {"BY", 4},
                                                    {"GB", 3},  {"CH", 3}, {"", 12}};
  auto country = [&rng] { return detail::draw_code(rng, countries); };
  for (std::size_t i = 0; i < persons; ++i)
    builder.add_node("person-" + std::to_string(i),
                     {.kind = node_kind::person, .name = "Person " + std::to_string(i), .country = country()});
  for (std::size_t i = 0; i < firms; ++i)
    builder.add_node("firm-" + std::to_string(i),
                     {.kind = node_kind::firm, .name = "Firm " + std::to_string(i), .country = country(),
                      .category = "firm/holding"});
  if (options.progress) options.progress(0.2);

  // Owners per firm: one each (while stakes last), the rest spread at random.
  std::vector<std::uint32_t> owners(firms, 0);
  for (std::size_t i = 0; i < std::min(firms, stakes); ++i) owners[i] = 1;
  for (std::size_t k = firms; k < stakes; ++k) ++owners[rng.below(firms)];
  const detail::zipf_table holding_popularity(firms, 1.0), person_popularity(persons, 0.8);
  const day_number first = days_from_civil(1995, 1, 1);
  auto dates = [&](edge_fields& edge) {
    edge.start_date.reset();
    edge.end_date.reset();
    if (!rng.chance(options.dated)) return;
    edge.start_date = first + static_cast<day_number>(rng.below(30 * 365));
    if (rng.chance(0.5)) edge.end_date = *edge.start_date + static_cast<day_number>(rng.below(10 * 365));
  };
  const auto person_node = [&](std::size_t i) { return static_cast<node_index>(i); };
  const auto firm_node = [&](std::size_t i) { return static_cast<node_index>(persons + i); };
  edge_fields edge{.kind = edge_kind::owns};
  std::vector<double> weights;
  for (std::size_t i = 0; i < firms; ++i) {
    const std::uint32_t k = owners[i];
    if (k == 0) continue;
    // Even splits (exactly 1/k: 50%, 25%) or random weights, sometimes leaving a free float.
    weights.assign(k, 1.0);
    const bool even = rng.chance(0.3);
    const double held = even || rng.chance(0.6) ? 1.0 : 0.5 + 0.5 * rng.real();
    if (!even)
      for (double& w : weights) w = 0.05 + rng.real();
    double total = 0;
    for (double w : weights) total += w;
    for (std::uint32_t j = 0; j < k; ++j) {
      double share = held * weights[j] / total;
      if (!even) share = std::clamp(std::round(share * 1e4) / 1e4, 1e-4, 1.0);
      edge.share = share;
      dates(edge);
      node_index owner;
      if (i == 0 || rng.chance(0.3)) {
        owner = person_node(person_popularity.draw(rng));
      } else if (rng.chance(options.cross_holdings) && i + 1 < firms) {
        owner = firm_node(i + 1 + rng.below(firms - i - 1));  // further down: closes a cycle
      } else {
        std::size_t parent = holding_popularity.draw(rng);
        if (parent >= i) parent = rng.below(i);
        owner = firm_node(parent);
      }
      builder.add_edge(owner, firm_node(i), edge);
    }
    if (options.progress && (i & 0xffff) == 0)
      options.progress(0.2 + 0.5 * static_cast<double>(i) / static_cast<double>(firms));
  }
  edge = {.kind = edge_kind::controls};
  for (std::size_t k = 0; k < control_edges; ++k) {
    dates(edge);
    builder.add_edge(person_node(person_popularity.draw(rng)), firm_node(rng.below(firms)), edge);
  }
  if (options.progress) options.progress(0.8);
  graph g = builder.freeze();
  if (options.progress) options.progress(1.0);
  return g;
}

}  // namespace micgraph
