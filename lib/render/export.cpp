#include "micgraph/render/export.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <ostream>

#include "micgraph/detail/text.hpp"
#include "micgraph/io/graphml.hpp"
#include "micgraph/io/json.hpp"
#include "micgraph/selection.hpp"
#include "micgraph/subgraph.hpp"

namespace micgraph::io {

namespace {

constexpr std::string_view format_names[] = {"dot",     "svg",  "png",     "pdf",
                                             "graphml", "json", "open-psa"};

}  // namespace

std::string_view to_string(export_format format) {
  return format_names[static_cast<std::size_t>(format)];
}

std::optional<export_format> parse_export_format(std::string_view name) {
  for (std::size_t i = 0; i < std::size(format_names); ++i)
    if (name == format_names[i]) return static_cast<export_format>(i);
  return std::nullopt;
}

std::optional<export_format> export_format_of_path(std::string_view path) {
  std::string extension = std::filesystem::path(path).extension().string();
  if (!extension.empty()) extension.erase(0, 1);
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (extension == "gv") extension = "dot";
  if (extension == "xml") extension = "open-psa";
  return parse_export_format(extension);
}

bool is_picture(export_format format) {
  return format != export_format::graphml && format != export_format::json &&
         format != export_format::open_psa;
}

export_format choose_export_format(std::string_view name, std::string_view output,
                                   const std::string& element) {
  if (name.empty()) {
    if (std::optional<export_format> format = export_format_of_path(output)) return *format;
    throw parse_error({.element = element},
                      "not given, and the output name '" + std::string(output) +
                          "' does not end in .dot, .gv, .svg, .png, .pdf, .graphml, .json or .xml");
  }
  if (std::optional<export_format> format = parse_export_format(name)) return *format;
  throw parse_error({.element = element}, "unknown format '" + std::string(name) +
                                              "' (expected dot, svg, png, pdf, graphml, json or "
                                              "open-psa)");
}

std::span<const std::string_view> layout_engines() {
  static constexpr std::string_view engines[] = {"dot", "sfdp", "neato", "fdp", "circo", "twopi"};
  return engines;
}

void check_layout(std::string_view layout, const std::string& element) {
  const auto engines = layout_engines();
  if (std::find(engines.begin(), engines.end(), layout) == engines.end())
    throw parse_error({.element = element}, "unknown layout engine '" + std::string(layout) +
                                                "' (expected dot, sfdp, neato, fdp, circo or "
                                                "twopi)");
}

void check_picture_size(const export_plan& plan, export_format format, std::size_t max_nodes,
                        const std::string& element) {
  if (is_picture(format) && plan.node_count > max_nodes)
    throw parse_error({.element = element},
                      fmt::format("{} nodes to draw, more than {} {}: pick a readable part with "
                                  "--focus ID --depth N (or raise {}, or export GraphML for "
                                  "Gephi)",
                                  plan.node_count, element, max_nodes, element));
}

std::string graph_name(const graph& g) {
  if (g.metadata().empty()) return {};
  nlohmann::json metadata = nlohmann::json::parse(g.metadata(), nullptr, false);
  if (metadata.is_object() && metadata.contains("name") && metadata["name"].is_string())
    return metadata["name"].get<std::string>();
  return {};
}

export_view export_plan::view() const {
  return {.nodes = nodes,
          .focus = focus,
          .scenario = scenario,
          .baseline = losses.baseline,
          .capacity = losses.capacity,
          .single_points = single_points.targets};
}

export_plan select_export(const graph& g, const export_options& options) {
  export_plan plan{.focus = options.focus, .scenario = options.scenario};
  if (!plan.focus.empty())
    plan.nodes = neighbourhood(g, plan.focus,
                               {.depth = options.depth,
                                .upstream = options.upstream || !options.downstream,
                                .downstream = options.downstream});
  plan.node_count = plan.focus.empty() ? g.node_count() : plan.nodes.size();
  if (plan.focus.empty()) {
    plan.edge_count = g.edge_count();
  } else {
    std::vector<std::uint8_t> kept(g.node_count(), 0);
    for (node_index v : plan.nodes) kept[v] = 1;
    for (node_index v : plan.nodes)
      for (edge_index e : g.out_edges(v)) plan.edge_count += kept[g.edge_targets()[e]];
  }
  if (options.title) {
    plan.title = *options.title;
    return plan;
  }
  if (plan.focus.empty()) {
    plan.title = graph_name(g);
  } else {
    std::vector<std::string> names;
    for (node_index v : plan.focus)
      names.emplace_back(g.node(v).name().empty() ? g.node(v).id() : g.node(v).name());
    plan.title = std::string(options.downstream && !options.upstream ? "What depends on "
                             : options.downstream                    ? "Around "
                                                                     : "Supply of ") +
                 detail::join(names);
    if (options.depth != std::numeric_limits<std::size_t>::max())
      plan.title += fmt::format(" (depth {})", options.depth);
  }
  if (options.scenario != nullptr)
    plan.title += (plan.title.empty() ? "" : "\n") + std::string("under ") +
                  (options.scenario->definition().name.empty()
                       ? options.scenario_label
                       : options.scenario->definition().name);
  return plan;
}

void mark_export(const graph& g, export_plan& plan, const export_options& options) {
  plan.scenario = options.scenario;
  if (options.scenario != nullptr) plan.losses = impact(g, *options.scenario, {.attribute = false});
  if (!options.chokepoints) return;
  std::vector<node_index> targets;
  if (!plan.focus.empty() && (options.upstream || !options.downstream)) {
    targets = plan.focus;
  } else {
    for (node_index v : plan.focus.empty() ? product_nodes(g) : plan.nodes)
      if (g.node(v).kind() == node_kind::product) targets.push_back(v);
  }
  single_points_options spof;
  if (options.scenario != nullptr)
    spof.edge_present = [&](edge_index e) { return options.scenario->edge_present(e); };
  plan.single_points = single_points(g, targets, spof);
}

export_plan make_export_plan(const graph& g, const export_options& options) {
  export_plan plan = select_export(g, options);
  mark_export(g, plan, options);
  return plan;
}

void write_export(const graph& g, const export_plan& plan, export_format format, std::ostream& out,
                  const std::string& layout, dot_options drawing) {
  drawing.title = plan.title;
  const export_view view = plan.view();
  switch (format) {
    case export_format::dot:
      write_dot(g, out, view, drawing);
      break;
    case export_format::svg:
    case export_format::png:
    case export_format::pdf: {
      const image_format image = format == export_format::svg   ? image_format::svg
                                 : format == export_format::png ? image_format::png
                                                                : image_format::pdf;
      std::string bytes = render(g, view, {.format = image, .layout = layout, .drawing = drawing});
      out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      break;
    }
    case export_format::graphml:
      write_graphml(g, out, view);
      break;
    case export_format::json:
      if (plan.focus.empty())
        write_json(g, out);
      else
        write_json(make_induced_subgraph(g, plan.nodes).graph, out);
      break;
    case export_format::open_psa:
      throw error("an Open-PSA fault tree is written by write_open_psa_export, not from a plan");
  }
}

open_psa_export write_open_psa_export(const graph& g, const export_options& options,
                                      std::ostream& out, std::vector<std::string>& warnings) {
  if (options.focus.size() != 1)
    throw parse_error({.element = "focus"},
                      fmt::format("an Open-PSA fault tree is the cone of one target: give exactly "
                                  "one focus node (got {})",
                                  options.focus.size()));
  std::vector<std::uint8_t> cuttable;
  if (options.cuttable) cuttable = node_mask(g, *options.cuttable, warnings);
  open_psa_export_options tree;
  if (options.scenario) {
    for (const std::string& w : options.scenario->warnings()) warnings.push_back(w);
    tree.edge_present = [&](edge_index e) { return options.scenario->edge_present(e); };
  }
  if (!cuttable.empty()) tree.cuttable = [&](node_index v) { return cuttable[v] != 0; };
  return write_open_psa(out, g, options.focus.front(), tree);
}

}  // namespace micgraph::io
