// The two readers of node-link JSON (lib/io/json_fast.hpp): the fast one (simdjson) reads every
// valid text into the graph the SAX one (nlohmann) reads, and leaves every bad text to it, so
// that io::read_json and io::read_json_text throw the SAX reader's message.

#include <gtest/gtest.h>

#include <filesystem>
#include <micgraph/generate.hpp>
#include <micgraph/io/json.hpp>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "../../lib/io/json_fast.hpp"
#include "support/errors.hpp"
#include "support/files.hpp"
#include "support/random_graph.hpp"

using namespace micgraph;
using namespace micgraph::testing;

// In a namespace of its own: the unity build compiles several test files as one.
namespace io_json_fast_test_cases {
namespace fs = std::filesystem;

namespace {

/// How the fast reader is run on every text: as by default, and in windows so small that they
/// end inside elements, strings and nested values, building on the reader's thread or on
/// another.
const std::vector<detail::fast_read_options> variants = {
    {}, {.window = 1, .threads = 1}, {.window = 7, .threads = 2}, {.window = 64, .threads = 2}};

/// The fast reader must read `text`, into the SAX reader's graph, written back byte for byte
/// alike (which also tells -0.0 from 0.0), in windows of every size; io::read_json_text reads
/// the same.
void expect_same_graph(std::string_view text) {
  const graph expected = detail::read_json_sax(text, "graph.json");
  for (const detail::fast_read_options& options : variants) {
    SCOPED_TRACE(::testing::Message() << "window " << options.window << ", threads " << options.threads);
    const std::optional<graph> fast = detail::read_json_fast(text, options);
    ASSERT_TRUE(fast.has_value()) << "the fast reader declined a valid text";
    EXPECT_TRUE(*fast == expected);
    EXPECT_EQ(json_text(*fast), json_text(expected));
    EXPECT_EQ(fast->metadata(), expected.metadata());
  }
  EXPECT_TRUE(io::read_json_text(text) == expected);
}

/// The fast reader must decline `text` in windows of every size, and io::read_json_text throw
/// the SAX reader's message.
void expect_left_to_sax(std::string_view text) {
  const std::string expected =
      error_message<parse_error>([&] { detail::read_json_sax(text, "graph.json"); });
  ASSERT_NE(expected, "no error") << "the SAX reader reads this text";
  for (const detail::fast_read_options& options : variants)
    EXPECT_FALSE(detail::read_json_fast(text, options).has_value())
        << "window " << options.window << ", threads " << options.threads;
  EXPECT_EQ(error_message<parse_error>([&] { io::read_json_text(text, "graph.json"); }), expected);
}

const std::string two_nodes = R"({"id": "a", "kind": "firm"}, {"id": "b", "kind": "product"})";

/// A graph of nodes a and b with `link` as its one link.
std::string with_link(const std::string& link) {
  return R"({"nodes": [)" + two_nodes + R"(], "links": [)" + link + "]}";
}

/// `levels` objects, each the member "a" of the one before.
std::string nested_objects(std::size_t levels) {
  std::string text;
  for (std::size_t i = 1; i < levels; ++i) text += R"({"a": )";
  return text + "{}" + std::string(levels - 1, '}');
}

/// A graph with `node` as its one node and no links.
std::string with_node(const std::string& node) { return R"({"nodes": [)" + node + R"(], "links": []})"; }

}  // namespace

TEST(JsonFast, ReadsRandomGraphsAsTheSaxReader) {
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    SCOPED_TRACE(seed);
    const graph g = random_graph(seed, {.fancy_strings = seed % 2 == 0});
    ASSERT_NO_FATAL_FAILURE(expect_same_graph(json_text(g)));
  }
  for (std::size_t nodes : {9, 10, 500, 5000}) {
    SCOPED_TRACE(nodes);
    ASSERT_NO_FATAL_FAILURE(expect_same_graph(json_text(generate({.nodes = nodes, .seed = nodes}))));
  }
}

TEST(JsonFast, ReadsTheFixturesAndDatasetsAsTheSaxReader) {
  std::size_t files = 0;
  for (const char* dir :
       {"/tests/data", "/data", "/tests/fuzz/corpus/json", "/tests/fuzz/regressions/json"}) {
    for (const auto& entry : fs::directory_iterator(std::string(MICGRAPH_SOURCE_DIR) + dir)) {
      if (entry.path().extension() != ".json") continue;
      const std::string text = read_file(entry.path());
      SCOPED_TRACE(entry.path().string());
      if (error_message<parse_error>([&] { detail::read_json_sax(text, "graph.json"); }) != "no error") {
        expect_left_to_sax(text);
        continue;
      }
      ++files;
      ASSERT_NO_FATAL_FAILURE(expect_same_graph(text));
      EXPECT_TRUE(io::read_json(entry.path()) == detail::read_json_sax(text, "graph.json"));
    }
  }
  EXPECT_GE(files, 6u);
}

