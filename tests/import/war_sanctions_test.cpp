// The War & Sanctions importer: exact counts and nodes on a hand-written fixture, one clear error
// per bad input, and the real data from ../shared when it is there.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <micgraph/error.hpp>
#include <micgraph/io/load.hpp>
#include <micgraph/import/war_sanctions.hpp>
#include <nlohmann/json.hpp>

#include "support/errors.hpp"
#include "support/files.hpp"
#include "support/strings.hpp"

using namespace micgraph;
using namespace micgraph::testing;

// In a namespace of its own: the unity build compiles several test files as one.
namespace import_war_sanctions_test_cases {
namespace fs = std::filesystem;

namespace {

const fs::path fixture = fs::path(MICGRAPH_SOURCE_DIR) / "tests/data/war-sanctions-mini";
const fs::path real_data = fs::path(MICGRAPH_SHARED_DIR) / "data/war-sanctions-components";

const io::war_sanctions_import& mini() {
  static const io::war_sanctions_import imported = io::import_war_sanctions(fixture);
  return imported;
}

/// A copy of the fixture in a scratch directory.
fs::path fixture_copy(const std::string& name) {
  fs::path dir = fresh_directory(name);
  for (const auto& entry : fs::directory_iterator(fixture)) fs::copy(entry.path(), dir / entry.path().filename());
  return dir;
}

/// Replaces the first `from` in a file by `to`.
void edit(const fs::path& path, const std::string& from, const std::string& to) {
  std::string text = read_file(path);
  std::size_t at = text.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  text.replace(at, from.size(), to);
  write_file(path, text);
}

/// The import's error with the scratch directory left out of the file name, or "no error".
std::string import_error(const fs::path& dir) {
  return without_directory(error_message<parse_error>([&] { io::import_war_sanctions(dir); }), dir);
}

std::map<node_kind, std::size_t> count_nodes(const graph& g) {
  std::map<node_kind, std::size_t> out;
  for (node_index v : g.nodes()) ++out[g.node(v).kind()];
  return out;
}

std::map<edge_kind, std::size_t> count_edges(const graph& g) {
  std::map<edge_kind, std::size_t> out;
  for (edge_index e : g.edges()) ++out[g.edge(e).kind()];
  return out;
}

std::vector<std::string> tags_of(const graph& g, std::string_view id) {
  std::vector<std::string> out;
  for (std::string_view tag : g.node(g.find(id)).tags()) out.emplace_back(tag);
  return out;
}

/// The edge source -> target, as a record (fails the test when absent).
edge_record edge_between(const graph& g, std::string_view source, std::string_view target) {
  node_index s = g.find(source), t = g.find(target);
  EXPECT_NE(s, no_index) << source;
  EXPECT_NE(t, no_index) << target;
  if (s == no_index || t == no_index) return {};
  for (edge_index e : g.out_edges(s))
    if (g.edge(e).target() == t) return g.edge(e).record();
  ADD_FAILURE() << "no edge " << source << " -> " << target;
  return {};
}

std::vector<std::string> url(std::initializer_list<int> records) {
  std::vector<std::string> out;
  for (int record : records)
    out.push_back(numbered("https://war-sanctions.gur.gov.ua/en/components/", record));
  return out;
}

}  // namespace

TEST(WarSanctions, MiniFixtureCounts) {
  const auto& [g, report] = mini();
  EXPECT_EQ(report.weapon_rows, 5u);
  EXPECT_EQ(report.manufacturer_rows, 6u);
  EXPECT_EQ(report.component_rows, 17u);
  EXPECT_EQ(report.relation_rows, 3u);

  EXPECT_EQ(report.products, 4u);
  EXPECT_EQ(report.firms, 9u);  // 6 listed + 1 named by a component + 2 placeholders
  EXPECT_EQ(report.components, 11u);
  EXPECT_EQ(report.produces_edges, 11u);
  EXPECT_EQ(report.component_of_edges, 14u);

  EXPECT_EQ(report.firms_from_components, 1u);
  EXPECT_EQ(report.unidentified_firms, 2u);
  EXPECT_EQ(report.renamed_firm_ids, 2u);
  EXPECT_EQ(report.firms_without_components, 1u);
  EXPECT_EQ(report.merged_records, 3u);
  EXPECT_EQ(report.repeated_uses, 1u);
  EXPECT_EQ(report.unmarked_parts, 2u);
  EXPECT_EQ(report.parts_of_unidentified_makers, 3u);

  EXPECT_EQ(g.node_count(), 24u);
  EXPECT_EQ(g.edge_count(), 25u);
  auto nodes = count_nodes(g);
  EXPECT_EQ(nodes[node_kind::product], 4u);
  EXPECT_EQ(nodes[node_kind::firm], 9u);
  EXPECT_EQ(nodes[node_kind::component], 11u);
  auto edges = count_edges(g);
  EXPECT_EQ(edges[edge_kind::produces], 11u);
  EXPECT_EQ(edges[edge_kind::component_of], 14u);
}

TEST(WarSanctions, MiniFixtureSkipsWithReasons) {
  const auto& report = mini().report;
  struct expected_skip {
    std::string file;
    std::size_t line;
    std::string reason_start;
    std::string detail;
  };
  const std::vector<expected_skip> expected = {
      {"drones.csv", 7, "duplicate row", "same as line 4"},
      {"components.csv", 13, "found_in_drones names a weapon that drones.csv lacks", "no-such-weapon"},
      {"components.csv", 15, "found_in_drones names no weapon", "gur-13"},
      {"components.csv", 16, "found_in_drones names a weapon that drones.csv lacks", "ghost"},
      {"components.csv", 17, "duplicate row", "same as line 4"},
      {"supply_chain_edges.csv", 2, "found_inside not imported", "Texas Instruments -> Geran-2"},
      {"supply_chain_edges.csv", 3, "found_inside not imported", "Analog Devices -> Kh-101"},
      {"supply_chain_edges.csv", 4, "'ships_via' not imported", "Example Reseller -> Example Maker"},
  };
  ASSERT_EQ(report.skipped.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const auto& skip = report.skipped[i];
    EXPECT_EQ(skip.file, expected[i].file) << i;
    EXPECT_EQ(skip.line, expected[i].line) << i;
    EXPECT_EQ(skip.reason.rfind(expected[i].reason_start, 0), 0u) << i << ": " << skip.reason;
    EXPECT_EQ(skip.detail, expected[i].detail) << i;
  }
  ASSERT_EQ(report.notes.size(), 2u);
  EXPECT_EQ(report.notes[0],
            "manufacturers whose manufacturer_id another name shares, or who have none (ids made from "
            "name and country): 2");
  EXPECT_EQ(report.notes[1], "weapons with no part in components.csv (products with no requirement): 1");
}

TEST(WarSanctions, MiniFixtureWeapons) {
  const graph& g = mini().graph;
  node_view geran = g.node(g.find("weapon:geran-2"));
  EXPECT_EQ(geran.kind(), node_kind::product);
  EXPECT_EQ(geran.name(), "Geran-2 \"Shahed-136\", series K");
  EXPECT_EQ(geran.country(), "RU");
  EXPECT_EQ(geran.category(), "weapon/loitering_munition");
  auto attrs = nlohmann::json::parse(geran.attrs());
  EXPECT_EQ(attrs["aka"], nlohmann::json({"Shahed-136", "Geran 2"}));
  EXPECT_EQ(attrs["operators"], nlohmann::json({"RU"}));
  EXPECT_EQ(attrs["components_documented"], 6);
  EXPECT_EQ(attrs["sources"], nlohmann::json({"https://war-sanctions.gur.gov.ua/en/page-geran-2",
                                               "https://example.org/geran-2, teardown"}));
  EXPECT_EQ(g.node(g.find("weapon:kh-101")).name(), "Kh-101, air-launched cruise missile");
  node_view orlan = g.node(g.find("weapon:orlan-10"));
  EXPECT_EQ(orlan.country(), "");
  EXPECT_EQ(tags_of(g, "weapon:orlan-10"), std::vector<std::string>{"unknown_country"});
  EXPECT_EQ(g.node(g.find("weapon:radio-r-187")).category(), "weapon/unknown");
}

TEST(WarSanctions, MiniFixtureFirms) {
  const graph& g = mini().graph;
  node_view ti = g.node(g.find("manufacturer:texas-instruments-us"));
  EXPECT_EQ(ti.kind(), node_kind::firm);
  EXPECT_EQ(ti.name(), "Texas Instruments");
  EXPECT_EQ(ti.country(), "US");
  EXPECT_EQ(ti.category(), "firm/manufacturer");
  EXPECT_EQ(nlohmann::json::parse(ti.attrs())["headquarters_city"], "Dallas");
  EXPECT_EQ(g.node(g.find("manufacturer:analog-devices-inc-us")).name(), "Analog Devices, Inc.");
  // Two names share the manufacturer_id "ru": each gets an id from its name and country.
  EXPECT_FALSE(g.contains("manufacturer:ru"));
  EXPECT_EQ(g.node(g.find("manufacturer:АО Пример (RU)")).country(), "RU");
  EXPECT_TRUE(g.contains("manufacturer:ООО Образец (RU)"));
  // Listed with country UNK; named only by components.csv; listed but used by no component.
  EXPECT_EQ(tags_of(g, "manufacturer:future-technology-devices-international-ltd-unk"),
            std::vector<std::string>{"unknown_country"});
  EXPECT_EQ(g.node(g.find("manufacturer:STMicroelectronics (CH)")).country(), "CH");
  EXPECT_TRUE(g.contains("manufacturer:robert-bosch-gmbh-de"));
  // "Not identified" makers: one placeholder per country given, tagged unknown.
  node_view unknown = g.node(g.find("manufacturer:unidentified"));
  EXPECT_EQ(unknown.country(), "");
  EXPECT_EQ(tags_of(g, "manufacturer:unidentified"), (std::vector<std::string>{"unknown", "unknown_country"}));
  EXPECT_EQ(g.node(g.find("manufacturer:unidentified-cn")).country(), "CN");
  EXPECT_EQ(tags_of(g, "manufacturer:unidentified-cn"), std::vector<std::string>{"unknown"});
}

TEST(WarSanctions, MiniFixtureComponents) {
  const graph& g = mini().graph;
  // One part by one maker, marked in two spellings, in two weapons: one component.
  node_view stm = g.node(g.find("component:gur-1"));
  EXPECT_EQ(stm.name(), "Microcontroller STM32F405");
  EXPECT_EQ(stm.category(), "component/mcu");
  EXPECT_EQ(stm.country(), "CH");
  EXPECT_EQ(nlohmann::json::parse(stm.attrs())["gur_records"], nlohmann::json({"gur-1", "gur-2"}));
  EXPECT_FALSE(g.contains("component:gur-2"));
  EXPECT_EQ(edge_between(g, "manufacturer:STMicroelectronics (CH)", "component:gur-1").fields.sources,
            url({1, 2}));
  EXPECT_EQ(edge_between(g, "component:gur-1", "weapon:geran-2").fields.sources, url({1}));
  EXPECT_EQ(edge_between(g, "component:gur-1", "weapon:kh-101").fields.sources, url({2}));
  // Sighted twice in the same weapon: one edge citing both records.
  edge_record adm = edge_between(g, "component:gur-3", "weapon:geran-2");
  EXPECT_EQ(adm.fields.kind, edge_kind::component_of);
  EXPECT_EQ(adm.fields.sources, url({3, 4}));
  EXPECT_EQ(edge_between(g, "manufacturer:analog-devices-inc-us", "component:gur-3").fields.kind,
            edge_kind::produces);
  // Without a marking: never merged; with only a part number: merged on it.
  EXPECT_EQ(g.node(g.find("component:gur-5")).name(), "unspecified part by Texas Instruments");
  EXPECT_EQ(tags_of(g, "component:gur-5"), std::vector<std::string>{"unidentified_part"});
  EXPECT_TRUE(g.contains("component:gur-6"));
  EXPECT_EQ(g.node(g.find("component:gur-15")).name(), "SN74HC04");
  EXPECT_EQ(nlohmann::json::parse(g.node(g.find("component:gur-15")).attrs())["gur_records"],
            nlohmann::json({"gur-15", "gur-16"}));
  // Same marking by an unidentified maker: two components, each from the placeholder.
  EXPECT_TRUE(g.contains("component:gur-7"));
  EXPECT_TRUE(g.contains("component:gur-8"));
  EXPECT_EQ(edge_between(g, "manufacturer:unidentified", "component:gur-8").fields.sources, url({8}));
  EXPECT_EQ(edge_between(g, "manufacturer:unidentified-cn", "component:gur-9").fields.kind, edge_kind::produces);
  // A list naming two weapons; a list naming an unknown weapon besides a known one.
  edge_between(g, "component:gur-10", "weapon:orlan-10");
  edge_between(g, "component:gur-10", "weapon:kh-101");
  edge_between(g, "component:gur-11", "weapon:kh-101");
  EXPECT_EQ(g.out_edges(g.find("component:gur-11")).size(), 1u);
  EXPECT_EQ(tags_of(g, "component:gur-12"), (std::vector<std::string>{"unknown_country", "dual_use"}));
  EXPECT_FALSE(g.contains("component:gur-13"));
  EXPECT_FALSE(g.contains("component:gur-14"));
}

TEST(WarSanctions, EachDistinctPartIsARequirement) {
  const graph& g = mini().graph;
  // geran-2: STM32F405, ADM3222 (sighted twice), an unmarked TI part, a servo drive of unknown make.
  std::map<std::string, std::size_t> expected = {
      {"weapon:geran-2", 4}, {"weapon:kh-101", 5}, {"weapon:orlan-10", 5}, {"weapon:radio-r-187", 0}};
  for (const auto& [id, parts] : expected) {
    node_index v = g.find(id);
    EXPECT_EQ(g.slots(v).size(), parts) << id;
    EXPECT_EQ(g.in_edges(v).size(), parts) << id;
  }
  for (node_index v : g.nodes()) {
    if (g.node(v).kind() != node_kind::component) continue;
    ASSERT_EQ(g.slots(v).size(), 1u);  // its maker
    EXPECT_EQ(g.edge(g.in_edges(v)[0]).kind(), edge_kind::produces);
    EXPECT_EQ(g.node(g.edge(g.in_edges(v)[0]).source()).kind(), node_kind::firm);
  }
}

TEST(WarSanctions, AttributionInMetadata) {
  const auto& [g, report] = mini();
  EXPECT_EQ(report.attribution, "Fixture Contributors (2026). War & Sanctions mini fixture. CC BY 4.0.");
  auto metadata = nlohmann::json::parse(g.metadata());
  EXPECT_EQ(metadata["attribution"], report.attribution);
  EXPECT_EQ(metadata["license"], "CC BY 4.0");
  EXPECT_NE(metadata["primary_source"].get<std::string>().find("war-sanctions.gur.gov.ua"), std::string::npos);

  fs::path dir = fixture_copy("war-sanctions-no-licence");
  fs::remove(dir / "LICENSE-DATA");
  EXPECT_EQ(io::import_war_sanctions(dir).report.attribution,
            "Awesome Drone Warfare OSINT Contributors (2026). Awesome Drone Warfare OSINT. CC BY 4.0.");
}

TEST(WarSanctions, OptionalFilesMayBeAbsent) {
  fs::path dir = fixture_copy("war-sanctions-minimal");
  fs::remove(dir / "manufacturers.csv");
  fs::remove(dir / "supply_chain_edges.csv");
  auto [g, report] = io::import_war_sanctions(dir);
  EXPECT_EQ(report.manufacturer_rows, 0u);
  EXPECT_EQ(report.relation_rows, 0u);
  // Every maker comes from components.csv: 6 named (Bosch, named by none, is gone) + 2 placeholders.
  EXPECT_EQ(report.firms, 8u);
  EXPECT_EQ(report.firms_from_components, 6u);
  EXPECT_EQ(report.components, 11u);
  EXPECT_EQ(report.component_of_edges, 14u);
  EXPECT_TRUE(g.contains("manufacturer:Texas Instruments (US)"));
}

TEST(WarSanctions, SavesAndLoadsBack) {
  const graph& g = mini().graph;
  fs::path dir = fresh_directory("war-sanctions-saved");
  for (const fs::path& out : {dir / "mini.json", dir / "mini-csv"}) {
    io::save_graph(g, out);
    graph back = io::load_graph(out);
    ASSERT_EQ(back.node_count(), g.node_count()) << out;
    ASSERT_EQ(back.edge_count(), g.edge_count()) << out;
    for (node_index v : g.nodes()) EXPECT_EQ(back.node(back.find(g.node(v).id())).record(), g.node(v).record());
    EXPECT_EQ(nlohmann::json::parse(back.metadata()), nlohmann::json::parse(g.metadata())) << out;
  }
}

TEST(WarSanctions, BadInput) {
  {
    fs::path dir = fixture_copy("war-sanctions-no-drones");
    fs::remove(dir / "drones.csv");
    EXPECT_EQ(import_error(dir), "drones.csv: cannot open: No such file or directory");
  }
  {
    fs::path dir = fresh_directory("war-sanctions-missing");
    EXPECT_EQ(import_error(dir / "nowhere"),
              (dir / "nowhere").string() +
                  ": not a directory: expected the folder holding drones.csv and components.csv");
  }
  {
    fs::path dir = fixture_copy("war-sanctions-no-column");
    edit(dir / "components.csv", ",found_in_drones,", ",found_in,");
    EXPECT_EQ(import_error(dir),
              "components.csv:1: found_in_drones: missing required column 'found_in_drones'");
  }
  {
    fs::path dir = fixture_copy("war-sanctions-bad-list");
    edit(dir / "components.csv", R"("[""kh-101""]")", R"("[""kh-101"", ")");
    std::string message = import_error(dir);
    EXPECT_TRUE(message.starts_with(
        "components.csv:3:9: found_in_drones: expected a JSON list of strings: syntax error"))
        << message;
  }
  {
    fs::path dir = fixture_copy("war-sanctions-not-a-list");
    edit(dir / "drones.csv", R"("[""RU""]",RU,missile)", R"("{""RU"": 1}",RU,missile)");
    EXPECT_EQ(import_error(dir), "drones.csv:4:4: operators: expected a JSON list of strings, got a JSON object");
  }
  {
    fs::path dir = fixture_copy("war-sanctions-list-of-numbers");
    edit(dir / "components.csv", R"("[""orlan-10""]")", "[1]");
    EXPECT_EQ(import_error(dir),
              "components.csv:9:9: found_in_drones: expected a JSON list of strings, found a JSON number in it");
  }
  {
    fs::path dir = fixture_copy("war-sanctions-bad-country");
    edit(dir / "manufacturers.csv", "Texas Instruments,US,", "Texas Instruments,USA,");
    EXPECT_EQ(import_error(dir),
              "manufacturers.csv:2:3: country: expected an ISO 3166-1 alpha-2 code (two capital letters) "
              "or UNK, got 'USA'");
  }
  {
    fs::path dir = fixture_copy("war-sanctions-short-row");
    edit(dir / "components.csv", "gur-6,(unspecified),unknown,,", "gur-6,(unspecified),unknown,");
    EXPECT_EQ(import_error(dir), "components.csv:8: expected 17 fields as in the header, got 16");
  }
  {
    fs::path dir = fixture_copy("war-sanctions-conflict");
    std::string text = read_file(dir / "drones.csv");
    text.replace(text.rfind(",missile,"), 9, ",strike,");
    write_file(dir / "drones.csv", text);
    EXPECT_EQ(import_error(dir),
              "drones.csv:7:1: id: 'kh-101' given twice with different fields (first on line 4)");
  }
  {
    fs::path dir = fixture_copy("war-sanctions-unterminated");
    std::ofstream(dir / "components.csv", std::ios::app) << "gur-99,\"open quote\n";
    std::string message = import_error(dir);
    EXPECT_TRUE(message.starts_with("components.csv:21: unterminated quoted field")) << message;
  }
  {
    fs::path dir = fixture_copy("war-sanctions-bad-flag");
    edit(dir / "components.csv", ",True,", ",maybe,");
    EXPECT_EQ(import_error(dir), "components.csv:14:11: is_dual_use: expected True or False, got 'maybe'");
  }
}

TEST(WarSanctions, RealData) {
  if (!fs::is_directory(real_data))
    GTEST_SKIP() << real_data << " is absent (the shared data folder is not checked out here)";
  const auto [g, report] = io::import_war_sanctions(real_data);
  // drones.csv lists 195 weapons, each with at least one part in components.csv.
  EXPECT_EQ(report.weapon_rows, 195u);
  EXPECT_EQ(report.products, 195u);
  EXPECT_EQ(report.manufacturer_rows, 621u);
  EXPECT_EQ(report.component_rows, 8326u);
  EXPECT_EQ(report.relation_rows, 28u);
  // 621 listed makers + placeholders for "Not identified" with UNK, CN, JP and IR.
  EXPECT_EQ(report.firms, 625u);
  EXPECT_EQ(report.unidentified_firms, 4u);
  EXPECT_EQ(report.firms_from_components, 0u);
  EXPECT_EQ(report.renamed_firm_ids, 13u);
  // 8326 rows, 2520 of them exact repeats: 5806 sightings, 236 merged into parts seen before.
  EXPECT_EQ(report.components, 5570u);
  EXPECT_EQ(report.merged_records, 236u);
  EXPECT_EQ(report.repeated_uses, 132u);
  EXPECT_EQ(report.unmarked_parts, 3076u);
  EXPECT_EQ(report.parts_of_unidentified_makers, 68u);
  EXPECT_EQ(report.produces_edges, 5570u);
  EXPECT_EQ(report.component_of_edges, 5674u);
  std::size_t duplicates = 0, relations = 0;
  for (const auto& skip : report.skipped) {
    if (skip.file == "components.csv" && skip.reason.rfind("duplicate row", 0) == 0) ++duplicates;
    if (skip.file == "supply_chain_edges.csv") ++relations;
  }
  EXPECT_EQ(duplicates, 2520u);
  EXPECT_EQ(relations, 28u);
  EXPECT_EQ(report.skipped.size(), 2548u);

  EXPECT_EQ(g.node_count(), 195u + 625u + 5570u);
  EXPECT_EQ(g.edge_count(), 5570u + 5674u);
  auto nodes = count_nodes(g);
  EXPECT_EQ(nodes[node_kind::product], 195u);
  EXPECT_EQ(nodes[node_kind::firm], 625u);
  EXPECT_EQ(nodes[node_kind::component], 5570u);
  for (edge_index e : g.edges()) {
    edge_view edge = g.edge(e);
    if (edge.kind() == edge_kind::component_of) {
      EXPECT_EQ(g.node(edge.target()).kind(), node_kind::product) << g.node(edge.target()).id();
      EXPECT_EQ(g.node(edge.source()).kind(), node_kind::component);
    } else {
      ASSERT_EQ(edge.kind(), edge_kind::produces);
      EXPECT_EQ(g.node(edge.source()).kind(), node_kind::firm);
    }
    EXPECT_FALSE(edge.sources().empty());
  }
  auto metadata = nlohmann::json::parse(g.metadata());
  EXPECT_NE(metadata["attribution"].get<std::string>().find("Awesome Drone Warfare OSINT Contributors (2026)"),
            std::string::npos);
}

}  // namespace import_war_sanctions_test_cases
