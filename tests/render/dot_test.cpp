// Graphviz: the DOT we write reads back through cgraph with every node, edge and field; strings
// DOT cannot hold are refused, never mangled; highlights, clusters and the legend are where they
// should be; SVG, PNG and PDF come out of gvc.

#include <fmt/core.h>
#include <graphviz/cgraph.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <filesystem>
#include <map>
#include <memory>
#include <micgraph/analysis/chokepoints.hpp>
#include <micgraph/analysis/impact.hpp>
#include <micgraph/builder.hpp>
#include <micgraph/render/dot.hpp>
#include <micgraph/io/json.hpp>
#include <micgraph/io/scenario.hpp>
#include <micgraph/subgraph.hpp>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <tuple>

// GCC 12 reports a false -Wrestrict (PR 105329) in random_graph's string concatenation in this
// file only; the pragma covers the header's inline code.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wrestrict"
#include "support/random_graph.hpp"
#pragma GCC diagnostic pop
#include "support/errors.hpp"
#include "support/graph_queries.hpp"
#include "support/strings.hpp"

using namespace micgraph;
using namespace micgraph::testing;
namespace fs = std::filesystem;

// In a namespace of its own: the unity build compiles several test files as one.
namespace render_dot_test_cases {

namespace {

struct graph_closer {
  void operator()(Agraph_t* g) const { agclose(g); }
};
using dot_graph = std::unique_ptr<Agraph_t, graph_closer>;

std::string dot_text(const graph& g, const io::export_view& view = {},
                     const io::dot_options& options = {}) {
  std::ostringstream out;
  io::write_dot(g, out, view, options);
  return out.str();
}

dot_graph read_back(const std::string& text) {
  dot_graph g(agmemread(text.c_str()));
  if (!g) agreseterrors();
  return g;
}

/// An attribute of a cgraph object; "" when undeclared or unset.
std::string attribute(void* object, const char* name) {
  std::string key(name);
  const char* value = agget(object, key.data());
  return value == nullptr ? std::string() : std::string(value);
}

bool is_legend(void* object) { return attribute(object, "legend") == "true"; }

std::string number(double value) { return fmt::format("{}", value); }

/// JSON text compared by value: DOT keeps `attrs` as an equal JSON value, not the same text.
std::string json_value(const std::string& text) {
  return text.empty() ? std::string() : nlohmann::json::parse(text).dump();
}

using node_fields_text = std::map<std::string, std::string>;

/// Every field of a node as the DOT writer should keep it.
node_fields_text expected_fields(node_view v) {
  return {{"kind", std::string(to_string(v.kind()))},
          {"name", std::string(v.name())},
          {"country", std::string(v.country())},
          {"category", std::string(v.category())},
          {"tags", joined(v.tags())},
          {"capacity", number(v.capacity())},
          {"stock_months", number(v.stock_months())},
          {"attrs", json_value(std::string(v.attrs()))}};
}

node_fields_text read_fields(Agnode_t* n) {
  node_fields_text out;
  for (const char* field :
       {"kind", "name", "country", "category", "tags", "capacity", "stock_months", "attrs"})
    out[field] = attribute(n, field);
  out["attrs"] = json_value(out["attrs"]);
  return out;
}

using edge_key = std::vector<std::string>;

edge_key expected_edge(const graph& g, edge_view e) {
  return {std::string(g.node(e.source()).id()),
          std::string(g.node(e.target()).id()),
          std::string(to_string(e.kind())),
          std::string(e.input()),
          number(e.share()),
          number(e.quality()),
          number(e.confidence()),
          std::string(e.view()),
          joined(e.sources()),
          e.lead_time_months() ? number(*e.lead_time_months()) : std::string(),
          e.start_date() ? format_date(*e.start_date()) : std::string(),
          e.end_date() ? format_date(*e.end_date()) : std::string(),
          json_value(std::string(e.attrs()))};
}

edge_key read_edge(Agedge_t* e) {
  edge_key out = {agnameof(agtail(e)), agnameof(aghead(e))};
  for (const char* field : {"kind", "input", "share", "quality", "confidence", "view", "sources",
                            "lead_time_months", "start_date", "end_date", "attrs"})
    out.push_back(attribute(e, field));
  out.back() = json_value(out.back());
  return out;
}

/// Checks that the DOT text holds exactly the view's nodes and edges with all their fields.
void expect_same_graph(const graph& g, const std::string& text,
                       const std::vector<node_index>& nodes) {
  dot_graph back = read_back(text);
  ASSERT_TRUE(back) << text.substr(0, 2000);
  std::map<std::string, node_fields_text> read_nodes;
  std::multiset<edge_key> read_edges;
  for (Agnode_t* n = agfstnode(back.get()); n != nullptr; n = agnxtnode(back.get(), n)) {
    if (is_legend(n)) continue;
    read_nodes[agnameof(n)] = read_fields(n);
    for (Agedge_t* e = agfstout(back.get(), n); e != nullptr; e = agnxtout(back.get(), e))
      if (!is_legend(e)) read_edges.insert(read_edge(e));
  }
  std::map<std::string, node_fields_text> expected_nodes;
  std::multiset<edge_key> expected_edges;
  std::vector<std::uint8_t> kept(g.node_count(), 0);
  for (node_index v : nodes) kept[v] = 1;
  for (node_index v : nodes) {
    expected_nodes[std::string(g.node(v).id())] = expected_fields(g.node(v));
    for (edge_index e : g.out_edges(v))
      if (kept[g.edge_targets()[e]]) expected_edges.insert(expected_edge(g, g.edge(e)));
  }
  EXPECT_EQ(read_nodes.size(), expected_nodes.size());
  EXPECT_TRUE(read_nodes == expected_nodes);
  EXPECT_EQ(read_edges.size(), expected_edges.size());
  EXPECT_TRUE(read_edges == expected_edges);
}

graph tiny() { return io::read_json(MICGRAPH_SOURCE_DIR "/tests/data/tiny.json"); }

std::string error_of(const std::function<void()>& run) { return error_message<error>(run); }

}  // namespace

TEST(Dot, RandomGraphsReadBackWithEveryNodeEdgeAndField) {
  for (std::uint64_t seed = 1; seed <= 150; ++seed) {
    SCOPED_TRACE(seed);
    graph g = micgraph::testing::random_graph(seed, {.fancy_strings = seed % 2 == 0});
    io::dot_options options{.cluster_by_country = seed % 3 == 0, .legend = seed % 4 != 0};
    expect_same_graph(g, dot_text(g, {}, options), all_nodes(g));
  }
}

TEST(Dot, SubsetsKeepTheirNodesAndTheEdgesAmongThem) {
  for (std::uint64_t seed = 1; seed <= 60; ++seed) {
    SCOPED_TRACE(seed);
    graph g = micgraph::testing::random_graph(seed, {.fancy_strings = true});
    std::mt19937_64 rng(seed);
    std::vector<node_index> nodes;
    for (node_index v : g.nodes())
      if (rng() % 3 != 0) nodes.push_back(v);
    std::shuffle(nodes.begin(), nodes.end(), rng);  // any order
    expect_same_graph(g, dot_text(g, {.nodes = nodes}, {.cluster_by_country = true}), nodes);
  }
}

TEST(Dot, HardIdsAndNamesSurvive) {
  // Spaces, quotes, Cyrillic, Chinese, backslashes inside, Graphviz escapes, DOT keywords,
  // HTML-like text, numbers, a name a legend entry would take.
  const std::vector<std::string> ids = {
      "plain",        "with space",          "\"quoted\", with comma", "завод Раду́га",
      "工厂 成都",    "back\\slash",         "C:\\path\\to\\x.dat",    "\\N and \\G",
      "two\\\\ends",  "node",                "subgraph",               "<b>bold</b>",
      "-1.5",         "legend: kind firm",   "a\"b\\\\\"c",              "new\nline",
      "tab\there",    "{braces};[brackets]", "émigré ñ",               "x -> y"};
  graph_builder builder;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    node_fields fields;
    fields.kind = static_cast<node_kind>(i % node_kind_count);
    fields.name = "name of " + ids[i];
    fields.country = i % 2 == 0 ? "RU" : "CN";
    fields.category = "cat/" + std::to_string(i);
    fields.tags = {"dual_use", "back\\slash tag"};
    fields.attrs = R"({"note":"a \"quoted\" \\ value"})";
    builder.add_node(ids[i], fields);
  }
  for (std::size_t i = 0; i + 1 < ids.size(); ++i) {
    edge_fields fields;
    fields.kind = static_cast<edge_kind>(i % edge_kind_count);
    fields.input = i % 3 == 0 && is_dependency(fields.kind) ? "machining \"5-axis\"" : "";
    fields.share = fields.kind == edge_kind::controls ? 1.0 : 1.0 / static_cast<double>(i + 2);
    if (is_ownership(fields.kind)) fields.start_date = days_from_civil(2014, 3, 1 + static_cast<unsigned>(i));
    fields.sources = {"seeds/rhodus-cnc-missile-industry.txt", "report, page 4"};
    if (i % 2 == 0) fields.lead_time_months = 18.5;
    builder.add_edge(ids[i], ids[i + 1], fields);
  }
  graph g = builder.freeze();
  for (bool clusters : {false, true}) {
    std::string text = dot_text(g, {}, {.cluster_by_country = clusters, .title = "a \\ title"});
    expect_same_graph(g, text, all_nodes(g));
  }
  // The legend did not take the id "legend: kind firm".
  dot_graph back = read_back(dot_text(g));
  ASSERT_TRUE(back);
  std::string taken("legend: kind firm");
  Agnode_t* n = agnode(back.get(), taken.data(), 0);
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(attribute(n, "legend"), "");
  EXPECT_EQ(attribute(n, "name"), "name of legend: kind firm");
}

