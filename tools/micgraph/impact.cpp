// micgraph impact FILE --scenario S [--top N] [--explain ID]... [--json]

#include <fmt/core.h>

#include <memory>
#include <optional>
#include <micgraph/analysis/impact.hpp>
#include <micgraph/analysis/uncertainty.hpp>
#include <micgraph/io/load.hpp>
#include <micgraph/io/scenario.hpp>

#include "command.hpp"

namespace micgraph::cli {

namespace {

struct impact_command_options {
  std::string file;
  std::string scenario_file;
  std::size_t top = 15;
  std::vector<std::string> explain;
  bool json = false;
  std::size_t samples = 0;
  std::uint64_t seed = 1;
  unsigned threads = 0;
  std::vector<std::string> compare_views;
};

nlohmann::ordered_json rules_json(const scenario& s, const std::vector<std::uint32_t>& rules) {
  auto out = nlohmann::ordered_json::array();
  for (std::uint32_t r : rules)
    out.push_back({{"rule", r}, {"name", s.rules[r].name}, {"enforcement", s.rules[r].enforcement}});
  return out;
}

nlohmann::ordered_json explanation_json(const graph& g, const compiled_scenario& cs,
                                        const explanation& why) {
  const scenario& s = cs.definition();
  auto out = nlohmann::ordered_json::array();
  for (const explained_node& node : why.nodes) {
    nlohmann::ordered_json entry;
    entry["id"] = g.node(node.node).id();
    entry["kind"] = to_string(g.node(node.node).kind());
    entry["baseline"] = node.baseline;
    entry["capacity"] = node.capacity;
    entry["cut_by"] = rules_json(s, node.rules);
    entry["alive"] = node.alive;
    auto& slots = entry["slots"] = nlohmann::ordered_json::array();
    for (const explained_slot& slot : node.slots) {
      nlohmann::ordered_json slot_entry;
      slot_entry["input"] = g.slot_name(slot.slot);
      slot_entry["baseline"] = slot.baseline;
      slot_entry["value"] = slot.value;
      slot_entry["binding"] = slot.binding;
      slot_entry["status"] = slot.value <= 0.0 ? "dry" : "short";
      auto& edges = slot_entry["edges"] = nlohmann::ordered_json::array();
      for (const explained_edge& edge : slot.edges) {
        edge_view e = g.edge(edge.edge);
        edges.push_back({{"source", g.node(e.source()).id()},
                         {"kind", to_string(e.kind())},
                         {"baseline", edge.baseline},
                         {"delivered", edge.delivered},
                         {"cut_by", rules_json(s, edge.rules)},
                         {"leak", edge.leak},
                         {"source_lost", edge.source_cause != no_index}});
      }
      slots.push_back(std::move(slot_entry));
    }
    entry["truncated"] = node.truncated;
    out.push_back(std::move(entry));
  }
  return out;
}

std::string percent(double fraction) { return fmt::format("{:.1f}%", 100.0 * fraction); }

// The explanation as an indented tree; a node met again is referred to, not repeated.
void print_explanation(const graph& g, const compiled_scenario& cs, const explanation& why) {
  const scenario& s = cs.definition();
  std::vector<bool> printed(why.nodes.size(), false);
  auto print_node = [&](auto& self, std::uint32_t index, int depth) -> void {
    const explained_node& node = why.nodes[index];
    node_view v = g.node(node.node);
    std::string pad(static_cast<std::size_t>(2 * depth), ' ');
    std::string country = v.country().empty() ? "" : ", " + std::string(v.country());
    if (printed[index]) {
      fmt::print("{}{} ({}{}): {} -> {} (explained above)\n", pad, v.id(), to_string(v.kind()),
                 country, percent(node.baseline), percent(node.capacity));
      return;
    }
    printed[index] = true;
    fmt::print("{}{} ({}{}): {} -> {}\n", pad, v.id(), to_string(v.kind()), country,
               percent(node.baseline), percent(node.capacity));
    for (std::uint32_t r : node.rules)
      fmt::print("{}  cut itself by {} ({} enforced)\n", pad, rule_label(s, r),
                 percent(s.rules[r].enforcement));
    if (node.truncated) {
      fmt::print("{}  ... (explanation truncated)\n", pad);
      return;
    }
    for (const explained_slot& slot : node.slots) {
      fmt::print("{}  input '{}' {}: {} -> {}{}\n", pad, g.slot_name(slot.slot),
                 slot.value <= 0.0 ? "ran dry" : "fell short", percent(slot.baseline),
                 percent(slot.value), slot.binding ? " [binding]" : "");
      for (const explained_edge& edge : slot.edges) {
        edge_view e = g.edge(edge.edge);
        std::string cut;
        for (std::uint32_t r : edge.rules)
          cut += (cut.empty() ? "" : ", ") + rule_label(s, r);
        fmt::print("{}    from {} ({}): delivers {} of {}{}{}\n", pad, g.node(e.source()).id(),
                   to_string(e.kind()), percent(edge.delivered), percent(edge.baseline),
                   cut.empty() ? "" : "; cut by " + cut + ", " + percent(edge.leak) + " leaks",
                   edge.source_cause != no_index ? "; its source lost capacity:" : "");
        if (edge.source_cause != no_index) self(self, edge.source_cause, depth + 3);
      }
    }
  };
  if (!why.nodes.empty()) print_node(print_node, 0, 1);
}

void print_aggregates(const char* title, const std::vector<loss_aggregate>& groups,
                      std::size_t limit) {
  if (groups.empty()) return;
  fmt::print("{}\n", title);
  std::size_t shown = 0;
  for (const loss_aggregate& group : groups) {
    if (shown++ == limit) break;
    fmt::print("  {:<32} {:>10.3f} over {} products\n", group.key.empty() ? "(none)" : group.key,
               group.loss, group.nodes);
  }
}

// --compare-views: one run per view, the nodes where the views disagree most first.
int print_views(const graph& g, const scenario& definition, const std::vector<std::string>& views,
                std::size_t top, bool json, const std::string& scenario_file) {
  std::vector<view_impact> runs = [&] {
    try {
      return compare_views(g, definition, views);
    } catch (const scenario_error& e) {
      throw parse_error({.element = "--compare-views"}, e.problem());
    }
  }();
  std::vector<node_index> order;
  std::vector<double> spread(g.node_count(), 0.0);
  for (node_index v : g.nodes()) {
    double low = 1.0, high = 0.0;
    for (const view_impact& run : runs) {
      low = std::min(low, run.capacity[v]);
      high = std::max(high, run.capacity[v]);
    }
    spread[v] = high - low;
    order.push_back(v);
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](node_index a, node_index b) { return spread[a] > spread[b]; });
  if (json) {
    nlohmann::ordered_json out;
    out["scenario"] = definition.name;
    out["views"] = views;
    auto& nodes = out["nodes"] = nlohmann::ordered_json::array();
    for (node_index v : order) {
      nlohmann::ordered_json capacity = nlohmann::ordered_json::object(),
                             baseline = nlohmann::ordered_json::object();
      for (const view_impact& run : runs) {
        capacity[run.view] = run.capacity[v];
        baseline[run.view] = run.baseline[v];
      }
      nodes.push_back({{"id", g.node(v).id()},
                       {"kind", to_string(g.node(v).kind())},
                       {"capacity", capacity},
                       {"baseline", baseline},
                       {"spread", spread[v]}});
    }
    print_json(out);
    return exit_ok;
  }
  fmt::print("Scenario: {}, one run per source view\n",
             definition.name.empty() ? scenario_file : definition.name);
  fmt::print("Nodes where the views disagree most (capacity under the scenario):\n");
  fmt::print("  {:<36}", "node");
  for (const view_impact& run : runs) fmt::print(" {:>10}", run.view.substr(0, 10));
  fmt::print(" {:>8}\n", "spread");
  std::size_t shown = 0;
  for (node_index v : order) {
    if (shown++ == top) break;
    fmt::print("  {:<36}", std::string(g.node(v).id()).substr(0, 36));
    for (const view_impact& run : runs) fmt::print(" {:>10}", percent(run.capacity[v]));
    fmt::print(" {:>8}\n", percent(spread[v]));
  }
  return exit_ok;
}

}  // namespace

