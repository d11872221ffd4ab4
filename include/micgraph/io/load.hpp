#pragma once
/// \file io/load.hpp
/// Reading and writing a graph by path, the format picked from the path: a `.json` file is
/// node-link JSON; a `.mgb` file is the binary snapshot; a directory, or a path to its
/// `nodes.csv` or `edges.csv`, is the CSV pair.
/// Implemented in lib/io/load.cpp (micgraph::io).

#include <filesystem>

#include "micgraph/graph.hpp"

namespace micgraph::io {

/// The on-disk forms of a graph.
enum class graph_format { json, csv, binary };

/// The format a path names, and for CSV the directory holding the pair. Throws parse_error
/// when the path names neither.
graph_format format_of(const std::filesystem::path& path, bool for_writing = false);

/// Loads a graph from a `.json` file, a `.mgb` snapshot or a CSV directory / `nodes.csv` /
/// `edges.csv` path.
graph load_graph(const std::filesystem::path& path);

/// Saves a graph as `.json`, as a `.mgb` snapshot or, for any other path, as a CSV directory.
void save_graph(const graph& g, const std::filesystem::path& path);

}  // namespace micgraph::io
