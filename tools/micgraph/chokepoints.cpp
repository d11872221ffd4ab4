// micgraph chokepoints FILE [--targets IDS] [--order K [--count-only]] [--rank FILTER]
//                           [--min-cut ID] [--cuttable FILTER] [--cost-attr NAME] [--top N]
//                           [--json] ...

#include <fmt/core.h>

#include <memory>
#include <optional>
#include <micgraph/report/chokepoints.hpp>

#include "command.hpp"

namespace micgraph::cli {

namespace {

struct chokepoints_command_options {
  std::string file;
  std::vector<std::string> targets;
  std::vector<std::string> min_cut;
  std::string cuttable;
  std::string rank;
  std::size_t samples = 0;
  double min_confidence = 0.0;
  std::vector<std::string> views;
  std::size_t top = 10;
  bool json = false;
  chokepoints_report_options report;
};

int run_chokepoints(chokepoints_command_options& options, bool samples_given) {
  graph g = load_graph_file(options.file, options.json);
  chokepoints_report_options& report_options = options.report;
  report_options.targets = resolve_ids(g, options.targets, "--targets", options.file);
  report_options.min_cut = resolve_ids(g, options.min_cut, "--min-cut", options.file);
  if (!options.cuttable.empty()) report_options.cuttable = parse_named_filter(options.cuttable, "--cuttable");
  if (!options.rank.empty()) report_options.rank = parse_named_filter(options.rank, "--rank");
  if (samples_given) report_options.betweenness_samples = options.samples;
  // Without --min-confidence or --views every edge counts: no filter is compiled.
  std::optional<compiled_scenario> filters;
  if (options.min_confidence > 0.0 || !options.views.empty())
    filters = evidence_filters(g, options.min_confidence, options.views, "--views");
  report_options.evidence = filters ? &*filters : nullptr;
  progress_bar progress("chokepoints", !options.json);
  report_options.progress = progress.callback();
  chokepoints_report report = make_chokepoints_report(g, report_options);
  progress.finish();
  if (options.json)
    print_json(report);
  else
    fmt::print("{}", to_text(report, options.top));
  return exit_ok;
}

}  // namespace

command add_chokepoints(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "chokepoints",
      "Single points of failure of each target, order-2 pairs, a ranking of nodes by the target "
      "capacity their loss removes, supply concentration, structural bottlenecks, betweenness "
      "and the cheapest cut that stops a target");
  auto options = std::make_shared<chokepoints_command_options>();
  chokepoints_report_options& report = options->report;
  add_graph_argument(sub, options->file);
  sub->add_option("--targets", options->targets, "target node ids (default: every product)")
      ->delimiter(',');
  sub->add_option("--order", report.order,
                  "1: single points; 2: also pairs; K >= 3: also every minimal cut set of up to K "
                  "nodes (of the --cuttable nodes), listed by order and targets stopped")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  sub->add_flag("--count-only", report.count_only,
                "count the minimal cut sets of each order up to --order, list none");
  sub->add_option("--max-sets", report.max_sets,
                  "minimal cut sets listed at most: whole orders, the smallest first (0: no "
                  "limit; the counts always cover every order)")
      ->capture_default_str();
  sub->add_option("--max-pairs", report.max_pairs, "pairs reported at most (--order 2)")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{100'000'000}));
  sub->add_option("--max-candidates", report.candidates,
                  "nodes ranked besides the single points, the largest downstream cones first")
      ->capture_default_str();
  sub->add_option("--betweenness-samples", options->samples,
                  "betweenness from this many sampled sources (an estimate); default: exact up "
                  "to --exact-betweenness nodes, else 64 samples")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 40));
  sub->add_option("--threads", report.threads,
                  "worker threads for single points of failure (target groups), the ranking "
                  "and sampled betweenness (default: one per core); the result is the same")
      ->check(CLI::Range(1u, 1024u));
  sub->add_option("--exact-betweenness", report.exact_betweenness_limit,
                  "largest graph whose betweenness is computed exactly by default")
      ->capture_default_str();
  sub->add_option("--seed", report.seed, "seed of the betweenness sampling")->capture_default_str();
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
  sub->add_option("--cost-attr", report.cost_attribute,
                  "node attribute (in attrs) holding the cost of cutting it; default 1 each");
  sub->add_option("--cuttable", options->cuttable,
                  "nodes --min-cut and the cut sets may take, e.g. "
                  "'countries=DE,JP,US;kinds=firm' (default: all)");
  sub->add_option("--rank", options->rank,
                  "rank only these nodes, e.g. 'countries=DE,JP,TW,US' (default: all)");
  sub->add_option("--top", options->top, "rows per table (0: all)")->capture_default_str();
  sub->add_flag("--json", options->json, "print one JSON document on stdout");
  return {sub, [options, sub] { return run_chokepoints(*options, sub->count("--betweenness-samples") > 0); }};
}

}  // namespace micgraph::cli
