// Node-link JSON: lossless round trips, NetworkX compatibility, and one clear error per bad input.

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <micgraph/io/json.hpp>

#include "support/errors.hpp"
#include "support/files.hpp"
#include "support/random_graph.hpp"

using namespace micgraph;
using namespace micgraph::testing;

// In a namespace of its own: the unity build compiles several test files as one.
namespace io_json_test_cases {
namespace fs = std::filesystem;

namespace {

std::string error_of(std::string_view text) {
  return error_message<parse_error>([&] { io::read_json_text(text, "graph.json"); });
}

const char* header = R"({"nodes": [{"id": "a", "kind": "firm"}, {"id": "b", "kind": "product"}], )";

}  // namespace

TEST(Json, RoundTripIsLosslessOnRandomGraphs) {
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    SCOPED_TRACE(seed);
    graph g = micgraph::testing::random_graph(seed, {.fancy_strings = seed % 2 == 0});
    std::string text = json_text(g);
    graph again = io::read_json_text(text);
    ASSERT_TRUE(again == g);
    ASSERT_EQ(json_text(again), text);
  }
}

TEST(Json, ReadsEveryFieldAttributesAndMetadata) {
  const char* text = R"({"directed": true, "multigraph": true,
    "graph": {"name": "test", "sources": ["seeds/rhodus-cnc-missile-industry.txt"]},
    "edges": [
      {"source": 1, "target": "plant", "kind": "tooling", "key": "k0", "input": "machining",
       "share": 0.1, "quality": 1e-7, "confidence": 0.5, "view": "western",
       "sources": ["a", "b"], "lead_time_months": 18, "mean_life_months": 24}],
    "nodes": [
      {"id": "plant", "kind": "facility", "name": "Завод 工厂", "country": "RU",
       "category": "facility/plant", "tags": ["sanctioned:us-sdn", "dual_use"], "capacity": 12.5,
       "stock_months": 3, "note": {"nested": [1, 2, {"x": null}]}, "unicode": "\u00e9"},
      {"id": 1, "kind": "machine_tool"}]})";
  graph g = io::read_json_text(text);
  ASSERT_EQ(g.node_count(), 2u);
  node_view plant = g.node(g.find("plant"));
  EXPECT_EQ(plant.kind(), node_kind::facility);
  EXPECT_EQ(plant.name(), "Завод 工厂");
  EXPECT_EQ(plant.country(), "RU");
  EXPECT_EQ(plant.category(), "facility/plant");
  EXPECT_EQ(std::vector<std::string_view>(plant.tags().begin(), plant.tags().end()),
            (std::vector<std::string_view>{"sanctioned:us-sdn", "dual_use"}));
  EXPECT_EQ(plant.capacity(), 12.5);
  EXPECT_EQ(plant.stock_months(), 3.0);
  EXPECT_EQ(plant.attrs(), R"({"note":{"nested":[1,2,{"x":null}]},"unicode":"é"})");
  ASSERT_NE(g.find("1"), no_index);  // integer ids become strings
  edge_view edge = g.edge(0);
  EXPECT_EQ(g.node(edge.source()).id(), "1");
  EXPECT_EQ(edge.kind(), edge_kind::tooling);
  EXPECT_EQ(edge.input(), "machining");
  EXPECT_EQ(edge.share(), 0.1);
  EXPECT_EQ(edge.quality(), 1e-7);
  EXPECT_EQ(edge.confidence(), 0.5);
  EXPECT_EQ(edge.view(), "western");
  EXPECT_EQ(edge.lead_time_months(), 18.0);
  EXPECT_EQ(edge.attrs(), R"({"mean_life_months":24})");
  EXPECT_EQ(g.metadata(), R"({"name":"test","sources":["seeds/rhodus-cnc-missile-industry.txt"]})");
  // Written back, the graph reads the same.
  EXPECT_TRUE(io::read_json_text(json_text(g)) == g);
}

TEST(Json, FileRoundTripAndTheTinyFixture) {
  graph tiny = io::read_json(MICGRAPH_SOURCE_DIR "/tests/data/tiny.json");
  EXPECT_EQ(tiny.node_count(), 11u);
  EXPECT_EQ(tiny.edge_count(), 11u);
  fs::path out = fs::path(MICGRAPH_TEST_OUTPUT_DIR) / "tiny-roundtrip.json";
  io::write_json(tiny, out);
  EXPECT_TRUE(io::read_json(out) == tiny);
  EXPECT_THROW(io::write_json(tiny, fs::path("/nonexistent-dir/x.json")), error);
}

