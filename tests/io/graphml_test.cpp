// GraphML: what we write reads back with Boost's read_graphml with the same counts and field
// values, and the XML itself holds every string exactly.

#include <gtest/gtest.h>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphml.hpp>
#include <boost/property_map/dynamic_property_map.hpp>
#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <cmath>
#include <filesystem>
#include <map>
#include <micgraph/analysis/chokepoints.hpp>
#include <micgraph/analysis/impact.hpp>
#include <micgraph/builder.hpp>
#include <micgraph/io/graphml.hpp>
#include <micgraph/io/json.hpp>
#include <micgraph/io/scenario.hpp>
#include <micgraph/subgraph.hpp>
#include <random>
#include <sstream>

#include "support/files.hpp"
#include "support/random_graph.hpp"
#include "support/strings.hpp"

using namespace micgraph;
using namespace micgraph::testing;

// In a namespace of its own: the unity build compiles several test files as one.
namespace io_graphml_test_cases {
namespace fs = std::filesystem;

namespace {

struct read_node {
  std::string id, label, kind, name, country, category, tags, attrs, cut_by, single_point_of;
  double capacity = -1, stock_months = -1;
  double capacity_baseline = -1, capacity_scenario = -1, capacity_loss = -1;
  int focus = -1;
};
struct read_edge {
  std::string kind, input, view, sources, attrs, cut_by, start_date, end_date;
  double share = -1, quality = -1, confidence = -1, lead_time_months = -1, flow_kept = -1;
  int present = -1;
};
using read_graph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, read_node, read_edge>;

struct read_result {
  read_graph g;
  std::string metadata, scenario;
};

read_result read_back(const std::string& text) {
  read_result out;
  read_graph& g = out.g;
  boost::dynamic_properties dp;
  dp.property("id", get(&read_node::id, g));
  dp.property("label", get(&read_node::label, g));
  dp.property("kind", get(&read_node::kind, g));
  dp.property("name", get(&read_node::name, g));
  dp.property("country", get(&read_node::country, g));
  dp.property("category", get(&read_node::category, g));
  dp.property("tags", get(&read_node::tags, g));
  dp.property("capacity", get(&read_node::capacity, g));
  dp.property("stock_months", get(&read_node::stock_months, g));
  dp.property("attrs", get(&read_node::attrs, g));
  dp.property("capacity_baseline", get(&read_node::capacity_baseline, g));
  dp.property("capacity_scenario", get(&read_node::capacity_scenario, g));
  dp.property("capacity_loss", get(&read_node::capacity_loss, g));
  dp.property("cut_by", get(&read_node::cut_by, g));
  dp.property("single_point_of", get(&read_node::single_point_of, g));
  dp.property("focus", get(&read_node::focus, g));
  dp.property("kind", get(&read_edge::kind, g));
  dp.property("input", get(&read_edge::input, g));
  dp.property("share", get(&read_edge::share, g));
  dp.property("quality", get(&read_edge::quality, g));
  dp.property("confidence", get(&read_edge::confidence, g));
  dp.property("view", get(&read_edge::view, g));
  dp.property("sources", get(&read_edge::sources, g));
  dp.property("lead_time_months", get(&read_edge::lead_time_months, g));
  dp.property("attrs", get(&read_edge::attrs, g));
  dp.property("start_date", get(&read_edge::start_date, g));
  dp.property("end_date", get(&read_edge::end_date, g));
  dp.property("cut_by", get(&read_edge::cut_by, g));
  dp.property("present", get(&read_edge::present, g));
  dp.property("flow_kept", get(&read_edge::flow_kept, g));
  dp.property("metadata", boost::ref_property_map<read_graph*, std::string>(out.metadata));
  dp.property("scenario", boost::ref_property_map<read_graph*, std::string>(out.scenario));
  std::istringstream in(text);
  boost::read_graphml(in, g, dp);
  return out;
}

std::string written(const graph& g, const io::export_view& view = {}) {
  std::ostringstream out;
  io::write_graphml(g, out, view);
  return out.str();
}

/// Boost's reader trims and collapses white space in every value (property_tree's
/// trim_whitespace); the XML holds it exactly (checked separately).
std::string as_boost_reads(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

}  // namespace

TEST(GraphML, RandomGraphsReadBackWithBoost) {
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    SCOPED_TRACE(seed);
    graph g = micgraph::testing::random_graph(seed, {.fancy_strings = seed % 2 == 0});
    read_result back = read_back(written(g));
    ASSERT_EQ(num_vertices(back.g), g.node_count());
    ASSERT_EQ(num_edges(back.g), g.edge_count());
    EXPECT_EQ(back.metadata, as_boost_reads(g.metadata()));
    // Nodes in node order (n0, n1, ...), edges in edge order (by source).
    for (node_index v : g.nodes()) {
      node_view node = g.node(v);
      const read_node& r = back.g[v];
      ASSERT_EQ(r.id, as_boost_reads(node.id()));
      EXPECT_EQ(r.label, as_boost_reads(node.name().empty() ? node.id() : node.name()));
      EXPECT_EQ(r.kind, to_string(node.kind()));
      EXPECT_EQ(r.name, as_boost_reads(node.name()));
      EXPECT_EQ(r.country, node.country());
      EXPECT_EQ(r.category, node.category());
      EXPECT_EQ(r.tags, joined(node.tags()));
      EXPECT_EQ(r.capacity, node.capacity());
      EXPECT_EQ(r.stock_months, node.stock_months());
      EXPECT_EQ(r.attrs, as_boost_reads(node.attrs()));
    }
    std::size_t e = 0;
    for (auto [it, end] = edges(back.g); it != end; ++it, ++e) {
      edge_view edge = g.edge(static_cast<edge_index>(e));
      const read_edge& r = back.g[*it];
      ASSERT_EQ(source(*it, back.g), edge.source());
      ASSERT_EQ(target(*it, back.g), edge.target());
      EXPECT_EQ(r.kind, to_string(edge.kind()));
      EXPECT_EQ(r.input, edge.input());
      EXPECT_EQ(r.share, edge.share());
      EXPECT_EQ(r.quality, edge.quality());
      EXPECT_EQ(r.confidence, edge.confidence());
      EXPECT_EQ(r.view, edge.view());
      EXPECT_EQ(r.sources, as_boost_reads(joined(edge.sources())));
      if (edge.lead_time_months())
        EXPECT_EQ(r.lead_time_months, *edge.lead_time_months());
      else
        EXPECT_TRUE(std::isnan(r.lead_time_months));
      EXPECT_EQ(r.start_date, edge.start_date() ? format_date(*edge.start_date()) : "");
      EXPECT_EQ(r.end_date, edge.end_date() ? format_date(*edge.end_date()) : "");
      EXPECT_EQ(r.attrs, as_boost_reads(edge.attrs()));
    }
  }
}

TEST(GraphML, TheXmlHoldsEveryStringExactly) {
  for (std::uint64_t seed = 2; seed <= 60; seed += 2) {
    SCOPED_TRACE(seed);
    graph g = micgraph::testing::random_graph(seed, {.fancy_strings = true});
    boost::property_tree::ptree tree;
    std::istringstream in(written(g));
    boost::property_tree::read_xml(in, tree);  // no white-space trimming
    std::map<std::string, std::string> key_names;
    for (const auto& [tag, key] : tree.get_child("graphml"))
      if (tag == "key")
        key_names[key.get<std::string>("<xmlattr>.id")] =
            key.get<std::string>("<xmlattr>.for") + "." +
            key.get<std::string>(boost::property_tree::ptree::path_type("<xmlattr>/attr.name", '/'));
    node_index v = 0;
    for (const auto& [tag, node] : tree.get_child("graphml.graph")) {
      if (tag != "node") continue;
      ASSERT_EQ(node.get<std::string>("<xmlattr>.id"), "n" + std::to_string(v));
      for (const auto& [data_tag, data] : node) {
        if (data_tag != "data") continue;
        std::string key = key_names[data.get<std::string>("<xmlattr>.key")];
        if (key == "node.id") {
          EXPECT_EQ(data.data(), g.node(v).id());
        } else if (key == "node.name") {
          EXPECT_EQ(data.data(), g.node(v).name());
        }
      }
      ++v;
    }
    EXPECT_EQ(v, g.node_count());
  }
}

TEST(GraphML, ViewsCarrySubsetsAndAnalysisResults) {
  graph g = io::read_json(MICGRAPH_SOURCE_DIR "/data/cruise-missile-cnc.json");
  compiled_scenario cuts =
      compile(g, io::read_scenario(MICGRAPH_SOURCE_DIR "/data/scenarios/g7-cnc-ban.json"));
  impact_result losses = impact(g, cuts, {.attribute = false});
  std::vector<node_index> focus = {g.find("kh-101")};
  std::vector<node_index> nodes = neighbourhood(g, focus, {.depth = 2});
  single_points_result points = single_points(g, focus);
  std::string text = written(g, {.nodes = nodes,
                                 .focus = focus,
                                 .scenario = &cuts,
                                 .baseline = losses.baseline,
                                 .capacity = losses.capacity,
                                 .single_points = points.targets});
  read_result back = read_back(text);
  ASSERT_EQ(num_vertices(back.g), nodes.size());
  induced_subgraph part = make_induced_subgraph(g, nodes);
  EXPECT_EQ(num_edges(back.g), part.graph.edge_count());
  EXPECT_EQ(back.scenario, cuts.definition().name);
  std::size_t single = 0, cut_edges = 0;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    node_index v = nodes[i];  // nodes come out in node order; neighbourhood sorts them
    const read_node& r = back.g[i];
    ASSERT_EQ(r.id, g.node(v).id());
    EXPECT_EQ(r.capacity_baseline, losses.baseline[v]);
    EXPECT_EQ(r.capacity_scenario, losses.capacity[v]);
    EXPECT_EQ(r.capacity_loss, losses.baseline[v] - losses.capacity[v]);
    EXPECT_EQ(r.focus, v == focus[0] ? 1 : 0);
    single += r.single_point_of == "kh-101";
  }
  EXPECT_GT(single, 0u);
  for (auto [it, end] = edges(back.g); it != end; ++it) {
    const read_edge& r = back.g[*it];
    EXPECT_EQ(r.present, 1);
    if (!r.cut_by.empty()) {
      ++cut_edges;
      EXPECT_NEAR(r.flow_kept, 0.1, 1e-12);
      EXPECT_EQ(r.cut_by.rfind("rule ", 0), 0u);
    } else {
      EXPECT_EQ(r.flow_kept, 1.0);
    }
  }
  EXPECT_GT(cut_edges, 0u);
}

TEST(GraphML, ListSeparatorsAndUnwritableFilesAreErrors) {
  graph_builder builder;
  builder.add_node("firm", {.kind = node_kind::firm, .tags = {"a;b"}});
  graph g = builder.freeze();
  try {
    written(g);
    FAIL() << "no error";
  } catch (const error& e) {
    EXPECT_STREQ(e.what(),
                 "GraphML: node 'firm' tags: the item 'a;b' contains ';', the list separator; "
                 "export JSON instead");
  }
  graph tiny = io::read_json(MICGRAPH_SOURCE_DIR "/tests/data/tiny.json");
  EXPECT_THROW(io::write_graphml(tiny, fs::path("/nonexistent-dir/x.graphml")), error);
  fs::path file = fs::path(MICGRAPH_TEST_OUTPUT_DIR) / "tiny.graphml";
  io::write_graphml(tiny, file);
  EXPECT_EQ(num_vertices(read_back(read_file(file)).g), tiny.node_count());
}

}  // namespace io_graphml_test_cases
