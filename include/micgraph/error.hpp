#pragma once
/// \file error.hpp
/// The one error hierarchy of micgraph: every failure the library reports derives from micgraph::error.

#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>

namespace micgraph {

/// Base of every exception micgraph throws.
class error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Where in an input a problem sits: a file, a line/column or an element such as `links[12]`, a field.
struct source_location {
  std::string file;        ///< path as given by the caller; empty for in-memory input
  std::size_t line = 0;    ///< 1-based; 0 when unknown
  std::size_t column = 0;  ///< 1-based; 0 when unknown
  std::string element;     ///< e.g. `nodes[3]`, `links[12]`, `edges.csv row 7`
  std::string field;       ///< e.g. `share`; empty when the whole element is at fault
};

/// Renders a location as `file:line:column: element.field` with the unknown parts left out.
inline std::string to_string(const source_location& where) {
  std::string out = where.file;
  if (where.line != 0) {
    out.append(out.empty() ? "line " : ":").append(std::to_string(where.line));
    if (where.column != 0) out.append(":").append(std::to_string(where.column));
  }
  std::string what = where.element;
  if (!where.field.empty()) what.append(what.empty() ? "" : ".").append(where.field);
  if (!what.empty()) out.append(out.empty() ? "" : ": ").append(what);
  return out;
}

/// Bad input data (malformed file, wrong type, unknown kind, out-of-range number, dangling id...).
/// what() is one line: `file:line:column: element.field: problem` (line breaks and other control
/// characters quoted from the input appear as escapes such as `\n`).
class parse_error : public error {
 public:
  parse_error(source_location where, std::string problem)
      : error(compose(where, problem)), where_(std::move(where)), problem_(std::move(problem)) {}

  const source_location& where() const noexcept { return where_; }
  const std::string& problem() const noexcept { return problem_; }

 private:
  static std::string compose(const source_location& where, const std::string& problem) {
    std::string place = to_string(where);
    return one_line(place.empty() ? problem : place + ": " + problem);
  }
  /// Line breaks and other control characters (quoted from the input) written as escapes.
  /// Kept out of line: it runs only when an error is thrown.
  [[gnu::noinline, gnu::cold]] static std::string one_line(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
      if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (static_cast<unsigned char>(c) < 0x20 && c != '\t') {
        static constexpr char digits[] = "0123456789abcdef";
        out.append("\\x").push_back(digits[(c >> 4) & 15]);
        out.push_back(digits[c & 15]);
      } else {
        out.push_back(c);
      }
    }
    return out;
  }
  source_location where_;
  std::string problem_;
};

/// A scenario that names unknown things or holds values out of range.
class scenario_error : public parse_error {
 public:
  using parse_error::parse_error;
};

}  // namespace micgraph
