// Reading and writing a graph by path: the format follows from the path.

#include "micgraph/io/load.hpp"

#include "micgraph/error.hpp"
#include "micgraph/io/binary.hpp"
#include "micgraph/io/csv.hpp"
#include "micgraph/io/json.hpp"

namespace micgraph::io {

namespace {

bool is_csv_name(const std::filesystem::path& path) {
  return path.filename() == "nodes.csv" || path.filename() == "edges.csv";
}

std::filesystem::path csv_directory(const std::filesystem::path& path) {
  if (is_csv_name(path)) {
    std::filesystem::path parent = path.parent_path();
    return parent.empty() ? std::filesystem::path(".") : parent;
  }
  return path;
}

}  // namespace

std::string_view to_string(graph_format format) {
  switch (format) {
    case graph_format::json: return "json";
    case graph_format::csv: return "csv";
    case graph_format::binary: return "mgb";
  }
  return "?";
}

std::uintmax_t size_on_disk(const std::filesystem::path& path, graph_format format) {
  std::error_code ec;
  if (format != graph_format::csv) {
    std::uintmax_t bytes = std::filesystem::file_size(path, ec);
    return ec ? 0 : bytes;
  }
  std::filesystem::path directory =
      std::filesystem::is_directory(path, ec) ? path : path.parent_path();
  std::uintmax_t total = 0;
  for (const char* part : {"nodes.csv", "edges.csv", "graph.json"}) {
    std::uintmax_t bytes = std::filesystem::file_size(directory / part, ec);
    if (!ec) total += bytes;
  }
  return total;
}

graph_format format_of(const std::filesystem::path& path, bool for_writing) {
  if (path.extension() == ".json") return graph_format::json;
  if (path.extension() == ".mgb") return graph_format::binary;
  if (for_writing || is_csv_name(path)) return graph_format::csv;
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return graph_format::csv;
  if (!std::filesystem::exists(path, ec))
    throw parse_error({.file = path.string()}, "no such file or directory");
  throw parse_error({.file = path.string()},
                    "cannot tell the format: expected a .json file, a .mgb snapshot, a directory "
                    "with nodes.csv and edges.csv, or a path to nodes.csv/edges.csv");
}

graph load_graph(const std::filesystem::path& path, const file_options& options) {
  const graph_format format = format_of(path);
  if (options.progress) options.progress(0.0);
  if (format == graph_format::json) return read_json(path, options.progress);
  if (format == graph_format::binary) return read_binary(path, options.progress);
  std::filesystem::path directory = csv_directory(path);
  std::filesystem::path nodes = directory / "nodes.csv", edges = directory / "edges.csv";
  std::error_code ec;
  for (const auto& part : {nodes, edges})
    if (!std::filesystem::exists(part, ec))
      throw parse_error({.file = part.string()},
                        "no such file: a CSV graph is a directory holding nodes.csv and edges.csv");
  return read_csv(nodes, edges, options.progress);
}

void save_graph(const graph& g, const std::filesystem::path& path, const file_options& options) {
  const graph_format format = format_of(path, true);
  if (options.progress) options.progress(0.0);
  if (format == graph_format::json) {
    write_json(g, path, options.progress);
    return;
  }
  if (format == graph_format::binary)
    write_binary(g, path);
  else
    write_csv(g, csv_directory(path));
  if (options.progress) options.progress(1.0);
}

}  // namespace micgraph::io
