#pragma once
// Files for the I/O tests: whole files read and written as bytes, fresh scratch directories
// under the test output directory, error messages with that directory left out, and a graph's
// node-link JSON text.

#include <filesystem>
#include <fstream>
#include <micgraph/graph.hpp>
#include <micgraph/io/json.hpp>
#include <sstream>
#include <string>
#include <string_view>

namespace micgraph::testing {

/// The bytes of a file ("" when it cannot be read). O(size).
inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return std::move(text).str();
}

/// Replaces the file's contents by `text`, byte for byte. O(size).
inline void write_file(const std::filesystem::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

/// The directory `name` under the test output directory, emptied (created when absent).
inline std::filesystem::path fresh_directory(const std::string& name) {
  std::filesystem::path dir = std::filesystem::path(MICGRAPH_TEST_OUTPUT_DIR) / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

/// The message with a leading "<dir>/" left out, so that expectations name files relative to a
/// scratch directory.
inline std::string without_directory(std::string message, const std::filesystem::path& dir) {
  const std::string prefix = dir.string() + "/";
  if (message.rfind(prefix, 0) == 0) message = message.substr(prefix.size());
  return message;
}

/// The node-link JSON text io::write_json writes for the graph. O(n + m).
inline std::string json_text(const graph& g) {
  std::ostringstream out;
  io::write_json(g, out);
  return out.str();
}

}  // namespace micgraph::testing