TEST(JsonFast, ReadsEveryFieldEscapeNumberAndUnknownMemberAsTheSaxReader) {
  const std::vector<std::string> texts = {
      // Every field, links before nodes under `edges`, integer ids, nested unknown members.
      R"({"directed": true, "multigraph": true,
        "graph": {"name": "test", "sources": ["seeds/rhodus.txt"], "nested": {"a": [1, {"b": null}]}},
        "edges": [
          {"source": 1, "target": "plant", "kind": "tooling", "key": "k0", "input": "machining",
           "share": 0.1, "quality": 1e-7, "confidence": 0.5, "view": "western",
           "sources": ["a", "b"], "lead_time_months": 18, "mean_life_months": 24},
          {"source": "plant", "target": 1, "kind": "owns", "share": 0.25, "start_date": "2014-03-01",
           "end_date": "2024-02-29", "id": "links keep an id as an attribute"},
          {"source": "plant", "target": 1, "kind": "controls", "start_date": "2000-01-01"}],
        "nodes": [
          {"id": "plant", "kind": "facility", "name": "Завод 工厂", "country": "RU",
           "category": "facility/plant", "tags": ["sanctioned:us-sdn", "dual_use"], "capacity": 12.5,
           "stock_months": 3, "note": {"nested": [1, 2, {"x": null}]}, "unicode": "\u00e9",
           "source": "nodes keep a source as an attribute", "key": [true, false]},
          {"id": 1, "kind": "machine_tool"}]})",
      // Escapes in every string field and in keys, surrogate pairs, long strings.
      R"({"nodes": [{"i\u0064": "a\"b\\c\/d\b\f\n\r\t\u0000\u001f", "\u006bind": "firm",
          "name": "\ud83d\ude80 rocket \u00e9\u4e2d", "country": "\u0052U",
          "category": "a/\u0062", "tags": ["t\u0061g", "\"quoted\""],
          "\u00e9t\u00e9": "unknown key with escapes",
          "long": "0123456789012345678901234567890123456789012345678901234567890123456789\n0123456789"},
         {"id": "0123456789012345678901234567890123456789012345678901234567890123456789\"x", "kind": "product"}],
        "links": [{"source": "a\"b\\c\/d\b\f\n\r\t\u0000\u001f", "target": "0123456789012345678901234567890123456789012345678901234567890123456789\"x",
          "kind": "supplies", "input": "in\u0070ut", "view": "v\u00e9", "sources": ["s\u00e91", "s2"],
          "key": "\ud83d\ude80"}]})",
      // Numbers of every kind, in fields and in unknown members.
      R"({"nodes": [{"id": "a", "kind": "firm", "capacity": 0, "stock_months": -0,
          "ints": [0, -0, -7, 9223372036854775807, -9223372036854775808, 18446744073709551615],
          "floats": [-0.0, 0.0, 1.5e300, -1e-320, 1e-400, -1e-400, 123456789012345678901234567890, 1E2, 2e+2, 3e-2],
          "many digits": [0.1000000000000000055511151231257827, 0.95000000000000000000, 1000000000.000000001,
            1.7976931348623158e308, 2e-324, 3e-324, 9007199254740993, -0e5, 0e-999999999999999999999],
          "literals": [true, false, null], "empty": [{}, [], ""]},
        {"id": "b", "kind": "product", "capacity": 1e12, "stock_months": 1200.0}],
        "links": [{"source": "a", "target": "b", "kind": "produces", "share": 5e-324,
          "quality": 0.1000000000000000055511151231257827, "confidence": 0, "lead_time_months": -0, "key": -0.0},
          {"source": "a", "target": "b", "kind": "produces", "share": 0.95000000000000000000,
           "quality": 3e-324, "confidence": 0.30000000000000000000000000000000000000000000001,
           "lead_time_months": 1e-400, "key": 0.1000000000000000055511151231257827},
          {"source": "a", "target": "b", "kind": "produces", "share": 1, "quality": 1.0, "confidence": 1e-0,
           "lead_time_months": 0.0, "key": 18446744073709551616},
          {"source": "a", "target": "b", "kind": "produces", "lead_time_months": 2.5e1, "key": null},
          {"source": "a", "target": "b", "kind": "produces", "key": true},
          {"source": "a", "target": "b", "kind": "produces", "key": {"nested": [1, {"k": "v"}]}},
          {"source": "a", "target": "b", "kind": "produces", "key": []}]})",
      // Integer ids of every size.
      R"({"nodes": [{"id": 0, "kind": "firm"}, {"id": -7, "kind": "firm"},
          {"id": 9223372036854775807, "kind": "firm"}, {"id": -9223372036854775808, "kind": "firm"},
          {"id": 18446744073709551615, "kind": "firm"}],
        "links": [{"source": -0, "target": -7, "kind": "supplies"},
          {"source": 18446744073709551615, "target": -9223372036854775808, "kind": "supplies"}]})",
      // Attribute order as given, unknown top-level members of every kind, metadata variants.
      R"({"extra": {"a": [1, 2, {"b": {}}], "c": "d"}, "graph": {}, "multigraph": false,
        "nodes": [{"z": 1, "id": "a", "a": 2, "kind": "firm", "m": {"y": 1, "x": [2, {"w": 3}]}}],
        "number": -0, "links": [], "string": "s\u00e9", "list": [[[]]], "null": null, "directed": true})",
      // A NUL byte ends the text for nlohmann, whatever follows.
      std::string(R"({"nodes": [], "links": []})") + '\0',
      std::string(R"({"nodes": [], "links": []} )") + '\0' + "\xff\"{[ garbage",
      // Empty arrays, `edges`, blanks of every kind, a byte order mark.
      "{\"nodes\": [], \"edges\": []}",
      "\xEF\xBB\xBF{\"nodes\": [], \"links\": []}",
      " \t\r\n{ \"nodes\" :\r\n[ { \"id\" : \"a\" ,\t\"kind\" : \"firm\" } ] , \"links\" : [ ] }\r\n\t ",
      // Nested 512 deep in all: the top object, `nodes`, the element and 509 levels.
      with_node(R"({"id": "a", "kind": "firm", "deep": )" + std::string(509, '[') +
                std::string(509, ']') + "}"),
      // A `graph` member nested 512 deep: the top object and 511 levels.
      R"({"nodes": [], "links": [], "graph": )" + nested_objects(511) + "}",
  };
  for (const std::string& text : texts) {
    SCOPED_TRACE(text.substr(0, 200));
    ASSERT_NO_FATAL_FAILURE(expect_same_graph(text));
  }
}