command add_impact(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "impact", "Baseline vs scenario capacity of every node, products ranked by loss, and why");
  auto options = std::make_shared<impact_command_options>();
  sub->add_option("FILE", options->file, "graph: a .json file, or a CSV directory / nodes.csv")
      ->required();
  sub->add_option("-s,--scenario", options->scenario_file, "scenario file (JSON)")->required();
  sub->add_option("--top", options->top, "products listed in the table")->capture_default_str();
  sub->add_option("--explain", options->explain,
                  "explain the loss of this node id (repeatable)");
  sub->add_flag("--json", options->json, "print one JSON document on stdout (every node)");
  auto* samples = sub->add_option(
      "--samples", options->samples,
      "Monte Carlo: this many samples, each keeping every edge with probability `confidence` "
      "and drawing each rule's enforcement from its range")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100'000'000}));
  sub->add_option("--seed", options->seed, "seed of the Monte Carlo samples")->capture_default_str();
  sub->add_option("--threads", options->threads,
                  "Monte Carlo worker threads (default: one per core; the result is the same)");
  sub->add_option("--compare-views", options->compare_views,
                  "one run per source view, side by side (e.g. western,russian,chinese)")
      ->delimiter(',')
      ->excludes(samples);

  return {sub, [options]() -> int {
            graph g = load_graph_file(options->file, options->json);
            scenario definition = io::read_scenario(options->scenario_file);
            compiled_scenario cs = compile_scenario_file(g, definition, options->scenario_file);
            std::vector<node_index> explain_nodes;
            for (const std::string& id : options->explain) {
              node_index v = g.find(id);
              if (v == no_index)
                throw parse_error({.element = "--explain"}, "unknown node id '" + id + "' in " +
                                                                options->file);
              explain_nodes.push_back(v);
            }
            if (!options->compare_views.empty())
              return print_views(g, definition, options->compare_views, options->top,
                                 options->json, options->scenario_file);
            impact_result result = impact(g, cs);
            std::optional<monte_carlo_result> mc;
            if (options->samples > 0) {
              progress_bar progress("samples", !options->json);
              mc = monte_carlo(g, cs,
                               {.samples = options->samples,
                                .seed = options->seed,
                                .threads = options->threads,
                                .progress = [&](std::size_t done, std::size_t total) {
                                  progress(done, total);
                                }});
            }

            if (options->json) {
              nlohmann::ordered_json out;
              out["scenario"] = definition.name;
              auto& nodes = out["nodes"] = nlohmann::ordered_json::array();
              for (node_index v : g.nodes()) {
                nlohmann::ordered_json entry{{"id", g.node(v).id()},
                                             {"kind", to_string(g.node(v).kind())},
                                             {"baseline", result.baseline[v]},
                                             {"capacity", result.capacity[v]},
                                             {"loss", result.loss(v)}};
                if (mc) {
                  const capacity_distribution& d = mc->distributions[v];
                  entry["mean"] = d.mean;
                  entry["p05"] = d.p05;
                  entry["p95"] = d.p95;
                  entry["p_stop"] = d.p_stop;
                }
                nodes.push_back(std::move(entry));
              }
              if (mc) {
                out["samples"] = mc->samples;
                out["seed"] = options->seed;
              }
              auto& explanations = out["explanations"] = nlohmann::ordered_json::object();
              for (node_index v : explain_nodes)
                explanations[std::string(g.node(v).id())] =
                    explanation_json(g, cs, explain(g, cs, result, v));
              auto& ranked = out["ranked"] = nlohmann::ordered_json::array();
              for (node_index v : result.ranked)
                ranked.push_back({{"id", g.node(v).id()}, {"loss", result.loss(v)}});
              auto aggregates = [](const std::vector<loss_aggregate>& groups) {
                auto list = nlohmann::ordered_json::array();
                for (const loss_aggregate& group : groups)
                  list.push_back({{"key", group.key}, {"loss", group.loss}, {"nodes", group.nodes}});
                return list;
              };
              out["total_loss"] = result.total_loss;
              out["loss_by_country"] = aggregates(result.loss_by_country);
              out["loss_by_category"] = aggregates(result.loss_by_category);
              out["attributed_to_country"] = aggregates(result.attributed_to_country);
              out["attributed_to_category"] = aggregates(result.attributed_to_category);
              auto& rules = out["rules"] = nlohmann::ordered_json::array();
              for (std::size_t r = 0; r < definition.rules.size(); ++r)
                rules.push_back({{"rule", r},
                                 {"name", definition.rules[r].name},
                                 {"hits", cs.rule_hit_counts()[r]}});
              out["warnings"] = cs.warnings();
              print_json(out);
              return exit_ok;
            }

            fmt::print("Scenario: {}\n", definition.name.empty() ? options->scenario_file
                                                                 : definition.name);
            for (std::size_t r = 0; r < definition.rules.size(); ++r)
              fmt::print("  {}: {} {} hit, {} enforced\n", rule_label(definition, static_cast<std::uint32_t>(r)),
                         cs.rule_hit_counts()[r],
                         definition.rules[r].select == scenario_rule::selection::nodes ? "nodes"
                                                                                       : "edges",
                         percent(definition.rules[r].enforcement));
            for (const std::string& warning : cs.warnings()) fmt::print("  warning: {}\n", warning);
            fmt::print("\nProducts by capacity lost ({} products, total loss {:.3f}):\n",
                       result.ranked.size(), result.total_loss);
            fmt::print("  {:<44} {:<8} {:>9} {:>9} {:>9}\n", "product", "country", "baseline",
                       "capacity", "loss");
            std::size_t shown = 0;
            for (node_index v : result.ranked) {
              if (shown++ == options->top) {
                fmt::print("  ... {} more (--top, --json)\n", result.ranked.size() - options->top);
                break;
              }
              node_view node = g.node(v);
              std::string label(node.name().empty() ? node.id() : node.name());
              fmt::print("  {:<44} {:<8} {:>9} {:>9} {:>9}\n", label.substr(0, 44),
                         node.country(), percent(result.baseline[v]), percent(result.capacity[v]),
                         percent(result.loss(v)));
            }
            if (mc) {
              fmt::print("\nMonte Carlo over confidence and enforcement ({} samples, seed {}):\n",
                         mc->samples, options->seed);
              fmt::print("  {:<44} {:>9} {:>9} {:>9} {:>9}\n", "product", "mean", "p05", "p95",
                         "P(stop)");
              shown = 0;
              for (node_index v : result.ranked) {
                if (shown++ == options->top) break;
                const capacity_distribution& d = mc->distributions[v];
                node_view node = g.node(v);
                std::string label(node.name().empty() ? node.id() : node.name());
                fmt::print("  {:<44} {:>9} {:>9} {:>9} {:>9}\n", label.substr(0, 44),
                           percent(d.mean), percent(d.p05), percent(d.p95), percent(d.p_stop));
              }
            }
            fmt::print("\n");
            print_aggregates("Loss attributable to cuts on inputs from each country:",
                             result.attributed_to_country, 10);
            print_aggregates("Loss attributable to cuts by category of the cut input:",
                             result.attributed_to_category, 10);
            for (node_index v : explain_nodes) {
              explanation why = explain(g, cs, result, v);
              fmt::print("\nWhy {} lost capacity:\n", g.node(v).id());
              if (why.nodes.empty())
                fmt::print("  it lost nothing under this scenario\n");
              else
                print_explanation(g, cs, why);
            }
            return exit_ok;
          }};
}

}  // namespace micgraph::cli
