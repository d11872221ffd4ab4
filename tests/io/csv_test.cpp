// CSV: the RFC 4180 reader, lossless round trips, path dispatch, and one clear error per bad input.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <micgraph/io/csv.hpp>
#include <micgraph/io/json.hpp>
#include <micgraph/io/load.hpp>

#include "support/errors.hpp"
#include "support/files.hpp"
#include "support/random_graph.hpp"

using namespace micgraph;
using namespace micgraph::testing;

// In a namespace of its own: the unity build compiles several test files as one.
namespace io_csv_test_cases {
namespace fs = std::filesystem;

namespace {

std::vector<std::vector<std::string>> fields_of(std::string_view text) {
  std::vector<std::vector<std::string>> out;
  for (const io::csv_row& row : io::parse_csv(text, "t.csv")) out.push_back(row.fields);
  return out;
}

std::string csv_error(std::string_view text) {
  return error_message<parse_error>([&] { io::parse_csv(text, "t.csv"); });
}

// Writes nodes.csv and edges.csv, loads the directory, returns the error (or "no error") with
// the file named relative to the scratch directory for readable expectations.
std::string load_error(const std::string& name, const std::string& nodes, const std::string& edges) {
  fs::path dir = fresh_directory(name);
  write_file(dir / "nodes.csv", nodes);
  write_file(dir / "edges.csv", edges);
  return without_directory(error_message<parse_error>([&] { io::load_graph(dir); }), dir);
}

}  // namespace

TEST(Csv, ParsesRfc4180) {
  using rows = std::vector<std::vector<std::string>>;
  EXPECT_EQ(fields_of("a,b\n1,2\n"), (rows{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(fields_of("a,b\r\n1,2"), (rows{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(fields_of("\xEF\xBB\xBFid\n\nx\n\n"), (rows{{"id"}, {"x"}}));
  EXPECT_EQ(fields_of("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"crlf\r\nx\"\n"),
            (rows{{"a,b", "say \"hi\"", "two\nlines", "crlf\r\nx"}}));
  EXPECT_EQ(fields_of(",,\n"), (rows{{"", "", ""}}));
  EXPECT_EQ(fields_of("\"\",x"), (rows{{"", "x"}}));
  // Records remember the line they start on, past embedded line breaks.
  auto parsed = io::parse_csv("h\n\"a\nb\nc\"\nnext\n", "t.csv");
  ASSERT_EQ(parsed.size(), 3u);
  EXPECT_EQ(parsed[1].line, 2u);
  EXPECT_EQ(parsed[2].line, 5u);
}

TEST(Csv, RejectsMalformedText) {
  EXPECT_EQ(csv_error("a,\"open\n"), "t.csv:1: unterminated quoted field (opened at byte 2)");
  EXPECT_EQ(csv_error("a,b\nx,y\"z\n"), "t.csv:2:4: a quote inside an unquoted field: quote the whole field");
  EXPECT_EQ(csv_error("\"a\"b,c\n"), "t.csv:1:4: unexpected character after a closing quote: expected ',' or end of line");
  EXPECT_EQ(csv_error(std::string("a,b\x00", 4)), "t.csv:1:4: binary data (a NUL byte) in a CSV file");
}

TEST(Csv, EscapesOnlyWhatNeedsIt) {
  EXPECT_EQ(io::csv_escape("plain"), "plain");
  EXPECT_EQ(io::csv_escape("a,b"), "\"a,b\"");
  EXPECT_EQ(io::csv_escape("say \"x\""), "\"say \"\"x\"\"\"");
  EXPECT_EQ(io::csv_escape("two\nlines"), "\"two\nlines\"");
}

TEST(Csv, RoundTripIsLosslessOnRandomGraphs) {
  fs::path dir = fresh_directory("csv-roundtrip");
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    SCOPED_TRACE(seed);
    graph g = micgraph::testing::random_graph(seed, {.fancy_strings = seed % 2 == 0});
    io::write_csv(g, dir);
    ASSERT_TRUE(io::read_csv(dir / "nodes.csv", dir / "edges.csv") == g);
  }
}

TEST(Csv, RefusesListItemsHoldingTheSeparator) {
  graph_builder b;
  b.add_node("a", {.kind = node_kind::firm, .tags = {"one;two"}});
  graph g = b.freeze();
  try {
    io::write_csv(g, fresh_directory("csv-separator"));
    ADD_FAILURE() << "no error";
  } catch (const error& e) {
    EXPECT_STREQ(e.what(),
                 "cannot write tag 'one;two' to CSV: it contains ';', the list separator (write "
                 "JSON instead)");
  }
}

TEST(Csv, UnknownColumnsBecomeAttributesAndTheFixtureLoads) {
  fs::path dir = fresh_directory("csv-extra-columns");
  std::ofstream(dir / "nodes.csv") << "kind,id,sanctions_list,attrs\nfirm,a,EU 14th package,\"{\"\"x\"\":1}\"\nproduct,b,,\n";
  std::ofstream(dir / "edges.csv") << "source,target,kind\na,b,produces\n";
  graph g = io::load_graph(dir / "edges.csv");
  EXPECT_EQ(g.node(g.find("a")).attrs(), R"({"x":1,"sanctions_list":"EU 14th package"})");
  EXPECT_EQ(g.node(g.find("b")).attrs(), "");

  graph tiny = io::load_graph(MICGRAPH_SOURCE_DIR "/tests/data/tiny-csv");
  EXPECT_EQ(tiny.node_count(), 7u);
  EXPECT_EQ(tiny.edge_count(), 7u);
  node_view missile = tiny.node(tiny.find("missile"));
  EXPECT_EQ(missile.name(), "Cruise missile\n(multi-line name)");
  EXPECT_EQ(missile.capacity(), 40.0);
  edge_view fpga = tiny.edge(tiny.slot_edges(tiny.slots(tiny.find("us-fpga"))[0])[0]);
  EXPECT_EQ(std::vector<std::string_view>(fpga.sources().begin(), fpga.sources().end()),
            (std::vector<std::string_view>{"report, page 3", "seeds/russia-domestic-arms-production.txt"}));
  EXPECT_EQ(fpga.confidence(), 0.9);
}

TEST(Csv, PathsPickTheFormat) {
  graph g = micgraph::testing::random_graph(7);
  fs::path dir = fresh_directory("csv-dispatch");
  io::save_graph(g, dir / "as-csv");
  io::save_graph(g, dir / "as.json");
  EXPECT_TRUE(fs::exists(dir / "as-csv" / "nodes.csv"));
  EXPECT_TRUE(io::load_graph(dir / "as-csv") == g);
  EXPECT_TRUE(io::load_graph(dir / "as-csv" / "nodes.csv") == g);
  EXPECT_TRUE(io::load_graph(dir / "as.json") == g);
  EXPECT_EQ(io::format_of(dir / "as.json"), io::graph_format::json);
  EXPECT_EQ(io::format_of(dir / "as-csv"), io::graph_format::csv);
  std::ofstream(dir / "graph.txt") << "x";
  EXPECT_THROW(io::load_graph(dir / "graph.txt"), parse_error);
  EXPECT_THROW(io::load_graph(dir / "missing"), parse_error);
  fs::create_directories(dir / "empty");
  EXPECT_THROW(io::load_graph(dir / "empty"), parse_error);
}

TEST(Csv, EveryBadInputGetsOneClearLine) {
  const std::string nodes = "id,kind\na,firm\nb,product\n";
  const std::string no_edges = "source,target,kind\n";
  const std::tuple<std::string, std::string, std::string> cases[] = {
      {"id,kind\na,firm,extra\n", no_edges, "nodes.csv:2: expected 2 fields as in the header, got 3"},
      {"id,kind,name\na,firm\n", no_edges, "nodes.csv:2: expected 3 fields as in the header, got 2"},
      {"name,kind\na,firm\n", no_edges, "nodes.csv:1: missing required column 'id'"},
      {"id,kind,id\na,firm,b\n", no_edges, "nodes.csv:1:3: duplicate column 'id'"},
      {"", no_edges, "nodes.csv:1: empty file: expected a header row"},
      {"id,kind\na,factory\n", no_edges, "nodes.csv:2:2: kind: unknown node kind 'factory'"},
      {"id,kind\na,firm\na,product\n", no_edges, "nodes.csv:3:1: id: duplicate id 'a' (first given as node 0)"},
      {"id,kind,capacity\na,firm,-3\n", no_edges, "nodes.csv:2:3: capacity: expected units per year in [0, 1e12], got -3"},
      {"id,kind,capacity\na,firm,lots\n", no_edges, "nodes.csv:2:3: capacity: expected a number, got 'lots'"},
      {"id,kind,attrs\na,firm,[1]\n", no_edges, "nodes.csv:2:3: attrs: expected a JSON object, got array"},
      {"id,kind,note,attrs\na,firm,x,\"{\"\"note\"\":1}\"\n", no_edges, "nodes.csv:2:3: note: also given in the attrs column"},
      {"id,kind,country\na,firm,Russia\n", no_edges, "nodes.csv:2:3: country: expected an ISO 3166-1 alpha-2 code (two capital letters), got 'Russia'"},
      {nodes, "source,target,kind,share\na,b,produces,0.5x\n", "edges.csv:2:4: share: expected a number, got '0.5x'"},
      {nodes, "source,target,kind,share\na,b,produces,2\n", "edges.csv:2:4: share: expected a number in (0,1], got 2"},
      {nodes, "source,target,kind\na,b,sells\n", "edges.csv:2:3: kind: unknown edge kind 'sells'"},
      {nodes, "source,target,kind\na,missile,produces\n", "edges.csv:2: target: unknown node id 'missile'"},
      {nodes, "source,kind\na,produces\n", "edges.csv:1: missing required column 'target'"},
      {nodes, "source,target,kind,confidence\na,b,produces,NaN\n", "edges.csv:2:4: confidence: expected a number, got 'NaN'"},
      {nodes, "source,target,kind,start_date\na,b,owns,1.3.2014\n", "edges.csv:2:4: start_date: expected an ISO 8601 date (YYYY-MM-DD), got '1.3.2014'"},
      {nodes, "source,target,kind,start_date,end_date\na,b,owns,2014-03-01,2014-02-28\n", "edges.csv:2:5: end_date: ends (2014-02-28) before it starts (2014-03-01)"},
      {nodes, "source,target,kind,end_date\na,b,tooling,2014-03-01\n", "edges.csv:2:4: end_date: only owns and controls edges carry dates, this is a tooling edge"},
      {nodes, "source,target,kind,share\na,b,owns,0\n", "edges.csv:2:4: share: expected a number in (0,1], got 0"},
  };
  std::size_t i = 0;
  for (const auto& [node_text, edge_text, expected] : cases) {
    SCOPED_TRACE(expected);
    std::string message = load_error("csv-bad-" + std::to_string(i++), node_text, edge_text);
    EXPECT_EQ(message, expected);
    EXPECT_EQ(message.find('\n'), std::string::npos);
  }
}

TEST(Csv, EveryBadFixtureDirectoryIsRejectedWithItsName) {
  const std::size_t directories =
      expect_bad_fixtures_rejected("csv-", [](const fs::path& path) { io::load_graph(path); });
  EXPECT_GE(directories, 8u);
}

}  // namespace io_csv_test_cases
