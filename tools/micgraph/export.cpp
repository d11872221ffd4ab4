// micgraph export FILE --format dot|svg|png|pdf|graphml|json|open-psa -o OUT [--scenario S]
//   [--chokepoints] [--cuttable FILTER]
//   [--focus ID --depth N] [--downstream] [--cluster-by-country] [--max-nodes N] [--layout L]

#include <fmt/core.h>

#include <filesystem>

#include <algorithm>
#include <memory>
#include <micgraph/io/output.hpp>
#include <micgraph/render/export.hpp>
#include <micgraph/report/format.hpp>
#include <micgraph/selection.hpp>
#include <optional>

#include "command.hpp"

namespace micgraph::cli {

namespace {

struct export_command_options {
  std::string file;
  std::string format;
  std::string output;
  std::string scenario_file;
  std::vector<std::string> focus;
  std::size_t max_nodes = io::default_max_picture_nodes;
  std::string layout = "dot";
  bool no_legend = false;
  bool cluster_by_country = false;
  std::string title;
  std::string cuttable;
  io::export_options plan;
};

int run_export(export_command_options& options, const CLI::App& sub) {
  const io::export_format format =
      io::choose_export_format(options.format, options.output, "--format");
  io::check_layout(options.layout, "--layout");
  if (options.focus.empty())
    for (const char* option : {"--depth", "--upstream", "--downstream"})
      if (sub.count(option) > 0) throw parse_error({.element = option}, "needs --focus ID");

  graph g = load_graph_file(options.file);
  io::export_options& plan_options = options.plan;
  plan_options.focus = resolve_ids(g, options.focus, "--focus", options.file);
  std::optional<compiled_scenario> cuts;
  if (!options.scenario_file.empty()) cuts = load_scenario(g, options.scenario_file);
  plan_options.scenario = cuts ? &*cuts : nullptr;
  plan_options.scenario_label = options.scenario_file;
  if (sub.count("--title") > 0) plan_options.title = options.title;
  if (!options.cuttable.empty())
    plan_options.cuttable = parse_named_filter(options.cuttable, "--cuttable");
  if (format == io::export_format::open_psa) {
    std::vector<std::string> warnings;
    io::output_file out(options.output, "--output");
    const io::open_psa_export tree = io::write_open_psa_export(g, plan_options, out.stream(), warnings);
    out.commit();
    for (const std::string& w : warnings) fmt::print(stderr, "warning: {}\n", w);
    if (options.output != "-")
      fmt::print(stderr, "{}",
                 wrote_line(options.output, "open-psa", std::filesystem::file_size(options.output),
                            fmt::format("fault tree {}, top gate {}, {} gates, {} basic events, "
                                        "{} house events",
                                        tree.fault_tree, tree.top_gate, tree.gates,
                                        tree.basic_events, tree.house_events)));
    return exit_ok;
  }
  io::export_plan plan = io::select_export(g, plan_options);
  io::check_picture_size(plan, format, options.max_nodes, "--max-nodes");
  io::mark_export(g, plan, plan_options);
  io::output_file out(options.output, "--output");
  io::write_export(g, plan, format, out.stream(), options.layout,
                   {.cluster_by_country = options.cluster_by_country, .legend = !options.no_legend});
  out.commit();
  if (options.output != "-")
    fmt::print(stderr, "{}",
               wrote_line(options.output, io::to_string(format),
                          std::filesystem::file_size(options.output),
                          fmt::format("{} nodes, {} edges{}", plan.node_count, plan.edge_count,
                                      io::is_picture(format) && format != io::export_format::dot
                                          ? ", layout " + options.layout
                                          : "")));
  return exit_ok;
}

}  // namespace

command add_export(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "export",
      "Pictures and interchange: DOT, SVG, PNG or PDF through Graphviz, GraphML for Gephi, yEd "
      "and Cytoscape, node-link JSON of a subset, or one target's fault tree as Open-PSA MEF "
      "XML for SCRAM and other fault-tree tools; a scenario's losses and cuts and the single "
      "points of failure highlighted");
  auto options = std::make_shared<export_command_options>();
  io::export_options& plan = options->plan;
  add_graph_argument(sub, options->file);
  sub->add_option("--format", options->format,
                  "dot, svg, png, pdf, graphml, json or open-psa (the fault tree of the one "
                  "--focus target; default: from the output's extension)");
  sub->add_option("-o,--output", options->output, "output file, or - for stdout")->required();
  sub->add_option("-s,--scenario", options->scenario_file,
                  "scenario file: shade nodes by the capacity they lose, draw cut edges red and "
                  "dashed with the rule in the tooltip");
  sub->add_flag("--chokepoints", plan.chokepoints,
                "draw the single points of failure of the --focus nodes (with --downstream "
                "alone: of the products shown; without --focus: of every product) with a thick "
                "border");
  sub->add_option("--focus", options->focus,
                  "export the neighbourhood of these node ids only (comma-separated or repeated)")
      ->delimiter(',');
  sub->add_option("--depth", plan.depth,
                  "dependency edges walked from the --focus nodes (default: the whole cone)");
  sub->add_flag("--upstream", plan.upstream,
                "with --focus: what the focus nodes need (the default; with --downstream: both)");
  sub->add_flag("--downstream", plan.downstream,
                "with --focus: what needs the focus nodes instead (add --upstream for both)");
  sub->add_flag("--cluster-by-country", options->cluster_by_country,
                "draw the nodes of each country in a box of their own");
  sub->add_option("--max-nodes", options->max_nodes,
                  "refuse to draw more nodes than this (dot, svg, png, pdf)")
      ->capture_default_str();
  sub->add_option("--layout", options->layout,
                  "Graphviz layout engine: dot, sfdp (large sets), neato, fdp, circo, twopi")
      ->capture_default_str();
  sub->add_option("--cuttable", options->cuttable,
                  "open-psa: the nodes written as basic events (a sanction's possible cuts), e.g. "
                  "'countries=DE,JP,US'; the others are house events (default: all)");
  sub->add_flag("--no-legend", options->no_legend, "leave the legend out of pictures");
  sub->add_option("--title", options->title,
                  "title above the picture (default: graph name, focus and scenario)");
  return {sub, [options, sub] { return run_export(*options, *sub); }};
}

}  // namespace micgraph::cli
