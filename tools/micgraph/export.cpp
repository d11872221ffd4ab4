// micgraph export FILE --format dot|svg|png|pdf|graphml|json -o OUT [--scenario S] [--chokepoints]
//   [--focus ID --depth N] [--downstream] [--cluster-by-country] [--max-nodes N] [--layout L]

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <memory>
#include <micgraph/analysis/chokepoints.hpp>
#include <micgraph/analysis/impact.hpp>
#include <micgraph/render/dot.hpp>
#include <micgraph/io/graphml.hpp>
#include <micgraph/io/json.hpp>
#include <micgraph/io/load.hpp>
#include <micgraph/io/scenario.hpp>
#include <micgraph/subgraph.hpp>
#include <optional>
#include <sstream>

#include "command.hpp"

namespace micgraph::cli {

namespace {

constexpr std::size_t unlimited = std::numeric_limits<std::size_t>::max();

struct export_command_options {
  std::string file;
  std::string format;
  std::string output;
  std::string scenario_file;
  bool chokepoints = false;
  std::vector<std::string> focus;
  std::size_t depth = unlimited;
  bool upstream = false;
  bool downstream = false;
  bool cluster_by_country = false;
  std::size_t max_nodes = 2000;
  std::string layout = "dot";
  bool no_legend = false;
  std::string title;
  bool title_given = false;
};

enum class export_format { dot, svg, png, pdf, graphml, json };
constexpr std::string_view format_names[] = {"dot", "svg", "png", "pdf", "graphml", "json"};
constexpr std::string_view layouts[] = {"dot", "sfdp", "neato", "fdp", "circo", "twopi"};

/// The format named by --format, or by the output's extension when --format is not given.
export_format resolve_format(const export_command_options& options) {
  std::string name = options.format;
  if (name.empty()) {
    std::string extension = std::filesystem::path(options.output).extension().string();
    if (!extension.empty()) extension.erase(0, 1);
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (extension == "gv") extension = "dot";
    for (std::string_view known : format_names)
      if (extension == known) name = extension;
    if (name.empty())
      throw parse_error({.element = "--format"},
                        "not given, and the output name '" + options.output +
                            "' does not end in .dot, .gv, .svg, .png, .pdf, .graphml or .json");
  }
  for (std::size_t i = 0; i < std::size(format_names); ++i)
    if (name == format_names[i]) return static_cast<export_format>(i);
  throw parse_error({.element = "--format"},
                    "unknown format '" + name + "' (expected dot, svg, png, pdf, graphml or json)");
}

bool is_picture(export_format format) {
  return format != export_format::graphml && format != export_format::json;
}

/// The graph's name from its metadata (`{"name": ...}`), or empty.
std::string graph_name(const graph& g) {
  if (g.metadata().empty()) return {};
  nlohmann::json metadata = nlohmann::json::parse(g.metadata(), nullptr, false);
  if (metadata.is_object() && metadata.contains("name") && metadata["name"].is_string())
    return metadata["name"].get<std::string>();
  return {};
}

/// Writes the bytes to OUT, or to stdout for `-`; an unwritable output is bad input.
class output_file {
 public:
  explicit output_file(const std::string& path) : path_(path) {
    if (path_ == "-") return;
    file_.open(path_, std::ios::binary | std::ios::trunc);
    if (!file_) fail();
  }
  std::ostream& stream() { return path_ == "-" ? std::cout : file_; }
  output_file(const output_file&) = delete;
  output_file& operator=(const output_file&) = delete;
  /// A file left unfinished by an error is removed.
  ~output_file() {
    if (closed_ || path_ == "-") return;
    file_.close();
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  void close() {
    stream().flush();
    if (!stream()) fail();
    if (path_ != "-") file_.close();
    closed_ = true;
  }

 private:
  [[noreturn]] void fail() const {
    throw parse_error({.file = path_, .element = "--output"},
                      std::string("cannot write: ") +
                          (errno != 0 ? std::strerror(errno) : "the stream failed"));
  }
  std::string path_;
  std::ofstream file_;
  bool closed_ = false;
};

}  // namespace

command add_export(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "export",
      "Pictures and interchange: DOT, SVG, PNG or PDF through Graphviz, GraphML for Gephi, yEd "
      "and Cytoscape, or node-link JSON of a subset; a scenario's losses and cuts and the "
      "single points of failure highlighted");
  auto options = std::make_shared<export_command_options>();
  sub->add_option("FILE", options->file, "graph: a .json file, or a CSV directory / nodes.csv")
      ->required();
  sub->add_option("--format", options->format,
                  "dot, svg, png, pdf, graphml or json (default: from the output's extension)");
  sub->add_option("-o,--output", options->output, "output file, or - for stdout")->required();
  sub->add_option("-s,--scenario", options->scenario_file,
                  "scenario file: shade nodes by the capacity they lose, draw cut edges red and "
                  "dashed with the rule in the tooltip");
  sub->add_flag("--chokepoints", options->chokepoints,
                "draw the single points of failure of the --focus nodes (with --downstream "
                "alone: of the products shown; without --focus: of every product) with a thick "
                "border");
  sub->add_option("--focus", options->focus,
                  "export the neighbourhood of these node ids only (comma-separated or repeated)")
      ->delimiter(',');
  sub->add_option("--depth", options->depth,
                  "dependency edges walked from the --focus nodes (default: the whole cone)");
  sub->add_flag("--upstream", options->upstream,
                "with --focus: what the focus nodes need (the default; with --downstream: both)");
  sub->add_flag("--downstream", options->downstream,
                "with --focus: what needs the focus nodes instead (add --upstream for both)");
  sub->add_flag("--cluster-by-country", options->cluster_by_country,
                "draw the nodes of each country in a box of their own");
  sub->add_option("--max-nodes", options->max_nodes,
                  "refuse to draw more nodes than this (dot, svg, png, pdf)")
      ->capture_default_str();
  sub->add_option("--layout", options->layout,
                  "Graphviz layout engine: dot, sfdp (large sets), neato, fdp, circo, twopi")
      ->capture_default_str();
  sub->add_flag("--no-legend", options->no_legend, "leave the legend out of pictures");
  sub->add_option("--title", options->title,
                  "title above the picture (default: graph name, focus and scenario)");

