#pragma once
// Random small supply graphs for oracle and round-trip tests: every node kind, every edge kind,
// named and default slots, shares (stakes on `owns`), qualities, confidences, views, lead times,
// start and end dates on `owns` and `controls`, attrs, cycles.

#include <micgraph/builder.hpp>
#include <random>
#include <string>

#include "support/and_or_graphs.hpp"

namespace micgraph::testing {

struct random_graph_options {
  std::size_t min_nodes = 5;
  std::size_t max_nodes = 40;
  double edges_per_node = 2.0;
  double back_edge_fraction = 0.1;  ///< edges that point backwards and may close cycles
  bool fancy_strings = false;       ///< ids and names with quotes, commas, newlines, non-ASCII
};

inline graph random_graph(std::uint64_t seed, const random_graph_options& options = {}) {
  std::mt19937_64 rng(seed);
  auto uniform = [&](std::size_t lo, std::size_t hi) {  // inclusive
    return lo + static_cast<std::size_t>(rng() % (hi - lo + 1));
  };
  auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
  auto fraction = [&]() {  // in (0,1], often exactly 1
    if (chance(0.4)) return 1.0;
    return 0.05 + 0.95 * std::uniform_real_distribution<double>(0, 1)(rng);
  };
  static const char* countries[] = {"RU", "CN", "DE", "JP", "TW", "US", "", "KR", "CH", "IR"};
  static const char* views[] = {"", "", "western", "russian", "chinese"};
  static const char* inputs[] = {"machining", "chips", "alloy"};
  static const char* tags[] = {"dual_use", "sanctioned:us-sdn", "western"};

  graph_builder builder;
  const std::size_t n = uniform(options.min_nodes, options.max_nodes);
  for (std::size_t i = 0; i < n; ++i) {
    node_fields fields;
    fields.kind = static_cast<node_kind>(uniform(0, node_kind_count - 1));
    fields.country = countries[uniform(0, 9)];
    fields.category = std::string(to_string(fields.kind)) + "/c" + std::to_string(uniform(0, 3));
    if (chance(0.3)) fields.tags.push_back(tags[uniform(0, 2)]);
    if (chance(0.2)) fields.capacity = static_cast<double>(uniform(1, 500));
    if (chance(0.2)) fields.stock_months = static_cast<double>(uniform(0, 12)) / 2;
    if (chance(0.1)) fields.attrs = R"({"cost":)" + std::to_string(uniform(1, 9)) + "}";
    std::string id = "n" + std::to_string(i);
    if (options.fancy_strings && chance(0.3)) {
      static const char* odd[] = {" \"quoted\", with comma", "\nnew line", " завод", " 工厂",
                                  " back\\slash", " tab\tand ; semicolon"};
      id += odd[uniform(0, 5)];
      fields.name = "name" + id;
    } else if (chance(0.5)) {
      fields.name = "Node " + std::to_string(i);
    }
    builder.add_node(id, fields);
  }
  const auto m = static_cast<std::size_t>(options.edges_per_node * static_cast<double>(n));
  for (std::size_t j = 0; j < m; ++j) {
    std::size_t a = uniform(0, n - 1), b = uniform(0, n - 1);
    if (a > b && !chance(options.back_edge_fraction)) std::swap(a, b);
    if (a == b && !chance(options.back_edge_fraction)) continue;
    edge_fields fields;
    fields.kind = static_cast<edge_kind>(uniform(0, edge_kind_count - 1));
    if (is_ownership(fields.kind) && chance(0.5)) fields.kind = edge_kind::supplies;
    if (!is_ownership(fields.kind) && chance(0.25)) fields.input = inputs[uniform(0, 2)];
    fields.share = fields.kind == edge_kind::controls ? 1.0 : fraction();
    if (is_ownership(fields.kind)) {  // dated stakes and control, from 1991 on
      const day_number first = days_from_civil(1991, 1, 1);
      if (chance(0.4)) fields.start_date = first + static_cast<day_number>(uniform(0, 12000));
      if (chance(0.3))
        fields.end_date = fields.start_date.value_or(first) + static_cast<day_number>(uniform(0, 6000));
    }
    fields.quality = fraction();
    fields.confidence = chance(0.7) ? 1.0 : static_cast<double>(uniform(0, 10)) / 10;
    fields.view = views[uniform(0, 4)];
    if (chance(0.5)) fields.sources.push_back("seed-" + std::to_string(uniform(0, 3)));
    if (chance(0.1)) fields.sources.push_back("report, page " + std::to_string(uniform(1, 9)));
    if (chance(0.15)) fields.lead_time_months = static_cast<double>(uniform(0, 24));
    if (chance(0.05)) fields.attrs = R"({"mean_life_months":18})";
    builder.add_edge(static_cast<node_index>(a), static_cast<node_index>(b), fields);
  }
  return builder.freeze();
}

/// Cycle-heavy AND/OR graphs of min_nodes..max_nodes nodes: most nodes need one or two named
/// slots of one to three providers, a quarter of the providers pointing anywhere (cycles),
/// shares below one.
inline graph tangled_graph(std::uint64_t seed, std::size_t min_nodes = 5, std::size_t max_nodes = 30) {
  return and_or_slot_graph(seed, {.min_nodes = min_nodes, .max_nodes = max_nodes, .max_slots = 2,
                                  .backwards_one_in = 4});
}

}  // namespace micgraph::testing
