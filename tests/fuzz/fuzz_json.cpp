// libFuzzer target: node-link JSON graphs through both readers behind io::read_json_text, the
// fast one (simdjson) and the SAX one (nlohmann): the fast reader reads exactly the texts the SAX
// reader reads, into the same graph, and declines every other, whatever its window.

#include <cstddef>
#include <cstdint>
#include <optional>

#include "../../lib/io/json_fast.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace micgraph;
  const std::string_view text = fuzz::bytes_of(data, size);
  const std::optional<graph> sax =
      fuzz::load_or_reject("json", [&] { return detail::read_json_sax(text, "fuzzed.json"); });
  // The default window, and windows that end inside elements, strings and nested values.
  for (std::size_t window : {detail::fast_read_options{}.window, std::size_t{1}, std::size_t{16}}) {
    const std::optional<graph> fast = detail::read_json_fast(text, {.window = window});
    if (fast.has_value() != sax.has_value())
      fuzz::fail("json", fast ? "the fast reader read a text the SAX reader refuses"
                              : "the fast reader declined a text the SAX reader reads");
    if (!sax) return 0;
    std::ostringstream fast_text, sax_text;
    io::write_json(*fast, fast_text);
    io::write_json(*sax, sax_text);
    if (!(*fast == *sax) || fast_text.str() != sax_text.str())
      fuzz::fail("json", "the fast and the SAX readers read different graphs");
  }
  fuzz::check_round_trips("json", *sax);
  return 0;
}
