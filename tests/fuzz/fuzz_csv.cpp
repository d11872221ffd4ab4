// libFuzzer target: the CSV pair through io::read_csv. The input is split at its first 0xFF byte
// (never part of UTF-8 text, so nothing a valid spreadsheet holds) into nodes.csv and edges.csv;
// without one, all of it is nodes.csv and edges.csv is empty. The reader takes paths only, so
// both files are written into one directory per process, reused for every input. A graph that
// loads must come back unchanged through write_csv.

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <micgraph/io/csv.hpp>
#include <string>

#include "fuzz_support.hpp"

namespace {

namespace fs = std::filesystem;

/// This process's scratch directory (under TMPDIR), removed at a normal exit.
class scratch_directory {
 public:
  scratch_directory()
      : path_(fs::temp_directory_path() / ("micgraph-fuzz-csv-" + std::to_string(::getpid()))) {
    fs::create_directories(path_ / "input");
  }
  ~scratch_directory() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void write_file(const fs::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out) micgraph::fuzz::fail("csv", "cannot write " + path.string());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace micgraph;
  static const scratch_directory scratch;
  const std::string_view input = fuzz::bytes_of(data, size);
  const std::size_t separator = input.find('\xff');
  const fs::path nodes = scratch.path() / "input" / "nodes.csv", edges = scratch.path() / "input" / "edges.csv";
  write_file(nodes, input.substr(0, separator));
  write_file(edges, separator == std::string_view::npos ? std::string_view() : input.substr(separator + 1));

  auto g = fuzz::load_or_reject("csv", [&] { return io::read_csv(nodes, edges); });
  if (!g) return 0;
  // The JSON and binary round trips are fuzz_json's and fuzz_binary's; here, the CSV one.
  const fs::path again = scratch.path() / "again";
  try {
    io::write_csv(*g, again);
    if (!(io::read_csv(again / "nodes.csv", again / "edges.csv") == *g))
      fuzz::fail("csv", "the CSV round trip changed the graph");
  } catch (const parse_error& e) {
    fuzz::fail("csv", std::string("the CSV round trip failed: ") + e.what());
  }
  return 0;
}
