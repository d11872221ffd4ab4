// Mutation fuzzing of the loaders (DESIGN §5): thousands of inputs made from valid seeds by byte
// flips, insertions of bytes and format tokens, deletions, truncations, splices and repeats.
// Each must load or throw micgraph::parse_error (scenario_error for scenarios): never crash,
// hang or throw anything else. Whatever loads must survive a round trip unchanged.
//
// MICGRAPH_FUZZ_ITERATIONS sets the inputs per loader (default 3000, 1500 under sanitizers);
// MICGRAPH_FUZZ_SEED changes the random sequence. A failing input is saved in the test output
// directory as fuzz-failure-<loader>-<iteration>.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <micgraph/analysis/impact.hpp>
#include <micgraph/io/binary.hpp>
#include <micgraph/io/csv.hpp>
#include <micgraph/io/json.hpp>
#include <micgraph/io/load.hpp>
#include <micgraph/io/scenario.hpp>
#include <optional>
#include <random>
#include <sstream>

#include "../../lib/io/json_fast.hpp"
#include "support/files.hpp"
#include "support/random_graph.hpp"
#include "support/snapshot_layout.hpp"

using namespace micgraph;
using namespace micgraph::testing;

// In a namespace of its own: the unity build compiles several test files as one.
namespace io_fuzz_test_cases {
namespace fs = std::filesystem;

namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr int default_iterations = 1500;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr int default_iterations = 1500;
#else
constexpr int default_iterations = 3000;
#endif
#else
constexpr int default_iterations = 3000;
#endif

int iterations() {
  if (const char* text = std::getenv("MICGRAPH_FUZZ_ITERATIONS")) return std::max(1, std::atoi(text));
  return default_iterations;
}
std::uint64_t fuzz_seed() {
  if (const char* text = std::getenv("MICGRAPH_FUZZ_SEED")) return std::strtoull(text, nullptr, 10);
  return 20240611;
}

/// Makes new inputs from seeds: 1 to 4 random edits each.
class mutator {
 public:
  mutator(std::uint64_t seed, std::vector<std::string> tokens)
      : rng_(seed), tokens_(std::move(tokens)) {}

  std::string mutate(const std::vector<std::string>& corpus) {
    std::string out = corpus[below(corpus.size())];
    const std::size_t edits = below(2) == 0 ? 1 : 1 + below(4);  // half of them: one edit
    for (std::size_t i = 0; i < edits; ++i) edit(out, corpus);
    return out;
  }
  std::size_t below(std::size_t bound) { return bound == 0 ? 0 : static_cast<std::size_t>(rng_() % bound); }

 private:
  void edit(std::string& s, const std::vector<std::string>& corpus) {
    static constexpr char interesting[] = {'\0', '\xff', '"', ',', '\n', '\r', '{', '}', '[', ']',
                                           ':', '\\', ';', '-', '0', '9', 'e', '.', ' ', '\x80'};
    switch (below(11)) {
      case 0:  // flip a bit
        if (!s.empty()) s[below(s.size())] ^= static_cast<char>(1u << below(8));
        break;
      case 1:  // an interesting byte
        if (!s.empty()) s[below(s.size())] = interesting[below(sizeof interesting)];
        break;
      case 2: {  // random bytes
        std::string bytes(1 + below(8), '\0');
        for (char& c : bytes) c = static_cast<char>(rng_());
        s.insert(below(s.size() + 1), bytes);
        break;
      }
      case 3:  // a token of the format
        s.insert(below(s.size() + 1), tokens_[below(tokens_.size())]);
        break;
      case 4:  // delete a range
        if (!s.empty()) {
          std::size_t at = below(s.size());
          s.erase(at, 1 + below(std::min<std::size_t>(32, s.size() - at)));
        }
        break;
      case 5:  // truncate
        s.resize(below(s.size() + 1));
        break;
      case 6: {  // splice in a piece of another input
        const std::string& other = corpus[below(corpus.size())];
        if (other.empty()) break;
        std::size_t from = below(other.size());
        std::string piece = other.substr(from, 1 + below(std::min<std::size_t>(200, other.size() - from)));
        std::size_t at = below(s.size() + 1);
        s.replace(at, below(std::min<std::size_t>(64, s.size() - at) + 1), piece);
        break;
      }
      case 7:  // repeat a range
        if (!s.empty()) {
          std::size_t at = below(s.size());
          std::string piece = s.substr(at, 1 + below(std::min<std::size_t>(64, s.size() - at)));
          for (std::size_t k = 1 + below(3); k > 0; --k) s.insert(at, piece);
        }
        break;
      case 8:  // swap two bytes
        if (s.size() > 1) std::swap(s[below(s.size())], s[below(s.size())]);
        break;
      default: {  // replace a value (after ':' or ',', up to the next delimiter) with a token
        if (s.empty()) break;
        std::size_t at = s.find_first_of(":,", below(s.size()));
        if (at == std::string::npos) break;
        std::size_t end = s.find_first_of(",}]\n", at + 1);
        if (end == std::string::npos) end = s.size();
        s.replace(at + 1, end - at - 1, tokens_[below(tokens_.size())]);
        break;
      }
    }
  }

