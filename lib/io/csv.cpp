// Spreadsheet form: nodes.csv + edges.csv with RFC 4180 quoting.

#include "micgraph/io/csv.hpp"

#include <fmt/core.h>
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "micgraph/builder.hpp"
#include "micgraph/detail/text.hpp"
#include "json_message.hpp"
#include "read_file.hpp"
#include "micgraph/error.hpp"

namespace micgraph::io {

namespace {

using ordered_json = nlohmann::ordered_json;

using detail::read_file;

/// A CSV file's text, which must be UTF-8 (as JSON is, so that every graph converts).
std::string read_utf8_file(const std::filesystem::path& path) {
  std::string text = read_file(path);
  std::size_t bad = detail::invalid_utf8_at(text);
  if (bad != std::string_view::npos) {
    std::size_t line = 1, line_start = 0;
    for (std::size_t i = 0; i < bad; ++i)
      if (text[i] == '\n') ++line, line_start = i + 1;
    throw parse_error({.file = path.string(), .line = line, .column = bad - line_start + 1},
                      fmt::format("invalid UTF-8 (byte 0x{:02X}): expected UTF-8 text (save the "
                                  "spreadsheet as \"CSV UTF-8\")",
                                  static_cast<unsigned char>(text[bad])));
  }
  return text;
}

const std::vector<std::string> node_columns = {"id",       "kind",     "name",         "country",
                                               "category", "tags",     "capacity",     "stock_months",
                                               "attrs"};
const std::vector<std::string> edge_columns = {
    "source", "target", "kind", "input", "share", "quality", "confidence", "view", "sources",
    "lead_time_months", "start_date", "end_date", "attrs"};

/// A CSV file's header resolved: which column holds each known field, and the unknown ones.
class table {
 public:
  table(std::string file, std::vector<csv_row> rows, const std::vector<std::string>& known,
        std::initializer_list<const char*> required)
      : file_(std::move(file)), rows_(std::move(rows)) {
    if (rows_.empty()) throw parse_error({.file = file_, .line = 1}, "empty file: expected a header row");
    const csv_row& header = rows_.front();
    column_of_.assign(known.size(), npos);
    for (std::size_t c = 0; c < header.fields.size(); ++c) {
      const std::string& name = header.fields[c];
      if (name.empty())
        throw parse_error({.file = file_, .line = header.line, .column = c + 1}, "empty column name in the header");
      for (std::size_t other = 0; other < c; ++other)
        if (header.fields[other] == name)
          throw parse_error({.file = file_, .line = header.line, .column = c + 1},
                            "duplicate column '" + name + "'");
      auto found = std::find(known.begin(), known.end(), name);
      if (found != known.end())
        column_of_[static_cast<std::size_t>(found - known.begin())] = c;
      else
        extra_.push_back(c);
    }
    for (const char* name : required)
      if (column(known, name) == npos)
        throw parse_error({.file = file_, .line = header.line},
                          std::string("missing required column '") + name + "'");
    for (std::size_t r = 1; r < rows_.size(); ++r) {
      const csv_row& row = rows_[r];
      if (row.fields.size() != header.fields.size())
        throw parse_error({.file = file_, .line = row.line},
                          "expected " + std::to_string(header.fields.size()) + " fields as in the header, got " +
                              std::to_string(row.fields.size()));
    }
  }
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  std::size_t column(const std::vector<std::string>& known, std::string_view name) const {
    auto found = std::find(known.begin(), known.end(), name);
    return found == known.end() ? npos : column_of_[static_cast<std::size_t>(found - known.begin())];
  }
  std::size_t size() const { return rows_.size() - 1; }
  const csv_row& row(std::size_t i) const { return rows_[i + 1]; }
  const std::string& header(std::size_t c) const { return rows_.front().fields[c]; }
  const std::vector<std::size_t>& extra_columns() const { return extra_; }
  const std::string& file() const { return file_; }

 private:
  std::string file_;
  std::vector<csv_row> rows_;
  std::vector<std::size_t> column_of_;
  std::vector<std::size_t> extra_;
};

/// Reads the fields of one row, each error naming file, line, column and field.
class row_reader {
 public:
  row_reader(const table& t, const std::vector<std::string>& known, std::size_t row)
      : table_(t), known_(known), row_(t.row(row)) {}

