#include "micgraph/report/design.hpp"

#include <fmt/core.h>

#include <iterator>

#include "micgraph/report/format.hpp"

namespace micgraph {

namespace {

std::string graph_called(const std::string& name) { return name.empty() ? "the graph" : name; }

}  // namespace

design_report make_design_report(const graph& g, const design_report_options& options) {
  design_report report{.g = &g, .settings = options.analysis};
  std::vector<node_index> targets = options.targets.empty() ? product_nodes(g) : options.targets;
  if (targets.empty())
    throw scenario_error({.element = options.targets_name},
                         "no targets given and " + graph_called(options.graph_name) +
                             " has no product node");
  const compiled_scenario* start = options.analysis.scenario;
  if (start != nullptr) {
    report.scenario_name = start->definition().name;
    report.warnings = start->warnings();
  }
  const bool cut_nodes = options.analysis.cut == design_options::cut_kind::nodes;
  design_options& settings = report.settings;
  if (options.candidates) {
    std::vector<node_index> selected = select_nodes(g, *options.candidates, report.warnings);
    settings.candidates.clear();
    if (cut_nodes) {
      settings.candidates.assign(selected.begin(), selected.end());
    } else {
      for (node_index v : selected)
        for (edge_index e : g.out_edges(v))
          if (is_dependency(g.edge_kinds()[e])) settings.candidates.push_back(e);
    }
    if (settings.candidates.empty())
      throw scenario_error({.element = options.candidates->name},
                           std::string("no ") + (cut_nodes ? "node" : "supply edge") + " of " +
                               graph_called(options.graph_name) + " matches '" +
                               options.candidates->text + "'");
  }
  report.result = design_sanctions(g, targets, settings);
  settings.progress = nullptr;
  return report;
}

namespace {

nlohmann::ordered_json element_json(const graph& g, bool cut_nodes, std::uint32_t x) {
  if (cut_nodes) return std::string(g.node(x).id());
  edge_view e = g.edge(x);
  return {{"source", g.node(e.source()).id()},
          {"target", g.node(e.target()).id()},
          {"kind", to_string(e.kind())}};
}

}  // namespace

nlohmann::ordered_json to_json(const graph& g, const design_result& result) {
  using json = nlohmann::ordered_json;
  const bool cut_nodes = result.cut == design_options::cut_kind::nodes;
  json out;
  auto& targets = out["targets"] = json::array();
  for (node_index t : result.targets) targets.push_back(g.node(t).id());
  out["cut"] = cut_nodes ? "nodes" : "edges";
  out["baseline"] = result.baseline;
  out["start"] = result.start;
  out["candidates"] = result.candidates;
  out["evaluations"] = result.evaluations;
  auto& picks = out["picks"] = json::array();
  for (const design_pick& pick : result.picks) {
    json entry;
    if (cut_nodes) {
      entry["id"] = element_json(g, true, pick.element);
      entry["kind"] = to_string(g.node(pick.element).kind());
      entry["country"] = g.node(pick.element).country();
    } else {
      entry["edge"] = element_json(g, false, pick.element);
    }
    entry["gain"] = pick.gain;
    entry["remaining"] = pick.remaining;
    entry["targets_stopped"] = pick.targets_stopped;
    picks.push_back(std::move(entry));
  }
  out["exhausted"] = result.exhausted;
  return out;
}

void to_json(nlohmann::ordered_json& out, const design_report& report) {
  using json = nlohmann::ordered_json;
  json result = to_json(*report.g, report.result);
  out = json::object();
  out["scenario"] = report.scenario_name ? json(*report.scenario_name) : json(nullptr);
  out["targets"] = std::move(result["targets"]);
  out["cut"] = std::move(result["cut"]);
  out["enforcement"] = report.settings.enforcement;
  for (const char* key : {"baseline", "start", "candidates", "evaluations"})
    out[key] = std::move(result[key]);
  out["lazy"] = report.settings.lazy;
  out["picks"] = std::move(result["picks"]);
  out["exhausted"] = std::move(result["exhausted"]);
  out["warnings"] = report.warnings;
}

std::string to_text(const design_report& report, std::size_t top) {
  const graph& g = *report.g;
  top = table_rows(top);
  const design_result& result = report.result;
  const design_options& settings = report.settings;
  const bool cut_nodes = result.cut == design_options::cut_kind::nodes;
  std::string out;
  auto to = std::back_inserter(out);
  for (const std::string& w : report.warnings) fmt::format_to(to, "warning: {}\n", w);
  fmt::format_to(to, "Sanction design: {} {} cuts at {:.0f}% enforcement over {} targets{}\n",
                 settings.budget, cut_nodes ? "node" : "edge", 100.0 * settings.enforcement,
                 result.targets.size(),
                 report.scenario_name ? ", on top of \"" + *report.scenario_name + "\""
                                      : std::string());
  fmt::format_to(to, "  target capacity: {:.3f} with no cuts{}\n", result.baseline,
                 report.scenario_name ? fmt::format(", {:.3f} under the scenario", result.start)
                                      : std::string());
  fmt::format_to(to, "  {} candidates, {} evaluations ({})\n\n", result.candidates,
                 result.evaluations, settings.lazy ? "lazy greedy" : "exhaustive");
  fmt::format_to(to, "  {:>2}  {:<58} {:>8} {:>10} {:>8}\n", "#", "cut", "gain", "remaining",
                 "stopped");
  std::size_t rank = 0;
  for (const design_pick& pick : result.picks) {
    if (rank == top) {
      fmt::format_to(to, "  ... {} more (--top, --json)\n", result.picks.size() - top);
      break;
    }
    std::string what;
    if (cut_nodes) {
      what = node_label(g, pick.element);
    } else {
      edge_view e = g.edge(pick.element);
      what = fmt::format("{} -> {} ({})", g.node(e.source()).id(), g.node(e.target()).id(),
                         to_string(e.kind()));
    }
    fmt::format_to(to, "  {:>2}  {:<58} {:>8.3f} {:>10.3f} {:>8}\n", ++rank, what, pick.gain,
                   pick.remaining, pick.targets_stopped);
  }
  if (result.exhausted)
    fmt::format_to(to,
                   "\n  stopped after {} picks: no remaining candidate removes capacity on its "
                   "own\n",
                   result.picks.size());
  return out;
}

}  // namespace micgraph