  std::mt19937_64 rng_;
  std::vector<std::string> tokens_;
};

/// Runs one loader over mutated inputs; counts outcomes, reports anything but parse_error.
class campaign {
 public:
  explicit campaign(std::string loader) : loader_(std::move(loader)) {}

  /// `load` returns normally or throws parse_error; `input` is saved when it does anything else.
  template <class Load>
  void run(int iteration, const std::string& input, Load&& load) {
    auto start = std::chrono::steady_clock::now();
    try {
      load();
      ++loaded_;
    } catch (const parse_error& e) {
      ++rejected_;
      if (std::string_view(e.what()).find('\n') != std::string_view::npos)
        failure(iteration, input, std::string("a parse_error of several lines: ") + e.what());
    } catch (const std::exception& e) {
      failure(iteration, input, std::string("not a parse_error: ") + e.what());
    }
    std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - start;
    slowest_ = std::max(slowest_, seconds.count());
  }
  void failure(int iteration, const std::string& input, const std::string& what) {
    fs::path saved = fs::path(MICGRAPH_TEST_OUTPUT_DIR) /
                     std::string("fuzz-failure-").append(loader_).append("-").append(
                         std::to_string(iteration));
    write_file(saved, input);
    ADD_FAILURE() << loader_ << " input " << iteration << " (saved as " << saved << "): " << what;
  }
  void report() const {
    std::cout << loader_ << ": " << loaded_ << " loaded, " << rejected_ << " rejected, slowest "
              << slowest_ * 1000 << " ms\n";
    EXPECT_GT(rejected_, 0u) << loader_;
    EXPECT_LT(slowest_, 5.0) << loader_ << ": an input took " << slowest_ << " s";
  }
  std::size_t loaded() const { return loaded_; }

