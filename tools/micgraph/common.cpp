#include <fmt/core.h>

#include "command.hpp"

namespace micgraph::cli {

void print_json(const nlohmann::ordered_json& document) {
  fmt::print("{}\n", document.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
}

nlohmann::ordered_json error_json(const parse_error& error) {
  nlohmann::ordered_json out;
  out["message"] = error.what();
  const source_location& where = error.where();
  if (!where.file.empty()) out["file"] = where.file;
  if (where.line != 0) out["line"] = where.line;
  if (where.column != 0) out["column"] = where.column;
  if (!where.element.empty()) out["element"] = where.element;
  if (!where.field.empty()) out["field"] = where.field;
  out["problem"] = error.problem();
  return out;
}

}  // namespace micgraph::cli
