#pragma once
/// \file render/dot.hpp
/// Graphviz (DESIGN §4): DOT written through cgraph, SVG/PNG/PDF rendered through gvc. Nodes are
/// named by their id and labelled with name, kind and country; each node kind has a shape and
/// a fill colour, each edge kind a line style; nodes can be clustered by country; a legend
/// explains what is drawn. Every field of every node and edge is kept as a DOT attribute of the
/// same name (`tags` and `sources` joined by `;`, `attrs` as JSON text, the graph's metadata as
/// the graph attribute `metadata`; quotes inside JSON strings are written `\u0022`, which DOT
/// can hold), so a DOT file loses nothing. An export_view adds a scenario's
/// losses (fill from white to dark red by the fraction of baseline capacity lost), its cuts (red
/// dashed edges whose tooltip names the rule) and single points of failure (thick border).
/// Implemented in lib/render/dot.cpp (micgraph::io, linking Graphviz's libcgraph and libgvc).
///
/// Graphviz keeps global state: calls are serialised by a lock inside the library. Graphviz's
/// own messages are captured, never printed; a failure throws micgraph::error with them.

#include <filesystem>
#include <iosfwd>
#include <string>
#include <string_view>

#include "micgraph/graph.hpp"
#include "micgraph/io/export.hpp"

namespace micgraph::io {

struct dot_options {
  /// Put the nodes of each country in a box of their own (`subgraph cluster_XX`); nodes
  /// without a country stay outside.
  bool cluster_by_country = false;
  /// Draw a legend of the node kinds, edge kinds and highlights the picture uses (its nodes and
  /// edges carry the attribute `legend=true`).
  bool legend = true;
  /// A title drawn above the picture; empty: none.
  std::string title;
};

/// Writes the view of a graph as DOT text through cgraph. Throws micgraph::error when a string
/// cannot survive Graphviz's DOT reader (see dot_representable) or a `tags`/`sources` item
/// contains `;`, naming the element and suggesting GraphML or JSON. O(n + m) for the view.
void write_dot(const graph& g, std::ostream& out, const export_view& view = {},
               const dot_options& options = {});

/// Writes DOT to a file; throws micgraph::error when the file cannot be written.
void write_dot(const graph& g, const std::filesystem::path& path, const export_view& view = {},
               const dot_options& options = {});

/// The file formats gvc renders to.
enum class image_format { svg, png, pdf };

/// The format's name as Graphviz and file extensions spell it (`svg`, `png`, `pdf`).
std::string_view to_string(image_format format);

struct render_options {
  image_format format = image_format::svg;
  /// A Graphviz layout engine: `dot` (layered, the default), `sfdp` (force-directed, for large
  /// sets), `neato`, `fdp`, `circo`, `twopi`.
  std::string layout = "dot";
  dot_options drawing;
};

/// Lays the view out and renders it through gvc; returns the bytes of the image. Throws
/// micgraph::error when Graphviz cannot (an unknown layout engine or format, or plugins that
/// are not registered: install the `graphviz` package, whose setup runs `dot -c`). Layout cost
/// is Graphviz's: roughly quadratic in the nodes for `dot`; keep views to a few thousand nodes.
std::string render(const graph& g, const export_view& view = {}, const render_options& options = {});

/// Renders to a file; throws micgraph::error when the file cannot be written.
void render(const graph& g, const std::filesystem::path& path, const export_view& view = {},
            const render_options& options = {});

/// True when Graphviz 2.42's DOT reader gives back exactly this text from what cgraph writes:
/// false when an odd run of backslashes meets a quote, a line break or the end of the text
/// (the reader takes `\"` as a quote and `\`+newline as a continuation), or a line break sits
/// between quotes, backslashes or the ends of the text (the reader drops it there).
bool dot_representable(std::string_view text);

}  // namespace micgraph::io
