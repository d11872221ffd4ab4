#pragma once
/// \file io/attributes.hpp
/// Typed values read out of the graph's free-form attributes (`attrs`, JSON objects kept as
/// text), for the analyses that take them as options. The analyses themselves never parse
/// attributes. Implemented in lib/io/attributes.cpp (micgraph::io).

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "micgraph/analysis/timeline.hpp"
#include "micgraph/graph.hpp"

namespace micgraph::io {

/// Fills options.edge_mean_life_months from the `mean_life_months` attributes of `services`
/// edges and options.edge_ramp_months from the `ramp_months` attributes of edges with a lead
/// time (other edges' values are not read). Throws parse_error naming the edge (`edge A -> B`)
/// and the field when a value is not a finite number >= 0. O(m) plus the attributes that
/// mention either name.
void read_timeline_attributes(const graph& g, timeline_options& options);

/// The cost of cutting each node, for cheapest_cut: the numeric attribute `attribute` (1 where
/// a node lacks it, or for every node when `attribute` is empty), +infinity for nodes outside
/// `cuttable` (empty: every node may be cut). Every cuttable node's value is checked, so a bad
/// one is reported wherever it is: parse_error naming the node and `attrs.NAME` unless it is a
/// finite number > 0. A warning counting the cuttable nodes that lack it is appended.
std::vector<double> read_cut_costs(const graph& g, std::string_view attribute,
                                   std::span<const std::uint8_t> cuttable,
                                   std::vector<std::string>& warnings);

}  // namespace micgraph::io
