// libFuzzer target: .mgb snapshots through io::read_binary_bytes. Each input is read as it is
// (the magic, version, sizes and checksums) and once more with every checksum recomputed, as a
// forger would, so that mutations reach the structural checks behind the checksums.

#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "support/snapshot_bytes.hpp"

namespace {

void read_snapshot(std::string_view bytes) {
  using namespace micgraph;
  if (auto g = fuzz::load_or_reject("binary", [&] { return io::read_binary_bytes(bytes, "fuzzed.mgb"); }))
    fuzz::check_round_trips("binary", *g);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes = micgraph::fuzz::bytes_of(data, size);
  read_snapshot(bytes);
  std::string resealed(bytes);
  micgraph::testing::snapshot_layout::reseal(resealed);
  if (resealed != bytes) read_snapshot(resealed);
  return 0;
}
