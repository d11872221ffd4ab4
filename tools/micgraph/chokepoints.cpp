// micgraph chokepoints FILE [--targets IDS] [--order 1|2] [--min-cut ID] [--json] ...

#include <fmt/core.h>

#include <cmath>
#include <limits>
#include <memory>
#include <micgraph/analysis/chokepoints.hpp>
#include <micgraph/analysis/min_cut.hpp>
#include <micgraph/analysis/structure.hpp>
#include <micgraph/io/load.hpp>
#include <nlohmann/json.hpp>

#include "command.hpp"

namespace micgraph::cli {

namespace {

struct chokepoints_command_options {
  std::string file;
  std::vector<std::string> targets;
  int order = 1;
  std::size_t max_pairs = 10000;
  std::size_t candidates = 1000;
  std::size_t samples = 0;
  bool samples_given = false;
  std::uint64_t seed = 1;
  std::size_t exact_betweenness_limit = 20000;
  double min_confidence = 0.0;
  std::vector<std::string> views;
  std::vector<std::string> min_cut;
  std::string cost_attribute;
  std::string cuttable;
  std::string rank;
  std::size_t top = 10;
  unsigned threads = 0;
  bool json = false;
};

// Costs of cutting nodes for --min-cut: a numeric attribute (1 where a node lacks it), every
// node's checked up front so a bad value is reported wherever it is; +infinity outside
// --cuttable.
std::vector<double> cut_costs(const graph& g, const std::string& attribute,
                              const std::vector<std::uint8_t>& cuttable,
                              std::vector<std::string>& warnings) {
  std::vector<double> cost(g.node_count(), 1.0);
  std::size_t defaulted = 0;
  for (node_index v : g.nodes()) {
    if (!cuttable.empty() && !cuttable[v]) {
      cost[v] = std::numeric_limits<double>::infinity();
      continue;
    }
    if (attribute.empty()) continue;
    std::string_view text = g.node(v).attrs();
    nlohmann::json attrs = text.empty() ? nlohmann::json::object() : nlohmann::json::parse(text);
    auto it = attrs.find(attribute);
    if (it == attrs.end() || it->is_null()) {
      ++defaulted;
      continue;
    }
    if (!it->is_number() || !(it->get<double>() > 0.0) || !std::isfinite(it->get<double>()))
      throw parse_error({.element = "node '" + std::string(g.node(v).id()) + "'",
                         .field = "attrs." + attribute},
                        "a cut cost must be a finite number > 0, got " + it->dump());
    cost[v] = it->get<double>();
  }
  if (defaulted > 0)
    warnings.push_back(fmt::format("{} cuttable nodes have no attrs.{}: they cost 1 to cut",
                                   defaulted, attribute));
  return cost;
}

}  // namespace

command add_chokepoints(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "chokepoints",
      "Single points of failure of each target, order-2 pairs, a ranking of nodes by the target "
      "capacity their loss removes, supply concentration, structural bottlenecks, betweenness "
      "and the cheapest cut that stops a target");
  auto options = std::make_shared<chokepoints_command_options>();
  sub->add_option("FILE", options->file, "graph: a .json file, or a CSV directory / nodes.csv")
      ->required();
  sub->add_option("--targets", options->targets, "target node ids (default: every product)")
      ->delimiter(',');
  sub->add_option("--order", options->order, "1: single points; 2: also pairs")
      ->capture_default_str()
      ->check(CLI::IsMember({1, 2}));
  sub->add_option("--max-pairs", options->max_pairs, "pairs reported at most (--order 2)")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{100'000'000}));
  sub->add_option("--candidates", options->candidates,
                  "nodes ranked besides the single points (largest downstream cones)")
      ->capture_default_str();
  sub->add_option("--samples", options->samples,
                  "betweenness from this many sampled sources (an estimate); default: exact up "
                  "to --exact-betweenness nodes, else 64 samples")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 40));
  sub->add_option("--threads", options->threads,
                  "worker threads for single points of failure (target groups) and sampled "
                  "betweenness (default: one per core); the result is the same")
      ->check(CLI::Range(1u, 1024u));
  sub->add_option("--exact-betweenness", options->exact_betweenness_limit,
                  "largest graph whose betweenness is computed exactly by default")
      ->capture_default_str();
  sub->add_option("--seed", options->seed, "seed of the betweenness sampling")
      ->capture_default_str();
  sub->add_option("--min-confidence", options->min_confidence,
                  "evidence filter: edges below this confidence are absent")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  sub->add_option("--views", options->views,
                  "evidence filter: only edges of these source views (untagged edges count)")
      ->delimiter(',');
  sub->add_option("--min-cut", options->min_cut,
                  "the cheapest set of nodes whose loss stops this target (repeatable)")
      ->delimiter(',');
  sub->add_option("--cost-attr", options->cost_attribute,
                  "node attribute (in attrs) holding the cost of cutting it; default 1 each");
  sub->add_option("--cuttable", options->cuttable,
                  "nodes --min-cut may cut, e.g. 'countries=DE,JP,US;kinds=firm' (default: all)");
  sub->add_option("--rank", options->rank,
                  "rank only these nodes, e.g. 'countries=DE,JP,TW,US' (default: all)");
  sub->add_option("--top", options->top, "rows per table")->capture_default_str();
  sub->add_flag("--json", options->json, "print one JSON document on stdout");

  return {sub, [options, sub]() -> int {
            options->samples_given = sub->count("--samples") > 0;
            graph g = load_graph_file(options->file, options->json);
            std::vector<node_index> targets;
            if (options->targets.empty()) {
              for (node_index v : g.nodes())
                if (g.node_kinds()[v] == node_kind::product) targets.push_back(v);
            } else {
              targets = resolve_ids(g, options->targets, options->file, "--targets");
            }
            std::vector<node_index> cut_targets =
                resolve_ids(g, options->min_cut, options->file, "--min-cut");
            std::vector<std::string> warnings;
            std::vector<std::uint8_t> cuttable;
            if (!options->cuttable.empty()) {
              cuttable.assign(g.node_count(), 0);
              for (node_index v : select_nodes(g, parse_node_filter(options->cuttable, "--cuttable"),
                                               "--cuttable", warnings))
                cuttable[v] = 1;
            }
            std::vector<double> costs;
            if (!cut_targets.empty())
              costs = cut_costs(g, options->cost_attribute, cuttable, warnings);
            std::vector<std::uint8_t> rank_only;
            if (!options->rank.empty()) {
              rank_only.assign(g.node_count(), 0);
              for (node_index v : select_nodes(g, parse_node_filter(options->rank, "--rank"),
                                               "--rank", warnings))
                rank_only[v] = 1;
            }
            if (targets.empty()) warnings.push_back("no targets: the graph has no product node");

            // Evidence filters, as a scenario without rules.
            compiled_scenario filters = [&] {
              try {
                return compile(g, scenario{.min_confidence = options->min_confidence,
                                           .views = options->views});
              } catch (const scenario_error& e) {
                throw parse_error({.element = "--views"}, e.problem());
              }
            }();
            for (const std::string& w : filters.warnings()) warnings.push_back(w);
            auto present = [&filters](edge_index e) { return filters.edge_present(e); };

            progress_bar progress("chokepoints", !options->json);
            single_points_result spof =
                single_points(g, targets, {.edge_present = present, .threads = options->threads});
            ranking_result ranking = rank_chokepoints(
                g, targets, spof,
                {.candidates = options->candidates,
                 .scenario = &filters,
                 .progress = [&](std::size_t done, std::size_t total) { progress(done, total); },
                 .only = rank_only.empty() ? std::function<bool(node_index)>()
                                           : [&](node_index v) { return rank_only[v] != 0; }});
            progress.finish();
            pairs_result pairs;
            if (options->order == 2) {
              pairs = single_point_pairs(
                  g, targets,
                  {.max_pairs = options->max_pairs,
                   .edge_present = present,
                   .progress = [&](std::size_t done, std::size_t total) { progress(done, total); }});
              progress.finish();
            }
            std::vector<category_concentration> concentrated =
                concentration(g, {.edge_present = present});
            structure_result structure = structure_points(g, {.edge_present = present});
            std::size_t samples = options->samples;
            if (!options->samples_given)
              samples = g.node_count() <= options->exact_betweenness_limit ? 0 : 64;
            betweenness_result between = betweenness(
                g, {.samples = samples,
                    .seed = options->seed,
                    .edge_present = present,
                    .progress = [&](std::size_t done, std::size_t total) { progress(done, total); },
                    .threads = options->threads});
            progress.finish();
            std::vector<min_cut_result> cuts;
            for (node_index t : cut_targets)
              cuts.push_back(cheapest_cut(
                  g, t,
                  {.edge_present = present,
                   .cost = [&](node_index v) { return costs[v]; }}));

            const auto id = [&g](node_index v) { return std::string(g.node(v).id()); };
            if (options->json) {
              nlohmann::ordered_json out;
              auto& json_targets = out["targets"] = nlohmann::ordered_json::array();
              for (const target_single_points& entry : spof.targets) {
                auto points = nlohmann::ordered_json::array();
                for (node_index u : entry.single_points) points.push_back(id(u));
                json_targets.push_back({{"id", id(entry.target)}, {"single_points", points}});
              }
              auto& unavailable = out["unavailable_targets"] = nlohmann::ordered_json::array();
              for (node_index t : spof.unavailable_targets) unavailable.push_back(id(t));
              auto& json_ranking = out["ranking"] = nlohmann::ordered_json::array();
              for (const ranked_node& r : ranking.ranking)
                json_ranking.push_back({{"id", id(r.node)},
                                        {"kind", to_string(g.node(r.node).kind())},
                                        {"country", g.node(r.node).country()},
                                        {"targets_stopped", r.targets_stopped},
                                        {"capacity_removed", r.capacity_removed}});
              out["ranking_cones_estimated"] = ranking.cones_estimated;
              auto& json_pairs = out["pairs"] = nlohmann::ordered_json::array();
              for (const single_point_pair& p : pairs.pairs)
                json_pairs.push_back(
                    {{"a", id(p.a)}, {"b", id(p.b)}, {"targets_stopped", p.targets_stopped}});
              out["pairs_truncated"] = pairs.truncated;
              auto& json_concentration = out["concentration"] = nlohmann::ordered_json::array();
              for (const category_concentration& c : concentrated)
                json_concentration.push_back({{"category", c.category},
                                              {"suppliers", c.suppliers},
                                              {"hhi_firms", c.hhi_firms},
                                              {"hhi_countries", c.hhi_countries},
                                              {"top_country", c.top_country},
                                              {"top_country_share", c.top_country_share},
                                              {"top_supplier", id(c.top_supplier)},
                                              {"top_supplier_share", c.top_supplier_share}});
              auto& points = out["articulation_points"] = nlohmann::ordered_json::array();
              for (node_index v : structure.articulation_points) points.push_back(id(v));
              auto& bridges = out["bridges"] = nlohmann::ordered_json::array();
              for (const bridge& b : structure.bridges)
                bridges.push_back({{"a", id(b.a)}, {"b", id(b.b)}});
              auto& scores = out["betweenness"] = nlohmann::ordered_json::array();
              for (const node_score& s : top_betweenness(between, g.node_count()))
                scores.push_back({{"id", id(s.node)}, {"score", s.score}});
              out["betweenness_estimated"] = between.estimated;
              out["betweenness_samples"] = between.samples;
              auto& json_cuts = out["min_cuts"] = nlohmann::ordered_json::array();
              for (const min_cut_result& c : cuts) {
                auto members = nlohmann::ordered_json::array();
                for (node_index v : c.cut) members.push_back(id(v));
                nlohmann::ordered_json entry{{"target", id(c.target)},
                                             {"cut", members},
                                             {"exact", c.exact},
                                             {"reason", c.reason},
                                             {"unavailable", c.unavailable},
                                             {"impossible", c.impossible}};
                if (std::isfinite(c.cost))
                  entry["cost"] = c.cost;
                else
                  entry["cost"] = nullptr;
                json_cuts.push_back(std::move(entry));
              }
              out["warnings"] = warnings;
              print_json(out);
              return exit_ok;
            }

            const std::size_t top = options->top;
            auto more = [](std::size_t shown, std::size_t total, const char* hint) {
              if (total > shown) fmt::print("  ... {} more ({})\n", total - shown, hint);
            };
            for (const std::string& w : warnings) fmt::print("warning: {}\n", w);
            fmt::print("Single points of failure of {} target{}:\n", targets.size(),
                       targets.size() == 1 ? "" : "s");
            for (const target_single_points& entry : spof.targets) {
              fmt::print("  {}: {} single points\n", node_label(g, entry.target),
                         entry.single_points.size());
              std::size_t shown = 0;
              for (node_index u : entry.single_points) {
                if (shown == top) break;
                fmt::print("    {}\n", node_label(g, u));
                ++shown;
              }
              more(shown, entry.single_points.size(), "--top, --json");
            }
            for (node_index t : spof.unavailable_targets)
              fmt::print("  {}: unavailable even with no cuts\n", node_label(g, t));

            fmt::print("\nNodes whose loss alone hurts the targets most{}:\n",
                       ranking.cones_estimated ? " (candidates by estimated cone size)" : "");
            fmt::print("  {:<44} {:<13} {:<7} {:>8} {:>9}\n", "node", "kind", "country", "stops",
                       "removes");
            std::size_t shown = 0;
            for (const ranked_node& r : ranking.ranking) {
              if (shown == top) break;
              node_view v = g.node(r.node);
              fmt::print("  {:<44} {:<13} {:<7} {:>8} {:>9.3f}\n", std::string(v.id()).substr(0, 44),
                         to_string(v.kind()), v.country(), r.targets_stopped, r.capacity_removed);
              ++shown;
            }
            more(shown, ranking.ranking.size(), "--top, --json");

            if (options->order == 2) {
              fmt::print("\nPairs whose joint loss stops a target (neither alone does){}:\n",
                         pairs.truncated ? ", search truncated (--max-pairs)" : "");
              shown = 0;
              for (const single_point_pair& p : pairs.pairs) {
                if (shown == top) break;
                fmt::print("  {} + {}: stops {}\n", node_label(g, p.a), node_label(g, p.b),
                           p.targets_stopped);
                ++shown;
              }
              more(shown, pairs.pairs.size(), "--top, --json");
            }

            fmt::print("\nSupply concentration by category (HHI 1 = one supplier):\n");
            fmt::print("  {:<34} {:>9} {:>9} {:>9}  {}\n", "category", "suppliers", "HHI firms",
                       "HHI ctry", "top country");
            shown = 0;
            for (const category_concentration& c : concentrated) {
              if (shown == top) break;
              fmt::print("  {:<34} {:>9} {:>9.3f} {:>9.3f}  {} {:.0f}%\n", c.category.substr(0, 34),
                         c.suppliers, c.hhi_firms, c.hhi_countries,
                         c.top_country.empty() ? "(unknown)" : c.top_country,
                         100.0 * c.top_country_share);
              ++shown;
            }
            more(shown, concentrated.size(), "--top, --json");

            fmt::print("\nStructure of the undirected dependency graph: {} articulation points, {} "
                       "bridges\n",
                       structure.articulation_points.size(), structure.bridges.size());
            fmt::print("\nBetweenness ({}):\n",
                       between.estimated
                           ? fmt::format("estimated from {} sampled sources, --samples", between.samples)
                           : std::string("exact"));
            for (const node_score& s : top_betweenness(between, top))
              fmt::print("  {:<60} {:>12.1f}\n", node_label(g, s.node), s.score);

            for (const min_cut_result& c : cuts) {
              fmt::print("\nCheapest cut that stops {}:", node_label(g, c.target));
              if (c.unavailable) {
                fmt::print(" it is unavailable even with no cuts\n");
                continue;
              }
              if (c.impossible) {
                fmt::print(" none: it depends only on nodes that may not be cut (--cuttable)\n");
                continue;
              }
              fmt::print(" cost {:g}, {} nodes, {}\n", c.cost, c.cut.size(),
                         c.exact ? "exact minimum" : "upper bound: " + c.reason);
              for (node_index v : c.cut) fmt::print("    {}\n", node_label(g, v));
            }
            return exit_ok;
          }};
}

}  // namespace micgraph::cli