  return {sub, [options, sub]() -> int {
            const export_format format = resolve_format(*options);
            if (std::find(std::begin(layouts), std::end(layouts), options->layout) ==
                std::end(layouts))
              throw parse_error({.element = "--layout"},
                                "unknown layout engine '" + options->layout +
                                    "' (expected dot, sfdp, neato, fdp, circo or twopi)");
            if (options->focus.empty()) {
              for (const char* option : {"--depth", "--upstream", "--downstream"})
                if (sub->count(option) > 0)
                  throw parse_error({.element = option}, "needs --focus ID");
            }

            graph g = load_graph_file(options->file);
            std::vector<node_index> focus = resolve_ids(g, options->focus, options->file, "--focus");

            // The nodes exported.
            std::vector<node_index> nodes;
            if (!focus.empty()) {
              neighbourhood_options walk{.depth = options->depth,
                                         .upstream = options->upstream || !options->downstream,
                                         .downstream = options->downstream};
              nodes = neighbourhood(g, focus, walk);
            }
            const std::size_t shown = focus.empty() ? g.node_count() : nodes.size();
            if (is_picture(format) && shown > options->max_nodes)
              throw parse_error(
                  {.element = "--max-nodes"},
                  fmt::format("{} nodes to draw, more than --max-nodes {}: pick a readable part "
                              "with --focus ID --depth N (or raise --max-nodes, or export "
                              "GraphML for Gephi)",
                              shown, options->max_nodes));

            // Highlights, computed on the whole graph.
            std::optional<compiled_scenario> cuts;
            impact_result losses;
            if (!options->scenario_file.empty()) {
              scenario definition = io::read_scenario(options->scenario_file);
              cuts = compile_scenario_file(g, definition, options->scenario_file);
              losses = impact(g, *cuts, {.attribute = false});
            }
            single_points_result points;
            if (options->chokepoints) {
              std::vector<node_index> targets;
              if (!focus.empty() && (options->upstream || !options->downstream)) {
                targets = focus;
              } else {
                for (node_index v : focus.empty() ? std::vector<node_index>(g.nodes().begin(),
                                                                            g.nodes().end())
                                                  : nodes)
                  if (g.node(v).kind() == node_kind::product) targets.push_back(v);
              }
              single_points_options spof;
              if (cuts) spof.edge_present = [&](edge_index e) { return cuts->edge_present(e); };
              points = single_points(g, targets, spof);
            }
            io::export_view view{.nodes = nodes,
                                 .focus = focus,
                                 .scenario = cuts ? &*cuts : nullptr,
                                 .baseline = losses.baseline,
                                 .capacity = losses.capacity,
                                 .single_points = points.targets};

            std::string title = options->title;
            if (!sub->count("--title")) {
              if (focus.empty()) {
                title = graph_name(g);
              } else {
                std::vector<std::string> names;
                for (node_index v : focus)
                  names.emplace_back(g.node(v).name().empty() ? g.node(v).id() : g.node(v).name());
                title = std::string(options->downstream && !options->upstream
                                        ? "What depends on "
                                        : options->downstream ? "Around " : "Supply of ") +
                        detail::join(names);
                if (options->depth != unlimited)
                  title += fmt::format(" (depth {})", options->depth);
              }
              if (cuts)
                title += (title.empty() ? "" : "\n") + std::string("under ") +
                         (cuts->definition().name.empty() ? options->scenario_file
                                                          : cuts->definition().name);
            }
            io::dot_options drawing{.cluster_by_country = options->cluster_by_country,
                                    .legend = !options->no_legend,
                                    .title = title};

            std::size_t edges = 0;
            if (focus.empty()) {
              edges = g.edge_count();
            } else {
              std::vector<std::uint8_t> kept(g.node_count(), 0);
              for (node_index v : nodes) kept[v] = 1;
              for (node_index v : nodes)
                for (edge_index e : g.out_edges(v)) edges += kept[g.edge_targets()[e]];
            }

            output_file out(options->output);
            switch (format) {
              case export_format::dot:
                io::write_dot(g, out.stream(), view, drawing);
                break;
              case export_format::svg:
              case export_format::png:
              case export_format::pdf: {
                const io::image_format image = format == export_format::svg   ? io::image_format::svg
                                               : format == export_format::png ? io::image_format::png
                                                                              : io::image_format::pdf;
                std::string bytes = io::render(
                    g, view, {.format = image, .layout = options->layout, .drawing = drawing});
                out.stream().write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
                break;
              }
              case export_format::graphml:
                io::write_graphml(g, out.stream(), view);
                break;
              case export_format::json:
                if (focus.empty())
                  io::write_json(g, out.stream());
                else
                  io::write_json(make_induced_subgraph(g, nodes).graph, out.stream());
                break;
            }
            out.close();
            if (options->output != "-")
              fmt::print(stderr, "wrote {} ({}): {} nodes, {} edges{}\n", options->output,
                         format_names[static_cast<std::size_t>(format)], shown, edges,
                         is_picture(format) && format != export_format::dot
                             ? ", layout " + options->layout
                             : "");
            return exit_ok;
          }};
}

}  // namespace micgraph::cli
