#include "micgraph/io/output.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <system_error>

#include "micgraph/error.hpp"

namespace micgraph::io {

output_file::output_file(std::filesystem::path path, std::string element)
    : path_(std::move(path)), element_(std::move(element)), to_stdout_(path_ == "-") {
  if (to_stdout_) return;
  temporary_ = path_;
  temporary_ += ".partial-" + std::to_string(::getpid());
  errno = 0;
  file_.open(temporary_, std::ios::binary | std::ios::trunc);
  if (!file_) fail(errno != 0 ? std::strerror(errno) : "the stream failed");
}

output_file::~output_file() {
  if (committed_ || to_stdout_) return;
  file_.close();
  std::error_code ignored;
  std::filesystem::remove(temporary_, ignored);
}

std::ostream& output_file::stream() { return to_stdout_ ? std::cout : file_; }

void output_file::commit() {
  errno = 0;
  stream().flush();
  if (!stream()) fail(errno != 0 ? std::strerror(errno) : "the stream failed");
  if (to_stdout_) {
    committed_ = true;
    return;
  }
  file_.close();
  if (!file_) fail(errno != 0 ? std::strerror(errno) : "the stream failed");
  std::error_code ec;
  std::filesystem::rename(temporary_, path_, ec);
  if (ec) fail(ec.message());
  committed_ = true;
}

void output_file::fail(const std::string& reason) const {
  throw parse_error({.file = path_.string(), .element = element_}, "cannot write: " + reason);
}

void write_file(const std::filesystem::path& path, std::string_view bytes,
                const std::string& element) {
  output_file out(path, element);
  out.stream().write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.commit();
}

}  // namespace micgraph::io
