#pragma once
// Strings the tests build: numbered ids ("n7", "stage-12") and lists joined with ';' as the
// writers join tags and sources.

#include <cstddef>
#include <string>
#include <string_view>

namespace micgraph::testing {

/// The prefix followed by the number, "n7". Built by append: GCC 12 at -O3 gives a false
/// -Wrestrict for "n" + std::to_string(i).
inline std::string numbered(std::string_view prefix, std::size_t i) {
  return std::string(prefix).append(std::to_string(i));
}

/// The items joined with ';' (as the GraphML and DOT writers join tags and sources).
template <class Strings>
std::string joined(const Strings& items) {
  std::string out;
  bool first = true;
  for (std::string_view item : items) {
    out.append(first ? "" : ";").append(item);
    first = false;
  }
  return out;
}

}  // namespace micgraph::testing
