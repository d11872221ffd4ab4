#pragma once
// What every loader fuzz target holds the readers to: bad input is one parse_error of one line;
// a graph that loads comes back unchanged through JSON and the binary snapshot. Anything else
// (another exception type, a changed graph, a sanitizer report) aborts, and libFuzzer saves the
// input as a reproducer.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <micgraph/error.hpp>
#include <micgraph/graph.hpp>
#include <micgraph/io/binary.hpp>
#include <micgraph/io/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

namespace micgraph::fuzz {

/// The fuzzed bytes as text.
inline std::string_view bytes_of(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// Reports a broken promise of the loader and aborts (libFuzzer writes the crash file).
[[noreturn]] inline void fail(std::string_view loader, const std::string& what) {
  std::fprintf(stderr, "fuzz_%.*s: %s\n", static_cast<int>(loader.size()), loader.data(), what.c_str());
  std::abort();
}

/// A rejection must be a clean one: what() on one line, as error.hpp promises.
inline void check_rejection(std::string_view loader, const parse_error& e) {
  if (std::string_view(e.what()).find('\n') != std::string_view::npos)
    fail(loader, std::string("a parse_error of several lines: ") + e.what());
}

/// Runs `load` (returning a graph); a parse_error is a rejected input, nothing else is caught.
template <class Load>
std::optional<graph> load_or_reject(std::string_view loader, Load&& load) {
  try {
    return load();
  } catch (const parse_error& e) {
    check_rejection(loader, e);
    return std::nullopt;
  }
}

/// A loaded graph must survive the JSON and binary round trips unchanged.
inline void check_round_trips(std::string_view loader, const graph& g) {
  try {
    std::ostringstream json;
    io::write_json(g, json);
    if (!(io::read_json_text(json.str(), "round-trip.json") == g))
      fail(loader, "the JSON round trip changed the graph");
    if (!(io::read_binary_bytes(io::write_binary_bytes(g), "round-trip.mgb") == g))
      fail(loader, "the binary round trip changed the graph");
  } catch (const parse_error& e) {
    fail(loader, std::string("a round trip failed: ") + e.what());
  }
}

}  // namespace micgraph::fuzz
