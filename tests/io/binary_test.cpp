// The .mgb binary snapshot: lossless round trips (JSON and CSV through .mgb), and every kind of
// damaged or crafted file rejected with a parse_error naming the section, never a crash.

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <micgraph/analysis/chokepoints.hpp>
#include <micgraph/analysis/impact.hpp>
#include <micgraph/analysis/stats.hpp>
#include <micgraph/analysis/validation.hpp>
#include <micgraph/generate.hpp>
#include <micgraph/io/binary.hpp>
#include <micgraph/io/csv.hpp>
#include <micgraph/io/json.hpp>
#include <micgraph/io/load.hpp>
#include <random>
#include <type_traits>

#include "support/errors.hpp"
#include "support/files.hpp"
#include "support/graph_copies.hpp"
#include "support/graph_queries.hpp"
#include "support/random_graph.hpp"
#include "support/snapshot_layout.hpp"

using namespace micgraph;

// In a namespace of its own: the unity build compiles several test files as one.
namespace io_binary_test_cases {
namespace fs = std::filesystem;

using namespace micgraph::testing;
using namespace micgraph::testing::snapshot_layout;

namespace {

/// Everything a graph holds, including what operator== leaves out (topology, slots, components,
/// vocabularies, the id index).
void expect_identical(const graph& a, const graph& b) {
  ASSERT_TRUE(a == b);
  ASSERT_EQ(a.slot_count(), b.slot_count());
  ASSERT_EQ(a.component_count(), b.component_count());
  for (node_index v : a.nodes()) {
    ASSERT_TRUE(std::ranges::equal(a.out_edges(v), b.out_edges(v)));
    ASSERT_TRUE(std::ranges::equal(a.in_edges(v), b.in_edges(v)));
    ASSERT_TRUE(std::ranges::equal(a.slots(v), b.slots(v)));
    ASSERT_EQ(a.component(v), b.component(v));
    ASSERT_EQ(b.find(a.node(v).id()), v);
  }
  ASSERT_TRUE(std::ranges::equal(a.in_edge_order(), b.in_edge_order()));
  ASSERT_TRUE(std::ranges::equal(a.in_edge_sources(), b.in_edge_sources()));
  ASSERT_TRUE(std::ranges::equal(a.node_slot_offsets(), b.node_slot_offsets()));
  ASSERT_TRUE(std::ranges::equal(a.slot_offsets(), b.slot_offsets()));
  ASSERT_TRUE(std::ranges::equal(a.edge_slots(), b.edge_slots()));
  for (std::uint32_t c = 0; c < a.component_count(); ++c) {
    ASSERT_TRUE(std::ranges::equal(a.component_nodes(c), b.component_nodes(c)));
    ASSERT_EQ(a.component_is_cyclic(c), b.component_is_cyclic(c));
  }
  ASSERT_EQ(a.countries(), b.countries());
  ASSERT_EQ(a.categories(), b.categories());
  ASSERT_EQ(a.tag_names(), b.tag_names());
  ASSERT_EQ(a.views(), b.views());
  ASSERT_EQ(a.inputs(), b.inputs());
  ASSERT_EQ(a.citations(), b.citations());
  ASSERT_FALSE(b.contains("no such node id"));
}

/// Overwrites element i of a section (of `width` bytes each) and reseals.
void set_element(std::string& bytes, std::string_view section, std::size_t i, std::uint64_t value,
                 int width) {
  put(bytes, section_offset(bytes, section) + i * width, value, width);
  reseal(bytes);
}
std::uint64_t element(const std::string& bytes, std::string_view section, std::size_t i, int width) {
  std::uint64_t v = get64(bytes.substr(section_offset(bytes, section) + i * width, width) +
                              std::string(8 - width, '\0'),
                          0);
  return v;
}
std::uint64_t double_bits(double x) {
  std::uint64_t v;
  std::memcpy(&v, &x, 8);
  return v;
}

/// Strings and numbers joined (std::string::append: no operator+ on temporaries).
template <class... Parts>
std::string cat(const Parts&... parts) {
  std::string out;
  auto add = [&out](const auto& part) {
    if constexpr (std::is_arithmetic_v<std::decay_t<decltype(part)>>)
      out.append(std::to_string(part));
    else
      out.append(part);
  };
  (add(parts), ...);
  return out;
}

std::string error_of(const std::string& bytes) {
  try {
    return error_message<parse_error>([&] { io::read_binary_bytes(bytes, "damaged.mgb"); });
  } catch (const std::exception& e) {
    return std::string("not a parse_error: ") + e.what();
  }
}

#define EXPECT_REJECTED(bytes, ...)                                       \
  do {                                                                    \
    std::string message = error_of(bytes);                                \
    for (const std::string& part : std::vector<std::string>{__VA_ARGS__}) \
      EXPECT_NE(message.find(part), std::string::npos)                    \
          << "expected '" << part << "' in: " << message;                 \
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;          \
  } while (false)

/// A small graph with every feature: a cycle, owns and controls edges with stakes and dates,
/// named inputs, countries, tags, citations, attrs, metadata.
graph small_graph() {
  graph g = micgraph::testing::random_graph(
      11, {.min_nodes = 12, .max_nodes = 12, .edges_per_node = 2.5, .back_edge_fraction = 0.2});
  const std::string first(g.node(0).id()), second(g.node(1).id());
  graph_builder builder = builder_copy(
      g,
      [&](node_record& node) {
        if (node.id == first) node.fields.attrs = R"({"cost":3})", node.fields.country = "RU";
        if (node.id == second) node.fields.tags = {"dual_use"}, node.fields.country = "CN";
      },
      keep_record{});
  const std::string a(g.node(2).id()), b(g.node(3).id());
  builder.add_edge(a, b, {.kind = edge_kind::component_of, .sources = {"seed-9"}});
  builder.add_edge(b, a, {.kind = edge_kind::tooling, .input = "machining"});
  builder.add_edge(a, b, {.kind = edge_kind::owns});
  builder.add_edge(b, a, {.kind = edge_kind::owns, .share = 0.25,
                          .start_date = days_from_civil(2014, 3, 1),
                          .end_date = days_from_civil(2022, 2, 24)});
  builder.add_edge(a, b, {.kind = edge_kind::controls, .start_date = days_from_civil(2019, 7, 1)});
  builder.add_edge(b, a, {.kind = edge_kind::controls, .end_date = days_from_civil(2001, 1, 31)});
  builder.set_metadata(R"({"name":"small"})");
  return builder.freeze();
}

/// Runs the analyses a loaded graph is used for (the sanitizers watch them).
void exercise(const graph& g) {
  graph_stats stats = compute_stats(g);
  EXPECT_EQ(stats.nodes, g.node_count());
  [[maybe_unused]] validation_report report = validate(g);
  compiled_scenario baseline = compile_baseline(g);
  impact_result result = impact(g, baseline);
  EXPECT_EQ(result.baseline.size(), g.node_count());
  [[maybe_unused]] single_points_result points = single_points(g, products(g));
  json_text(g);
  graph again = io::read_binary_bytes(io::write_binary_bytes(g));
  EXPECT_TRUE(again == g);
}

}  // namespace

TEST(Binary, Xxh64MatchesTheReferenceVectors) {
  EXPECT_EQ(io::xxh64(""), 0xef46db3751d8e999ULL);
  EXPECT_EQ(io::xxh64("a"), 0xd24ec4f1a98c6e5bULL);
  EXPECT_EQ(io::xxh64("abc"), 0x44bc2cf5ad770999ULL);
  EXPECT_EQ(io::xxh64("1234"), 0xd8316e61d84f6ba4ULL);
  EXPECT_EQ(io::xxh64("12345678"), 0xd2d02f08cf7cfd4aULL);
  EXPECT_EQ(io::xxh64("123456789012345"), 0xc377d78ade001a3cULL);
  EXPECT_EQ(io::xxh64("1234567890123456"), 0xb61c33dc6c59f270ULL);
  EXPECT_EQ(io::xxh64("1234567890123456789012345678901"), 0x8f367cb873a5376eULL);
  EXPECT_EQ(io::xxh64("12345678901234567890123456789012"), 0x40fd1aa52d98274cULL);
  EXPECT_EQ(io::xxh64("The quick brown fox jumps over the lazy dog"), 0x0b242d361fda71bcULL);
  EXPECT_EQ(io::xxh64("", 5381), 0xaf382146d5c3cacfULL);
  EXPECT_EQ(io::xxh64("abc", 5381), 0x19d1c1b5c673451fULL);
  EXPECT_EQ(io::xxh64("12345678901234567890123456789012", 5381), 0x38ea26e7c55f8095ULL);
}

TEST(Binary, JsonThroughMgbIsLosslessOnRandomGraphs) {
  for (std::uint64_t seed = 1; seed <= 320; ++seed) {
    SCOPED_TRACE(seed);
    micgraph::testing::random_graph_options options{.fancy_strings = seed % 2 == 0};
    if (seed % 4 == 1) options.back_edge_fraction = 0.5;  // many cycles
    if (seed % 10 == 3) options.min_nodes = 1, options.max_nodes = 3;
    if (seed % 10 == 7) options.max_nodes = 200;
    std::string text = json_text(micgraph::testing::random_graph(seed, options));
    graph from_json = io::read_json_text(text);
    std::string bytes = io::write_binary_bytes(from_json);
    graph from_binary = io::read_binary_bytes(bytes);
    expect_identical(from_json, from_binary);
    ASSERT_EQ(json_text(from_binary), text);
    ASSERT_EQ(io::write_binary_bytes(from_binary), bytes);
  }
}

TEST(Binary, CsvThroughMgbIsLosslessOnRandomGraphs) {
  const fs::path dir = fs::path(MICGRAPH_TEST_OUTPUT_DIR) / "binary-csv";
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    SCOPED_TRACE(seed);
    graph g = micgraph::testing::random_graph(
        seed, {.back_edge_fraction = seed % 3 == 0 ? 0.4 : 0.1, .fancy_strings = seed % 2 == 1});
    io::write_csv(g, dir / "first");
    graph from_csv = io::load_graph(dir / "first");
    graph from_binary = io::read_binary_bytes(io::write_binary_bytes(from_csv));
    expect_identical(from_csv, from_binary);
    io::write_csv(from_binary, dir / "second");
    for (const char* part : {"nodes.csv", "edges.csv"})
      ASSERT_EQ(read_file(dir / "second" / part), read_file(dir / "first" / part)) << part;
  }
}

