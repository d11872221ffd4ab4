// libFuzzer target: node-link JSON graphs through io::read_json_text (the in-memory reader).

#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace micgraph;
  const std::string_view text = fuzz::bytes_of(data, size);
  if (auto g = fuzz::load_or_reject("json", [&] { return io::read_json_text(text, "fuzzed.json"); }))
    fuzz::check_round_trips("json", *g);
  return 0;
}
