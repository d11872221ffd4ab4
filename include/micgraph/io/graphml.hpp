#pragma once
/// \file io/graphml.hpp
/// GraphML for Gephi, yEd and Cytoscape (DESIGN §4), written with Boost's `write_graphml` and
/// dynamic properties: one typed key per field of the model (`id`, `kind`, `name`, `country`,
/// `category`, `tags`, `capacity`, `stock_months`, `attrs` on nodes, plus `label` = name or id
/// for the tools that look for it; `kind`, `input`, `share`, `quality`, `confidence`, `view`,
/// `sources`, `lead_time_months`, `start_date`, `end_date`, `attrs` on edges; `metadata` on the
/// graph). Numbers are written with the shortest text that reads back exactly; an absent
/// `lead_time_months` is `NaN`, an absent date empty (dates as ISO 8601 `YYYY-MM-DD`); `tags`
/// and `sources` are joined by `;`; `attrs` and `metadata` are JSON text.
/// With an export_view's results, nodes also get `capacity_baseline`, `capacity_scenario`,
/// `capacity_loss`, `cut_by`, `single_point_of`, edges `present`, `cut_by` and `flow_kept`.
/// GraphML node ids are `n0`, `n1`, ... in export order; the stable id is the `id` key.
/// Implemented in lib/io/graphml.cpp (micgraph::io).

#include <filesystem>
#include <iosfwd>

#include "micgraph/graph.hpp"
#include "micgraph/io/export.hpp"

namespace micgraph::io {

/// Writes the view of a graph as GraphML. Throws micgraph::error when a `tags` or `sources`
/// item contains `;`, the list separator (write JSON instead). O(n + m) for the view.
void write_graphml(const graph& g, std::ostream& out, const export_view& view = {});

/// Writes GraphML to a file; throws micgraph::error when the file cannot be written.
void write_graphml(const graph& g, const std::filesystem::path& path, const export_view& view = {});

}  // namespace micgraph::io