TEST(Binary, EmptyGraphMetadataFixturesAndFiles) {
  graph empty = graph_builder().freeze();
  graph again = io::read_binary_bytes(io::write_binary_bytes(empty));
  expect_identical(empty, again);
  EXPECT_EQ(again.node_count(), 0u);
  EXPECT_EQ(json_text(again), json_text(empty));
  EXPECT_EQ(again.find("anything"), no_index);

  graph_builder builder;
  builder.set_metadata(R"({"name":"only metadata","sources":["seeds/a.txt"]})");
  graph meta = builder.freeze();
  expect_identical(meta, io::read_binary_bytes(io::write_binary_bytes(meta)));

  const fs::path dir = fs::path(MICGRAPH_TEST_OUTPUT_DIR) / "binary-files";
  fs::create_directories(dir);
  for (const char* fixture : {"/tests/data/tiny.json", "/data/cruise-missile-cnc.json"}) {
    SCOPED_TRACE(fixture);
    graph g = io::load_graph(std::string(MICGRAPH_SOURCE_DIR) + fixture);
    io::save_graph(g, dir / "fixture.mgb");
    EXPECT_EQ(io::format_of(dir / "fixture.mgb"), io::graph_format::binary);
    graph loaded = io::load_graph(dir / "fixture.mgb");
    expect_identical(g, loaded);
    EXPECT_EQ(read_file(dir / "fixture.mgb"), io::write_binary_bytes(g));
    EXPECT_FALSE(fs::exists(dir / "fixture.mgb.partial"));
    io::save_graph(loaded, dir / "fixture.json");
    EXPECT_EQ(read_file(dir / "fixture.json"), json_text(g));
  }
  EXPECT_THROW(io::write_binary(empty, dir / "no" / "such" / "dir.mgb"), error);
  try {
    io::load_graph(dir / "missing.mgb");
    FAIL() << "no error";
  } catch (const parse_error& e) {
    EXPECT_NE(std::string(e.what()).find("missing.mgb"), std::string::npos) << e.what();
  }
}