TEST(Json, NetworkXReadsWhatWeWrite) {
  if (std::system("/usr/bin/python3 -c 'import networkx' > /dev/null 2>&1") != 0)
    GTEST_SKIP() << "/usr/bin/python3 cannot import networkx (Debian: python3-networkx)";
  graph g = micgraph::testing::random_graph(42, {.min_nodes = 30, .fancy_strings = true});
  fs::path file = fs::path(MICGRAPH_TEST_OUTPUT_DIR) / "networkx-check.json";
  io::write_json(g, file);
  fs::path report = fs::path(MICGRAPH_TEST_OUTPUT_DIR) / "networkx-check.txt";
  std::string command = "/usr/bin/python3 -c '"
                        "import json, sys, networkx as nx\n"
                        "data = json.load(open(sys.argv[1]))\n"
                        "g = nx.node_link_graph(data, directed=True, multigraph=True)\n"
                        "kinds = sorted(d[\"kind\"] for _, d in g.nodes(data=True))\n"
                        "print(g.number_of_nodes(), g.number_of_edges(), g.is_directed(), g.is_multigraph(), \" \".join(kinds))\n"
                        "' " + file.string() + " > " + report.string();
  ASSERT_EQ(std::system(command.c_str()), 0);
  std::ifstream in(report);
  std::size_t nodes = 0, edges = 0;
  std::string directed, multigraph;
  in >> nodes >> edges >> directed >> multigraph;
  EXPECT_EQ(nodes, g.node_count());
  EXPECT_EQ(edges, g.edge_count());
  EXPECT_EQ(directed, "True");
  EXPECT_EQ(multigraph, "True");
  std::vector<std::string> kinds, expected;
  for (std::string kind; in >> kind;) kinds.push_back(kind);
  for (node_index v : g.nodes()) expected.emplace_back(to_string(g.node(v).kind()));
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(kinds, expected);
}

