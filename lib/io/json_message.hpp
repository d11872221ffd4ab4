#pragma once
// What nlohmann's exceptions say, for the compiled readers of lib/io and lib/import, without the
// library's internal codes ("[json.exception.parse_error.101]") or the position it states in its
// own terms: each reader names the file, line and column itself.

#include <nlohmann/json.hpp>
#include <string>

namespace micgraph::detail {

/// The problem an nlohmann exception describes, e.g. "syntax error while parsing value - invalid
/// literal; last read: '1x'" or "number too large for a double: '1e400'".
inline std::string json_problem(const nlohmann::detail::exception& e) {
  std::string message = e.what();
  if (message.starts_with("[json.exception.")) {
    if (auto end = message.find("] "); end != std::string::npos) message.erase(0, end + 2);
  }
  if (message.starts_with("parse error")) {  // "parse error at line 1, column 5: ..."
    if (auto colon = message.find(": "); colon != std::string::npos) message.erase(0, colon + 2);
  }
  static constexpr std::string_view overflow = "number overflow parsing ";
  if (e.id == 406 && message.starts_with(overflow))
    message = "number too large for a double: " + message.substr(overflow.size());
  return message;
}

}  // namespace micgraph::detail