TEST(Dot, RepresentableMatchesWhatCgraphReadsBack) {
  // The predicate is checked against cgraph itself: a node named by the text (and holding it as
  // its name) is written; representable text reads back exactly, other text is refused.
  std::mt19937_64 rng(7);
  const char alphabet[] = {'a', ' ', '\\', '\\', '"', '\n', 'z'};
  std::size_t representable = 0, refused = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    if (round % 2 == 0) text.push_back('n');  // half the texts start with a plain letter
    std::size_t length = 1 + rng() % 9;
    for (std::size_t i = 0; i < length; ++i) text.push_back(alphabet[rng() % std::size(alphabet)]);
    graph_builder builder;
    node_fields fields;
    fields.name = text;
    builder.add_node(text, fields);
    graph g = builder.freeze();
    if (io::dot_representable(text)) {
      ++representable;
      std::string written = dot_text(g, {}, {.legend = false});
      dot_graph back = read_back(written);
      ASSERT_TRUE(back) << written;
      Agnode_t* n = agfstnode(back.get());
      ASSERT_NE(n, nullptr);
      EXPECT_EQ(std::string(agnameof(n)), text);
      EXPECT_EQ(attribute(n, "name"), text);
    } else {
      ++refused;
      EXPECT_THROW(dot_text(g), error) << text;
    }
  }
  EXPECT_GT(representable, 500u);
  EXPECT_GT(refused, 500u);
  EXPECT_TRUE(io::dot_representable("back\\slash"));
  EXPECT_TRUE(io::dot_representable("two at the end\\\\"));
  EXPECT_FALSE(io::dot_representable("one at the end\\"));
  EXPECT_FALSE(io::dot_representable("a\\\"b"));
}

