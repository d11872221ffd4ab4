// Progress while loading and saving: every format reports fractions in [0, 1] that never
// decrease and end at 1, in several steps for a large file, and the graph is the same as
// without a callback.

#include <gtest/gtest.h>

#include <filesystem>
#include <micgraph/generate.hpp>
#include <micgraph/io/load.hpp>
#include <string>
#include <vector>

using namespace micgraph;

// In a namespace of its own: the unity build compiles several test files as one.
namespace io_progress_test_cases {

namespace {

void expect_progress(const std::vector<double>& seen, std::size_t at_least, const std::string& what) {
  ASSERT_GE(seen.size(), at_least) << what;
  for (std::size_t i = 0; i < seen.size(); ++i) {
    EXPECT_GE(seen[i], 0.0) << what;
    EXPECT_LE(seen[i], 1.0) << what;
    if (i > 0) {
      EXPECT_GE(seen[i], seen[i - 1]) << what << " step " << i;
    }
  }
  EXPECT_EQ(seen.back(), 1.0) << what;
}

}  // namespace

TEST(Progress, LoadingAndSavingEveryFormat) {
  const std::filesystem::path dir = std::filesystem::path(MICGRAPH_TEST_OUTPUT_DIR) / "progress";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const graph g = generate({.nodes = 30000, .seed = 11});
  std::vector<double> written;
  io::save_graph(g, dir / "graph.json", {.progress = [&](double x) { written.push_back(x); }});
  expect_progress(written, 10, "writing JSON (a 13 MB file: a report every MiB)");
  for (const char* name : {"graph.mgb", "csv"}) {
    std::vector<double> saved;
    io::save_graph(g, dir / name, {.progress = [&](double x) { saved.push_back(x); }});
    expect_progress(saved, 2, std::string("writing ") + name);
  }
  const struct {
    const char* path;
    std::size_t steps;
  } files[] = {{"graph.json", 10}, {"graph.mgb", 20}, {"csv", 5}};
  for (const auto& file : files) {
    std::vector<double> seen;
    graph loaded = io::load_graph(dir / file.path, {.progress = [&](double x) { seen.push_back(x); }});
    expect_progress(seen, file.steps, std::string("loading ") + file.path);
    EXPECT_TRUE(loaded == io::load_graph(dir / file.path)) << file.path;
    EXPECT_TRUE(loaded == g) << file.path;
  }
  std::filesystem::remove_all(dir);
}

}  // namespace io_progress_test_cases
