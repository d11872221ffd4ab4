#pragma once
// The two readers of node-link JSON behind io::read_json and io::read_json_text, for lib/io and
// the tests (not installed): the fast one (simdjson's On-Demand API) reads valid files; the SAX
// one (nlohmann) is the authority on errors and reads whatever the fast one leaves to it.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "micgraph/graph.hpp"

namespace micgraph::detail {

/// How the fast reader reads a text.
struct fast_read_options {
  /// Called with the share done, as for io::read_json.
  std::function<void(double)> progress;
  /// Called with a place in the text that the reader will not read again: a memory-mapped
  /// file's pages before it may be given back.
  std::function<void(const char*)> release;
  /// Bytes of elements parsed at once (a window grows past an element longer than this).
  std::size_t window = std::size_t{256} << 10;
  /// 1: read and build on the calling thread; 2: read on a thread of its own while the calling
  /// thread builds; 0: two for a text of 1 MiB or more.
  unsigned threads = 0;
};

/// The graph of a node-link text read with simdjson's On-Demand API: the same graph as
/// read_json_sax for every text that one accepts. Nothing when the text holds any problem (bad
/// JSON, a wrong layout or field, a bad element the builder refuses) or a corner this reader
/// leaves to the SAX reader (an element over 64 MiB is one); the caller then runs read_json_sax
/// for the positioned error or the graph. The elements are parsed a window at a time, so the
/// reader's own memory does not grow with the text. O(size).
std::optional<graph> read_json_fast(std::string_view text, const fast_read_options& options = {});

/// The graph of a node-link text read with nlohmann's SAX parser; throws the parse_error of the
/// first problem, naming `name`, the line and column or the element, and the field. O(size).
graph read_json_sax(std::string_view text, const std::string& name,
                    const std::function<void(double)>& progress = {});

}  // namespace micgraph::detail
