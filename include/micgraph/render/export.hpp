#pragma once
/// \file render/export.hpp
/// Pictures and interchange files of a graph or of a focus's neighbourhood (`micgraph
/// export`): which nodes are shown, what is highlighted (a scenario's losses and cuts, the
/// single points of failure), the title, and the writing in each format. Implemented in
/// lib/render/export.cpp (micgraph::io).

#include <cstddef>
#include <iosfwd>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "micgraph/analysis/chokepoints.hpp"
#include "micgraph/analysis/impact.hpp"
#include "micgraph/graph.hpp"
#include "micgraph/import/open_psa.hpp"
#include "micgraph/io/export.hpp"
#include "micgraph/render/dot.hpp"
#include "micgraph/scenario.hpp"
#include "micgraph/selection.hpp"

namespace micgraph::io {

/// The formats `export` writes.
/// The export formats. `open_psa` is a fault tree of one target's upstream cone (Open-PSA MEF
/// XML, import/open_psa.hpp), written by write_open_psa_export rather than from a plan.
enum class export_format { dot, svg, png, pdf, graphml, json, open_psa };

/// `dot`, `svg`, `png`, `pdf`, `graphml`, `json` or `open-psa`.
std::string_view to_string(export_format format);

/// The format of that name, or none.
std::optional<export_format> parse_export_format(std::string_view name);

/// The format an output path's extension names (`.gv` is DOT, `.xml` Open-PSA; case ignored),
/// or none.
std::optional<export_format> export_format_of_path(std::string_view path);

/// True for the formats drawn by Graphviz (DOT, SVG, PNG, PDF), whose size is limited.
bool is_picture(export_format format);

struct export_options {
  /// The subject: its neighbourhood over dependency edges is exported (empty: every node).
  std::vector<node_index> focus;
  std::size_t depth = std::numeric_limits<std::size_t>::max();
  /// With a focus: what it needs (the default, also when neither is set), what needs it, or
  /// both.
  bool upstream = false;
  bool downstream = false;
  /// Shade nodes by the capacity they lose under this scenario and mark its cuts; null: none.
  const compiled_scenario* scenario = nullptr;
  /// How a scenario without a name is called in the title (e.g. its file).
  std::string scenario_label;
  /// Mark the single points of failure of the focus (with `downstream` alone: of the products
  /// shown; without a focus: of every product), under the scenario's evidence filters.
  bool chokepoints = false;
  /// The title; not given: the graph's name, or what the focus shows, and the scenario.
  std::optional<std::string> title;
  /// Open-PSA: the nodes written as basic events (a sanction's possible cuts); the others are
  /// house events. Not given: every node.
  std::optional<named_filter> cuttable;
};

/// What an export shows, with the analyses behind its highlights run on the whole graph.
struct export_plan {
  std::vector<node_index> focus;
  std::vector<node_index> nodes;  ///< the nodes shown; empty with no focus: every node
  std::size_t node_count = 0;     ///< nodes shown
  std::size_t edge_count = 0;     ///< edges between them
  const compiled_scenario* scenario = nullptr;
  impact_result losses;  ///< with a scenario
  single_points_result single_points;
  std::string title;
  /// The view the writers take (it refers to this plan).
  export_view view() const;
};

/// What an export shows and its title, without the highlights: cheap (the neighbourhood walk),
/// so a caller can refuse a picture too large to draw before the analyses run.
export_plan select_export(const graph& g, const export_options& options);

/// Runs the analyses behind the highlights of a selected export on the whole graph: an impact
/// with a scenario, single points with chokepoints.
void mark_export(const graph& g, export_plan& plan, const export_options& options);

/// select_export, then mark_export.
export_plan make_export_plan(const graph& g, const export_options& options);

/// The format of an export: the one named, or, when `name` is empty, the one the output path's
/// extension names. Throws parse_error naming `element` for an unknown name or extension.
export_format choose_export_format(std::string_view name, std::string_view output,
                                   const std::string& element = "format");

/// The Graphviz layout engines a picture may be laid out with: dot, sfdp, neato, fdp, circo,
/// twopi.
std::span<const std::string_view> layout_engines();

/// Throws parse_error naming `element` unless `layout` is one of layout_engines().
void check_layout(std::string_view layout, const std::string& element = "layout");

/// Pictures of more nodes than this are refused unless the caller raises the limit.
inline constexpr std::size_t default_max_picture_nodes = 2000;

/// Throws parse_error naming `element` (the limit's option) when a picture format would draw
/// more than `max_nodes` nodes of the plan, with a hint to focus. Formats that are not pictures
/// pass.
void check_picture_size(const export_plan& plan, export_format format, std::size_t max_nodes,
                        const std::string& element = "max_nodes");

/// The graph's name from its metadata (`{"name": ...}`), or empty.
std::string graph_name(const graph& g);

/// Writes the plan in a format: DOT through cgraph, pictures through gvc with `layout` and
/// `drawing` (its title replaced by the plan's), GraphML, or node-link JSON of the nodes shown.
/// Throws micgraph::error when Graphviz or the stream fails.
void write_export(const graph& g, const export_plan& plan, export_format format, std::ostream& out,
                  const std::string& layout = "dot", dot_options drawing = {});

/// The fault tree of the one focus node (the target): its upstream cone as an Open-PSA MEF
/// document (io::write_open_psa) whose top gate's minimal cut sets are the target's, under the
/// scenario's evidence filters (its cuts are not applied), with the `cuttable` nodes as basic
/// events. Throws parse_error naming `focus` unless there is exactly one focus node, and
/// micgraph::error when the target is unavailable with no cuts; nothing is written then.
/// `warnings` receives the filter's (e.g. an unknown country). O(n + m) plus the unrolled
/// cycles.
open_psa_export write_open_psa_export(const graph& g, const export_options& options,
                                      std::ostream& out, std::vector<std::string>& warnings);

}  // namespace micgraph::io