TEST(Binary, GeneratedGraphRoundTripThroughAFile) {
  graph g = generate({.nodes = 20000, .seed = 3});
  const fs::path file = fs::path(MICGRAPH_TEST_OUTPUT_DIR) / "generated.mgb";
  io::write_binary(g, file);
  graph loaded = io::read_binary(file);
  expect_identical(g, loaded);
  EXPECT_LE(loaded.memory().total(), g.memory().total());  // arrays read at their exact size
}

TEST(Binary, LargeSnapshotsReadOnTwoThreadsReportTheFirstProblemInFileOrder) {
  // From 16 MiB the sections are read on two threads and the id index is built beside the
  // topology checks; the graph and the problem reported are those of reading one by one.
  graph g = generate({.nodes = 120000, .seed = 5});
  const std::string good = io::write_binary_bytes(g);
  ASSERT_GE(good.size(), std::size_t{16} << 20);
  expect_identical(g, io::read_binary_bytes(good, "large.mgb"));
  const fs::path file = fs::path(MICGRAPH_TEST_OUTPUT_DIR) / "large.mgb";
  std::ofstream(file, std::ios::binary | std::ios::trunc).write(good.data(), static_cast<std::streamsize>(good.size()));
  expect_identical(g, io::read_binary(file));

  std::vector<std::string> filled;
  for (std::string_view section : io::binary_sections())
    if (section_count(good, section) != 0) filled.emplace_back(section);
  ASSERT_GE(filled.size(), 3u);
  // Damage two sections: the one first in the file is named, whichever thread reads it.
  const std::vector<std::pair<std::size_t, std::size_t>> pairs = {
      {0, filled.size() - 1}, {filled.size() / 2, filled.size() - 1}, {1, filled.size() / 2}};
  for (auto [first, second] : pairs) {
    std::string bytes = good;
    bytes[section_offset(bytes, filled[first])] ^= 0x10;
    bytes[section_offset(bytes, filled[second])] ^= 0x10;
    EXPECT_REJECTED(bytes, cat("section ", filled[first], ": checksum mismatch"));
  }
}

TEST(Binary, WrongMagicAndEmptyFiles) {
  EXPECT_REJECTED(json_text(small_graph()), "damaged.mgb", "header.magic", "not a micgraph binary snapshot");
  EXPECT_REJECTED(std::string(), "damaged.mgb", "truncated");
  std::string bytes = io::write_binary_bytes(small_graph());
  bytes[3] = 'X';
  EXPECT_REJECTED(bytes, "header.magic");
  EXPECT_REJECTED(std::string("\x89MGB\r\n\x1a\n", 8), "truncated");
}

