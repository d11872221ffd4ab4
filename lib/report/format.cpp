#include "micgraph/report/format.hpp"

#include <fmt/core.h>

#include <iterator>

#include "micgraph/io/load.hpp"

namespace micgraph {

std::string json_text(const nlohmann::ordered_json& document) {
  return document.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string percent(double fraction) { return fmt::format("{:.1f}%", 100.0 * fraction); }

std::string byte_size(std::uintmax_t bytes) {
  if (bytes < 1024) return fmt::format("{} byte{}", bytes, bytes == 1 ? "" : "s");
  static constexpr const char* units[] = {"KiB", "MiB", "GiB"};
  double size = static_cast<double>(bytes) / 1024.0;
  std::size_t unit = 0;
  while (size >= 1024.0 && unit + 1 < std::size(units)) size /= 1024.0, ++unit;
  return fmt::format("{:.1f} {}", size, units[unit]);
}

std::string wrote_line(std::string_view path, std::string_view format, std::uintmax_t bytes,
                       std::string_view summary, std::optional<double> seconds) {
  std::string line = fmt::format("wrote {} ({}, {})", path, format, byte_size(bytes));
  if (!summary.empty()) line += fmt::format(": {}", summary);
  if (seconds) line += fmt::format(" in {:.2f} s", *seconds);
  return line + "\n";
}

std::string wrote_graph_line(const std::filesystem::path& path, std::string_view summary,
                             std::optional<double> seconds) {
  const io::graph_format format = io::format_of(path, true);
  return wrote_line(path.string(), io::to_string(format), io::size_on_disk(path, format), summary,
                    seconds);
}

std::string node_label(const graph& g, node_index v) {
  node_view node = g.node(v);
  std::string out(node.id());
  out += " (" + std::string(to_string(node.kind()));
  if (!node.country().empty()) out += ", " + std::string(node.country());
  return out + ")";
}

std::string clip(std::string_view text, std::size_t width) {
  std::size_t end = 0;
  for (std::size_t characters = 0; end < text.size(); ++end) {
    // A character starts at every byte that is not a UTF-8 continuation byte (10xxxxxx).
    if ((static_cast<unsigned char>(text[end]) & 0xC0) != 0x80 && characters++ == width) break;
  }
  return std::string(text.substr(0, end));
}

std::string display_name(const graph& g, node_index v) {
  node_view node = g.node(v);
  return std::string(node.name().empty() ? node.id() : node.name());
}

nlohmann::ordered_json to_json(const parse_error& error) {
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

}  // namespace micgraph