 private:
  std::string loader_;
  std::size_t loaded_ = 0, rejected_ = 0;
  double slowest_ = 0;
};

/// Loaded graphs must come back unchanged through JSON and the binary snapshot (a parse_error
/// here is a failure of the round trip, not a rejected input).
void check_round_trips(const graph& g) {
  try {
    graph again = io::read_json_text(json_text(g));
    if (!(again == g)) throw std::logic_error("the JSON round trip changed the graph");
    graph binary = io::read_binary_bytes(io::write_binary_bytes(g));
    if (!(binary == g)) throw std::logic_error("the binary round trip changed the graph");
  } catch (const parse_error& e) {
    throw std::logic_error(std::string("a round trip failed: ") + e.what());
  }
}

/// The fast reader of node-link JSON reads what the SAX reader reads, into the same graph, and
/// declines the rest (a disagreement is a failure, not a rejected input).
void check_json_readers_agree(std::string_view text) {
  std::optional<graph> sax;
  try {
    sax = micgraph::detail::read_json_sax(text, "fuzzed.json");
  } catch (const parse_error&) {
  }
  for (std::size_t window : {micgraph::detail::fast_read_options{}.window, std::size_t{1}, std::size_t{16}}) {
    const std::optional<graph> fast = micgraph::detail::read_json_fast(text, {.window = window});
    if (fast.has_value() != sax.has_value())
      throw std::logic_error(fast ? "the fast JSON reader read a text the SAX reader refuses"
                                  : "the fast JSON reader declined a text the SAX reader reads");
    if (fast && (!(*fast == *sax) || json_text(*fast) != json_text(*sax)))
      throw std::logic_error("the fast and the SAX JSON readers read different graphs");
  }
}

const std::vector<std::string> json_tokens = {
    "\"id\"", "\"kind\"", "\"nodes\"", "\"links\"", "\"edges\"", "\"source\"", "\"target\"",
    "\"share\"", "\"quality\"", "\"confidence\"", "\"tags\"", "\"sources\"", "\"capacity\"",
    "\"stock_months\"", "\"attrs\"", "\"input\"", "\"view\"", "\"lead_time_months\"", "\"key\"",
    "\"graph\"", "\"directed\"", "\"multigraph\"", "\"country\"", "\"category\"", "\"name\"",
    "null", "true", "false", "1e400", "-1", "0.5", "0", "-0", "1e-320", "18446744073709551616",
    "NaN", "\"\\u0000\"", "\"\\ud800\"", "\"\\\"\"", "[]", "{}", "[[[[[[[[", "{\"a\":{\"b\":[",
    "\"owns\"", "\"firm\"", "\"product\"", "\"component_of\"", "\"services\"", "\"RU\"", "\"r\"",
    "\"controls\"", "\"person\"", "\"start_date\"", "\"end_date\"", "\"2014-03-01\"", "\"2000-02-29\"",
    "\"2023-02-29\"", "\"9999-12-31\"", "\"0000-01-01\"",
    ",", ":", "\"", "{", "}", "[", "]"};

const std::vector<std::string> scenario_tokens = {
    "\"rules\"", "\"select\"", "\"nodes\"", "\"edges\"", "\"from\"", "\"to\"", "\"kinds\"",
    "\"countries\"", "\"categories\"", "\"tags\"", "\"ids\"", "\"with_owned\"", "\"enforcement\"",
    "\"min_confidence\"", "\"views\"", "\"all\"", "\"name\"", "\"description\"", "\"_note\"",
    "\"western\"", "\"owns\"", "\"firm\"", "\"machine_tool/*\"", "\"[a-\"", "\"*\"", "\"RU\"",
    "{\"min\": 0.2, \"max\": 0.9}", "\"ofac\"", "\"eu\"", "\"uk\"", "\"any-stake\"", "\"threshold\"",
    "\"inclusive\"", "\"aggregate\"", "\"control\"", "\"max_hops\"", "\"as_of\"", "\"rule\"",
    "\"2022-02-24\"", "\"controls\"", "null", "true", "false", "1e400", "-1", "0.5", "2", "[]", "{}",
    "[[[[", ",", ":", "\"", "{", "}", "[", "]"};

const std::vector<std::string> csv_tokens = {
    ",", "\"", "\"\"", "\n", "\r\n", "\r", ";", "firm", "product", "supplies", "owns", "tooling",
    "1e999", "nan", "inf", "-0", "0x10", " 1 ", "{\"a\":1}", "{\"id\":[1,2]}", "[1]", "id", "kind",
    "source", "target", "share", "quality", "confidence", "tags", "sources", "capacity", "attrs",
    "input", "view", "lead_time_months", "country", "RU", "r", "extra", std::string("\0", 1),
    "controls", "person", "start_date", "end_date", "2014-03-01", "2014-02-30",
    "\xef\xbb\xbf"};

}  // namespace

TEST(Fuzz, JsonGraphReader) {
  std::vector<std::string> corpus = {read_file(MICGRAPH_SOURCE_DIR "/tests/data/tiny.json")};
  for (std::uint64_t seed : {1, 2, 3, 4})
    corpus.push_back(json_text(micgraph::testing::random_graph(
        seed, {.min_nodes = 2, .max_nodes = 8, .back_edge_fraction = 0.3, .fancy_strings = seed % 2 == 0})));
  for (const auto& entry : fs::directory_iterator(MICGRAPH_SOURCE_DIR "/tests/data/bad"))
    if (entry.path().extension() == ".json") corpus.push_back(read_file(entry.path()));
  mutator mutate(fuzz_seed(), json_tokens);
  campaign json("json");
  const int total = iterations();
  for (int i = 0; i < total; ++i) {
    std::string input = mutate.mutate(corpus);
    json.run(i, input, [&] {
      check_json_readers_agree(input);
      check_round_trips(io::read_json_text(input, "fuzzed.json"));
    });
  }
  json.report();
}

