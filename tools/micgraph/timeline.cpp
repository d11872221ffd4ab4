// micgraph timeline FILE --scenario S --months N [--nodes IDS] [--mean-life M] [--ramp R]
//                        [--top N] [--json | --csv] [--plot OUT.svg]

#include <fmt/core.h>

#include <memory>
#include <micgraph/io/output.hpp>
#include <micgraph/report/format.hpp>
#include <micgraph/report/timeline.hpp>
#include <micgraph/selection.hpp>

#include "command.hpp"

namespace micgraph::cli {

namespace {

struct timeline_command_options {
  std::string file;
  std::string scenario_file;
  std::vector<std::string> nodes;
  bool json = false;
  bool csv = false;
  std::string plot;
  std::size_t top = 0;
  timeline_options analysis;
};

int run_timeline(const timeline_command_options& options) {
  graph g = load_graph_file(options.file, options.json);
  compiled_scenario cs = load_scenario(g, options.scenario_file);
  timeline_report_options report_options{.analysis = options.analysis,
                                         .graph_name = options.file,
                                         .nodes_name = "--nodes"};
  report_options.analysis.record = resolve_ids(g, options.nodes, "--nodes", options.file);
  progress_bar progress("timeline", !options.json && !options.csv);
  report_options.analysis.progress = progress.callback();
  timeline_report report = make_timeline_report(g, std::move(cs), report_options);
  progress.finish();
  const std::string& name = report.scenario.definition().name;
  if (!options.plot.empty()) {
    const std::string chart = to_svg(report, name.empty() ? options.scenario_file : name);
    io::write_file(options.plot, chart, "--plot");
    if (options.plot != "-")
      fmt::print(stderr, "{}",
                 wrote_line(options.plot, "svg", chart.size(),
                            fmt::format("{} nodes over {} months", report.result.nodes.size(),
                                        report.result.months)));
  }
  if (options.json) {
    print_json(report);
  } else if (options.csv) {
    fmt::print("{}", to_csv(report));
  } else {
    fmt::print("{}", to_text(report, options.scenario_file, options.top));
  }
  return exit_ok;
}

}  // namespace

command add_timeline(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "timeline",
      "Capacity month by month after a cut: stocks run down, unserviced machine tools wear out, "
      "substitutes arrive after their lead time (month 0 is the baseline)");
  auto options = std::make_shared<timeline_command_options>();
  timeline_options& analysis = options->analysis;
  add_graph_argument(sub, options->file);
  sub->add_option("-s,--scenario", options->scenario_file, "scenario file (JSON)")->required();
  sub->add_option("--months", analysis.months, "months after the cut")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1200}));
  sub->add_option("--nodes", options->nodes, "node ids to report (default: every product)")
      ->delimiter(',');
  sub->add_option("--mean-life", analysis.mean_life_months,
                  "mean life in months of an unserviced installed base, for services edges "
                  "without a mean_life_months attribute (0: lost at once)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, max_months));
  sub->add_option("--ramp", analysis.ramp_months,
                  "months over which a substitute ramps up after its lead time, for edges "
                  "without a ramp_months attribute")
      ->capture_default_str()
      ->check(CLI::Range(0.0, max_months));
  sub->add_option("--top", options->top, "nodes listed in the table (0: all)")
      ->capture_default_str();
  auto* json = sub->add_flag("--json", options->json, "print one JSON document on stdout");
  sub->add_flag("--csv", options->csv, "print a CSV table (one row per node, one column per month)")
      ->excludes(json);
  sub->add_option("--plot", options->plot, "also draw the curves into this SVG file");
  return {sub, [options] { return run_timeline(*options); }};
}

}  // namespace micgraph::cli
