// A program that uses micgraph's header-only core alone: it builds a graph in code, compiles a
// scenario against it and runs an impact. No file I/O, no compiled library.

#include <cstdio>
#include <micgraph/analysis/impact.hpp>
#include <micgraph/builder.hpp>
#include <micgraph/scenario.hpp>

int main() {
  using namespace micgraph;
  // A missile plant machines airframes on German (share 0.8) or Chinese (share 0.5, quality
  // 0.4) 5-axis centres; the German centres are banned at 90% enforcement.
  graph_builder builder;
  builder.add_node("de-5axis", {.kind = node_kind::machine_tool, .country = "DE"});
  builder.add_node("cn-5axis", {.kind = node_kind::machine_tool, .country = "CN"});
  builder.add_node("plant", {.kind = node_kind::facility, .country = "RU"});
  builder.add_node("missile", {.kind = node_kind::product, .country = "RU"});
  builder.add_edge("de-5axis", "plant",
                   {.kind = edge_kind::tooling, .input = "machining", .share = 0.8});
  builder.add_edge("cn-5axis", "plant",
                   {.kind = edge_kind::tooling, .input = "machining", .share = 0.5, .quality = 0.4});
  builder.add_edge("plant", "missile", {.kind = edge_kind::produces});
  graph g = builder.freeze();
  scenario ban{.name = "ban on German 5-axis centres",
               .rules = {{.select = scenario_rule::selection::edges,
                          .from = {.countries = {"DE"}},
                          .enforcement = 0.9}}};
  try {
    impact_result result = impact(g, compile(g, ban));
    const node_index missile = g.find("missile");
    std::printf("core consumer: missile %.2f -> %.2f\n", result.baseline[missile],
                result.capacity[missile]);
    return result.capacity[missile] > 0.279 && result.capacity[missile] < 0.281 ? 0 : 1;
  } catch (const error& e) {
    std::fprintf(stderr, "core consumer: %s\n", e.what());
    return 2;
  }
}
