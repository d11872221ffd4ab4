#pragma once
// The documented layout of the .mgb snapshot (include/micgraph/io/binary.hpp), read and patched
// byte by byte, for tests that craft damaged files: little-endian fields and resealing (from
// snapshot_bytes.hpp), and section table entries by section name.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <micgraph/io/binary.hpp>
#include <string>
#include <string_view>

#include "support/snapshot_bytes.hpp"

namespace micgraph::testing::snapshot_layout {

inline std::uint32_t section_number(std::string_view name) {
  auto names = io::binary_sections();
  auto found = std::find(names.begin(), names.end(), name);
  EXPECT_NE(found, names.end()) << name;
  return static_cast<std::uint32_t>(found - names.begin());
}
/// Byte offset of a section's entry in the section table.
inline std::size_t entry_at(std::string_view section) {
  return header_size + entry_size * section_number(section);
}
inline std::uint64_t section_offset(const std::string& bytes, std::string_view section) {
  return get64(bytes, entry_at(section) + 8);
}
inline std::uint64_t section_count(const std::string& bytes, std::string_view section) {
  return get64(bytes, entry_at(section) + 16);
}

}  // namespace micgraph::testing::snapshot_layout
