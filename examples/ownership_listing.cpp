// ownership_listing: what one listing blocks through ownership and control, and what that does
// to production, under OFAC's 50 Percent Rule and under the EU's and the UK's rules side by side.
//
//   ownership_listing DATASET SCENARIO [AS_OF]
//
// The scenario's first node rule names the listing (its filter) and extends it with
// `with_owned`; the example runs it under each preset (analysis/ownership.hpp), as of AS_OF
// (YYYY-MM-DD) when given.

#include <fmt/core.h>

#include <algorithm>
#include <micgraph/micgraph.hpp>
#include <micgraph/report/ownership.hpp>
#include <string>
#include <vector>

using namespace micgraph;

namespace {

struct run {
  std::string name;
  ownership_rule rule;
  ownership_result blocked;
  impact_result impact;
};

std::string label(const graph& g, node_index v) {
  const node_view node = g.node(v);
  return fmt::format("{} ({}{}{})", node.id(), to_string(node.kind()),
                     node.country().empty() ? "" : ", ", node.country());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || argc > 4) {
    fmt::print(stderr, "usage: ownership_listing DATASET SCENARIO [AS_OF]\n");
    return 2;
  }
  try {
    const graph g = io::load_graph(argv[1]);
    scenario definition = io::read_scenario(argv[2]);
    std::optional<day_number> as_of;
    if (argc == 4 && !(as_of = parse_date(argv[3]))) {
      fmt::print(stderr, "ownership_listing: expected a date YYYY-MM-DD, got '{}'\n", argv[3]);
      return 2;
    }
    auto first =
        std::find_if(definition.rules.begin(), definition.rules.end(), [](const scenario_rule& r) {
          return r.select == scenario_rule::selection::nodes && r.with_owned;
        });
    if (first == definition.rules.end()) {
      fmt::print(stderr, "ownership_listing: {} has no node rule with \"with_owned\"\n", argv[2]);
      return 2;
    }
    const auto rule_number = static_cast<std::uint32_t>(first - definition.rules.begin());
    const compiled_scenario as_given = compile(g, definition);
    const std::vector<node_index> listing(as_given.rule_listing(rule_number).begin(),
                                          as_given.rule_listing(rule_number).end());
    const impact_result baseline = impact(g, compile_baseline(g), {.attribute = false});

    std::vector<run> runs;
    for (auto [name, rule] :
         {std::pair{"OFAC", ownership_rule::ofac()}, std::pair{"EU", ownership_rule::eu()},
          std::pair{"UK", ownership_rule::uk()}}) {
      rule.as_of = as_of;
      definition.rules[rule_number].with_owned = rule;
      runs.push_back({name, rule, ownership_blocked(g, listing, rule),
                      impact(g, compile(g, definition), {.attribute = false})});
    }

    fmt::print("Listing ({} entities): ", listing.size());
    for (std::size_t i = 0; i < listing.size(); ++i)
      fmt::print("{}{}", i == 0 ? "" : ", ", label(g, listing[i]));
    fmt::print("\n");
    for (const run& r : runs) fmt::print("  {:<5} {}\n", r.name, describe(r.rule));

    // Every entity one of the rules blocks beyond the listing, in node order.
    std::vector<node_index> reached;
    for (const run& r : runs)
      for (node_index v : r.blocked.blocked)
        if (r.blocked.hops[v] != 0) reached.push_back(v);
    std::sort(reached.begin(), reached.end());
    reached.erase(std::unique(reached.begin(), reached.end()), reached.end());
    fmt::print("\nBlocked through ownership or control {:>26} {:>6} {:>6}\n", runs[0].name,
               runs[1].name, runs[2].name);
    for (node_index v : reached) {
      fmt::print("  {:<52}", label(g, v));
      for (const run& r : runs)
        fmt::print(" {:>6}",
                   r.blocked.is_blocked(v) ? fmt::format("hop {}", r.blocked.hops[v]) : "-");
      fmt::print("\n");
    }

    fmt::print("\nProduction kept (share of baseline) {:>27} {:>6} {:>6}\n", runs[0].name,
               runs[1].name, runs[2].name);
    for (node_index v : g.nodes()) {
      const node_kind kind = g.node(v).kind();
      if (kind != node_kind::product && kind != node_kind::facility) continue;
      if (baseline.capacity[v] <= 0.0) continue;
      bool changed = false;
      for (const run& r : runs)
        changed = changed || r.impact.capacity[v] < baseline.capacity[v] - 1e-12;
      if (!changed) continue;
      fmt::print("  {:<52}", label(g, v));
      for (const run& r : runs)
        fmt::print(" {:>5.1f}%", 100.0 * r.impact.capacity[v] / baseline.capacity[v]);
      fmt::print("\n");
    }

    // The chains: each entity a rule blocks and the preceding rule does not, explained.
    for (std::size_t k = 1; k < runs.size(); ++k)
      for (node_index v : reached)
        if (runs[k].blocked.is_blocked(v) && !runs[k - 1].blocked.is_blocked(v) &&
            g.node(v).kind() == node_kind::facility) {
          fmt::print("\n{} but not {}: {}", runs[k].name, runs[k - 1].name,
                     to_text(g, runs[k].blocked, explain_ownership(g, runs[k].blocked, v)));
        }
    for (node_index v : reached)
      if (runs[0].blocked.is_blocked(v) && !runs[2].blocked.is_blocked(v))
        fmt::print("\n{} but not {}: {}", runs[0].name, runs[2].name,
                   to_text(g, runs[0].blocked, explain_ownership(g, runs[0].blocked, v)));
    return 0;
  } catch (const error& e) {
    fmt::print(stderr, "ownership_listing: {}\n", e.what());
    return 2;
  }
}
