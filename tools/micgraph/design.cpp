// micgraph design FILE --targets IDS --budget K [--candidates FILTER] [--cut nodes|edges]
//                      [--enforcement E] [--scenario S] [--exhaustive] [--json]

#include <fmt/core.h>

#include <memory>
#include <micgraph/analysis/design.hpp>
#include <micgraph/io/load.hpp>
#include <micgraph/io/scenario.hpp>

#include "command.hpp"

namespace micgraph::cli {

namespace {

struct design_command_options {
  std::string file;
  std::vector<std::string> targets;
  std::size_t budget = 5;
  std::string candidates;
  std::string cut = "nodes";
  double enforcement = 1.0;
  std::string scenario_file;
  std::size_t max_candidates = 2000;
  bool exhaustive = false;
  unsigned threads = 0;
  bool json = false;
};

}  // namespace

command add_design(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "design",
      "Sanction design: greedily pick the cuts that remove the most capacity from the targets, "
      "each with its marginal gain");
  auto options = std::make_shared<design_command_options>();
  sub->add_option("FILE", options->file, "graph: a .json file, or a CSV directory / nodes.csv")
      ->required();
  sub->add_option("--targets", options->targets, "target node ids (default: every product)")
      ->delimiter(',');
  sub->add_option("-k,--budget", options->budget, "cuts to pick")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1'000'000}));
  sub->add_option("--candidates", options->candidates,
                  "what may be cut: nodes matching 'field=v,v;field=v' (ids, kinds, countries, "
                  "categories, tags); with --cut edges, edges from such suppliers. Default: the "
                  "targets' upstream cone");
  sub->add_option("--cut", options->cut, "cut nodes or supply edges")
      ->capture_default_str()
      ->check(CLI::IsMember({"nodes", "edges"}));
  sub->add_option("--enforcement", options->enforcement,
                  "fraction of the flow each cut stops")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  sub->add_option("-s,--scenario", options->scenario_file,
                  "start from this scenario: its evidence filters and cuts are in place");
  sub->add_option("--max-candidates", options->max_candidates,
                  "without --candidates, the cone's nodes with the largest downstream cones")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{100'000'000}));
  sub->add_flag("--exhaustive", options->exhaustive,
                "re-evaluate every candidate in every round instead of lazily (exact greedy "
                "where one cut's gain can grow after another)");
  sub->add_option("--threads", options->threads,
                  "worker threads for the rounds that measure every candidate (default: one per "
                  "core; the picks are the same)")
      ->check(CLI::Range(1u, 1024u));
  sub->add_flag("--json", options->json, "print one JSON document on stdout");

  return {sub, [options]() -> int {
            graph g = load_graph_file(options->file, options->json);
            std::vector<node_index> targets;
            if (options->targets.empty()) {
              for (node_index v : g.nodes())
                if (g.node_kinds()[v] == node_kind::product) targets.push_back(v);
              if (targets.empty())
                throw parse_error({.element = "--targets"},
                                  "no targets given and " + options->file + " has no product node");
            } else {
              targets = resolve_ids(g, options->targets, options->file, "--targets");
            }
            std::optional<scenario> definition;
            std::optional<compiled_scenario> start;
            std::vector<std::string> warnings;
            if (!options->scenario_file.empty()) {
              definition = io::read_scenario(options->scenario_file);
              start = compile_scenario_file(g, *definition, options->scenario_file);
              warnings = start->warnings();
            }
            const bool cut_nodes = options->cut == "nodes";
            design_options settings{
                .cut = cut_nodes ? design_options::cut_kind::nodes : design_options::cut_kind::edges,
                .budget = options->budget,
                .enforcement = options->enforcement,
                .max_candidates = options->max_candidates,
                .lazy = !options->exhaustive,
                .scenario = start ? &*start : nullptr};
            if (!options->candidates.empty()) {
              std::vector<node_index> selected = select_nodes(
                  g, parse_node_filter(options->candidates, "--candidates"), "--candidates",
                  warnings);
              if (cut_nodes) {
                settings.candidates.assign(selected.begin(), selected.end());
              } else {
                for (node_index v : selected)
                  for (edge_index e : g.out_edges(v))
                    if (is_dependency(g.edge_kinds()[e])) settings.candidates.push_back(e);
              }
              if (settings.candidates.empty())
                throw parse_error({.element = "--candidates"},
                                  std::string("no ") + (cut_nodes ? "node" : "supply edge") +
                                      " of " + options->file + " matches '" + options->candidates +
                                      "'");
            }
            progress_bar progress("design", !options->json);
            settings.progress = [&](std::size_t evaluations, std::size_t picks) {
              progress(picks, options->budget);
              (void)evaluations;
            };
            settings.threads = options->threads;
            design_result result = design_sanctions(g, targets, settings);
            progress.finish();

            auto element_id = [&](std::uint32_t x) -> nlohmann::ordered_json {
              if (cut_nodes) return std::string(g.node(x).id());
              edge_view e = g.edge(x);
              return {{"source", g.node(e.source()).id()},
                      {"target", g.node(e.target()).id()},
                      {"kind", to_string(e.kind())}};
            };
            if (options->json) {
              nlohmann::ordered_json out;
              out["scenario"] = definition ? nlohmann::ordered_json(definition->name) : nullptr;
              auto& json_targets = out["targets"] = nlohmann::ordered_json::array();
              for (node_index t : result.targets) json_targets.push_back(g.node(t).id());
              out["cut"] = options->cut;
              out["enforcement"] = options->enforcement;
              out["baseline"] = result.baseline;
              out["start"] = result.start;
              out["candidates"] = result.candidates;
              out["evaluations"] = result.evaluations;
              out["lazy"] = !options->exhaustive;
              auto& picks = out["picks"] = nlohmann::ordered_json::array();
              for (const design_pick& pick : result.picks) {
                nlohmann::ordered_json entry;
                if (cut_nodes) {
                  entry["id"] = element_id(pick.element);
                  entry["kind"] = to_string(g.node(pick.element).kind());
                  entry["country"] = g.node(pick.element).country();
                } else {
                  entry["edge"] = element_id(pick.element);
                }
                entry["gain"] = pick.gain;
                entry["remaining"] = pick.remaining;
                entry["targets_stopped"] = pick.targets_stopped;
                picks.push_back(std::move(entry));
              }
              out["exhausted"] = result.exhausted;
              out["warnings"] = warnings;
              print_json(out);
              return exit_ok;
            }

            for (const std::string& w : warnings) fmt::print("warning: {}\n", w);
            fmt::print("Sanction design: {} {} cuts at {:.0f}% enforcement over {} targets{}\n",
                       options->budget, cut_nodes ? "node" : "edge", 100.0 * options->enforcement,
                       result.targets.size(),
                       definition ? ", on top of \"" + definition->name + "\"" : std::string());
            fmt::print("  target capacity: {:.3f} with no cuts{}\n", result.baseline,
                       definition ? fmt::format(", {:.3f} under the scenario", result.start)
                                  : std::string());
            fmt::print("  {} candidates, {} evaluations ({})\n\n", result.candidates,
                       result.evaluations, options->exhaustive ? "exhaustive" : "lazy greedy");
            fmt::print("  {:>2}  {:<58} {:>8} {:>10} {:>8}\n", "#", "cut", "gain", "remaining",
                       "stopped");
            std::size_t rank = 0;
            for (const design_pick& pick : result.picks) {
              std::string what;
              if (cut_nodes) {
                what = node_label(g, pick.element);
              } else {
                edge_view e = g.edge(pick.element);
                what = fmt::format("{} -> {} ({})", g.node(e.source()).id(),
                                   g.node(e.target()).id(), to_string(e.kind()));
              }
              fmt::print("  {:>2}  {:<58} {:>8.3f} {:>10.3f} {:>8}\n", ++rank, what, pick.gain,
                         pick.remaining, pick.targets_stopped);
            }
            if (result.exhausted)
              fmt::print("\n  stopped after {} picks: no remaining candidate removes capacity on its "
                         "own\n",
                         result.picks.size());
            return exit_ok;
          }};
}

}  // namespace micgraph::cli
