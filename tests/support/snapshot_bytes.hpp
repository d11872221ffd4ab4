#pragma once
// The bytes of the .mgb snapshot (include/micgraph/io/binary.hpp) without the test framework:
// little-endian fields, the header and section table sizes, and resealing (recomputing every
// checksum, as a forger would). Shared by the tests and the binary fuzz target.

#include <cstdint>
#include <micgraph/io/binary.hpp>
#include <string>
#include <string_view>

namespace micgraph::testing::snapshot_layout {

inline constexpr std::size_t header_size = 64, entry_size = 32;

inline std::uint64_t get64(const std::string& bytes, std::size_t at) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(bytes[at + i]);
  return v;
}
inline std::uint32_t get32(const std::string& bytes, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(bytes[at + i]);
  return v;
}
/// Writes the `width` low bytes of v at `at`, little-endian.
inline void put(std::string& bytes, std::size_t at, std::uint64_t v, int width) {
  for (int i = 0; i < width; ++i) bytes[at + i] = static_cast<char>((v >> (8 * i)) & 0xff);
}

inline std::size_t table_end() { return header_size + entry_size * io::binary_sections().size(); }

/// Recomputes every section checksum that lies within the file, then the header checksum.
inline void reseal(std::string& bytes) {
  if (bytes.size() < table_end()) return;
  for (std::size_t s = 0; s < io::binary_sections().size(); ++s) {
    const std::size_t entry = header_size + entry_size * s;
    const std::uint64_t element = get32(bytes, entry + 4), offset = get64(bytes, entry + 8),
                        count = get64(bytes, entry + 16);
    if (element != 0 && offset <= bytes.size() && count <= (bytes.size() - offset) / element)
      put(bytes, entry + 24, io::xxh64(std::string_view(bytes).substr(offset, count * element)), 8);
  }
  std::string checked = bytes.substr(0, 56) + bytes.substr(header_size, table_end() - header_size);
  put(bytes, 56, io::xxh64(checked), 8);
}

}  // namespace micgraph::testing::snapshot_layout