TEST(Dot, TextDotCannotHoldIsRefusedButStillRenders) {
  graph_builder builder;
  builder.add_node("C:\\temp\\", {.kind = node_kind::firm});
  builder.add_node("plant", {.kind = node_kind::facility});
  builder.add_edge("C:\\temp\\", "plant", {.kind = edge_kind::produces});
  graph g = builder.freeze();
  EXPECT_EQ(error_of([&] { dot_text(g); }),
            "DOT cannot hold the node id 'C:\\temp\\': Graphviz's reader would not give it back (a "
            "backslash before a quote, a line break or the end); export GraphML or JSON instead");
  std::string svg = io::render(g);
  EXPECT_NE(svg.find("C:\\temp\\"), std::string::npos);

  graph_builder listed;
  listed.add_node("firm", {.kind = node_kind::firm, .tags = {"sanctioned;us-sdn"}});
  graph h = listed.freeze();
  EXPECT_EQ(error_of([&] { dot_text(h); }),
            "DOT: node 'firm' tags: the item 'sanctioned;us-sdn' contains ';', the list separator; "
            "export JSON instead");
}

TEST(Dot, ScenarioLossesCutsAndSinglePointsAreMarked) {
  graph g = tiny();
  scenario ban = io::read_scenario_text(R"({"name": "German machine tools", "rules": [
      {"select": "edges", "name": "5-axis exports", "from": {"countries": ["DE"]},
       "kinds": ["tooling"], "enforcement": 0.9},
      {"select": "nodes", "name": "listing", "ids": ["hk-distributor"]}]})");
  compiled_scenario cuts = compile(g, ban);
  impact_result losses = impact(g, cuts, {.attribute = false});
  std::vector<node_index> missile = {g.find("missile")};
  single_points_result points = single_points(g, missile);
  io::export_view view{.focus = missile,
                       .scenario = &cuts,
                       .baseline = losses.baseline,
                       .capacity = losses.capacity,
                       .single_points = points.targets};
  std::string text = dot_text(g, view, {.title = "tiny"});
  expect_same_graph(g, text, all_nodes(g));
  dot_graph back = read_back(text);
  ASSERT_TRUE(back);
  auto node = [&](const char* id) {
    std::string name(id);
    Agnode_t* n = agnode(back.get(), name.data(), 0);
    EXPECT_NE(n, nullptr) << id;
    return n;
  };
  EXPECT_EQ(attribute(back.get(), "scenario"), "German machine tools");
  // The plant loses capacity: its fill is no longer white and its label says how much.
  Agnode_t* plant = node("ru-plant");
  double base = losses.baseline[g.find("ru-plant")], now = losses.capacity[g.find("ru-plant")];
  ASSERT_GT(base - now, 0.1);
  EXPECT_EQ(attribute(plant, "capacity_baseline"), number(base));
  EXPECT_EQ(attribute(plant, "capacity_scenario"), number(now));
  EXPECT_NE(attribute(plant, "fillcolor"), "#ffffff");
  EXPECT_NE(attribute(plant, "label").find("→"), std::string::npos);
  EXPECT_EQ(attribute(node("cn-maker"), "fillcolor"), "#ffffff");  // nothing lost
  // The German tooling edge is cut: red, dashed, the rule in its tooltip.
  bool found_cut = false;
  for (Agedge_t* e = agfstout(back.get(), node("de-5axis")); e; e = agnxtout(back.get(), e)) {
    EXPECT_EQ(attribute(e, "color"), "#e31a1c");
    EXPECT_EQ(attribute(e, "style"), "dashed");
    EXPECT_EQ(attribute(e, "cut_by"), "rule 0 \"5-axis exports\"");
    EXPECT_EQ(attribute(e, "flow_kept"), number(1.0 - 0.9));
    EXPECT_NE(attribute(e, "tooltip").find("5-axis exports"), std::string::npos);
    found_cut = true;
  }
  EXPECT_TRUE(found_cut);
  // The Chinese tooling edge is not cut; the distributor's supply edge is absent? No: no
  // evidence filter here, so it is present and drawn in its kind's style.
  for (Agedge_t* e = agfstout(back.get(), node("cn-5axis")); e; e = agnxtout(back.get(), e)) {
    EXPECT_EQ(attribute(e, "cut_by"), "");
    EXPECT_EQ(attribute(e, "style"), "bold");
  }
  // The cut node has a red border and names its rule.
  EXPECT_EQ(attribute(node("hk-distributor"), "cut_by"), "rule 1 \"listing\"");
  EXPECT_EQ(attribute(node("hk-distributor"), "color"), "#e31a1c");
  // Single points of failure of the missile: thick border, target named.
  ASSERT_EQ(points.targets.size(), 1u);
  ASSERT_FALSE(points.targets[0].single_points.empty());
  for (node_index v : g.nodes()) {
    bool single = std::count(points.targets[0].single_points.begin(),
                             points.targets[0].single_points.end(), v) > 0;
    Agnode_t* n = node(std::string(g.node(v).id()).c_str());
    EXPECT_EQ(attribute(n, "single_point_of"), single ? "missile" : "") << g.node(v).id();
    EXPECT_EQ(attribute(n, "penwidth") == "4.5", single) << g.node(v).id();
  }
  EXPECT_EQ(attribute(node("missile"), "peripheries"), "3");  // the focus
  // The legend explains the marks it uses.
  std::set<std::string> legend_labels;
  for (Agnode_t* n = agfstnode(back.get()); n; n = agnxtnode(back.get(), n))
    if (is_legend(n)) legend_labels.insert(attribute(n, "label"));
  for (const char* label : {"firm", "machine tool", "component_of", "tooling",
                            "cut by a scenario rule", "no capacity lost", "100% lost",
                            "single point of failure", "focus"})
    EXPECT_EQ(legend_labels.count(label), 1u) << label;
}

