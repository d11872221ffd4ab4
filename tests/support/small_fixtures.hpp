#pragma once
// Small hand-made supply chains from the seeds that several analyses check (single points of
// failure, cheapest cuts): a toolmaker cycle that cannot lift itself, and a drone whose second
// FPGA channel rests on weak evidence.

#include <micgraph/builder.hpp>

namespace micgraph::testing {

/// A domestic lathe plant makes lathes on its own lathes; lathes imported by a German dealer
/// ("de-importer") got it started. The lathes tool the artillery "shell". Without the importer
/// the plant-lathe cycle cannot lift itself.
inline graph shell_toolmaker_cycle() {
  graph_builder b;
  b.add_node("de-importer", {.kind = node_kind::firm, .country = "DE"});
  b.add_node("lathes", {.kind = node_kind::machine_tool});
  b.add_node("lathe-plant", {.kind = node_kind::facility, .country = "RU"});
  b.add_node("shell", {.kind = node_kind::product, .country = "RU"});
  b.add_edge("de-importer", "lathes", {.kind = edge_kind::supplies});
  b.add_edge("lathe-plant", "lathes", {.kind = edge_kind::produces});
  b.add_edge("lathes", "lathe-plant", {.kind = edge_kind::tooling});
  b.add_edge("lathes", "shell", {.kind = edge_kind::tooling});
  return b.freeze();
}

/// A "drone" needs an "fpga" made by a US maker ("us-fpga-maker") or, by a low-confidence
/// report (confidence 0.3), supplied by a Hong Kong distributor ("hk-distributor").
inline graph drone_with_weak_fpga_channel() {
  graph_builder b;
  b.add_node("us-fpga-maker", {.kind = node_kind::firm, .country = "US"});
  b.add_node("hk-distributor", {.kind = node_kind::firm, .country = "HK"});
  b.add_node("fpga", {.kind = node_kind::component});
  b.add_node("drone", {.kind = node_kind::product, .country = "RU"});
  b.add_edge("us-fpga-maker", "fpga", {.kind = edge_kind::produces});
  b.add_edge("hk-distributor", "fpga", {.kind = edge_kind::supplies, .confidence = 0.3});
  b.add_edge("fpga", "drone", {.kind = edge_kind::component_of});
  return b.freeze();
}

}  // namespace micgraph::testing