TEST(Fuzz, CsvGraphReader) {
  const fs::path seeds = fresh_directory("fuzz-csv-seeds");
  std::vector<std::pair<std::string, std::string>> pairs = {
      {read_file(MICGRAPH_SOURCE_DIR "/tests/data/tiny-csv/nodes.csv"),
       read_file(MICGRAPH_SOURCE_DIR "/tests/data/tiny-csv/edges.csv")}};
  for (std::uint64_t seed : {1, 2, 3, 4}) {
    io::write_csv(micgraph::testing::random_graph(
                      seed, {.min_nodes = 2, .max_nodes = 8, .back_edge_fraction = 0.3,
                             .fancy_strings = seed % 2 == 1}),
                  seeds / std::to_string(seed));
    pairs.emplace_back(read_file(seeds / std::to_string(seed) / "nodes.csv"),
                       read_file(seeds / std::to_string(seed) / "edges.csv"));
  }
  std::vector<std::string> corpus;  // both files of every pair: splices cross between them
  for (const auto& [nodes, edges] : pairs) corpus.push_back(nodes), corpus.push_back(edges);

  const fs::path dir = fresh_directory("fuzz-csv");
  mutator mutate(fuzz_seed() + 1, csv_tokens);
  campaign csv("csv");
  const int total = iterations();
  for (int i = 0; i < total; ++i) {
    const auto& [seed_nodes, seed_edges] = pairs[mutate.below(pairs.size())];
    std::string nodes = seed_nodes, edges = seed_edges;
    const std::size_t which = mutate.below(3);  // nodes, edges or both
    if (which != 1) nodes = mutate.mutate({nodes, corpus[mutate.below(corpus.size())]});
    if (which != 0) edges = mutate.mutate({edges, corpus[mutate.below(corpus.size())]});
    write_file(dir / "nodes.csv", nodes);
    write_file(dir / "edges.csv", edges);
    csv.run(i, std::string("nodes.csv:\n").append(nodes).append("\nedges.csv:\n").append(edges), [&] {
      graph g = io::read_csv(dir / "nodes.csv", dir / "edges.csv");
      check_round_trips(g);
      try {
        io::write_csv(g, dir / "again");
        if (!(io::load_graph(dir / "again") == g))
          throw std::logic_error("the CSV round trip changed the graph");
      } catch (const parse_error& e) {
        throw std::logic_error(std::string("the CSV round trip failed: ") + e.what());
      }
    });
  }
  csv.report();
}

TEST(Fuzz, ScenarioReader) {
  std::vector<std::string> corpus = {R"({"name": "every field", "description": "d",
    "min_confidence": 0.5, "views": ["western", "russian"], "_note": "comment",
    "rules": [
      {"select": "nodes", "ids": ["ru-missile-plant"], "with_owned": true, "enforcement": 0.5},
      {"select": "nodes", "kinds": ["firm"], "countries": ["CN"], "categories": ["firm/*"],
       "tags": ["sanctioned:us-sdn"], "enforcement": {"min": 0.2, "max": 0.9}},
      {"select": "nodes", "all": true, "enforcement": 0.1},
      {"select": "edges", "from": {"countries": ["DE", "JP"]}, "to": {"countries": ["RU"]},
       "kinds": ["supplies", "services"], "categories": ["machine_tool/[a-c]*", "service/?nc*"]}]})"};
  for (const auto& entry : fs::directory_iterator(MICGRAPH_SOURCE_DIR "/data/scenarios"))
    corpus.push_back(read_file(entry.path()));
  for (const auto& entry : fs::directory_iterator(MICGRAPH_SOURCE_DIR "/tests/data/bad-scenarios"))
    corpus.push_back(read_file(entry.path()));
  const graph g = io::load_graph(MICGRAPH_SOURCE_DIR "/data/cruise-missile-cnc.json");

  mutator mutate(fuzz_seed() + 2, scenario_tokens);
  campaign scenarios("scenario");
  std::size_t compiled = 0;
  const int total = iterations();
  for (int i = 0; i < total; ++i) {
    std::string input = mutate.mutate(corpus);
    scenarios.run(i, input, [&] {
      scenario s = io::read_scenario_text(input, "fuzzed-scenario.json");
      std::ostringstream written;
      io::write_scenario(s, written);
      try {
        io::read_scenario_text(written.str(), "rewritten-scenario.json");
      } catch (const parse_error& e) {
        throw std::logic_error(std::string("the scenario round trip failed: ") + e.what());
      }
      compiled_scenario cuts = compile(g, s);  // scenario_error for unknown ids and views
      impact_result result = impact(g, cuts);
      if (result.capacity.size() != g.node_count()) throw std::logic_error("impact lost nodes");
      ++compiled;
    });
  }
  scenarios.report();
  std::cout << "scenario: " << compiled << " compiled and run against the cruise-missile data\n";
}