TEST(Dot, EvidenceFiltersDrawAbsentEdges) {
  graph g = tiny();
  compiled_scenario cuts = compile(g, io::read_scenario_text(R"({"min_confidence": 0.8, "rules": []})"));
  impact_result losses = impact(g, cuts, {.attribute = false});
  dot_graph back = read_back(dot_text(
      g, {.scenario = &cuts, .baseline = losses.baseline, .capacity = losses.capacity}));
  ASSERT_TRUE(back);
  std::string id("hk-distributor");
  Agnode_t* hk = agnode(back.get(), id.data(), 0);
  ASSERT_NE(hk, nullptr);
  Agedge_t* e = agfstout(back.get(), hk);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(attribute(e, "present"), "false");
  EXPECT_EQ(attribute(e, "style"), "dotted");
  EXPECT_NE(attribute(e, "tooltip").find("absent"), std::string::npos);
}

TEST(Dot, ClustersHoldEachCountrysNodes) {
  graph g = io::read_json(MICGRAPH_SOURCE_DIR "/data/cruise-missile-cnc.json");
  dot_graph back = read_back(dot_text(g, {}, {.cluster_by_country = true}));
  ASSERT_TRUE(back);
  std::map<std::string, std::set<std::string>> expected, found;
  std::size_t without_country = 0;
  for (node_index v : g.nodes()) {
    if (g.node(v).country().empty())
      ++without_country;
    else
      expected["cluster_" + std::string(g.node(v).country())].insert(std::string(g.node(v).id()));
  }
  for (Agraph_t* sub = agfstsubg(back.get()); sub != nullptr; sub = agnxtsubg(sub)) {
    std::string name = agnameof(sub);
    if (name == "cluster_legend") continue;
    for (Agnode_t* n = agfstnode(sub); n != nullptr; n = agnxtnode(sub, n))
      found[name].insert(agnameof(n));
    EXPECT_EQ(attribute(sub, "label"), name.substr(8));
  }
  EXPECT_TRUE(found == expected);
  EXPECT_EQ(without_country, 0u);
}

