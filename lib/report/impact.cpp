#include "micgraph/report/impact.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <iterator>
#include <map>
#include <optional>
#include <utility>

#include "micgraph/analysis/scenario_ownership.hpp"
#include "micgraph/report/format.hpp"
#include "micgraph/report/ownership.hpp"

namespace micgraph {

namespace {

using json = nlohmann::ordered_json;

json rules_json(const scenario& s, const std::vector<std::uint32_t>& rules) {
  auto out = json::array();
  for (std::uint32_t r : rules)
    out.push_back({{"rule", r}, {"name", s.rules[r].name}, {"enforcement", s.rules[r].enforcement}});
  return out;
}

/// The ownership chains behind node-rule hits (a node cut by a rule whose listing did not name
/// it, but blocks it through ownership under the rule's `with_owned`): one ownership_blocked per
/// rule, run when first needed.
class rule_chains {
 public:
  rule_chains(const graph& g, const compiled_scenario& cs) : g_(g), cs_(cs) {}

  /// Rule r's blocked set, and the chain from its listing to v; an empty chain when r has no
  /// extension or named v itself.
  std::pair<const ownership_result*, ownership_explanation> chain(std::uint32_t r, node_index v) {
    auto [found, added] = blocked_.try_emplace(r);
    if (added) found->second = rule_ownership(g_, cs_, r);
    const std::optional<ownership_result>& blocked = found->second;
    if (!blocked || blocked->hops[v] == 0) return {nullptr, {}};
    return {&*blocked, explain_ownership(g_, *blocked, v)};
  }

