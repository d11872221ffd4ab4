// libFuzzer target: .mgb snapshots through io::read_binary_bytes. Each input is read as it is
// (the magic, version, sizes and checksums) and once more with every checksum recomputed, as a
// forger would, so that mutations reach the structural checks behind the checksums.

#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"

namespace {

constexpr std::size_t header_size = 64, entry_size = 32;

std::uint64_t get(const std::string& bytes, std::size_t at, int width) {
  std::uint64_t v = 0;
  for (int i = width - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(bytes[at + i]);
  return v;
}
void put(std::string& bytes, std::size_t at, std::uint64_t v, int width) {
  for (int i = 0; i < width; ++i) bytes[at + i] = static_cast<char>((v >> (8 * i)) & 0xff);
}

/// Recomputes the checksum of every section that lies within the file, then the header's
/// (layout in include/micgraph/io/binary.hpp).
void reseal(std::string& bytes) {
  const std::size_t sections = micgraph::io::binary_sections().size();
  const std::size_t table_end = header_size + entry_size * sections;
  if (bytes.size() < table_end) return;
  for (std::size_t s = 0; s < sections; ++s) {
    const std::size_t entry = header_size + entry_size * s;
    const std::uint64_t element = get(bytes, entry + 4, 4), offset = get(bytes, entry + 8, 8),
                        count = get(bytes, entry + 16, 8);
    if (element != 0 && offset <= bytes.size() && count <= (bytes.size() - offset) / element)
      put(bytes, entry + 24, micgraph::io::xxh64(std::string_view(bytes).substr(offset, count * element)), 8);
  }
  const std::string checked = bytes.substr(0, 56) + bytes.substr(header_size, table_end - header_size);
  put(bytes, 56, micgraph::io::xxh64(checked), 8);
}

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
  reseal(resealed);
  if (resealed != bytes) read_snapshot(resealed);
  return 0;
}