TEST(Dot, SvgIsWellFormedAndNamesEveryFocusedNode) {
  graph g = micgraph::testing::random_graph(11, {.min_nodes = 30, .fancy_strings = true});
  std::vector<node_index> focus = {static_cast<node_index>(g.node_count() - 1)};
  std::vector<node_index> nodes = neighbourhood(g, focus, {.depth = 3});
  std::string svg = io::render(g, {.nodes = nodes, .focus = focus},
                               {.format = io::image_format::svg,
                                .drawing = {.cluster_by_country = true}});
  boost::property_tree::ptree tree;
  std::istringstream in(svg);
  ASSERT_NO_THROW(boost::property_tree::read_xml(in, tree)) << svg.substr(0, 500);
  std::set<std::string> titles;
  std::vector<const boost::property_tree::ptree*> stack = {&tree};
  while (!stack.empty()) {
    const boost::property_tree::ptree* at = stack.back();
    stack.pop_back();
    for (const auto& [key, child] : *at) {
      if (key == "title") titles.insert(child.data());
      stack.push_back(&child);
    }
  }
  for (node_index v : nodes) {
    std::string id(g.node(v).id());
    EXPECT_EQ(titles.count(id), 1u) << id;
  }
}

TEST(Dot, PngAndPdfComeOutOfGvc) {
  graph g = tiny();
  std::string png = io::render(g, {}, {.format = io::image_format::png});
  ASSERT_GT(png.size(), 1000u);
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  std::string pdf = io::render(g, {}, {.format = io::image_format::pdf, .layout = "sfdp"});
  EXPECT_EQ(pdf.substr(0, 5), "%PDF-");
  fs::path file = fs::path(MICGRAPH_TEST_OUTPUT_DIR) / "tiny.png";
  io::render(g, file, {}, {.format = io::image_format::png});
  EXPECT_GT(fs::file_size(file), 1000u);
  EXPECT_THROW(io::render(g, fs::path("/nonexistent-dir/x.png")), error);
  EXPECT_THROW(io::write_dot(g, fs::path("/nonexistent-dir/x.dot")), error);
}

TEST(Dot, GraphvizFailuresAreOneLineErrors) {
  graph g = tiny();
  std::string message = error_of([&] { io::render(g, {}, {.layout = "no-such-engine"}); });
  EXPECT_NE(message.find("Graphviz could not lay the graph out with 'no-such-engine'"),
            std::string::npos)
      << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  // A bad view is the caller's error.
  std::vector<node_index> twice = {0, 0};
  EXPECT_THROW(dot_text(g, {.nodes = twice}), error);
  std::vector<node_index> outside = {static_cast<node_index>(g.node_count())};
  EXPECT_THROW(dot_text(g, {.nodes = outside}), error);
  std::vector<double> short_list(3, 1.0);
  EXPECT_THROW(dot_text(g, {.baseline = short_list, .capacity = short_list}), error);
}

}  // namespace render_dot_test_cases
