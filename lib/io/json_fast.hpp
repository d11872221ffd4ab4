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

/// Bytes past the end of a text that the fast reader reads (simdjson's SIMDJSON_PADDING).
inline constexpr std::size_t json_padding = 64;

/// The graph of a node-link text read with simdjson's On-Demand API: the same graph as
/// read_json_sax for every text that one accepts. Nothing when the text holds any problem (bad
/// JSON, a wrong layout or field, a bad element the builder refuses) or a corner this reader
/// leaves to the SAX reader (a text over 4 GiB, simdjson's limit, is one); the caller then runs
/// read_json_sax for the positioned error or the graph.
/// `readable` bytes from text.data() may be read: when that leaves fewer than json_padding
/// bytes after the text, the text is copied. `progress` as for io::read_json. O(size).
std::optional<graph> read_json_fast(std::string_view text, std::size_t readable,
                                    const std::function<void(double)>& progress = {});

/// The graph of a node-link text read with nlohmann's SAX parser; throws the parse_error of the
/// first problem, naming `name`, the line and column or the element, and the field. O(size).
graph read_json_sax(std::string_view text, const std::string& name,
                    const std::function<void(double)>& progress = {});

}  // namespace micgraph::detail
