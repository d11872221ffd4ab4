#include "micgraph/report/chokepoints.hpp"

#include <fmt/core.h>

#include <cmath>
#include <functional>
#include <iterator>

#include "micgraph/io/attributes.hpp"
#include "micgraph/report/cut_sets.hpp"
#include "micgraph/report/format.hpp"

namespace micgraph {

chokepoints_report make_chokepoints_report(const graph& g,
                                           const chokepoints_report_options& options) {
  chokepoints_report report{.g = &g, .order = options.order};
  report.targets = options.targets.empty() ? product_nodes(g) : options.targets;
  std::vector<std::string>& warnings = report.warnings;
  std::vector<std::uint8_t> cuttable;
  if (options.cuttable) cuttable = node_mask(g, *options.cuttable, warnings);
  std::vector<double> costs;
  if (!options.min_cut.empty())
    costs = io::read_cut_costs(g, options.cost_attribute, cuttable, warnings);
  std::vector<std::uint8_t> rank_only;
  if (options.rank) rank_only = node_mask(g, *options.rank, warnings);
  if (report.targets.empty()) warnings.push_back("no targets: the graph has no product node");

  // Without evidence filters every edge counts: the analyses get no edge filter and the
  // ranking its own share * quality weights, the same numbers a compiled empty filter gives.
  const compiled_scenario* filters = options.evidence;
  if (filters != nullptr)
    for (const std::string& w : filters->warnings()) warnings.push_back(w);
  std::function<bool(edge_index)> present;
  if (filters != nullptr) present = [filters](edge_index e) { return filters->edge_present(e); };

  const chokepoints_report_options::analyses& run = options.run;
  if (run.single_points || run.ranking)
    report.single_points =
        single_points(g, report.targets, {.edge_present = present, .threads = options.threads});
  if (run.ranking)
    report.ranking = rank_chokepoints(
      g, report.targets, report.single_points,
      {.candidates = options.candidates,
       .scenario = filters,
       .progress = options.progress,
       .only = rank_only.empty() ? std::function<bool(node_index)>()
                                 : [&](node_index v) { return rank_only[v] != 0; },
       .threads = options.threads});
  if (options.order >= 3 || options.count_only) {
    report.cut_sets = minimal_cut_sets(
        g, report.targets,
        {.max_order = static_cast<std::size_t>(options.order),
         .edge_present = present,
         .cuttable = cuttable.empty() ? std::function<bool(node_index)>()
                                      : [&](node_index v) { return cuttable[v] != 0; },
         .max_sets = options.max_sets,
         .count_only = options.count_only,
         .threads = options.threads,
         .progress = options.progress});
  } else if (options.order == 2) {
    report.pairs = single_point_pairs(
        g, report.targets,
        {.max_pairs = options.max_pairs, .edge_present = present, .progress = options.progress});
  }
  if (run.concentration) report.concentration = concentration(g, {.edge_present = present});
  if (run.structure) report.structure = structure_points(g, {.edge_present = present});
  if (run.betweenness) {
    const std::size_t samples =
        options.betweenness_samples
            ? *options.betweenness_samples
            : default_betweenness_samples(g.node_count(), options.exact_betweenness_limit);
    report.betweenness = betweenness(g, {.samples = samples,
                                         .seed = options.seed,
                                         .edge_present = present,
                                         .progress = options.progress,
                                         .threads = options.threads});
  }
  for (node_index t : options.min_cut)
    report.min_cuts.push_back(cheapest_cut(
        g, t, {.edge_present = present, .cost = [&](node_index v) { return costs[v]; }}));
  return report;
}

using json = nlohmann::ordered_json;

json to_json(const graph& g, const single_points_result& result) {
  json out;
  auto& targets = out["targets"] = json::array();
  for (const target_single_points& entry : result.targets) {
    auto points = json::array();
    for (node_index u : entry.single_points) points.push_back(g.node(u).id());
    targets.push_back({{"id", g.node(entry.target).id()}, {"single_points", points}});
  }
  auto& unavailable = out["unavailable_targets"] = json::array();
  for (node_index t : result.unavailable_targets) unavailable.push_back(g.node(t).id());
  return out;
}

json to_json(const graph& g, const ranking_result& result) {
  json out;
  auto& ranking = out["ranking"] = json::array();
  for (const ranked_node& r : result.ranking)
    ranking.push_back({{"id", g.node(r.node).id()},
                       {"kind", to_string(g.node(r.node).kind())},
                       {"country", g.node(r.node).country()},
                       {"targets_stopped", r.targets_stopped},
                       {"capacity_removed", r.capacity_removed}});
  out["ranking_cones_estimated"] = result.cones_estimated;
  return out;
}

json to_json(const graph& g, const pairs_result& result) {
  json out;
  auto& pairs = out["pairs"] = json::array();
  for (const single_point_pair& p : result.pairs)
    pairs.push_back(
        {{"a", g.node(p.a).id()}, {"b", g.node(p.b).id()}, {"targets_stopped", p.targets_stopped}});
  out["pairs_truncated"] = result.truncated;
  return out;
}

json to_json(const graph& g, std::span<const category_concentration> result) {
  auto out = json::array();
  for (const category_concentration& c : result)
    out.push_back({{"category", c.category},
                   {"suppliers", c.suppliers},
                   {"hhi_firms", c.hhi_firms},
                   {"hhi_countries", c.hhi_countries},
                   {"top_country", c.top_country},
                   {"top_country_share", c.top_country_share},
                   {"top_supplier", g.node(c.top_supplier).id()},
                   {"top_supplier_share", c.top_supplier_share}});
  return out;
}

json to_json(const graph& g, const structure_result& result) {
  json out;
  auto& points = out["articulation_points"] = json::array();
  for (node_index v : result.articulation_points) points.push_back(g.node(v).id());
  auto& bridges = out["bridges"] = json::array();
  for (const bridge& b : result.bridges)
    bridges.push_back({{"a", g.node(b.a).id()}, {"b", g.node(b.b).id()}});
  return out;
}

json to_json(const graph& g, const betweenness_result& result) {
  json out;
  auto& scores = out["betweenness"] = json::array();
  for (const node_score& s : top_betweenness(result, g.node_count()))
    scores.push_back({{"id", g.node(s.node).id()}, {"score", s.score}});
  out["betweenness_estimated"] = result.estimated;
  out["betweenness_samples"] = result.samples;
  return out;
}

json to_json(const graph& g, const min_cut_result& c) {
  auto members = json::array();
  for (node_index v : c.cut) members.push_back(g.node(v).id());
  json out{{"target", g.node(c.target).id()}, {"cut", members},
           {"exact", c.exact},                {"reason", c.reason},
           {"unavailable", c.unavailable},    {"impossible", c.impossible}};
  if (std::isfinite(c.cost))
    out["cost"] = c.cost;
  else
    out["cost"] = nullptr;
  return out;
}

void to_json(json& out, const chokepoints_report& report) {
  const graph& g = *report.g;
  out = to_json(g, report.single_points);
  out.update(to_json(g, report.ranking));
  out.update(to_json(g, report.pairs));
  out["concentration"] = to_json(g, std::span<const category_concentration>(report.concentration));
  out.update(to_json(g, report.structure));
  out.update(to_json(g, report.betweenness));
  auto& cuts = out["min_cuts"] = json::array();
  for (const min_cut_result& c : report.min_cuts) cuts.push_back(to_json(g, c));
  if (report.cut_sets) out["cut_sets"] = to_json(g, *report.cut_sets);
  out["warnings"] = report.warnings;
}

std::string to_text(const chokepoints_report& report, std::size_t top) {
  const graph& g = *report.g;
  top = table_rows(top);
  std::string out;
  auto to = std::back_inserter(out);
  auto more = [&](std::size_t shown, std::size_t total, const char* hint) {
    if (total > shown) fmt::format_to(to, "  ... {} more ({})\n", total - shown, hint);
  };
  for (const std::string& w : report.warnings) fmt::format_to(to, "warning: {}\n", w);
  fmt::format_to(to, "Single points of failure of {} target{}:\n", report.targets.size(),
                 report.targets.size() == 1 ? "" : "s");
  for (const target_single_points& entry : report.single_points.targets) {
    fmt::format_to(to, "  {}: {} single points\n", node_label(g, entry.target),
                   entry.single_points.size());
    std::size_t shown = 0;
    for (node_index u : entry.single_points) {
      if (shown == top) break;
      fmt::format_to(to, "    {}\n", node_label(g, u));
      ++shown;
    }
    more(shown, entry.single_points.size(), "--top, --json");
  }
  for (node_index t : report.single_points.unavailable_targets)
    fmt::format_to(to, "  {}: unavailable even with no cuts\n", node_label(g, t));

  fmt::format_to(to, "\nNodes whose loss alone hurts the targets most{}:\n",
                 report.ranking.cones_estimated ? " (candidates by estimated cone size)" : "");
  fmt::format_to(to, "  {:<44} {:<13} {:<7} {:>8} {:>9}\n", "node", "kind", "country", "stops",
                 "removes");
  std::size_t shown = 0;
  for (const ranked_node& r : report.ranking.ranking) {
    if (shown == top) break;
    node_view v = g.node(r.node);
    fmt::format_to(to, "  {:<44} {:<13} {:<7} {:>8} {:>9.3f}\n", clip(v.id(), 44),
                   to_string(v.kind()), v.country(), r.targets_stopped, r.capacity_removed);
    ++shown;
  }
  more(shown, report.ranking.ranking.size(), "--top, --json");

  if (report.order == 2) {
    fmt::format_to(to, "\nPairs whose joint loss stops a target (neither alone does){}:\n",
                   report.pairs.truncated ? ", search truncated (--max-pairs)" : "");
    shown = 0;
    for (const single_point_pair& p : report.pairs.pairs) {
      if (shown == top) break;
      fmt::format_to(to, "  {} + {}: stops {}\n", node_label(g, p.a), node_label(g, p.b),
                     p.targets_stopped);
      ++shown;
    }
    more(shown, report.pairs.pairs.size(), "--top, --json");
  }
  if (report.cut_sets) fmt::format_to(to, "\n{}", to_text(g, *report.cut_sets, top));

  fmt::format_to(to, "\nSupply concentration by category (HHI 1 = one supplier):\n");
  fmt::format_to(to, "  {:<34} {:>9} {:>9} {:>9}  {}\n", "category", "suppliers", "HHI firms",
                 "HHI ctry", "top country");
  shown = 0;
  for (const category_concentration& c : report.concentration) {
    if (shown == top) break;
    fmt::format_to(to, "  {:<34} {:>9} {:>9.3f} {:>9.3f}  {} {:.0f}%\n", clip(c.category, 34),
                   c.suppliers, c.hhi_firms, c.hhi_countries,
                   c.top_country.empty() ? "(unknown)" : c.top_country, 100.0 * c.top_country_share);
    ++shown;
  }
  more(shown, report.concentration.size(), "--top, --json");

  fmt::format_to(to,
                 "\nStructure of the undirected dependency graph: {} articulation points, {} "
                 "bridges\n",
                 report.structure.articulation_points.size(), report.structure.bridges.size());
  fmt::format_to(to, "\nBetweenness ({}):\n",
                 report.betweenness.estimated
                     ? fmt::format("estimated from {} sampled sources, --betweenness-samples",
                                   report.betweenness.samples)
                     : std::string("exact"));
  for (const node_score& s : top_betweenness(report.betweenness, top))
    fmt::format_to(to, "  {:<60} {:>12.1f}\n", node_label(g, s.node), s.score);

  for (const min_cut_result& c : report.min_cuts) {
    fmt::format_to(to, "\nCheapest cut that stops {}:", node_label(g, c.target));
    if (c.unavailable) {
      fmt::format_to(to, " it is unavailable even with no cuts\n");
      continue;
    }
    if (c.impossible) {
      fmt::format_to(to, " none: it depends only on nodes that may not be cut (--cuttable)\n");
      continue;
    }
    fmt::format_to(to, " cost {:g}, {} nodes, {}\n", c.cost, c.cut.size(),
                   c.exact ? "exact minimum" : "upper bound: " + c.reason);
    for (node_index v : c.cut) fmt::format_to(to, "    {}\n", node_label(g, v));
  }
  return out;
}

}  // namespace micgraph