TEST(Fuzz, BinarySnapshotReader) {
  using namespace micgraph::testing::snapshot_layout;
  std::vector<std::string> corpus;
  for (std::uint64_t seed : {1, 2, 3})
    corpus.push_back(io::write_binary_bytes(micgraph::testing::random_graph(
        seed, {.min_nodes = 2, .max_nodes = 8, .back_edge_fraction = 0.3, .fancy_strings = true})));
  corpus.push_back(io::write_binary_bytes(graph_builder().freeze()));
  mutator mutate(fuzz_seed() + 3, {std::string(8, '\0'), std::string(8, '\xff'), std::string("\x01\0\0\0", 4)});
  campaign binary("mgb");
  const int total = iterations();
  for (int i = 0; i < total; ++i) {
    std::string input = mutate.mutate(corpus);
    if (i % 2 == 0) reseal(input);  // past the checksums, into the structural checks
    binary.run(i, input, [&] { check_round_trips(io::read_binary_bytes(input, "fuzzed.mgb")); });
  }
  binary.report();
}

// The libFuzzer targets' seeds (tests/fuzz/corpus/<loader>/) and the reproducers of what they
// found (tests/fuzz/regressions/<loader>/), held to the same promises in every build. Found so
// far: xxh64 stepped a null pointer (the data of an empty array) by 8 when the snapshot writer or
// reader checksummed an empty section — undefined behaviour that clang's UBSan reports and GCC's
// does not (regressions/json/one-node-no-links.json, regressions/csv/misnamed-capacity-column,
// corpus/binary/empty.mgb).
TEST(Fuzz, LibFuzzerSeedsAndReproducers) {
  const fs::path fuzz_dir = MICGRAPH_SOURCE_DIR "/tests/fuzz";
  auto inputs = [&](const std::string& loader) {
    std::vector<fs::path> paths;
    for (const char* folder : {"corpus", "regressions"})
      if (fs::is_directory(fuzz_dir / folder / loader))
        for (const auto& entry : fs::directory_iterator(fuzz_dir / folder / loader)) paths.push_back(entry.path());
    std::sort(paths.begin(), paths.end());
    EXPECT_FALSE(paths.empty()) << loader;
    return paths;
  };

  EXPECT_EQ(io::xxh64(std::string_view()), 0xEF46DB3751D8E999u);  // XXH64 of no bytes, seed 0

  campaign json("libfuzzer-json");
  int i = 0;
  for (const fs::path& path : inputs("json")) {
    const std::string input = read_file(path);
    json.run(i++, input, [&] {
      check_json_readers_agree(input);
      check_round_trips(io::read_json_text(input, path.string()));
    });
  }
  json.report();

  // fuzz_csv splits its input at the first 0xFF byte into nodes.csv and edges.csv.
  const fs::path dir = fresh_directory("libfuzzer-csv");
  campaign csv("libfuzzer-csv");
  for (const fs::path& path : inputs("csv")) {
    const std::string input = read_file(path);
    const std::size_t separator = input.find('\xff');
    write_file(dir / "nodes.csv", input.substr(0, separator));
    write_file(dir / "edges.csv", separator == std::string::npos ? std::string() : input.substr(separator + 1));
    csv.run(i++, input, [&] {
      graph g = io::read_csv(dir / "nodes.csv", dir / "edges.csv");
      check_round_trips(g);
      io::write_csv(g, dir / "again");
      if (!(io::read_csv(dir / "again" / "nodes.csv", dir / "again" / "edges.csv") == g))
        throw std::logic_error("the CSV round trip changed the graph");
    });
  }
  csv.report();

  const graph tiny = io::load_graph(MICGRAPH_SOURCE_DIR "/tests/data/tiny.json");
  campaign scenarios("libfuzzer-scenario");
  for (const fs::path& path : inputs("scenario")) {
    const std::string input = read_file(path);
    scenarios.run(i++, input, [&] {
      compiled_scenario cuts = compile(tiny, io::read_scenario_text(input, path.string()));
      if (impact(tiny, cuts).capacity.size() != tiny.node_count()) throw std::logic_error("impact lost nodes");
    });
  }
  scenarios.report();

  campaign binary("libfuzzer-binary");
  std::size_t snapshots = 0;
  for (const fs::path& path : inputs("binary")) {
    const std::string input = read_file(path);
    binary.run(i++, input, [&] { check_round_trips(io::read_binary_bytes(input, path.string())); });
    ++snapshots;
  }
  EXPECT_EQ(binary.loaded(), snapshots) << "every .mgb seed is a valid snapshot";
}

}  // namespace io_fuzz_test_cases
