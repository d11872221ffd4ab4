// micgraph report FILE --scenario S [--targets IDS] [--months N] [--samples K] [--seed S]
//                      [--views V,..] [--top N] [--explain N] [--focus-nodes N] -o OUT.html

#include <fmt/core.h>

#include <filesystem>

#include <memory>
#include <micgraph/io/output.hpp>
#include <micgraph/report/format.hpp>
#include <micgraph/report/html.hpp>
#include <micgraph/selection.hpp>

#include "command.hpp"

namespace micgraph::cli {

namespace {

struct report_command_options {
  std::string file;
  std::string scenario_file;
  std::string output;
  std::vector<std::string> targets;
  html_report_options report;
};

int run_report(report_command_options& options) {
  graph g = load_graph_file(options.file);
  compiled_scenario cs = load_scenario(g, options.scenario_file);
  html_report_options& report_options = options.report;
  report_options.targets = resolve_ids(g, options.targets, "--targets", options.file);
  report_options.graph_label = options.file;
  report_options.scenario_label = options.scenario_file;
  progress_bar progress("samples", true);
  report_options.progress = progress.callback();
  html_report report = [&] {
    try {
      return make_html_report(g, std::move(cs), report_options);
    } catch (const scenario_error& e) {
      if (e.where().element != "views") throw;
      throw parse_error({.element = "--compare-views"}, e.problem());
    }
  }();
  progress.finish();
  const std::string page = to_html(report);
  io::write_file(options.output, page, "--output");
  if (options.output != "-")
    fmt::print(stderr, "{}",
               wrote_line(options.output, "html", page.size(),
                          fmt::format("{} products, {} explained",
                                      report.impact.result.ranked.size(),
                                      report.impact.explained.size())));
  return exit_ok;
}

}  // namespace

command add_report(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "report",
      "One self-contained HTML page for a scenario, to hand on: its rules and what they hit, "
      "products by capacity lost, losses by country and category, why the most-hit products "
      "lose capacity (with a Graphviz picture), chokepoints, concentration and the evidence; "
      "optionally the timeline, Monte Carlo bands and the source views side by side");
  auto options = std::make_shared<report_command_options>();
  html_report_options& report = options->report;
  add_graph_argument(sub, options->file);
  sub->add_option("-s,--scenario", options->scenario_file, "scenario file (JSON)")->required();
  sub->add_option("-o,--output", options->output, "the HTML file, or - for stdout")->required();
  sub->add_option("--targets", options->targets,
                  "node ids whose single points of failure and pairs are listed (default: the "
                  "most-hit products)")
      ->delimiter(',');
  sub->add_option("--months", report.months, "also the timeline over this many months")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1200}));
  sub->add_option("--samples", report.samples,
                  "also Monte Carlo bands and stop probabilities from this many samples")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1'000'000}));
  sub->add_option("--seed", report.seed, "seed of the Monte Carlo samples")->capture_default_str();
  sub->add_option("--threads", report.threads,
                  "Monte Carlo worker threads (default: one per core; the result is the same)")
      ->check(CLI::Range(1u, 1024u));
  sub->add_option("--compare-views", report.views,
                  "also one run per source view, side by side (e.g. western,russian,chinese)")
      ->delimiter(',');
  sub->add_option("--top", report.top, "rows of the product tables")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{10'000}));
  sub->add_option("--explain-top", report.explained,
                  "most-hit products whose loss is explained (0: none)")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{0}, std::size_t{100}));
  sub->add_option("--focus-nodes", report.focus_nodes,
                  "nodes of the picture of the explained chains (0: no picture)")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{0}, html_max_focus_nodes));
  return {sub, [options] { return run_report(*options); }};
}

}  // namespace micgraph::cli
