#pragma once
/// \file detail/text.hpp
/// Small text helpers shared by messages.

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

}  // namespace micgraph::detail
