#pragma once
/// \file io/output.hpp
/// Output files written whole or not at all. Implemented in lib/io/output.cpp (micgraph::io).

#include <filesystem>
#include <fstream>
#include <iosfwd>
#include <string>
#include <string_view>

namespace micgraph::io {

/// A file written through a temporary beside it and renamed over it by commit(), so that an
/// error on the way (a destructor without commit) leaves no half-written file and the old one,
/// if any, as it was. The path `-` is stdout. Errors are parse_error naming the file and
/// `element` (e.g. the option that named it): `cannot write: REASON`.
class output_file {
 public:
  explicit output_file(std::filesystem::path path, std::string element = "output");
  output_file(const output_file&) = delete;
  output_file& operator=(const output_file&) = delete;
  ~output_file();

  std::ostream& stream();
  /// Flushes and moves the file into place; throws parse_error when that fails.
  void commit();

 private:
  [[noreturn]] void fail(const std::string& reason) const;
  std::filesystem::path path_;
  std::filesystem::path temporary_;
  std::string element_;
  std::ofstream file_;
  bool to_stdout_ = false;
  bool committed_ = false;
};

/// Writes `bytes` to `path` whole or not at all (see output_file).
void write_file(const std::filesystem::path& path, std::string_view bytes,
                const std::string& element = "output");

}  // namespace micgraph::io