TEST(JsonFast, LeavesEveryBadTextToTheSaxReader) {
  const std::string deep = std::string(600, '[') + std::string(600, ']');
  const std::string too_deep_graph = R"({"nodes": [], "links": [], "graph": )" + nested_objects(512) + "}";
  const std::vector<std::string> texts = {
      // Not JSON, or not all of it.
      "", " ", "\xEF\xBB\xBF", "\xEF\xBB", "{", "}", "[]", "42", "null", R"("nodes")",
      R"({"nodes": [], "links": []} x)", R"({"nodes": [], "links": []} {})", R"({"nodes": [], "links": []},)",
      std::string(R"({"nodes": [)") + '\0' + R"(], "links": []})",
      std::string(R"({"nodes": [{"id": "a)") + '\0' + R"(", "kind": "firm"}], "links": []})",
      R"({"nodes": [], "links": [],})",
      R"({"nodes": [], "links": [] "graph": {}})", R"({"nodes": [], 'links': []})",
      R"({"nodes": [], "links": [] /* comment */})", R"({"nodes" [], "links": []})",
      // Bad values where they are read, kept or dropped.
      with_node(R"({"id": "a", "kind": "firm", "capacity": 1e400})"),
      with_node(R"({"id": "a", "kind": "firm", "x": 1e400})"),
      with_node(R"({"id": "a", "kind": "firm", "x": [1, -1e400]})"),
      with_link(R"({"source": "a", "target": "b", "kind": "produces", "key": 1e400})"),
      R"({"nodes": [], "links": [], "x": 1e400})", R"({"nodes": [], "links": [], "graph": {"x": 1e400}})",
      with_node(R"({"id": "a", "kind": "firm", "capacity": NaN})"),
      with_node(R"({"id": "a", "kind": "firm", "capacity": Infinity})"),
      with_node(R"({"id": "a", "kind": "firm", "capacity": 01})"),
      with_node(R"({"id": "a", "kind": "firm", "capacity": 1.})"),
      with_node(R"({"id": "a", "kind": "firm", "capacity": .5})"),
      with_node(R"({"id": "a", "kind": "firm", "capacity": +1})"),
      with_node(R"({"id": "a", "kind": "firm", "capacity": -})"),
      with_node(R"({"id": "a", "kind": "firm", "capacity": 1e})"),
      with_node(R"({"id": "a", "kind": "firm", "capacity": 1 2})"),
      with_link(R"({"source": "a", "target": "b", "kind": "produces", "key": tru})"),
      with_link(R"({"source": "a", "target": "b", "kind": "produces", "key": nul})"),
      with_link(R"({"source": "a", "target": "b", "kind": "produces", "key": nulll})"),
      with_link(R"({"source": "a", "target": "b", "kind": "produces", "key": 0x1})"),
      with_link(R"({"source": "a", "target": "b", "kind": "produces", "key": "\x"})"),
      with_link(R"({"source": "a", "target": "b", "kind": "produces", "key": "\ud800"})"),
      with_link(R"({"source": "a", "target": "b", "kind": "produces", "key": {"k": 1, "k": 2}})"),
      with_link(R"({"source": "a", "target": "b", "kind": "produces", "key": [1,]})"),
      with_link(R"({"source": "a", "target": "b", "kind": "produces", "key": )" + deep + "}"),
      // Strings: escapes, control characters, UTF-8.
      with_node(R"({"id": "a\ud800", "kind": "firm"})"), with_node(R"({"id": "a\udc00b", "kind": "firm"})"),
      with_node(R"({"id": "a\ud800\u0041", "kind": "firm"})"), with_node(R"({"id": "a\u12", "kind": "firm"})"),
      with_node(R"({"id": "a\'", "kind": "firm"})"), with_node("{\"id\": \"a\tb\", \"kind\": \"firm\"}"),
      with_node("{\"id\": \"a\x01\", \"kind\": \"firm\"}"), with_node("{\"id\": \"a\xff\", \"kind\": \"firm\"}"),
      with_node("{\"id\": \"a\xed\xa0\x80\", \"kind\": \"firm\"}"), with_node("{\"id\": \"a\xc0\xaf\", \"kind\": \"firm\"}"),
      with_node("{\"i\\u0064\": \"a\", \"kind\": \"firm\", \"id\": \"b\"}"),
      with_node("{\"id\": \"a\", \"kind\": \"firm\", \"\\u00e9\": 1, \"\xc3\xa9\": 2}"),
      // Separators and brackets missing, doubled or mismatched.
      R"({"nodes": [{"id": "a", "kind": "firm",}], "links": []})",
      R"({"nodes": [{"id": "a", "kind": "firm"},], "links": []})",
      R"({"nodes": [,{"id": "a", "kind": "firm"}], "links": []})",
      R"({"nodes": [{"id": "a" "kind": "firm"}], "links": []})",
      R"({"nodes": [{"id": "a", "kind" "firm"}], "links": []})",
      R"({"nodes": [{"id": "a", "kind": "firm"} {"id": "b", "kind": "firm"}], "links": []})",
      R"({"nodes": [{"id": "a", "kind": "firm", "tags": ["x" "y"]}], "links": []})",
      R"({"nodes": [{"id": "a", "kind": "firm", "tags": ["x",]}], "links": []})",
      R"({"nodes": [{"id": "a", "kind": "firm", "tags": [,"x"]}], "links": []})",
      R"({"nodes": [{"id": "a", "kind": "firm", "tags": ["x"}]}], "links": []})",
      R"({"nodes": [{"id": "a", "kind": "firm"]}, "links": []})",
      R"({"nodes": [], "links": [], })",
      R"({, "nodes": [], "links": []})",
      R"({"nodes": [], "links": []])",
      R"({"nodes": [], "links": [}})",
      R"({"nodes": [{}}, "links": []})",
      R"({"nodes": [], "links": [], "x": {"a": 1,}})",
      R"({"nodes": [{"id": "a", "kind": "firm", "tags": []]}], "links": []})",
      R"({"nodes": [{"id": "a", "kind": "firm", "tags": ["x"]]}], "links": []})",
      R"({"nodes": [{"id": "a", "kind": "firm"}]], "links": []})",
      R"({"nodes": [{"id": "a", "kind": "firm"}], "links": []}])",
      R"({"nodes": [{"id": "a", "kind": "firm"}], "links": [] "x": 1})",
      R"({"nodes": [{"id": "a", "kind": "firm"}], "links": []:})",
      R"({"nodes": [{"id": "a", "kind": "firm"}], "links": [], "x":})",
      R"({"nodes": [{"id": "a", "kind": "firm"}], "links": [], "x"})",
      R"({"nodes": [{"id": "a", "kind": "firm"}], "links": [], "x": 1 2})",
      R"({"nodes": [{"id": "a", "kind": "firm", "x": }], "links": []})",
      R"({"nodes": [{"id": "a", "kind": "firm", "x" }], "links": []})",
      R"({"nodes": [{"id": "a", "kind": "firm", "capacity": 1,, "x": 1}], "links": []})",
      R"({"nodes": [{"id": "a", "kind": "firm", "tags": ["x",, "y"]}], "links": []})",
      R"({"nodes": [{"id": "a", "kind": "firm"}], "links": [], "graph": {"a": 1} "x": 2})",
      R"({"nodes": [{"id": "a", "kind": "firm", "x": {"a": 1} "y": 2}], "links": []})",
      R"({"nodes": [{"id": "a", "kind": "firm", "x": [1] "y": 2}], "links": []})",
      R"({"nodes": [{"id": "a", "kind": "firm", "x": [1]: 2}], "links": []})",
      R"({"nodes": [{"id": "a", "kind": "firm", "x": {}: 2}], "links": []})",
      R"({"nodes": [{"id": "a", "kind": "firm"}: 1], "links": []})",
      R"({"nodes": []: 1, "links": []})",
      R"({"nodes": [{"id": "a", "kind": "firm"}], "links": [{"source": "a", "target": "a", "kind": "supplies", "sources": ["x"]: 1}]})",
      R"({"nodes": [{"id": "a", "kind": "firm", "tags": ["x"]: 1}], "links": []})",
      // A string followed by a colon, which simdjson skips as a key when it is not consumed.
      with_node(R"({"id": "a", "kind": "firm", "name": "x": "y"]})"),
      with_node(R"({"id": "a", "kind": "firm", "name": "x": "y"})"),
      with_node(R"({"id": "a": "b"], "kind": "firm"})"), with_node(R"({"id": "a", "kind": "firm": "x"]})"),
      with_node(R"({"id": "a", "kind": "firm", "tags": ["x": "y"]})"),
      with_node(R"({"id": "a", "kind": "firm", "x": "s": 1]})"),
      with_node(R"({"id": "a", "kind": "firm", "x": "s\n": 1]})"),
      with_node(R"({"id": "a", "kind": "firm", "capacity": 1: 2]})"),
      with_link(R"({"source": "a", "target": "b", "kind": "produces", "key": "k": 1]})"),
      with_link(R"({"source": "a", "target": "b", "kind": "produces", "start_date": "2014-03-01": 1]})"),
      R"({"nodes": [], "links": [], "x": "s": 1]})", R"({"nodes": [], "links": [], "x": true: 1]})",
      // Layout: types, duplicates, missing members, nesting.
      R"({"nodes": {}, "links": []})", R"({"nodes": [], "links": 3})", R"({"links": []})", R"({"nodes": []})",
      R"({"nodes": [], "links": [], "edges": []})", R"({"nodes": [], "edges": [], "links": []})",
      R"({"nodes": [], "links": [], "nodes": []})", R"({"nodes": [], "links": [], "graph": {}, "graph": {}})",
      R"({"nodes": [], "links": [], "x": 1, "x": 1})", R"({"nodes": [], "links": [], "x": {"k": [{"a": 1, "a": 1}]}})",
      R"({"nodes": [], "links": [], "graph": {"k": 1, "k": 2}})", R"({"nodes": [], "links": [], "graph": []})",
      R"({"nodes": [], "links": [], "graph": null})", too_deep_graph, R"({"nodes": [], "links": [], "directed": false})",
      R"({"nodes": [], "links": [], "directed": "true"})", R"({"nodes": [], "links": [], "directed": {}})",
      R"({"nodes": [], "links": [], "multigraph": 1})", R"({"nodes": [], "links": [], "multigraph": []})",
      R"({"nodes": [], "links": [], "x": )" + deep + "}", R"({"nodes": [], "links": [], "graph": {"x": )" + deep + "}}",
      R"({"nodes": [3], "links": []})", R"({"nodes": [[]], "links": []})", R"({"nodes": [null], "links": []})",
      with_node(R"({"kind": "firm"})"), with_node(R"({"id": "a"})"), with_node(R"({"id": "", "kind": "firm"})"),
      with_node(R"({"id": 1.5, "kind": "firm"})"), with_node(R"({"id": 1e2, "kind": "firm"})"),
      with_node(R"({"id": 18446744073709551616, "kind": "firm"})"),
      with_node(R"({"id": -9223372036854775809, "kind": "firm"})"),
      with_node(R"({"id": true, "kind": "firm"})"), with_node(R"({"id": null, "kind": "firm"})"),
      with_node(R"({"id": ["a"], "kind": "firm"})"), with_node(R"({"id": "a", "kind": "plant"})"),
      with_node(R"({"id": "a", "kind": 1})"), with_node(R"({"id": "a", "kind": "firm", "id": "b"})"),
      with_node(R"({"id": "a", "kind": "firm", "x": 1, "x": 2})"),
      with_node(R"({"id": "a", "kind": "firm", "x": {"k": 1, "k": 2}})"),
      with_node(R"({"id": "a", "kind": "firm", "x": )" + deep + "}"),
      with_node(R"({"id": "a", "kind": "firm", "name": ["x"]})"), with_node(R"({"id": "a", "kind": "firm", "name": 1})"),
      with_node(R"({"id": "a", "kind": "firm", "country": "de"})"),
      with_node(R"({"id": "a", "kind": "firm", "tags": "x"})"), with_node(R"({"id": "a", "kind": "firm", "tags": [1]})"),
      with_node(R"({"id": "a", "kind": "firm", "tags": [["x"]]})"),
      with_node(R"({"id": "a", "kind": "firm", "capacity": "1"})"),
      with_node(R"({"id": "a", "kind": "firm", "capacity": null})"),
      with_node(R"({"id": "a", "kind": "firm", "capacity": -1})"),
      with_node(R"({"id": "a", "kind": "firm", "capacity": 1e308})"),
      with_node(R"({"id": "a", "kind": "firm", "stock_months": 1201})"),
      with_node(R"({"id": "a", "kind": "firm"}, {"id": "a", "kind": "firm"})"),
      with_link(R"({"source": "a", "target": "b", "kind": "sells"})"),
      with_link(R"({"source": "a", "target": "c", "kind": "produces"})"),
      with_link(R"({"source": "a", "target": "b"})"), with_link(R"({"target": "b", "kind": "produces"})"),
      with_link(R"({"source": "a", "kind": "produces"})"),
      with_link(R"({"source": "a", "target": "b", "kind": "produces", "key": 1, "key": 2})"),
      with_link(R"({"source": "a", "target": "b", "kind": "produces", "share": 0})"),
      with_link(R"({"source": "a", "target": "b", "kind": "produces", "sources": [{}]})"),
      with_link(R"({"source": "a", "target": "b", "kind": "owns", "start_date": "2014-02-30"})"),
      with_link(R"({"source": "a", "target": "b", "kind": "owns", "end_date": 2014})"),
      with_link(R"({"source": "a", "target": "b", "kind": "owns", "start_date": "2020-01-01", "end_date": "2019-12-31"})"),
      with_link(R"({"source": "a", "target": "b", "kind": "supplies", "start_date": "2020-01-01"})"),
      with_link(R"({"source": "a", "target": "b", "kind": "controls", "share": 0.3})"),
      with_link(R"({"source": "a", "target": "b", "kind": "produces", "lead_time_months": 1e9})"),
  };
  for (const std::string& text : texts) {
    SCOPED_TRACE(text.substr(0, 200));
    ASSERT_NO_FATAL_FAILURE(expect_left_to_sax(text));
  }
}

TEST(JsonFast, WindowsThatEndInsideAnElementReadNothingOfIt) {
  // Each window ends at the last `}` followed by `,` or `]`: here such a `}` also sits in
  // strings, in unknown members' arrays of objects and just before the end of an element.
  const std::string tricky_node =
      R"({"id": "n},{\"id\": \"x\", \"kind\": \"firm\"}]", "kind": "firm", "name": "}, {\"}]",)"
      R"( "parts": [{"a": 1}, {"b": [{"c": "}]"}, {"d": {}}]}, {}], "last": [{"e": {}}]})";
  const std::string tricky_link =
      R"({"source": "a", "target": "n},{\"id\": \"x\", \"kind\": \"firm\"}]", "kind": "supplies",)"
      R"( "attrs": {"x": [{}, {"y": "},"}], "z": {"w": [{}]}}, "sources": ["},{", "}]"]})";
  std::string nodes = R"({"id": "a", "kind": "firm"})", links;
  for (int i = 0; i < 12; ++i) {
    nodes += i % 3 == 0 ? " ,\n\t{" : ",{";
    nodes += R"("id": "m)" + std::to_string(i) + R"(", "kind": "product", "x": [{"y": [{}]}, {}]})";
    links += (i == 0 ? "" : i % 2 == 0 ? "\r\n,  " : ",") + tricky_link;
  }
  const std::string text = R"({"nodes": [)" + nodes + ", " + tricky_node + R"(  ] ,"links" :[)" + links +
                           R"( ], "graph": {"g": [{"h": "},{"}]}})";
  for (std::size_t window = 1; window <= text.size() + 1; window += window < 64 ? 1 : 37) {
    SCOPED_TRACE(window);
    const std::optional<graph> fast = detail::read_json_fast(text, {.window = window});
    ASSERT_TRUE(fast.has_value());
    EXPECT_TRUE(*fast == detail::read_json_sax(text, "graph.json"));
  }
  ASSERT_NO_FATAL_FAILURE(expect_same_graph(text));
  // A `}` followed by `,` or `]` in a string after the arrays, or in every element: the quick
  // choice of a window's end is wrong, and a scan that follows strings and brackets finds it.
  ASSERT_NO_FATAL_FAILURE(expect_same_graph(R"({"nodes": [{"id": "a", "kind": "firm"}], "links": [], "x": "}]"})"));
  ASSERT_NO_FATAL_FAILURE(
      expect_same_graph(R"({"nodes": [{"id": "a", "kind": "firm"}], "links": [], "graph": {"note": "a}, b"}})"));
  std::string braces = R"({"nodes": [)";
  for (int i = 0; i < 300; ++i) {
    braces += i == 0 ? "" : ", ";
    braces += R"({"id": "n)" + std::to_string(i) + R"(", "kind": "firm", "name": ")";
    for (int j = 0; j < 40; ++j) braces += j % 2 == 0 ? "}, " : "}]";
    braces += R"(", "x": [{"y": {}}, {"z": [{}]}]})";
  }
  braces += R"(], "links": []})";
  ASSERT_NO_FATAL_FAILURE(expect_same_graph(braces));
  for (std::size_t window : {std::size_t{100}, std::size_t{4096}, std::numeric_limits<std::size_t>::max()}) {
    SCOPED_TRACE(window);
    EXPECT_TRUE(detail::read_json_fast(braces, {.window = window}).has_value());
  }
  // A bad element deep in a long array: declined at once, in windows or not.
  std::string bad = braces;
  bad.replace(bad.find(R"("id": "n250", "kind": "firm")"), 28, R"("id": "n250", "kind": "frim")");
  ASSERT_NO_FATAL_FAILURE(expect_left_to_sax(bad));
  // An element broken after the windows before it read whole is still left to the SAX reader.
  ASSERT_NO_FATAL_FAILURE(expect_left_to_sax(R"({"nodes": [)" + nodes + R"(, {"id": "b", "kind": "firm",}],)"
                                             R"( "links": []})"));
  ASSERT_NO_FATAL_FAILURE(expect_left_to_sax(R"({"nodes": [)" + nodes + R"(, {"id": "b", "kind": "firm"} {}],)"
                                             R"( "links": []})"));
  ASSERT_NO_FATAL_FAILURE(expect_left_to_sax(R"({"nodes": [)" + nodes + R"(, {"id": "b", "kind": "firm"}])"
                                             R"( "links": []})"));
}

