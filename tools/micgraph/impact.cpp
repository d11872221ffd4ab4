// micgraph impact FILE --scenario S [--top N] [--explain ID]... [--samples K] [--compare-views V,..]
//                      [--json]

#include <fmt/core.h>

#include <memory>
#include <micgraph/report/impact.hpp>
#include <micgraph/selection.hpp>

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

int run_impact(const impact_command_options& options) {
  graph g = load_graph_file(options.file, options.json);
  compiled_scenario cs = load_scenario(g, options.scenario_file);
  std::vector<node_index> explain = resolve_ids(g, options.explain, "--explain", options.file);
  if (!options.compare_views.empty()) {
    views_report views = [&] {
      try {
        return make_views_report(g, cs.definition(), options.compare_views);
      } catch (const scenario_error& e) {
        throw parse_error({.element = "--compare-views"}, e.problem());
      }
    }();
    if (options.json)
      print_json(views);
    else
      fmt::print("{}", to_text(views, options.top, options.scenario_file));
    return exit_ok;
  }
  progress_bar progress("samples", !options.json);
  impact_report_options report_options;
  report_options.explain = std::move(explain);
  report_options.samples = options.samples;
  // The table shows the Monte Carlo bands of its rows only; the JSON document every node's.
  if (!options.json) report_options.monte_carlo_ranked = options.top;
  report_options.seed = options.seed;
  report_options.threads = options.threads;
  report_options.progress = progress.callback();
  impact_report report = make_impact_report(g, std::move(cs), report_options);
  progress.finish();
  if (options.json)
    print_json(report);
  else
    fmt::print("{}", to_text(report, {.top = options.top, .scenario_label = options.scenario_file}));
  return exit_ok;
}

}  // namespace

command add_impact(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "impact", "Baseline vs scenario capacity of every node, products ranked by loss, and why");
  auto options = std::make_shared<impact_command_options>();
  add_graph_argument(sub, options->file);
  sub->add_option("-s,--scenario", options->scenario_file, "scenario file (JSON)")->required();
  sub->add_option("--top", options->top, "products listed in the table (0: all)")
      ->capture_default_str();
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
                  "Monte Carlo worker threads (default: one per core; the result is the same)")
      ->check(CLI::Range(1u, 1024u));
  sub->add_option("--compare-views", options->compare_views,
                  "one run per source view, side by side (e.g. western,russian,chinese)")
      ->delimiter(',')
      ->excludes(samples);
  return {sub, [options] { return run_impact(*options); }};
}

}  // namespace micgraph::cli
