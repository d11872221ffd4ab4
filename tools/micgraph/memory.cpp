// Large graphs in a fresh process: glibc's allocator backed by transparent huge pages.
//
// A command on a large graph spends much of its time faulting in fresh memory: on a 1M-node
// snapshot (202 MiB) `micgraph impact` touches about 450 MB, 112,000 page faults of 4 KiB that
// cost more system time than the analysis costs user time (bench/README, "Whole commands").
// glibc 2.35 and later back the memory it maps with 2 MiB pages (madvise MADV_HUGEPAGE) when
// the tunable glibc.malloc.hugetlb=1 is set, but a tunable is read only when a process starts.
// So the program starts itself again, once, with the tunable set, and only when an argument
// names a file or CSV directory of 32 MiB or more: small inputs neither gain nor pay. The same
// restart keeps freed blocks of up to 32 MiB (glibc's largest mmap threshold) in the heap and
// the heap's top unreturned (glibc.malloc.mmap_threshold, glibc.malloc.trim_threshold), so one
// analysis stage reuses the pages the one before freed instead of faulting in fresh ones
// (less system time at the same peak memory; bench/README, "Whole commands").
// MICGRAPH_HUGE_PAGES=0 turns this off. Sanitizer builds bring their own allocator and skip it.

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>

#include "command.hpp"

// Whether this build starts itself again: glibc 2.35 or later on Linux, no sanitizer allocator.
#if defined(__linux__) && defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__) && \
    !defined(__SANITIZE_THREAD__)
#if __GLIBC_PREREQ(2, 35)
#define MICGRAPH_RESTART_ON_HUGE_PAGES 1
#endif
#endif

namespace micgraph::cli {

#ifdef MICGRAPH_RESTART_ON_HUGE_PAGES
namespace {

constexpr std::uintmax_t large_input_bytes = std::uintmax_t{32} << 20;

/// Whether `path` is a file, or a CSV directory, of at least large_input_bytes.
bool large_input(const char* path) {
  std::error_code ec;
  const std::filesystem::path p(path);
  if (std::filesystem::is_regular_file(p, ec)) {
    const std::uintmax_t bytes = std::filesystem::file_size(p, ec);
    return !ec && bytes >= large_input_bytes;
  }
  if (!std::filesystem::is_directory(p, ec)) return false;
  std::uintmax_t bytes = 0;
  for (const char* part : {"nodes.csv", "edges.csv"}) {
    const std::uintmax_t size = std::filesystem::file_size(p / part, ec);
    if (!ec) bytes += size;
  }
  return bytes >= large_input_bytes;
}

}  // namespace
#endif

void use_huge_pages_for_large_inputs(int argc, char** argv) {
#ifdef MICGRAPH_RESTART_ON_HUGE_PAGES
  if (const char* setting = std::getenv("MICGRAPH_HUGE_PAGES");
      setting != nullptr && std::string_view(setting) == "0")
    return;
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  if (tunables != nullptr && std::strstr(tunables, "glibc.malloc.hugetlb") != nullptr) return;
  bool large = false;
  for (int i = 1; i < argc && !large; ++i) large = argv[i][0] != '-' && large_input(argv[i]);
  if (!large) return;
  const std::string before = tunables != nullptr ? tunables : "";
  const std::string settings =
      "glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=33554432:"
      "glibc.malloc.trim_threshold=4294967295";
  const std::string value = before.empty() ? settings : before + ":" + settings;
  if (setenv("GLIBC_TUNABLES", value.c_str(), 1) != 0) return;
  execv("/proc/self/exe", argv);
  // Not started again (no /proc, say): go on as it is, the environment as it was.
  if (tunables != nullptr)
    setenv("GLIBC_TUNABLES", before.c_str(), 1);
  else
    unsetenv("GLIBC_TUNABLES");
#endif
  static_cast<void>(argc);
  static_cast<void>(argv);
}

}  // namespace micgraph::cli
