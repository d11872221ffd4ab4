#pragma once
// Hand-made cruise-missile supply chains from the seeds (machine tools and their servicing,
// FPGAs and guidance chips through alternative makers and distributors), for hand cases of the
// analyses. Each test states the numbers it expects from them.

#include <initializer_list>
#include <micgraph/builder.hpp>
#include <tuple>

namespace micgraph::testing {

/// A Russian missile plant runs imported 5-axis machining centres (two alternative makers) that
/// need controller software support from one vendor; the missile needs FPGAs that two suppliers
/// can each deliver in part (share 0.6 each). Target: "cruise-missile".
inline graph missile_with_one_software_vendor() {
  graph_builder b;
  b.add_node("de-machine-maker", {.kind = node_kind::firm, .country = "DE"});
  b.add_node("jp-machine-maker", {.kind = node_kind::firm, .country = "JP"});
  b.add_node("5-axis-centre", {.kind = node_kind::machine_tool, .category = "machine_tool/5-axis"});
  b.add_node("controller-vendor", {.kind = node_kind::firm, .country = "DE"});
  b.add_node("controller-software",
             {.kind = node_kind::service, .country = "DE", .category = "service/cnc-software"});
  b.add_node("us-fpga-maker", {.kind = node_kind::firm, .country = "US"});
  b.add_node("hk-distributor", {.kind = node_kind::firm, .country = "HK"});
  b.add_node("fpga", {.kind = node_kind::component, .category = "microelectronics/fpga"});
  b.add_node("missile-plant", {.kind = node_kind::facility, .country = "RU"});
  b.add_node("cruise-missile", {.kind = node_kind::product, .country = "RU"});
  b.add_edge("de-machine-maker", "5-axis-centre", {.kind = edge_kind::produces});
  b.add_edge("jp-machine-maker", "5-axis-centre", {.kind = edge_kind::produces});
  b.add_edge("controller-vendor", "controller-software", {.kind = edge_kind::produces});
  b.add_edge("controller-software", "5-axis-centre", {.kind = edge_kind::services});
  b.add_edge("5-axis-centre", "missile-plant", {.kind = edge_kind::tooling});
  b.add_edge("us-fpga-maker", "fpga", {.kind = edge_kind::produces, .share = 0.6});
  b.add_edge("hk-distributor", "fpga", {.kind = edge_kind::supplies, .share = 0.6});
  b.add_edge("fpga", "cruise-missile", {.kind = edge_kind::component_of});
  b.add_edge("missile-plant", "cruise-missile", {.kind = edge_kind::produces});
  return b.freeze();
}

/// The cruise-missile chain of the seeds: the plant machines airframes on German (share 0.6) or
/// Japanese (share 0.4) 5-axis centres, each needing its maker's servicing; guidance needs an
/// FPGA from one US maker, and the plant an import channel served by a Hong Kong distributor
/// (share 0.7) or a Shenzhen one (share 0.5). Target: "missile".
inline graph missile_with_machining_shares() {
  graph_builder b;
  for (auto [id, kind, country] :
       std::initializer_list<std::tuple<const char*, node_kind, const char*>>{
           {"de-maker", node_kind::firm, "DE"},        {"jp-maker", node_kind::firm, "JP"},
           {"de-5axis", node_kind::machine_tool, "DE"}, {"jp-5axis", node_kind::machine_tool, "JP"},
           {"de-service", node_kind::service, "DE"},   {"jp-service", node_kind::service, "JP"},
           {"plant", node_kind::facility, "RU"},       {"us-maker", node_kind::firm, "US"},
           {"fpga", node_kind::component, "US"},       {"hk-distributor", node_kind::firm, "HK"},
           {"sz-distributor", node_kind::firm, "CN"},  {"channel", node_kind::service, "RU"},
           {"missile", node_kind::product, "RU"}})
    b.add_node(id, {.kind = kind, .country = country});
  b.add_edge("de-maker", "de-5axis", {.kind = edge_kind::produces});
  b.add_edge("jp-maker", "jp-5axis", {.kind = edge_kind::produces});
  b.add_edge("de-maker", "de-service", {.kind = edge_kind::produces});
  b.add_edge("jp-maker", "jp-service", {.kind = edge_kind::produces});
  b.add_edge("de-service", "de-5axis", {.kind = edge_kind::services});
  b.add_edge("jp-service", "jp-5axis", {.kind = edge_kind::services});
  b.add_edge("de-5axis", "plant", {.kind = edge_kind::tooling, .input = "machining", .share = 0.6});
  b.add_edge("jp-5axis", "plant", {.kind = edge_kind::tooling, .input = "machining", .share = 0.4});
  b.add_edge("us-maker", "fpga", {.kind = edge_kind::produces});
  b.add_edge("hk-distributor", "channel", {.kind = edge_kind::supplies, .share = 0.7});
  b.add_edge("sz-distributor", "channel", {.kind = edge_kind::supplies, .share = 0.5});
  b.add_edge("fpga", "plant", {.kind = edge_kind::component_of});
  b.add_edge("channel", "plant", {.kind = edge_kind::services});
  b.add_edge("plant", "missile", {.kind = edge_kind::produces});
  return b.freeze();
}

/// A cruise missile needs a machined airframe and a guidance chip. The airframe comes from a
/// plant that needs 5-axis machining centres, from a German or a Japanese maker (alternatives);
/// each maker's machines need that maker's controller software support. The guidance chip comes
/// from either of two chip makers. Target: "cruise-missile".
inline graph missile_with_airframe_and_guidance_chip() {
  graph_builder b;
  b.add_node("de-cnc-maker", {.kind = node_kind::firm, .country = "DE"});
  b.add_node("jp-cnc-maker", {.kind = node_kind::firm, .country = "JP"});
  b.add_node("de-controller-support",
             {.kind = node_kind::service, .country = "DE", .category = "service/cnc-software"});
  b.add_node("jp-controller-support",
             {.kind = node_kind::service, .country = "JP", .category = "service/cnc-software"});
  b.add_node("de-5-axis", {.kind = node_kind::machine_tool, .category = "machine_tool/5-axis"});
  b.add_node("jp-5-axis", {.kind = node_kind::machine_tool, .category = "machine_tool/5-axis"});
  b.add_node("airframe-plant", {.kind = node_kind::facility, .country = "RU"});
  b.add_node("machined-airframe", {.kind = node_kind::component, .country = "RU"});
  b.add_node("us-chip-maker", {.kind = node_kind::firm, .country = "US"});
  b.add_node("tw-chip-maker", {.kind = node_kind::firm, .country = "TW"});
  b.add_node("guidance-chip", {.kind = node_kind::component, .category = "microelectronics/mcu"});
  b.add_node("cruise-missile", {.kind = node_kind::product, .country = "RU"});
  b.add_edge("de-cnc-maker", "de-5-axis", {.kind = edge_kind::produces});
  b.add_edge("de-controller-support", "de-5-axis", {.kind = edge_kind::services});
  b.add_edge("jp-cnc-maker", "jp-5-axis", {.kind = edge_kind::produces});
  b.add_edge("jp-controller-support", "jp-5-axis", {.kind = edge_kind::services});
  b.add_edge("de-5-axis", "airframe-plant", {.kind = edge_kind::tooling, .input = "5-axis"});
  b.add_edge("jp-5-axis", "airframe-plant", {.kind = edge_kind::tooling, .input = "5-axis"});
  b.add_edge("airframe-plant", "machined-airframe", {.kind = edge_kind::produces});
  b.add_edge("us-chip-maker", "guidance-chip", {.kind = edge_kind::produces});
  b.add_edge("tw-chip-maker", "guidance-chip", {.kind = edge_kind::produces});
  b.add_edge("machined-airframe", "cruise-missile", {.kind = edge_kind::component_of});
  b.add_edge("guidance-chip", "cruise-missile", {.kind = edge_kind::component_of});
  return b.freeze();
}

}  // namespace micgraph::testing