TEST(Json, EveryBadInputGetsOneClearLine) {
  const std::pair<std::string, std::string> cases[] = {
      {"", "graph.json:1:1: malformed JSON: empty file: expected a node-link JSON object"},
      {"{\"nodes\": [", "graph.json:1:11: malformed JSON: syntax error while parsing value - unexpected end of input; expected '[', '{', or a literal"},
      {"\x01\x02", "graph.json:1:1: malformed JSON: syntax error while parsing value - invalid literal; last read: '<U+0001>'"},
      {"[1, 2]", "graph.json: expected a node-link object at the top level, got an array"},
      {"42", "graph.json: expected a node-link object at the top level, got number"},
      {R"({"nodes": {}, "links": []})", "graph.json: nodes: expected an array, got an object"},
      {R"({"nodes": [], "links": 3})", "graph.json: links: expected an array, got number"},
      {R"({"links": []})", "graph.json: nodes: missing: expected an array of node objects"},
      {R"({"nodes": []})", "graph.json: links: missing: expected an array of link objects (`links` or `edges`)"},
      {R"({"nodes": [], "links": [], "edges": []})", "graph.json: edges: both `links` and `edges` given: use one"},
      {R"({"nodes": [3], "links": []})", "graph.json: nodes[0]: expected a node object, got number"},
      {R"({"nodes": [{"kind": "firm"}], "links": []})", "graph.json: nodes[0].id: missing: every node needs an id"},
      {R"({"nodes": [{"id": ""}], "links": []})", "graph.json: nodes[0].kind: missing: expected a node kind name"},
      {R"({"nodes": [{"id": "", "kind": "firm"}], "links": []})", "graph.json: nodes[0].id: expected a non-empty id"},
      {R"({"nodes": [{"id": 1.5, "kind": "firm"}], "links": []})", "graph.json: nodes[0].id: expected a string id, got number"},
      {R"({"nodes": [{"id": "a", "kind": "plant"}], "links": []})", "graph.json: nodes[0].kind: unknown node kind 'plant' (expected one of firm, facility, product, component, machine_tool, material, service, person)"},
      {R"({"nodes": [{"id": "a", "kind": "firm"}, {"id": "a", "kind": "firm"}], "links": []})", "graph.json: nodes[1].id: duplicate id 'a' (first given as node 0)"},
      {R"({"nodes": [{"id": "a", "kind": "firm", "capacity": -1}], "links": []})", "graph.json: nodes[0].capacity: expected units per year in [0, 1e12], got -1"},
      {R"({"nodes": [{"id": "a", "kind": "firm", "capacity": 1e308}], "links": []})", "graph.json: nodes[0].capacity: expected units per year in [0, 1e12], got 1e308"},
      {R"({"nodes": [{"id": "a", "kind": "firm", "capacity": 1e400}], "links": []})", "graph.json:1:56: malformed JSON: number too large for a double: '1e400'"},
      {R"({"nodes": [{"id": "a", "kind": "firm", "stock_months": 1201}], "links": []})", "graph.json: nodes[0].stock_months: expected months in [0, 1200], got 1201"},
      {R"({"nodes": [{"id": "a", "kind": "firm", "capacity": "1"}], "links": []})", "graph.json: nodes[0].capacity: expected a number, got string"},
      {R"({"nodes": [{"id": "a", "kind": "firm", "capacity": null}], "links": []})", "graph.json: nodes[0].capacity: expected a number, got null"},
      {R"({"nodes": [{"id": "a", "kind": "firm", "tags": "x"}], "links": []})", "graph.json: nodes[0].tags: expected an array of strings, got string"},
      {R"({"nodes": [{"id": "a", "kind": "firm", "tags": [1]}], "links": []})", "graph.json: nodes[0].tags: expected strings, got number"},
      {R"({"nodes": [{"id": "a", "kind": "firm", "name": ["x"]}], "links": []})", "graph.json: nodes[0].name: expected a string, got an array"},
      {R"({"nodes": [{"id": "a", "kind": "firm", "country": "de"}], "links": []})", "graph.json: nodes[0].country: expected an ISO 3166-1 alpha-2 code (two capital letters), got 'de'"},
      {R"({"nodes": [{"id": "a", "kind": "firm", "id": "b"}], "links": []})", "graph.json: nodes[0].id: duplicate key"},
      {std::string(header) + R"("links": [{"source": "a", "target": "b", "kind": "sells"}]})", "graph.json: links[0].kind: unknown edge kind 'sells' (expected one of produces, supplies, component_of, tooling, services, owns, controls)"},
      {std::string(header) + R"("links": [{"source": "a", "target": "c", "kind": "produces"}]})", "graph.json: links[0].target: unknown node id 'c'"},
      {std::string(header) + R"("links": [{"source": "x", "target": "b", "kind": "produces"}]})", "graph.json: links[0].source: unknown node id 'x'"},
      {std::string(header) + R"("links": [{"target": "b", "kind": "produces"}]})", "graph.json: links[0].source: missing: expected a node id"},
      {std::string(header) + R"("links": [{"source": "a", "target": "b"}]})", "graph.json: links[0].kind: missing: expected an edge kind name"},
      {std::string(header) + R"("links": [{"source": "a", "target": "b", "kind": "produces", "share": 0}]})", "graph.json: links[0].share: expected a number in (0,1], got 0"},
      {std::string(header) + R"("links": [{"source": "a", "target": "b", "kind": "owns", "share": 1.5}]})", "graph.json: links[0].share: expected a number in (0,1], got 1.5"},
      {std::string(header) + R"("links": [{"source": "a", "target": "b", "kind": "owns", "start_date": "2014-02-30"}]})", "graph.json: links[0].start_date: expected an ISO 8601 date (YYYY-MM-DD), got '2014-02-30'"},
      {std::string(header) + R"("links": [{"source": "a", "target": "b", "kind": "owns", "end_date": "2014"}]})", "graph.json: links[0].end_date: expected an ISO 8601 date (YYYY-MM-DD), got '2014'"},
      {std::string(header) + R"("links": [{"source": "a", "target": "b", "kind": "owns", "end_date": 2014}]})", "graph.json: links[0].end_date: expected an ISO 8601 date (YYYY-MM-DD), got number"},
      {std::string(header) + R"("links": [{"source": "a", "target": "b", "kind": "owns", "start_date": "2020-01-01", "end_date": "2019-12-31"}]})", "graph.json: links[0].end_date: ends (2019-12-31) before it starts (2020-01-01)"},
      {std::string(header) + R"("links": [{"source": "a", "target": "b", "kind": "supplies", "start_date": "2020-01-01"}]})", "graph.json: links[0].start_date: only owns and controls edges carry dates, this is a supplies edge"},
      {std::string(header) + R"("links": [{"source": "a", "target": "b", "kind": "controls", "share": 0.3}]})", "graph.json: links[0].share: a controls edge carries no stake: expected share 1 (left out), got 0.3"},
      {std::string(header) + R"("links": [{"source": "a", "target": "b", "kind": "controls", "input": "x"}]})", "graph.json: links[0].input: a controls edge is structural and takes no input slot"},
      {std::string(header) + R"("links": [{"source": "a", "target": "b", "kind": "produces", "quality": 1.5}]})", "graph.json: links[0].quality: expected a number in (0,1], got 1.5"},
      {std::string(header) + R"("links": [{"source": "a", "target": "b", "kind": "produces", "confidence": -0.5}]})", "graph.json: links[0].confidence: expected a number in [0,1], got -0.5"},
      {std::string(header) + R"("links": [{"source": "a", "target": "b", "kind": "produces", "lead_time_months": -2}]})", "graph.json: links[0].lead_time_months: expected months in [0, 1200], got -2"},
      {std::string(header) + R"("links": [{"source": "a", "target": "b", "kind": "produces", "lead_time_months": 1e9}]})", "graph.json: links[0].lead_time_months: expected months in [0, 1200], got 1e9"},
      {std::string(header) + R"("edges": [{"source": "a", "target": "b", "kind": "produces", "sources": [{}]}]})", "graph.json: edges[0].sources: expected a string, got an object"},
      {R"({"directed": false, "nodes": [], "links": []})", "graph.json: directed: expected true: supply graphs are directed"},
      {R"({"graph": [], "nodes": [], "links": []})", "graph.json: graph: expected an object, got an array"},
      {R"({"nodes": [], "links": [], "nodes": []})", "graph.json: duplicate key 'nodes'"},
      {R"({"nodes": [{"id": "a", "kind": "firm", "x": {"k": 1, "k": 2}}], "links": []})", "graph.json: nodes[0].x: duplicate key 'k'"},
      {R"({"nodes": [{"id": "a", "kind": "firm", "share": NaN}], "links": []})", "graph.json:1:49: malformed JSON: syntax error while parsing value - invalid literal; last read: '\"share\": N'"},
  };
  for (const auto& [text, expected] : cases) {
    SCOPED_TRACE(text);
    std::string message = error_of(text);
    EXPECT_EQ(message, expected);
    EXPECT_EQ(message.find('\n'), std::string::npos);
  }
  std::string deep = R"({"nodes": [{"id": "a", "kind": "firm", "x": )" + std::string(5000, '[');
  EXPECT_EQ(error_of(deep), "graph.json: nodes[0].x: values nested more than 512 deep");
}