TEST(JsonFast, AReaderOnItsOwnThreadStopsWhenTheBuilderRefusesAnElement) {
  // Batches of 2,048 elements go back and forth between the two threads: the builder refuses
  // a duplicate id in the first batch, a later one or the last, while the reader is blocked
  // waiting for a batch to fill, or done.
  const std::string text = json_text(generate({.nodes = 20000, .seed = 5}));
  // (Windows of a few bytes over 3 MiB would take long under the sanitizers: the text is read
  // in the default window here, on one thread and on two.)
  for (unsigned threads : {1u, 2u}) {
    const std::optional<graph> g = detail::read_json_fast(text, {.threads = threads});
    ASSERT_TRUE(g.has_value());
    EXPECT_EQ(json_text(*g), text);
  }
  const std::size_t first = text.find(R"("id":")");
  ASSERT_NE(first, std::string::npos);
  for (const std::size_t node : {1, 2047, 2048, 5000, 19000}) {
    SCOPED_TRACE(node);
    std::size_t at = first;
    for (std::size_t i = 0; i < node; ++i) at = text.find(R"("id":")", at + 1);
    // The node's id replaced by the first node's.
    const std::string first_id = text.substr(first + 6, text.find('"', first + 6) - first - 6);
    std::string broken = text;
    broken.replace(at + 6, text.find('"', at + 6) - at - 6, first_id);
    for (unsigned threads : {1u, 2u})
      EXPECT_FALSE(detail::read_json_fast(broken, {.threads = threads}).has_value());
    EXPECT_NE(error_message<parse_error>([&] { io::read_json_text(broken, "graph.json"); }).find("duplicate id"),
              std::string::npos);
  }
}