TEST(Binary, OtherFormatVersionsAreRejected) {
  const std::string good = io::write_binary_bytes(small_graph());
  EXPECT_EQ(get32(good, 8), io::binary_format_version);
  for (std::uint32_t version : {0u, 1u, 2u, io::binary_format_version + 1, 0xffffffffu}) {
    std::string bytes = good;
    put(bytes, 8, version, 4);
    reseal(bytes);
    EXPECT_REJECTED(bytes, "header.version", cat("format version ", version),
                    cat("this build reads version ", io::binary_format_version));
    put(bytes, 56, 0, 8);  // the version is told before the header checksum
    EXPECT_REJECTED(bytes, "header.version");
  }
}

TEST(Binary, ChecksumMismatchesNameTheSection) {
  const std::string good = io::write_binary_bytes(small_graph());
  for (std::string_view section : io::binary_sections()) {
    const std::uint64_t count = section_count(good, section);
    if (count == 0) continue;
    std::string bytes = good;
    bytes[section_offset(bytes, section)] ^= 0x10;
    EXPECT_REJECTED(bytes, cat("section ", std::string(section), ": checksum mismatch"));
  }
  std::string bytes = good;
  bytes[24] ^= 1;  // the node count
  EXPECT_REJECTED(bytes, "header.checksum", "header checksum mismatch");
  bytes = good;
  bytes[header_size + 17] ^= 1;  // a count in the section table
  EXPECT_REJECTED(bytes, "header checksum mismatch");
}

