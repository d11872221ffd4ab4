#pragma once
/// \file io/load.hpp
/// Reading and writing a graph by path, the format picked from the path: a `.json` file is
/// node-link JSON; a `.mgb` file is the binary snapshot; a directory, or a path to its
/// `nodes.csv` or `edges.csv`, is the CSV pair.
/// Implemented in lib/io/load.cpp (micgraph::io).

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string_view>

#include "micgraph/graph.hpp"

namespace micgraph::io {

/// The on-disk forms of a graph.
enum class graph_format { json, csv, binary };

/// The format a path names, and for CSV the directory holding the pair. Throws parse_error
/// when the path names neither.
graph_format format_of(const std::filesystem::path& path, bool for_writing = false);

/// `json`, `csv` or `mgb`.
std::string_view to_string(graph_format format);

/// Bytes on disk of a graph file, or of a CSV directory's files; 0 when unknown.
std::uintmax_t size_on_disk(const std::filesystem::path& path, graph_format format);

/// Options of loading and saving.
struct file_options {
  /// Called with the fraction done (0 to 1, never decreasing, 1 last) as the file is read or
  /// written; may be empty.
  std::function<void(double)> progress;
};

/// Loads a graph from a `.json` file, a `.mgb` snapshot or a CSV directory / `nodes.csv` /
/// `edges.csv` path.
graph load_graph(const std::filesystem::path& path, const file_options& options = {});

/// Saves a graph as `.json`, as a `.mgb` snapshot or, for any other path, as a CSV directory
/// (progress in steps for JSON; at the start and the end for the others, which are quick).
void save_graph(const graph& g, const std::filesystem::path& path, const file_options& options = {});

}  // namespace micgraph::io