// A file read by the SAX reader gives its pages back as the reader passes them: the error at
// the end of a file of several MiB is still placed by line and column (the message counts
// lines from the start, over pages read again), the same as for the text in memory.
TEST(Json, ALargeFileReadPastItsPagesKeepsPositionsAndGraphs) {
  std::string text = R"({"nodes": [)";
  for (int i = 0; i < 80000; ++i) {
    if (i > 0) text += ",\n";
    text += R"({"id": "plant-)" + std::to_string(i) + R"(", "kind": "facility", "country": "RU"})";
  }
  text += "\n], \"links\": [\n";
  std::string valid = text + R"({"source": "plant-1", "target": "plant-2", "kind": "supplies"}]})";
  std::string bad = text + R"({"source": "plant-1", "target": "plant-2", "kind": "supplies"},]})";
  ASSERT_GT(bad.size(), std::size_t{4} << 20);
  const fs::path dir = MICGRAPH_TEST_OUTPUT_DIR;
  auto write = [&](const std::string& name, const std::string& body) {
    std::ofstream(dir / name, std::ios::binary) << body;
    return dir / name;
  };
  const fs::path bad_file = write("large-bad.json", bad);
  const std::string from_file = error_message<parse_error>([&] { io::read_json(bad_file); });
  const std::string from_text =
      error_message<parse_error>([&] { io::read_json_text(bad, bad_file.string()); });
  EXPECT_EQ(from_file, from_text);
  EXPECT_NE(from_file.find(":80002:"), std::string::npos) << from_file;
  EXPECT_TRUE(io::read_json(write("large-valid.json", valid)) == io::read_json_text(valid, "large"));
}

TEST(Json, EveryBadFixtureFileIsRejectedWithItsName) {
  const std::size_t files =
      expect_bad_fixtures_rejected("json-", [](const fs::path& path) { io::read_json(path); });
  EXPECT_GE(files, 20u);
  EXPECT_THROW(io::read_json(MICGRAPH_SOURCE_DIR "/tests/data/no-such-file.json"), parse_error);
  EXPECT_THROW(io::read_json(MICGRAPH_SOURCE_DIR "/tests/data"), parse_error);
}

}  // namespace io_json_test_cases