  /// The cell of a known column, or nullopt when the column is absent or the cell empty.
  std::optional<std::string_view> cell(std::string_view field) const {
    std::size_t c = table_.column(known_, field);
    if (c == table::npos || row_.fields[c].empty()) return std::nullopt;
    return std::string_view(row_.fields[c]);
  }
  std::string text(std::string_view field) const { return std::string(cell(field).value_or("")); }
  /// The cell without the spaces around it.
  static std::string_view trimmed(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
  }
  std::optional<double> number(std::string_view field) const {
    auto value = cell(field);
    if (!value) return std::nullopt;
    const std::string_view s = trimmed(*value);
    double out = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(out) || s.empty())
      fail(field, "expected a number, got '" + std::string(*value) + "'");
    return out;
  }
  /// An ISO 8601 date `YYYY-MM-DD`, or nullopt when the cell is empty.
  std::optional<day_number> date(std::string_view field) const {
    auto value = cell(field);
    if (!value) return std::nullopt;
    std::optional<day_number> day = parse_date(trimmed(*value));
    if (!day) fail(field, "expected an ISO 8601 date (YYYY-MM-DD), got '" + std::string(*value) + "'");
    return day;
  }
  std::vector<std::string> list(std::string_view field) const {
    std::vector<std::string> out;
    auto value = cell(field);
    if (!value) return out;
    std::string_view rest = *value;
    while (true) {
      std::size_t cut = rest.find(';');
      const std::string_view item = trimmed(rest.substr(0, cut));
      if (!item.empty()) out.emplace_back(item);
      if (cut == std::string_view::npos) break;
      rest.remove_prefix(cut + 1);
    }
    return out;
  }
  /// `attrs` as a JSON object, with unknown columns merged in as strings.
  std::string attrs() const {
    ordered_json object = ordered_json::object();
    if (auto value = cell("attrs")) {
      try {
        object = ordered_json::parse(*value);
      } catch (const nlohmann::json::exception& e) {
        fail("attrs", "expected a JSON object: " + detail::json_problem(e));
      }
      if (!object.is_object()) fail("attrs", std::string("expected a JSON object, got ") + object.type_name());
    }
    for (std::size_t c : table_.extra_columns()) {
      const std::string& value = row_.fields[c];
      if (value.empty()) continue;
      const std::string& key = table_.header(c);
      if (object.contains(key)) fail(key, "also given in the attrs column");
      object[key] = value;
    }
    return object.empty() ? std::string() : object.dump();
  }
  [[noreturn]] void fail(std::string_view field, std::string problem) const {
    std::size_t c = table_.column(known_, field);
    if (c == table::npos)
      for (std::size_t extra : table_.extra_columns())
        if (table_.header(extra) == field) c = extra;
    throw parse_error({.file = table_.file(), .line = row_.line, .column = c == table::npos ? 0 : c + 1,
                       .field = std::string(field)},
                      std::move(problem));
  }
  std::size_t line() const { return row_.line; }

 private:
  const table& table_;
  const std::vector<std::string>& known_;
  const csv_row& row_;
};

void append_field(std::string& out, std::string_view field, bool first) {
  if (!first) out.push_back(',');
  out += csv_escape(field);
}

template <class Strings>
std::string join_list(const Strings& items, const char* what) {
  std::string out;
  for (std::string_view item : items) {
    if (item.find(';') != std::string_view::npos)
      throw error(std::string("cannot write ") + what + " '" + std::string(item) +
                  "' to CSV: it contains ';', the list separator (write JSON instead)");
    if (!out.empty()) out.push_back(';');
    out += item;
  }
  return out;
}

std::string number_text(double value) { return fmt::format("{}", value); }

void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw error("cannot write " + path.string() + ": " + std::strerror(errno));
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out) throw error("cannot write " + path.string() + ": " + std::strerror(errno));
}

}  // namespace

