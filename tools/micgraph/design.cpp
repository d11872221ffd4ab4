// micgraph design FILE [--targets IDS] --budget K [--cuttable FILTER] [--cut nodes|edges]
//                      [--enforcement E] [--scenario S] [--exhaustive] [--top N] [--json]

#include <fmt/core.h>

#include <memory>
#include <micgraph/report/design.hpp>

#include "command.hpp"

namespace micgraph::cli {

namespace {

struct design_command_options {
  std::string file;
  std::vector<std::string> targets;
  std::string cuttable;
  std::string cut = "nodes";
  std::string scenario_file;
  bool exhaustive = false;
  std::size_t top = 0;
  bool json = false;
  design_options analysis;
};

int run_design(const design_command_options& options) {
  graph g = load_graph_file(options.file, options.json);
  design_report_options report_options{
      .targets = resolve_ids(g, options.targets, "--targets", options.file),
      .analysis = options.analysis,
      .graph_name = options.file,
      .targets_name = "--targets"};
  std::optional<compiled_scenario> start;
  if (!options.scenario_file.empty()) start = load_scenario(g, options.scenario_file);
  design_options& analysis = report_options.analysis;
  analysis.scenario = start ? &*start : nullptr;
  analysis.cut = options.cut == "nodes" ? design_options::cut_kind::nodes
                                        : design_options::cut_kind::edges;
  analysis.lazy = !options.exhaustive;
  if (!options.cuttable.empty())
    report_options.candidates = parse_named_filter(options.cuttable, "--cuttable");
  progress_bar progress("design", !options.json);
  analysis.progress = [&](std::size_t, std::size_t picks) { progress(picks, analysis.budget); };
  design_report report = make_design_report(g, report_options);
  progress.finish();
  if (options.json)
    print_json(report);
  else
    fmt::print("{}", to_text(report, options.top));
  return exit_ok;
}

}  // namespace

command add_design(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "design",
      "Sanction design: greedily pick the cuts that remove the most capacity from the targets, "
      "each with its marginal gain");
  auto options = std::make_shared<design_command_options>();
  design_options& analysis = options->analysis;
  add_graph_argument(sub, options->file);
  sub->add_option("--targets", options->targets, "target node ids (default: every product)")
      ->delimiter(',');
  sub->add_option("-k,--budget", analysis.budget, "cuts to pick")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1'000'000}));
  sub->add_option("--cuttable", options->cuttable,
                  "what may be cut: nodes matching 'field=v,v;field=v' (ids, kinds, countries, "
                  "categories, tags); with --cut edges, edges from such suppliers. Default: the "
                  "targets' upstream cone");
  sub->add_option("--cut", options->cut, "cut nodes or supply edges")
      ->capture_default_str()
      ->check(CLI::IsMember({"nodes", "edges"}));
  sub->add_option("--enforcement", analysis.enforcement, "fraction of the flow each cut stops")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  sub->add_option("-s,--scenario", options->scenario_file,
                  "start from this scenario: its evidence filters and cuts are in place");
  sub->add_option("--max-candidates", analysis.max_candidates,
                  "without --cuttable, the cone's nodes with the largest downstream cones")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{100'000'000}));
  sub->add_flag("--exhaustive", options->exhaustive,
                "re-evaluate every candidate in every round instead of lazily (exact greedy "
                "where one cut's gain can grow after another)");
  sub->add_option("--threads", analysis.threads,
                  "worker threads for the rounds that measure every candidate (default: one per "
                  "core; the picks are the same)")
      ->check(CLI::Range(1u, 1024u));
  sub->add_option("--top", options->top, "picks listed in the table (0: all)")
      ->capture_default_str();
  sub->add_flag("--json", options->json, "print one JSON document on stdout");
  return {sub, [options] { return run_design(*options); }};
}

}  // namespace micgraph::cli