TEST(Binary, TruncationAtEveryByteIsAParseError) {
  const std::string good = io::write_binary_bytes(small_graph());
  ASSERT_GT(good.size(), table_end() + 100);
  for (std::size_t size = 0; size < good.size(); ++size) {
    SCOPED_TRACE(size);
    EXPECT_REJECTED(good.substr(0, size), "truncated");
  }
  // Through a file too.
  const fs::path file = fs::path(MICGRAPH_TEST_OUTPUT_DIR) / "truncated.mgb";
  for (std::size_t size : {std::size_t{0}, std::size_t{7}, std::size_t{63}, table_end() + 3, good.size() - 1}) {
    std::ofstream(file, std::ios::binary | std::ios::trunc).write(good.data(), static_cast<std::streamsize>(size));
    try {
      io::load_graph(file);
      ADD_FAILURE() << "no error at size " << size;
    } catch (const parse_error& e) {
      EXPECT_NE(std::string(e.what()).find("truncated.mgb"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos) << e.what();
    }
  }
}

TEST(Binary, EveryBitFlipIsDetected) {
  // Every byte is under a checksum or checked for its exact value (magic, version, padding).
  const std::string good = io::write_binary_bytes(small_graph());
  for (std::size_t at = 0; at < good.size(); ++at)
    for (unsigned char mask : {0x01, 0x80}) {
      std::string bytes = good;
      bytes[at] = static_cast<char>(bytes[at] ^ mask);
      std::string message = error_of(bytes);
      ASSERT_EQ(message.rfind("damaged.mgb: ", 0), 0u) << "byte " << at << ": " << message;
    }
}

TEST(Binary, InconsistentSizesAreRejectedBeforeAllocating) {
  const std::string good = io::write_binary_bytes(small_graph());
  const std::uint64_t n = get64(good, 24), m = get64(good, 32);
  std::string bytes = good;
  put(bytes, entry_at("forward.rowstart") + 16, n + 2, 8);
  reseal(bytes);
  EXPECT_REJECTED(bytes, "section forward.rowstart", cat("expected n + 1 = ", n + 1));

  bytes = good;
  ASSERT_EQ(section_count(good, "edge.shares.present"), (m + 63) / 64);
  put(bytes, entry_at("edge.shares.present") + 16, (m + 63) / 64 + 1, 8);
  reseal(bytes);
  EXPECT_REJECTED(bytes, "section edge.shares.present", cat("expected 0 or ceil(m / 64) = ", (m + 63) / 64));

  for (std::uint64_t huge : {std::uint64_t{1} << 40, std::uint64_t{1} << 61, ~std::uint64_t{0}}) {
    bytes = good;
    put(bytes, entry_at("node.capacities") + 16, huge, 8);
    reseal(bytes);
    EXPECT_REJECTED(bytes, "section node.capacities", "past the end of the file");
    bytes = good;
    put(bytes, 24, huge, 8);  // the node count
    reseal(bytes);
    EXPECT_REJECTED(bytes, "header");
  }

  bytes = good;
  put(bytes, entry_at("node.capacities") + 4, 4, 4);
  reseal(bytes);
  EXPECT_REJECTED(bytes, "section node.capacities", "element size 4, expected 8");

  bytes = good;
  put(bytes, entry_at("names.offsets") + 8, section_offset(good, "names.offsets") + 8, 8);
  reseal(bytes);
  EXPECT_REJECTED(bytes, "section names.offsets", "starts at byte");

  bytes = good;
  put(bytes, entry_at("ids.chars"), 7, 4);
  reseal(bytes);
  EXPECT_REJECTED(bytes, "section ids.chars", "names section 7");

  bytes = good;
  put(bytes, 12, 50, 4);
  reseal(bytes);
  EXPECT_REJECTED(bytes, "header.sections");

  // One element more or less, within the padding: the layout holds, the counts disagree.
  bytes = good;
  const std::uint64_t d = section_count(good, "in_edge_order");
  const std::uint64_t order_at = section_offset(good, "in_edge_order");
  if (d % 2 == 0) put(bytes, order_at + 4 * (d - 1), 0, 4);
  put(bytes, entry_at("in_edge_order") + 16, d % 2 == 0 ? d - 1 : d + 1, 8);
  reseal(bytes);
  EXPECT_REJECTED(bytes, "section in_edge_order", "expected as many elements as reverse.column");

  bytes = good + std::string(8, '\0');  // trailing bytes
  EXPECT_REJECTED(bytes, "header.file_size", "trailing bytes");
  put(bytes, 16, bytes.size(), 8);
  reseal(bytes);
  EXPECT_REJECTED(bytes, "header.file_size", "the sections end at byte");

  bytes = good;
  put(bytes, 40, 1, 8);
  reseal(bytes);
  EXPECT_REJECTED(bytes, "header.reserved");

  // Padding between sections must be zero (it is under no checksum).
  const std::uint64_t kinds_end = section_offset(good, "node.kinds") + section_count(good, "node.kinds");
  ASSERT_LT(kinds_end, section_offset(good, "node.country_ids"));
  bytes = good;
  bytes[kinds_end] = 1;
  EXPECT_REJECTED(bytes, "section node.country_ids", "non-zero padding");
}

// The walks over the reverse CSR and the slots name the position or edge and the problem, the
// first in the order of the positions.
TEST(Binary, TopologyDamageNamesThePositionAndTheProblem) {
  const graph g = small_graph();
  const std::string good = io::write_binary_bytes(g);
  const std::size_t n = g.node_count();
  const auto order = g.in_edge_order();
  const auto& rows = g.reverse().m_forward.m_rowstart;
  std::string bytes;
  auto damaged = [&](std::string_view section, std::size_t i, std::uint64_t value, int width) {
    bytes = good;
    set_element(bytes, section, i, value, width);
    return bytes;
  };
  // A structural edge where the first position's edge was.
  edge_index owns = 0;
  while (g.edge(owns).kind() != edge_kind::owns) ++owns;
  EXPECT_REJECTED(damaged("in_edge_order", 0, owns, 4), "section in_edge_order",
                  cat("position 0 holds a structural edge (", owns, ")"));
  // The edge of a row's first position again at its second.
  node_index v = 0;
  while (v < n && rows[v + 1] - rows[v] < 2) ++v;
  ASSERT_LT(v, n);
  const std::uint32_t p = rows[v];
  EXPECT_REJECTED(damaged("in_edge_order", p + 1, order[p], 4), "section in_edge_order",
                  cat("position ", p + 1, " holds a repeated edge (", order[p], ")"));
  // The same edge again in a later row; then two rows' edges swapped: the first position's
  // edge targets the other row's node.
  node_index w = v + 1;
  while (w < n && rows[w + 1] == rows[w]) ++w;
  ASSERT_LT(w, n);
  EXPECT_REJECTED(damaged("in_edge_order", rows[w], order[p], 4), "section in_edge_order",
                  cat("position ", rows[w], " holds a repeated edge (", order[p], ")"));
  set_element(bytes, "in_edge_order", p, order[rows[w]], 4);
  EXPECT_REJECTED(bytes, "section in_edge_order",
                  cat("position ", p, " lies in the row of node ", v, " but edge ", order[rows[w]],
                      " targets node ", w));
  // A position's edge names a slot it does not lie in.
  const edge_index e = order[0];
  const slot_index s = g.edge_slots()[e];
  ASSERT_GE(g.slot_count(), 2u);
  const slot_index other = s + 1 < g.slot_count() ? s + 1 : s - 1;
  EXPECT_REJECTED(damaged("edge_slots", e, other, 4), "section edge_slots",
                  cat("edge ", e, " names slot ", other, ", it lies in slot ", s));
}

TEST(Binary, StructuralDamageWithValidChecksumsIsRejected) {
  const graph g = small_graph();
  const std::string good = io::write_binary_bytes(g);
  const std::size_t n = g.node_count(), m = g.edge_count();
  // A node v with out-edges, for row-start damage.
  node_index v = 1;
  while (g.out_edges(v).empty()) ++v;
  std::string bytes;
  auto damaged = [&](std::string_view section, std::size_t i, std::uint64_t value, int width) {
    bytes = good;
    set_element(bytes, section, i, value, width);
    return bytes;
  };

  EXPECT_REJECTED(damaged("forward.rowstart", v, g.out_edges(v).back() + 2, 4),
                  "section forward.rowstart", "must not decrease");
  EXPECT_REJECTED(damaged("forward.rowstart", n, m + 1, 4), "section forward.rowstart",
                  cat("the last offset is ", m + 1));
  EXPECT_REJECTED(damaged("forward.rowstart", 0, 1, 4), "section forward.rowstart", "first offset");
  EXPECT_REJECTED(damaged("forward.column", 0, n + 5, 4), "section forward.column", "out of range");
  EXPECT_REJECTED(damaged("edge.sources", g.out_edges(v).front(), (v + 1) % n, 4),
                  "section edge.sources", "lies in the row of node");
  EXPECT_REJECTED(damaged("ids.offsets", n, element(good, "ids.offsets", n, 8) + 10, 8),
                  "section ids.offsets", "expected the size of ids.chars");
  EXPECT_REJECTED(damaged("ids.offsets", 1, element(good, "ids.offsets", 2, 8) + 1, 8),
                  "section ids.offsets", "must not decrease");
  EXPECT_REJECTED(damaged("names.offsets", 0, 3, 8), "section names.offsets", "first offset");
  EXPECT_REJECTED(damaged("node.kinds", 3, node_kind_count, 1), "section node.kinds",
                  cat("unknown kind ", node_kind_count));
  EXPECT_REJECTED(damaged("node.country_ids", 2, 999, 2), "section node.country_ids", "out of range");
  EXPECT_REJECTED(damaged("node.category_ids", 2, 1u << 30, 4), "section node.category_ids");
  EXPECT_REJECTED(damaged("node.capacities", 1, double_bits(-1.0), 8), "section node.capacities");
  EXPECT_REJECTED(damaged("node.capacities", 1, double_bits(std::nan("")), 8), "section node.capacities");
  EXPECT_REJECTED(damaged("node.stock_months", 1, double_bits(INFINITY), 8), "section node.stock_months");
  // Sparse edge columns: values where an edge differs from the default, a bit per edge.
  for (const char* column : {"edge.shares", "edge.qualities", "edge.confidences", "edge.lead_times",
                             "edge.view_ids", "edge.input_ids", "edge.citation_ids",
                             "edge.start_dates", "edge.end_dates"})
    ASSERT_GT(section_count(good, column), 0u) << column << ": the fixture should exercise it";
  EXPECT_REJECTED(damaged("edge.shares", 0, double_bits(0.0), 8), "section edge.shares", "(0,1]");
  EXPECT_REJECTED(damaged("edge.shares", 0, double_bits(1.0), 8), "section edge.shares",
                  "a stored value equals the default");
  EXPECT_REJECTED(damaged("edge.lead_times", 0, double_bits(std::nan("")), 8),
                  "section edge.lead_times", "equals the default");
  EXPECT_REJECTED(damaged("edge.view_ids", 0, 0, 2), "section edge.view_ids", "equals the default");
  {
    edge_index plain = 0;  // an edge with the default share
    while (g.edge_shares().stored(plain)) ++plain;
    const std::uint64_t word = element(good, "edge.shares.present", plain / 64, 8);
    EXPECT_REJECTED(damaged("edge.shares.present", plain / 64, word | std::uint64_t{1} << (plain % 64), 8),
                    "section edge.shares", "entries marked but");
    if (m % 64 != 0) {
      const std::uint64_t last = element(good, "edge.qualities.present", m / 64, 8);
      EXPECT_REJECTED(damaged("edge.qualities.present", m / 64, last | std::uint64_t{1} << 63, 8),
                      "section edge.qualities.present", "bits set past the last entry");
    }
  }
  EXPECT_REJECTED(damaged("edge.qualities", 0, double_bits(1.5), 8), "section edge.qualities");
  EXPECT_REJECTED(damaged("edge.confidences", 0, double_bits(-0.5), 8), "section edge.confidences");
  EXPECT_REJECTED(damaged("edge.lead_times", 0, double_bits(-2.0), 8), "section edge.lead_times");
  EXPECT_REJECTED(damaged("edge.kinds", 0, 17, 1), "section edge.kinds", "unknown kind 17");
  // Dates: within 0001-01-01..9999-12-31, on ownership edges only, never ending before they start.
  EXPECT_REJECTED(damaged("edge.start_dates", 0, 0x7fffffff, 4), "section edge.start_dates",
                  "outside 0001-01-01 to 9999-12-31");
  EXPECT_REJECTED(damaged("edge.end_dates", 0, 0x80000001, 4), "section edge.end_dates",
                  "outside 0001-01-01 to 9999-12-31");
  {
    std::size_t rank = 0;  // the end date of an edge that also starts: one day before its start
    edge_index both = 0;
    for (; both < m && !(g.edge_end_dates().stored(both) && g.edge_start_dates().stored(both)); ++both)
      rank += g.edge_end_dates().stored(both) ? 1 : 0;
    ASSERT_LT(both, m);
    EXPECT_REJECTED(damaged("edge.end_dates", rank,
                            static_cast<std::uint32_t>(*g.edge(both).start_date() - 1), 4),
                    "section edge.end_dates", "before it starts");
  }
  // Move one marked entry of a sparse column from edge `from` to edge `to` (counts still agree).
  auto moved = [&](std::string_view present, edge_index from, edge_index to) {
    bytes = good;
    const std::uint64_t from_word = element(bytes, present, from / 64, 8);
    set_element(bytes, present, from / 64, from_word & ~(std::uint64_t{1} << (from % 64)), 8);
    const std::uint64_t to_word = element(bytes, present, to / 64, 8);
    set_element(bytes, present, to / 64, to_word | std::uint64_t{1} << (to % 64), 8);
    return bytes;
  };
  {
    edge_index dated = 0, dependency = 0, stake = 0, controls = 0;
    while (!g.edge_start_dates().stored(dated)) ++dated;
    while (!is_dependency(g.edge(dependency).kind()) || g.edge_start_dates().stored(dependency))
      ++dependency;
    while (!g.edge_shares().stored(stake)) ++stake;
    while (g.edge(controls).kind() != edge_kind::controls) ++controls;
    EXPECT_REJECTED(moved("edge.start_dates.present", dated, dependency), "section edge.start_dates",
                    "edge with a date");
    EXPECT_REJECTED(moved("edge.shares.present", stake, controls), "section edge.shares",
                    "controls edge with a stake");
  }
  EXPECT_REJECTED(damaged("edge.view_ids", 0, 500, 2), "section edge.view_ids");
  EXPECT_REJECTED(damaged("edge.input_ids", 0, 1000, 4), "section edge.input_ids");
  EXPECT_REJECTED(damaged("node.tag_offsets", n, 1000, 4), "section node.tag_offsets");
  EXPECT_REJECTED(damaged("edge.citation_offsets", 0, 1, 4), "section edge.citation_offsets");
  EXPECT_REJECTED(damaged("edge.citation_offsets", 1, 0, 4), "section edge.citation_offsets",
                  "is not past the one before");
  if (section_count(good, "node.tag_ids") > 0)
    EXPECT_REJECTED(damaged("node.tag_ids", 0, 0, 4), "section node.tag_ids", "out of range");
  if (section_count(good, "edge.citation_ids") > 0)
    EXPECT_REJECTED(damaged("edge.citation_ids", 0, 99, 4), "section edge.citation_ids");
  for (edge_index e : g.edges())
    if (g.edge(e).kind() == edge_kind::owns) {
      // Move an input from another edge to the owns edge: counts agree, the owns edge has a slot.
      edge_index other = 0;
      while (!g.edge_input_ids().stored(other)) ++other;
      bytes = good;
      const std::uint64_t e_word = element(bytes, "edge.input_ids.present", e / 64, 8);
      set_element(bytes, "edge.input_ids.present", e / 64, e_word | std::uint64_t{1} << (e % 64), 8);
      const std::uint64_t other_word = element(bytes, "edge.input_ids.present", other / 64, 8);
      set_element(bytes, "edge.input_ids.present", other / 64,
                  other_word & ~(std::uint64_t{1} << (other % 64)), 8);
      EXPECT_REJECTED(bytes, "section edge.input_ids", "owns edge");
      EXPECT_REJECTED(damaged("edge_slots", e, 0, 4), "section edge_slots", "owns edge");
      break;
    }

  // Reverse CSR, slots, components.
  const std::size_t d = g.in_edge_order().size();
  ASSERT_GE(d, 2u);
  EXPECT_REJECTED(damaged("in_edge_order", 1, g.in_edge_order()[0], 4), "section in_edge_order");
  EXPECT_REJECTED(damaged("in_edge_order", 0, m + 3, 4), "section in_edge_order", "no edge");
  EXPECT_REJECTED(damaged("reverse.column", 0, (g.in_edge_sources()[0] + 1) % n, 4),
                  "section reverse.column");
  EXPECT_REJECTED(damaged("reverse.rowstart", n, d - 1, 4), "section reverse.rowstart");
  EXPECT_REJECTED(damaged("slot_edge_offsets", 1, 0, 4), "section slot_edge_offsets");
  EXPECT_REJECTED(damaged("node_slot_offsets", n, 0, 4), "section node_slot_offsets");
  EXPECT_REJECTED(damaged("edge_slots", g.in_edge_order()[0], g.slot_count() + 1, 4), "section edge_slots");
  EXPECT_REJECTED(damaged("node_component", 0, g.component_count(), 4), "section node_component");
  EXPECT_REJECTED(damaged("component_cyclic", 0, 2, 1), "section component_cyclic", "flag 0 or 1");
  for (std::uint32_t c = 0; c < g.component_count(); ++c)
    if (!g.component_is_cyclic(c)) {
      EXPECT_REJECTED(damaged("component_cyclic", c, 1, 1), "section component_cyclic",
                      "flagged cyclic but holds no cycle");
      break;
    }
  for (std::uint32_t c = 0; c < g.component_count(); ++c)
    if (g.component_is_cyclic(c)) {
      EXPECT_REJECTED(damaged("component_cyclic", c, 0, 1), "section component_cyclic",
                      "not flagged cyclic");
      break;
    }

  // Strings: duplicate ids, vocabularies, attrs and metadata that are not JSON objects.
  {
    bytes = good;
    const std::uint64_t chars = section_offset(bytes, "ids.chars");
    const std::uint64_t first = element(bytes, "ids.offsets", 0, 8), second = element(bytes, "ids.offsets", 1, 8),
                        third = element(bytes, "ids.offsets", 2, 8);
    ASSERT_EQ(second - first, third - second);  // n0, n1: same length
    bytes.replace(chars + second, third - second, bytes.substr(chars + first, second - first));
    reseal(bytes);
    EXPECT_REJECTED(bytes, "section ids.chars", "duplicate id");
  }
  EXPECT_REJECTED(damaged("ids.offsets", 1, 0, 8), "section ids.chars", "empty id");
  EXPECT_REJECTED(damaged("countries.offsets", 1, 1, 8), "section countries.offsets",
                  "word 0 must be the empty string");
  {
    bytes = good;
    const std::uint64_t chars = section_offset(bytes, "countries.chars");
    ASSERT_GE(section_count(bytes, "countries.chars"), 4u);
    bytes[chars + 2] = bytes[chars];  // the second code repeats the first
    bytes[chars + 3] = bytes[chars + 1];
    reseal(bytes);
    EXPECT_REJECTED(bytes, "section countries.offsets", "repeats word 1");
    bytes[chars] = 'r';
    reseal(bytes);
    EXPECT_REJECTED(bytes, "section countries.offsets", "ISO 3166-1");
  }
  EXPECT_REJECTED(damaged("ids.chars", 0, 0xff, 1), "section ids.chars", "invalid UTF-8 at byte 0");
  EXPECT_REJECTED(damaged("metadata", 2, 0xc3, 1), "section metadata", "invalid UTF-8");
  {
    graph_builder builder;
    builder.add_node("é", {});
    builder.add_node("x", {});
    bytes = io::write_binary_bytes(builder.freeze());
    set_element(bytes, "ids.offsets", 1, 1, 8);  // "\xc3" and "\xa9x": valid as one buffer only
    EXPECT_REJECTED(bytes, "section ids.offsets", "string 1 starts inside a UTF-8 character");
  }
  ASSERT_GT(section_count(good, "node_attrs.chars"), 0u);
  EXPECT_REJECTED(damaged("node_attrs.chars", 0, '[', 1), "section node_attrs.chars", "not a JSON object");
  EXPECT_REJECTED(damaged("metadata", 1, '}', 1), "section metadata", "not a JSON object");
}

TEST(Binary, EdgesAgainstTheTopologicalOrderAreRejected) {
  // a -> b becomes b -> a in every array: consistent sizes, offsets and checksums, but node b
  // (component 1) now feeds node a (component 0).
  graph_builder builder;
  builder.add_node("a", {.kind = node_kind::material});
  builder.add_node("b", {.kind = node_kind::component});
  builder.add_edge("a", "b", {.kind = edge_kind::component_of});
  std::string bytes = io::write_binary_bytes(builder.freeze());
  auto set = [&](std::string_view section, std::initializer_list<std::uint32_t> values) {
    std::size_t i = 0;
    for (std::uint32_t value : values) put(bytes, section_offset(bytes, section) + 4 * i++, value, 4);
  };
  set("forward.rowstart", {0, 0, 1});
  set("forward.column", {0});
  set("edge.sources", {1});
  set("reverse.rowstart", {0, 1, 1});
  set("reverse.column", {1});
  set("node_slot_offsets", {0, 1, 1});
  reseal(bytes);
  EXPECT_REJECTED(bytes, "section node_component", "not in topological order");
}

TEST(Binary, RandomDamageWithValidChecksumsNeverCrashes) {
  // Byte flips, each file resealed so that the structural checks (not the checksums) must catch
  // the damage; whatever loads must hold up in the analyses.
  std::vector<std::string> seeds;
  seeds.push_back(io::write_binary_bytes(small_graph()));
  for (std::uint64_t seed : {5, 6, 8})
    seeds.push_back(io::write_binary_bytes(micgraph::testing::random_graph(
        seed, {.min_nodes = 4, .max_nodes = 10, .back_edge_fraction = 0.4, .fancy_strings = true})));
  std::mt19937_64 rng(2024);
  std::size_t loaded = 0, rejected = 0;
  const int iterations = 4000;
  for (int i = 0; i < iterations; ++i) {
    std::string bytes = seeds[rng() % seeds.size()];
    const int flips = 1 + static_cast<int>(rng() % 3);
    for (int f = 0; f < flips; ++f) {
      // Mostly in the arrays; sometimes in the header and table.
      const std::size_t from = rng() % 8 == 0 ? 0 : table_end();
      const std::size_t at = from + rng() % (bytes.size() - from);
      bytes[at] = static_cast<char>(rng() % 4 == 0 ? rng() : bytes[at] ^ (1u << (rng() % 8)));
    }
    reseal(bytes);
    try {
      graph g = io::read_binary_bytes(bytes, "flipped.mgb");
      ++loaded;
      exercise(g);
    } catch (const parse_error& e) {
      ++rejected;
      ASSERT_EQ(std::string(e.what()).rfind("flipped.mgb: ", 0), 0u) << e.what();
    }
  }
  EXPECT_GT(rejected, 0u);
  EXPECT_GT(loaded, 0u);  // flips in names, numbers and attrs can leave a valid graph
  std::cout << "random damage: " << loaded << " loaded, " << rejected << " rejected\n";
}

}  // namespace io_binary_test_cases