TEST(JsonFast, AgreesWithTheSaxReaderWithANulByteAnywhere) {
  // nlohmann ends its input at a NUL outside strings; simdjson reads on.
  const std::string text = R"({"graph": {"a": [1, true]}, "nodes": [{"id": "a", "kind": "firm", "x": [null, 1.5, "s"],)"
                           R"( "y": false}, {"id": 7, "kind": "product", "capacity": 2}], "links": [{"source": "a",)"
                           R"( "target": 7, "kind": "supplies", "key": true, "z": null, "sources": ["s"]}], "w": 0}  )";
  std::size_t read = 0;
  for (std::size_t at = 0; at <= text.size(); ++at) {
    for (const std::string& variant : {text.substr(0, at) + '\0' + text.substr(at),
                                       text.substr(0, at) + '\0' + text.substr(std::min(at + 1, text.size()))}) {
      SCOPED_TRACE(at);
      const bool sax_reads =
          error_message<parse_error>([&] { detail::read_json_sax(variant, "graph.json"); }) == "no error";
      if (sax_reads) {
        ++read;
        ASSERT_NO_FATAL_FAILURE(expect_same_graph(variant));
      } else {
        ASSERT_NO_FATAL_FAILURE(expect_left_to_sax(variant));
      }
    }
  }
  EXPECT_GE(read, 4u);  // a NUL after the top-level object
}

