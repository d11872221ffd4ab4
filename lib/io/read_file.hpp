#pragma once
// A whole file as text, for the compiled readers of lib/io and lib/import (the public headers
// never read files).

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "micgraph/error.hpp"

namespace micgraph::detail {

/// The bytes of a file; a parse_error naming it when it cannot be opened.
inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw parse_error({.file = path.string()}, std::string("cannot open: ") + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  return std::move(text).str();
}

}  // namespace micgraph::detail