std::vector<csv_row> parse_csv(std::string_view text, std::string_view name) {
  std::vector<csv_row> rows;
  std::size_t i = 0, line = 1, line_start = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  auto fail = [&](std::size_t at, std::string problem) {
    throw parse_error({.file = std::string(name), .line = line, .column = at - line_start + 1},
                      std::move(problem));
  };
  while (i < text.size()) {
    // Blank lines between records are skipped.
    if (text[i] == '\n' || text[i] == '\r') {
      if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      ++i;
      ++line;
      line_start = i;
      continue;
    }
    csv_row row{.line = line};
    std::string field;
    bool record_done = false;
    while (!record_done) {
      field.clear();
      if (i < text.size() && text[i] == '"') {
        std::size_t open = i++;
        bool closed = false;
        while (i < text.size()) {
          char c = text[i];
          if (c == '"') {
            if (i + 1 < text.size() && text[i + 1] == '"') {
              field.push_back('"');
              i += 2;
              continue;
            }
            closed = true;
            ++i;
            break;
          }
          if (c == '\0') fail(i, "binary data (a NUL byte) in a CSV file");
          if (c == '\n') ++line, line_start = i + 1;
          field.push_back(c);
          ++i;
        }
        if (!closed) {
          throw parse_error({.file = std::string(name), .line = row.line, .column = 0},
                            "unterminated quoted field (opened at byte " + std::to_string(open) + ")");
        }
        if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
          fail(i, "unexpected character after a closing quote: expected ',' or end of line");
      } else {
        while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          if (text[i] == '"') fail(i, "a quote inside an unquoted field: quote the whole field");
          if (text[i] == '\0') fail(i, "binary data (a NUL byte) in a CSV file");
          field.push_back(text[i++]);
        }
      }
      row.fields.push_back(field);
      if (i >= text.size()) {
        record_done = true;
      } else if (text[i] == ',') {
        ++i;
      } else {  // end of line
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
        ++i;
        ++line;
        line_start = i;
        record_done = true;
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string csv_escape(std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(field);
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

graph read_csv(const std::filesystem::path& nodes_csv, const std::filesystem::path& edges_csv,
               const std::function<void(double)>& progress) {
  // Progress by bytes of the two files: each file read and parsed, then its rows built.
  auto size_of = [](const std::filesystem::path& path) {  // 0 when unreadable: reading says why
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    return ec ? 0.0 : static_cast<double>(size);
  };
  const double nodes_bytes = size_of(nodes_csv);
  const double total_bytes = std::max(1.0, nodes_bytes + size_of(edges_csv));
  auto report = [&](double fraction) {
    if (progress) progress(std::min(1.0, fraction));
  };
  // Rows of one file, [from, to) of the whole: reported every 64k rows.
  auto report_rows = [&](std::size_t r, std::size_t rows, double from, double to) {
    if (progress && rows > 0 && (r & 0xffff) == 0)
      report(from + (to - from) * static_cast<double>(r) / static_cast<double>(rows));
  };
  const double nodes_share = 0.9 * nodes_bytes / total_bytes;
  graph_builder builder;
  {
    const std::string file = nodes_csv.string();
    table nodes(file, parse_csv(read_utf8_file(nodes_csv), file), node_columns, {"id", "kind"});
    builder.reserve(nodes.size(), 0);
    report(nodes_share * 0.5);
    node_fields fields;
    for (std::size_t r = 0; r < nodes.size(); ++r) {
      report_rows(r, nodes.size(), nodes_share * 0.5, nodes_share);
      row_reader row(nodes, node_columns, r);
      std::string kind = row.text("kind");
      auto parsed = parse_node_kind(kind);
      if (!parsed) row.fail("kind", "unknown node kind '" + kind + "'");
      fields.kind = *parsed;
      fields.name = row.text("name");
      fields.country = row.text("country");
      fields.category = row.text("category");
      fields.tags = row.list("tags");
      fields.capacity = row.number("capacity").value_or(1.0);
      fields.stock_months = row.number("stock_months").value_or(0.0);
      fields.attrs = row.attrs();
      try {
        builder.add_node(row.text("id"), fields);
      } catch (const build_error& e) {
        row.fail(e.where().field, e.problem());
      }
    }
  }
  const std::string file = edges_csv.string();
  std::string text = read_utf8_file(edges_csv);
  std::vector<csv_row> rows = parse_csv(text, file);
  if (rows.empty()) rows.push_back({.line = 1, .fields = edge_columns});  // no edges at all
  table edges(file, std::move(rows), edge_columns, {"source", "target", "kind"});
  const double edges_parsed = nodes_share + (0.9 - nodes_share) * 0.5;
  report(edges_parsed);
  edge_fields fields;
  for (std::size_t r = 0; r < edges.size(); ++r) {
    report_rows(r, edges.size(), edges_parsed, 0.9);
    row_reader row(edges, edge_columns, r);
    std::string kind = row.text("kind");
    auto parsed = parse_edge_kind(kind);
    if (!parsed) row.fail("kind", "unknown edge kind '" + kind + "'");
    fields.kind = *parsed;
    fields.input = row.text("input");
    fields.share = row.number("share").value_or(1.0);
    fields.quality = row.number("quality").value_or(1.0);
    fields.confidence = row.number("confidence").value_or(1.0);
    fields.view = row.text("view");
    fields.sources = row.list("sources");
    fields.lead_time_months = row.number("lead_time_months");
    fields.start_date = row.date("start_date");
    fields.end_date = row.date("end_date");
    fields.attrs = row.attrs();
    try {
      builder.add_edge(row.text("source"), row.text("target"), fields);
    } catch (const build_error& e) {
      row.fail(e.where().field, e.problem());
    }
  }
  std::filesystem::path metadata = nodes_csv.parent_path() / "graph.json";
  if (std::filesystem::exists(metadata)) {
    std::string meta_text = read_file(metadata);
    ordered_json object;
    try {
      object = ordered_json::parse(meta_text);
    } catch (const nlohmann::json::exception& e) {
      throw parse_error({.file = metadata.string()}, "malformed JSON: " + detail::json_problem(e));
    }
    if (!object.is_object()) throw parse_error({.file = metadata.string()}, "expected a JSON object");
    builder.set_metadata(object.empty() ? std::string() : object.dump());
  }
  try {
    report(0.9);
    graph g = builder.freeze();
    report(1.0);
    return g;
  } catch (const build_error& e) {
    // Unresolved endpoints: the builder numbers edges in row order.
    const csv_row& row = edges.row(e.index());
    throw parse_error({.file = file, .line = row.line, .field = e.where().field}, e.problem());
  }
}

void write_csv(const graph& g, const std::filesystem::path& directory) {
  std::error_code ec;
  std::filesystem::create_directories(directory, ec);
  if (ec) throw error("cannot create " + directory.string() + ": " + ec.message());
  std::string out;
  for (std::size_t c = 0; c < node_columns.size(); ++c) append_field(out, node_columns[c], c == 0);
  out.push_back('\n');
  for (node_index v : g.nodes()) {
    node_view node = g.node(v);
    append_field(out, node.id(), true);
    append_field(out, to_string(node.kind()), false);
    append_field(out, node.name(), false);
    append_field(out, node.country(), false);
    append_field(out, node.category(), false);
    append_field(out, join_list(node.tags(), "tag"), false);
    append_field(out, node.capacity() == 1.0 ? "" : number_text(node.capacity()), false);
    append_field(out, node.stock_months() == 0.0 ? "" : number_text(node.stock_months()), false);
    append_field(out, node.attrs(), false);
    out.push_back('\n');
  }
  write_text(directory / "nodes.csv", out);
  out.clear();
  for (std::size_t c = 0; c < edge_columns.size(); ++c) append_field(out, edge_columns[c], c == 0);
  out.push_back('\n');
  for (edge_index e : g.edges()) {
    edge_view edge = g.edge(e);
    append_field(out, g.node(edge.source()).id(), true);
    append_field(out, g.node(edge.target()).id(), false);
    append_field(out, to_string(edge.kind()), false);
    append_field(out, edge.input(), false);
    append_field(out, edge.share() == 1.0 ? "" : number_text(edge.share()), false);
    append_field(out, edge.quality() == 1.0 ? "" : number_text(edge.quality()), false);
    append_field(out, edge.confidence() == 1.0 ? "" : number_text(edge.confidence()), false);
    append_field(out, edge.view(), false);
    append_field(out, join_list(edge.sources(), "citation"), false);
    auto months = edge.lead_time_months();
    append_field(out, months ? number_text(*months) : "", false);
    auto start = edge.start_date(), end = edge.end_date();
    append_field(out, start ? format_date(*start) : "", false);
    append_field(out, end ? format_date(*end) : "", false);
    append_field(out, edge.attrs(), false);
    out.push_back('\n');
  }
  write_text(directory / "edges.csv", out);
  std::filesystem::path metadata = directory / "graph.json";
  if (!g.metadata().empty())
    write_text(metadata, std::string(g.metadata()) + "\n");
  else
    std::filesystem::remove(metadata, ec);
}

}  // namespace micgraph::io