TEST(JsonFast, EveryBadFixtureFileGetsTheSaxReadersMessage) {
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(MICGRAPH_SOURCE_DIR "/tests/data/bad")) {
    if (entry.path().filename().string().rfind("json-", 0) != 0) continue;
    ++files;
    SCOPED_TRACE(entry.path().string());
    const std::string text = read_file(entry.path());
    EXPECT_FALSE(detail::read_json_fast(text).has_value());
    const std::string expected =
        error_message<parse_error>([&] { detail::read_json_sax(text, entry.path().string()); });
    EXPECT_NE(expected, "no error");
    EXPECT_EQ(error_message<parse_error>([&] { io::read_json(entry.path()); }), expected);
  }
  EXPECT_GE(files, 20u);
}

TEST(JsonFast, FilesOfEveryLengthAroundAPage) {
  // Mapped files whose end falls anywhere in a page, even on its last byte.
  const fs::path dir = fresh_directory("json-fast-lengths");
  const std::string text = json_text(random_graph(7, {.min_nodes = 20, .max_nodes = 20}));
  const graph expected = detail::read_json_sax(text, "graph.json");
  const std::size_t page = 4096, base = (text.size() + 100) / page * page + page;
  for (std::size_t length : {base, base - 1, base - 63, base - 64, base - 65, base + page, base + page - 1}) {
    SCOPED_TRACE(length);
    const fs::path file = dir / ("graph-" + std::to_string(length) + ".json");
    write_file(file, text + std::string(length - text.size(), ' '));
    EXPECT_TRUE(io::read_json(file) == expected);
  }
}

TEST(JsonFast, ProgressClimbsToOneOnTheFastPath) {
  const std::string text = json_text(generate({.nodes = 20000, .seed = 3}));
  ASSERT_GT(text.size(), std::size_t{3} << 20);
  std::vector<double> seen;
  const std::optional<graph> g =
      detail::read_json_fast(text, {.progress = [&](double share) { seen.push_back(share); }});
  ASSERT_TRUE(g.has_value());
  ASSERT_GE(seen.size(), 4u);
  for (std::size_t i = 1; i < seen.size(); ++i) EXPECT_GE(seen[i], seen[i - 1]);
  EXPECT_GE(seen.front(), 0.0);
  EXPECT_EQ(seen.back(), 1.0);
}

}  // namespace io_json_fast_test_cases