 private:
  const graph& g_;
  const compiled_scenario& cs_;
  std::map<std::uint32_t, std::optional<ownership_result>> blocked_;
};

json aggregates_json(const std::vector<loss_aggregate>& groups) {
  auto list = json::array();
  for (const loss_aggregate& group : groups)
    list.push_back({{"key", group.key}, {"loss", group.loss}, {"nodes", group.nodes}});
  return list;
}

void print_aggregates(std::string& out, const char* title, const std::vector<loss_aggregate>& groups,
                      std::size_t limit) {
  if (groups.empty()) return;
  auto to = std::back_inserter(out);
  fmt::format_to(to, "{}\n", title);
  std::size_t shown = 0;
  for (const loss_aggregate& group : groups) {
    if (shown++ == limit) break;
    fmt::format_to(to, "  {:<32} {:>10.3f} over {} products\n",
                   group.key.empty() ? "(none)" : group.key, group.loss, group.nodes);
  }
}

std::string scenario_title(const scenario& s, const std::string& label) {
  return s.name.empty() ? label : s.name;
}

/// The pieces of an impact report, wherever they are kept (an impact_report, or a compiled
/// scenario and impact_findings held apart).
struct impact_parts {
  const graph& g;
  const compiled_scenario& scenario;
  const impact_result& result;
  const std::optional<monte_carlo_result>& monte_carlo;
  std::uint64_t seed;
  const std::vector<node_index>& explained;
  const std::vector<explanation>& explanations;
};

impact_parts parts_of(const impact_report& report) {
  return {*report.g,          report.scenario, report.result,      report.monte_carlo,
          report.seed,        report.explained, report.explanations};
}

impact_parts parts_of(const graph& g, const compiled_scenario& scenario,
                      const impact_findings& findings) {
  return {g,             scenario,           findings.result,      findings.monte_carlo,
          findings.seed, findings.explained, findings.explanations};
}

}  // namespace

impact_findings find_impact(const graph& g, const compiled_scenario& scenario,
                            const impact_report_options& options) {
  impact_findings out{.seed = options.seed};
  for (node_index v : options.explain)
    if (v >= g.node_count())
      throw error("impact: node number " + std::to_string(v) + " to explain is out of range");
  out.result = impact(g, scenario, options.analysis);
  if (options.samples > 0) {
    // Only the rows a table shows, when asked (and there are any: none recorded means all).
    std::vector<node_index> record;
    if (options.monte_carlo_ranked) {
      const std::vector<node_index>& ranked = out.result.ranked;
      const std::size_t rows = *options.monte_carlo_ranked == 0
                                   ? ranked.size()
                                   : std::min(*options.monte_carlo_ranked, ranked.size());
      record.assign(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(rows));
    }
    out.monte_carlo = monte_carlo(g, scenario,
                                  {.samples = options.samples,
                                   .seed = options.seed,
                                   .threads = options.threads,
                                   .record = std::move(record),
                                   .propagation = options.analysis.propagation,
                                   .progress = options.progress});
  }
  out.explained = options.explain;
  for (node_index v : options.explain)
    out.explanations.push_back(explain(g, scenario, out.result, v, options.explanation));
  return out;
}

impact_report make_impact_report(const graph& g, compiled_scenario scenario,
                                 const impact_report_options& options) {
  impact_report report{.g = &g, .scenario = std::move(scenario), .seed = options.seed};
  impact_findings found = find_impact(g, report.scenario, options);
  report.result = std::move(found.result);
  report.monte_carlo = std::move(found.monte_carlo);
  report.explained = std::move(found.explained);
  report.explanations = std::move(found.explanations);
  return report;
}

json to_json(const graph& g, const compiled_scenario& cs, const explanation& why) {
  const scenario& s = cs.definition();
  rule_chains chains(g, cs);
  auto out = json::array();
  for (const explained_node& node : why.nodes) {
    json entry;
    entry["id"] = g.node(node.node).id();
    entry["kind"] = to_string(g.node(node.node).kind());
    entry["baseline"] = node.baseline;
    entry["capacity"] = node.capacity;
    entry["cut_by"] = rules_json(s, node.rules);
    json ownership = json::array();
    for (std::uint32_t r : node.rules)
      if (auto [blocked, chain] = chains.chain(r, node.node); !chain.entities.empty()) {
        json item = to_json(g, *blocked, chain);
        item["rule_number"] = r;
        ownership.push_back(std::move(item));
      }
    if (!ownership.empty()) entry["ownership"] = std::move(ownership);
    entry["alive"] = node.alive;
    auto& slots = entry["slots"] = json::array();
    for (const explained_slot& slot : node.slots) {
      json slot_entry;
      slot_entry["input"] = g.slot_name(slot.slot);
      slot_entry["baseline"] = slot.baseline;
      slot_entry["value"] = slot.value;
      slot_entry["binding"] = slot.binding;
      slot_entry["status"] = slot.value <= 0.0 ? "dry" : "short";
      auto& edges = slot_entry["edges"] = json::array();
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

std::string to_text(const graph& g, const compiled_scenario& cs, const explanation& why) {
  const scenario& s = cs.definition();
  rule_chains chains(g, cs);
  std::string out;
  auto to = std::back_inserter(out);
  std::vector<bool> printed(why.nodes.size(), false);
  auto print_node = [&](auto& self, std::uint32_t index, int depth) -> void {
    const explained_node& node = why.nodes[index];
    node_view v = g.node(node.node);
    std::string pad(static_cast<std::size_t>(2 * depth), ' ');
    std::string country = v.country().empty() ? "" : ", " + std::string(v.country());
    if (printed[index]) {
      fmt::format_to(to, "{}{} ({}{}): {} -> {} (explained above)\n", pad, v.id(),
                     to_string(v.kind()), country, percent(node.baseline), percent(node.capacity));
      return;
    }
    printed[index] = true;
    fmt::format_to(to, "{}{} ({}{}): {} -> {}\n", pad, v.id(), to_string(v.kind()), country,
                   percent(node.baseline), percent(node.capacity));
    for (std::uint32_t r : node.rules) {
      fmt::format_to(to, "{}  cut itself by {} ({} enforced)\n", pad, rule_label(s, r),
                     percent(s.rules[r].enforcement));
      auto [blocked, chain] = chains.chain(r, node.node);
      if (chain.entities.empty()) continue;
      // The ownership chain from the rule's listing, each of its lines indented under the rule.
      const std::string text = to_text(g, *blocked, chain);
      for (std::size_t at = 0; at < text.size();) {
        const std::size_t end = text.find('\n', at);
        fmt::format_to(to, "{}    {}\n", pad, text.substr(at, end - at));
        at = end == std::string::npos ? text.size() : end + 1;
      }
    }
    if (node.truncated) {
      fmt::format_to(to, "{}  ... (explanation truncated)\n", pad);
      return;
    }
    for (const explained_slot& slot : node.slots) {
      fmt::format_to(to, "{}  input '{}' {}: {} -> {}{}\n", pad, g.slot_name(slot.slot),
                     slot.value <= 0.0 ? "ran dry" : "fell short", percent(slot.baseline),
                     percent(slot.value), slot.binding ? " [binding]" : "");
      for (const explained_edge& edge : slot.edges) {
        edge_view e = g.edge(edge.edge);
        std::string cut;
        for (std::uint32_t r : edge.rules) cut += (cut.empty() ? "" : ", ") + rule_label(s, r);
        fmt::format_to(to, "{}    from {} ({}): delivers {} of {}{}{}\n", pad,
                       g.node(e.source()).id(), to_string(e.kind()), percent(edge.delivered),
                       percent(edge.baseline),
                       cut.empty() ? "" : "; cut by " + cut + ", " + percent(edge.leak) + " leaks",
                       edge.source_cause != no_index ? "; its source lost capacity:" : "");
        if (edge.source_cause != no_index) self(self, edge.source_cause, depth + 3);
      }
    }
  };
  if (!why.nodes.empty()) print_node(print_node, 0, 1);
  return out;
}

json to_json(const graph& g, const impact_result& result) {
  json out;
  auto& nodes = out["nodes"] = json::array();
  for (node_index v : g.nodes())
    nodes.push_back({{"id", g.node(v).id()},
                     {"kind", to_string(g.node(v).kind())},
                     {"baseline", result.baseline[v]},
                     {"capacity", result.capacity[v]},
                     {"loss", result.loss(v)}});
  auto& ranked = out["ranked"] = json::array();
  for (node_index v : result.ranked) ranked.push_back({{"id", g.node(v).id()}, {"loss", result.loss(v)}});
  out["total_loss"] = result.total_loss;
  out["loss_by_country"] = aggregates_json(result.loss_by_country);
  out["loss_by_category"] = aggregates_json(result.loss_by_category);
  out["attributed_to_country"] = aggregates_json(result.attributed_to_country);
  out["attributed_to_category"] = aggregates_json(result.attributed_to_category);
  return out;
}

json to_json(const graph& g, const monte_carlo_result& result) {
  json out;
  out["samples"] = result.samples;
  auto& nodes = out["nodes"] = json::array();
  for (std::size_t i = 0; i < result.nodes.size(); ++i) {
    const capacity_distribution& d = result.distributions[i];
    nodes.push_back({{"id", g.node(result.nodes[i]).id()},
                     {"mean", d.mean},
                     {"p05", d.p05},
                     {"p95", d.p95},
                     {"p_stop", d.p_stop},
                     {"baseline_mean", d.baseline_mean},
                     {"loss_mean", d.loss_mean},
                     {"loss_p05", d.loss_p05},
                     {"loss_p95", d.loss_p95},
                     {"p_scenario_stop", d.p_scenario_stop}});
  }
  return out;
}

namespace {

json document(const impact_parts& report) {
  const graph& g = report.g;
  const scenario& definition = report.scenario.definition();
  json out;
  json result = to_json(g, report.result);
  out["scenario"] = definition.name;
  json& nodes = out["nodes"] = std::move(result["nodes"]);
  if (report.monte_carlo) {  // the recorded nodes: every node unless a table's rows were asked for
    const monte_carlo_result& mc = *report.monte_carlo;
    for (std::size_t i = 0; i < mc.nodes.size(); ++i) {
      const capacity_distribution& d = mc.distributions[i];
      json& entry = nodes[mc.nodes[i]];
      entry["mean"] = d.mean;
      entry["p05"] = d.p05;
      entry["p95"] = d.p95;
      entry["p_stop"] = d.p_stop;
      entry["baseline_mean"] = d.baseline_mean;
      entry["loss_mean"] = d.loss_mean;
      entry["loss_p05"] = d.loss_p05;
      entry["loss_p95"] = d.loss_p95;
      entry["p_scenario_stop"] = d.p_scenario_stop;
    }
    out["samples"] = mc.samples;
    out["seed"] = report.seed;
  }
  auto& explanations = out["explanations"] = json::object();
  for (std::size_t i = 0; i < report.explained.size(); ++i)
    explanations[std::string(g.node(report.explained[i]).id())] =
        to_json(g, report.scenario, report.explanations[i]);
  for (auto& [key, value] : result.items())
    if (key != "nodes") out[key] = std::move(value);
  auto& rules = out["rules"] = json::array();
  for (std::size_t r = 0; r < definition.rules.size(); ++r)
    rules.push_back({{"rule", r},
                     {"name", definition.rules[r].name},
                     {"hits", report.scenario.rule_hit_counts()[r]}});
  out["warnings"] = report.scenario.warnings();
  return out;
}

std::string table(const impact_parts& report, const impact_text_options& options) {
  const graph& g = report.g;
  const impact_result& result = report.result;
  const compiled_scenario& cs = report.scenario;
  const scenario& definition = cs.definition();
  std::string out;
  auto to = std::back_inserter(out);
  fmt::format_to(to, "Scenario: {}\n", scenario_title(definition, options.scenario_label));
  for (std::size_t r = 0; r < definition.rules.size(); ++r)
    fmt::format_to(to, "  {}: {} {} hit, {} enforced\n",
                   rule_label(definition, static_cast<std::uint32_t>(r)), cs.rule_hit_counts()[r],
                   definition.rules[r].select == scenario_rule::selection::nodes ? "nodes" : "edges",
                   percent(definition.rules[r].enforcement));
  for (const std::string& warning : cs.warnings()) fmt::format_to(to, "  warning: {}\n", warning);
  fmt::format_to(to, "\nProducts by capacity lost ({} products, total loss {:.3f}):\n",
                 result.ranked.size(), result.total_loss);
  fmt::format_to(to, "  {:<44} {:<8} {:>9} {:>9} {:>9}\n", "product", "country", "baseline",
                 "capacity", "loss");
  const std::size_t top = table_rows(options.top);
  std::size_t shown = 0;
  for (node_index v : result.ranked) {
    if (shown++ == top) {
      fmt::format_to(to, "  ... {} more (--top, --json)\n", result.ranked.size() - top);
      break;
    }
    fmt::format_to(to, "  {:<44} {:<8} {:>9} {:>9} {:>9}\n", clip(display_name(g, v), 44),
                   g.node(v).country(), percent(result.baseline[v]), percent(result.capacity[v]),
                   percent(result.loss(v)));
  }
  if (report.monte_carlo) {
    const monte_carlo_result& mc = *report.monte_carlo;
    fmt::format_to(to,
                   "\nMonte Carlo over confidence and enforcement ({} samples, seed {}), each "
                   "sampled world without and with the scenario:\n",
                   mc.samples, report.seed);
    fmt::format_to(to, "  {:<32} {:<33} {}\n", "", "capacity under the scenario",
                   "effect of the scenario");
    fmt::format_to(to, "  {:<32} {:>7} {:>7} {:>7} {:>8}  {:>7} {:>7} {:>7} {:>8}\n", "product",
                   "mean", "p05", "p95", "P(stop)", "loss", "p05", "p95", "P(stops)");
    shown = 0;
    for (node_index v : result.ranked) {
      if (shown++ == top) break;
      // Recorded for the table, the rows are the recorded nodes in order; recorded for every
      // node, node v is the v-th. Either is found at once.
      const std::size_t row = shown - 1;
      const capacity_distribution* found = row < mc.nodes.size() && mc.nodes[row] == v
                                               ? &mc.distributions[row]
                                               : mc.distribution_of(v);
      if (found == nullptr) break;  // recorded for fewer rows than shown
      const capacity_distribution& d = *found;
      fmt::format_to(to, "  {:<32} {:>7} {:>7} {:>7} {:>8}  {:>7} {:>7} {:>7} {:>8}\n",
                     clip(display_name(g, v), 32), percent(d.mean), percent(d.p05),
                     percent(d.p95), percent(d.p_stop), percent(d.loss_mean),
                     percent(d.loss_p05), percent(d.loss_p95), percent(d.p_scenario_stop));
    }
    out += "  (P(stop): stopped in a sampled world; P(stops): stopped by the scenario in a world "
           "that produces without it)\n";
  }
  out += "\n";
  print_aggregates(out, "Loss attributable to cuts on inputs from each country:",
                   result.attributed_to_country, 10);
  print_aggregates(out, "Loss attributable to cuts by category of the cut input:",
                   result.attributed_to_category, 10);
  for (std::size_t i = 0; i < report.explained.size(); ++i) {
    fmt::format_to(to, "\nWhy {} lost capacity:\n", g.node(report.explained[i]).id());
    if (report.explanations[i].nodes.empty())
      out += "  it lost nothing under this scenario\n";
    else
      out += to_text(g, cs, report.explanations[i]);
  }
  return out;
}

}  // namespace

void to_json(json& out, const impact_report& report) { out = document(parts_of(report)); }

json to_json(const graph& g, const compiled_scenario& scenario, const impact_findings& findings) {
  return document(parts_of(g, scenario, findings));
}

std::string to_text(const impact_report& report, const impact_text_options& options) {
  return table(parts_of(report), options);
}

std::string to_text(const graph& g, const compiled_scenario& scenario,
                    const impact_findings& findings, const impact_text_options& options) {
  return table(parts_of(g, scenario, findings), options);
}

views_report make_views_report(const graph& g, const scenario& definition,
                               const std::vector<std::string>& views,
                               const propagate_options& propagation) {
  views_report report{.g = &g, .definition = definition, .views = views};
  report.runs = compare_views(g, definition, views, propagation);
  report.spread.assign(g.node_count(), 0.0);
  for (node_index v : g.nodes()) {
    double low = 1.0, high = 0.0;
    for (const view_impact& run : report.runs) {
      low = std::min(low, run.capacity[v]);
      high = std::max(high, run.capacity[v]);
    }
    report.spread[v] = high - low;
    report.order.push_back(v);
  }
  std::stable_sort(report.order.begin(), report.order.end(), [&](node_index a, node_index b) {
    return report.spread[a] > report.spread[b];
  });
  while (report.differing < report.order.size() &&
         report.spread[report.order[report.differing]] > 1e-12)
    ++report.differing;
  return report;
}

void to_json(json& out, const views_report& report) {
  const graph& g = *report.g;
  out = json::object();
  out["scenario"] = report.definition.name;
  out["views"] = report.views;
  auto& nodes = out["nodes"] = json::array();
  for (node_index v : report.order) {
    json capacity = json::object(), baseline = json::object();
    for (const view_impact& run : report.runs) {
      capacity[run.view] = run.capacity[v];
      baseline[run.view] = run.baseline[v];
    }
    nodes.push_back({{"id", g.node(v).id()},
                     {"kind", to_string(g.node(v).kind())},
                     {"capacity", capacity},
                     {"baseline", baseline},
                     {"spread", report.spread[v]}});
  }
}

std::string to_text(const views_report& report, std::size_t top, const std::string& scenario_label) {
  const graph& g = *report.g;
  top = table_rows(top);
  std::string out;
  auto to = std::back_inserter(out);
  fmt::format_to(to, "Scenario: {}, one run per source view\n",
                 scenario_title(report.definition, scenario_label));
  if (report.differing == 0) {
    fmt::format_to(to, "The views ({}) agree on the capacity of every node under the scenario.\n",
                   detail::join(report.views, ", "));
    return out;
  }
  fmt::format_to(to, "Nodes where the views disagree most (capacity under the scenario):\n");
  fmt::format_to(to, "  {:<36}", "node");
  for (const view_impact& run : report.runs) fmt::format_to(to, " {:>10}", clip(run.view, 10));
  fmt::format_to(to, " {:>8}\n", "spread");
  const std::size_t shown = std::min(top, report.differing);
  for (std::size_t i = 0; i < shown; ++i) {
    const node_index v = report.order[i];
    fmt::format_to(to, "  {:<36}", clip(g.node(v).id(), 36));
    for (const view_impact& run : report.runs) fmt::format_to(to, " {:>10}", percent(run.capacity[v]));
    fmt::format_to(to, " {:>8}\n", percent(report.spread[v]));
  }
  if (report.differing > shown)
    fmt::format_to(to, "  ... {} more (--top, --json)\n", report.differing - shown);
  return out;
}

}  // namespace micgraph
