// dual_use_suppliers: military-civil fusion. Which civilian and dual-use firms (not defence
// firms) would hurt defence production most if they were lost — sanctioned, listed, or cut off
// from their own suppliers? Ranks the firms tagged `dual_use`, `civilian` or
// `military_civil_fusion` by the products they alone can stop and the capacity their loss
// removes, then shows for the worst of them which products lose what.
//
//   dual_use_suppliers DATASET [VIEW] [TOP]     (defaults: every edge; 8 firms)
//
// With data/china-russia-cooperation.json, give a view (western, russian or chinese): without one
// the parallel edges of the three bodies of sources add up.

#include <fmt/core.h>

#include <algorithm>
#include <micgraph/micgraph.hpp>
#include <string>
#include <vector>

using namespace micgraph;

namespace {

bool has_tag(const node_view& v, std::string_view wanted) {
  for (std::string_view tag : v.tags())
    if (tag == wanted) return true;
  return false;
}

// A firm that is not a defence firm: tagged civilian, dual-use or military-civil fusion.
bool civilian_or_dual_use(const node_view& v) {
  return v.kind() == node_kind::firm && !has_tag(v, "defence") &&
         (has_tag(v, "dual_use") || has_tag(v, "civilian") || has_tag(v, "military_civil_fusion"));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 4) {
    fmt::print(stderr, "usage: dual_use_suppliers DATASET [VIEW] [TOP]\n");
    return 2;
  }
  try {
    graph g = io::load_graph(argv[1]);
    scenario evidence{.name = "evidence"};
    if (argc >= 3 && std::string_view(argv[2]) != "all") evidence.views = {argv[2]};
    const std::size_t top = argc == 4 ? std::stoul(argv[3]) : 8;
    const compiled_scenario filter = compile(g, evidence);

    std::vector<node_index> products;
    double total_output = 0.0;
    for (node_index v : g.nodes())
      if (g.node_kinds()[v] == node_kind::product) products.push_back(v);
    const impact_result baseline = impact(g, filter, {.attribute = false});
    for (node_index v : products) total_output += baseline.baseline[v];
    std::size_t firms = 0, fusion = 0;
    for (node_index v : g.nodes())
      if (civilian_or_dual_use(g.node(v))) {
        ++firms;
        fusion += has_tag(g.node(v), "military_civil_fusion");
      }
    fmt::print("{} products; {} civilian or dual-use firms ({} tagged military-civil fusion){}\n",
               products.size(), firms, fusion,
               evidence.views.empty() ? std::string()
                                      : fmt::format("; {} sources only", evidence.views[0]));

    const single_points_result spof =
        single_points(g, products, {.edge_present = [&](edge_index e) { return filter.edge_present(e); }});
    const ranking_result ranking = rank_chokepoints(
        g, products, spof,
        {.candidates = g.node_count(),
         .scenario = &filter,
         .only = [&](node_index v) { return civilian_or_dual_use(g.node(v)); }});

    fmt::print("\nCivilian and dual-use firms whose loss hurts defence production most:\n");
    fmt::print("  {:<4} {:<30} {:<3} {:>8} {:>12}  {}\n", "rank", "firm", "cty", "stops",
               "output lost", "military-civil fusion");
    const std::size_t shown = std::min(top, ranking.ranking.size());
    std::size_t fusion_in_top = 0;
    for (std::size_t i = 0; i < shown; ++i) {
      const ranked_node& r = ranking.ranking[i];
      const node_view f = g.node(r.node);
      const bool mcf = has_tag(f, "military_civil_fusion");
      fusion_in_top += mcf;
      fmt::print("  {:<4} {:<30} {:<3} {:>8} {:>11.1f}%  {}\n", i + 1,
                 std::string(f.id()).substr(0, 30), f.country(), r.targets_stopped,
                 total_output > 0 ? 100 * r.capacity_removed / total_output : 0.0,
                 mcf ? "yes" : "");
    }
    if (shown == 0) {
      fmt::print("  none: no civilian or dual-use firm's loss reduces any product\n");
      return 0;
    }

    // What each of the worst three takes from each product: the firm listed, nothing else cut.
    fmt::print("\nWhat the loss of each of the worst {} does to each product:\n",
               std::min<std::size_t>(3, shown));
    for (std::size_t i = 0; i < std::min<std::size_t>(3, shown); ++i) {
      const node_view f = g.node(ranking.ranking[i].node);
      scenario listing = evidence;
      listing.name = fmt::format("{} listed", f.id());
      listing.rules = {{.select = scenario_rule::selection::nodes,
                        .name = std::string(f.id()),
                        .nodes = {.ids = {std::string(f.id())}}}};
      const impact_result r = impact(g, compile(g, listing), {.attribute = false});
      fmt::print("  {} ({}):", f.id(), f.name());
      for (node_index v : products)
        if (r.loss(v) > 1e-9) fmt::print(" {} -{:.0f}%", g.node(v).id(), 100 * r.loss(v));
      fmt::print("\n");
    }
    const node_view worst = g.node(ranking.ranking[0].node);
    fmt::print("\nMost harmful civilian or dual-use firm: {} ({}), {:.1f}% of all product output; "
               "{} of the top {} are military-civil fusion firms.\n",
               worst.id(), worst.country(),
               total_output > 0 ? 100 * ranking.ranking[0].capacity_removed / total_output : 0.0,
               fusion_in_top, shown);
    return 0;
  } catch (const std::exception& e) {
    fmt::print(stderr, "dual_use_suppliers: {}\n", e.what());
    return 2;
  }
}
