#pragma once
/// \file detail/text.hpp
/// Small text helpers shared by messages and readers.

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace micgraph::detail {

/// The items of a range joined by `separator` (each item convertible to std::string_view).
template <class Range>
std::string join(const Range& items, std::string_view separator = ", ") {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out.append(separator);
    out.append(std::string_view(item));
  }
  return out;
}

/// The position of the first byte that is not part of well-formed UTF-8 (RFC 3629: no overlong
/// forms, surrogates or code points past U+10FFFF), or npos when all of `text` is. O(size),
/// ASCII eight bytes at a time.
inline std::size_t invalid_utf8_at(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  std::size_t i = 0;
  while (i < size) {
    if (i + 8 <= size) {
      std::uint64_t word;
      std::memcpy(&word, bytes + i, 8);
      if ((word & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    const unsigned char lead = bytes[i];
    if (lead < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xbf;  // range of the second byte
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead == 0xe0) length = 3, low = 0xa0;
    else if (lead >= 0xe1 && lead <= 0xec) length = 3;
    else if (lead == 0xed) length = 3, high = 0x9f;
    else if (lead >= 0xee && lead <= 0xef) length = 3;
    else if (lead == 0xf0) length = 4, low = 0x90;
    else if (lead >= 0xf1 && lead <= 0xf3) length = 4;
    else if (lead == 0xf4) length = 4, high = 0x8f;
    else return i;
    if (i + length > size || bytes[i + 1] < low || bytes[i + 1] > high) return i;
    for (std::size_t k = 2; k < length; ++k)
      if (bytes[i + k] < 0x80 || bytes[i + k] > 0xbf) return i;
    i += length;
  }
  return std::string_view::npos;
}

}  // namespace micgraph::detail
