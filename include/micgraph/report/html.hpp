#pragma once
/// \file report/html.hpp
/// A report an analyst can hand on (`micgraph report`): one self-contained HTML page per
/// scenario — the rules and what they hit, products by capacity lost, losses by country and
/// category, the explanation chains of the most-hit products down to the cut edges and rules,
/// the focused Graphviz picture, the timeline, Monte Carlo bands, the source views side by
/// side, single points of failure, pairs and concentration, and the evidence cited on the
/// explained chains. The page makes no network request: styles, scripts and pictures are
/// inline, and only the cited sources are links. It is a formatter over the other reports'
/// results: make_html_report runs the analyses, to_html only writes.
///
/// Large graphs: only the top rows of each table, at most `max_focus_nodes` nodes in the
/// picture and bounded explanations go into the page, so its size does not grow with the
/// graph. Implemented in lib/report/html.cpp (micgraph::report).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "micgraph/analysis/chokepoints.hpp"
#include "micgraph/analysis/structure.hpp"
#include "micgraph/analysis/uncertainty.hpp"
#include "micgraph/graph.hpp"
#include "micgraph/report/impact.hpp"
#include "micgraph/report/timeline.hpp"
#include "micgraph/scenario.hpp"

namespace micgraph {

/// The most nodes the focused picture of a report draws, whatever the options ask.
inline constexpr std::size_t html_max_focus_nodes = 2000;

struct html_report_options {
  /// The targets of the single points of failure and pairs; empty: the explained products.
  std::vector<node_index> targets;
  /// The timeline over this many months (0: none), of the products on the chart; its other
  /// settings (mean life of unserviced machines, ramp of substitutes) from `timeline`, whose
  /// `months` and `record` are replaced.
  std::size_t months = 0;
  timeline_options timeline;
  /// Monte Carlo draws over confidence and enforcement ranges (0: none), for the listed
  /// products.
  std::size_t samples = 0;
  std::uint64_t seed = 1;
  unsigned threads = 0;
  /// Source views run side by side (one propagation each); empty: none.
  std::vector<std::string> views;
  /// Rows of the product table (and of the Monte Carlo and views tables).
  std::size_t top = 50;
  /// Products whose loss is explained (the most hit), and the nodes each explanation expands.
  std::size_t explained = 5;
  std::size_t explanation_nodes = 150;
  /// Lines of the timeline chart (the most-hit products).
  std::size_t timeline_products = 8;
  /// Bars of each bar chart and rows of the concentration, pairs and evidence tables.
  std::size_t rows = 15;
  std::size_t max_pairs = 1000;
  std::size_t evidence_rows = 200;
  /// Nodes of the focused picture: the explained chains and the sources of their cut edges,
  /// first reached first (clamped to html_max_focus_nodes; 0: no picture).
  std::size_t focus_nodes = 120;
  /// How the page names the graph and the scenario (e.g. their files) when they have no name.
  std::string graph_label;
  std::string scenario_label;
  /// Called with (samples done, samples) by the Monte Carlo draws; may be empty.
  std::function<void(std::size_t, std::size_t)> progress;
};

/// Everything the page shows; the results cover the whole graph, the page their top rows.
struct html_report {
  const graph* g = nullptr;
  html_report_options options;  ///< as given, minus the progress callback
  /// Impact, with the explanations of the most-hit products (`impact.explained`).
  impact_report impact;
  std::vector<node_index> targets;
  single_points_result single_points;
  pairs_result pairs;
  std::vector<category_concentration> concentration;
  std::optional<timeline_report> timeline;
  std::optional<monte_carlo_result> monte_carlo;  ///< the top products recorded
  std::optional<views_report> views;
  /// The nodes of the focused picture, at most focus_nodes.
  std::vector<node_index> focus;
};

/// Runs the analyses the page shows, under the scenario's evidence filters: impact with its
/// attributions, the explanations of the `explained` most-hit products, single points and
/// pairs (at most max_pairs) of the targets, concentration, and the timeline, Monte Carlo
/// draws and views when asked. Throws scenario_error for a view no edge carries (naming
/// `views`). Cost: impact's, plus the single points and pairs over the targets' upstream
/// cone, one concentration pass O(n + m), and samples x one propagation, months x the
/// timeline's step, one propagation per view.
html_report make_html_report(const graph& g, compiled_scenario scenario,
                             html_report_options options = {});

/// The page: one HTML document with inline CSS, JavaScript (sorting, collapsing, hover) and
/// SVG (bar charts, bands, the timeline and the Graphviz picture), a print stylesheet for A4.
/// Every text from the data is escaped; the only URLs are the cited sources (http and https
/// only) as links. The Graphviz layout of the picture is its largest cost (roughly quadratic
/// in focus_nodes); when Graphviz cannot draw it the page says why instead.
std::string to_html(const html_report& report);

namespace detail {

/// Text for HTML content and attribute values: `&`, `<`, `>`, `"` and `'` escaped, invalid
/// UTF-8 replaced by U+FFFD.
std::string html_escape(std::string_view text);

/// Cited sources as HTML: the text escaped, every `http://` or `https://` URL in it a link.
std::string html_linked(std::string_view text);

}  // namespace detail

}  // namespace micgraph
