// The binary snapshot `.mgb`: the frozen graph's arrays, checksummed, read back whole.

#include "micgraph/io/binary.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cassert>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <exception>
#include <functional>
#include <limits>
#include <memory>
#include <thread>
#include <nlohmann/json.hpp>
#include <type_traits>
#include <vector>

#include "micgraph/detail/text.hpp"
#include "micgraph/builder.hpp"
#include "micgraph/error.hpp"

namespace micgraph::io {

namespace {

static_assert(std::numeric_limits<double>::is_iec559, "the snapshot stores IEEE 754 doubles");
static_assert(sizeof(node_kind) == 1 && sizeof(edge_kind) == 1);
constexpr bool big_endian = std::endian::native == std::endian::big;

// ---- XXH64

constexpr std::uint64_t prime1 = 0x9E3779B185EBCA87ULL;
constexpr std::uint64_t prime2 = 0xC2B2AE3D27D4EB4FULL;
constexpr std::uint64_t prime3 = 0x165667B19E3779F9ULL;
constexpr std::uint64_t prime4 = 0x85EBCA77C2B2AE63ULL;
constexpr std::uint64_t prime5 = 0x27D4EB2F165667C5ULL;

std::uint64_t load64(const unsigned char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  if constexpr (big_endian) v = __builtin_bswap64(v);
  return v;
}
std::uint32_t load32(const unsigned char* p) {
  std::uint32_t v;
  std::memcpy(&v, p, 4);
  if constexpr (big_endian) v = __builtin_bswap32(v);
  return v;
}
std::uint64_t xxh_round(std::uint64_t acc, std::uint64_t input) {
  acc += input * prime2;
  acc = std::rotl(acc, 31);
  return acc * prime1;
}
std::uint64_t xxh_merge(std::uint64_t acc, std::uint64_t value) {
  acc ^= xxh_round(0, value);
  return acc * prime1 + prime4;
}

// ---- the sections of format version 3

enum section : std::uint32_t {
  ids_offsets, ids_chars, names_offsets, names_chars, node_attrs_offsets, node_attrs_chars,
  node_kinds, node_country_ids, node_category_ids, node_tag_offsets, node_tag_ids,
  node_capacities, node_stock_months,
  edge_sources, edge_kinds, edge_input_present, edge_input_ids, edge_share_present, edge_shares,
  edge_quality_present, edge_qualities, edge_confidence_present, edge_confidences,
  edge_view_present, edge_view_ids, edge_citation_present, edge_citation_offsets,
  edge_citation_ids, edge_lead_time_present, edge_lead_times,
  edge_start_date_present, edge_start_dates, edge_end_date_present, edge_end_dates,
  edge_attrs_present, edge_attrs_offsets, edge_attrs_chars,
  countries_offsets, countries_chars, categories_offsets, categories_chars,
  tags_offsets, tags_chars, views_offsets, views_chars, inputs_offsets, inputs_chars,
  citations_offsets, citations_chars, metadata_chars,
  forward_rowstart, forward_column, reverse_rowstart, reverse_column, in_edge_order,
  edge_slots, node_slot_offsets, slot_edge_offsets,
  node_component, component_offsets, component_cyclic,
  section_count
};

/// How a section's element count is tied to the node count n and edge count m.
enum class count_rule {
  nodes, nodes_plus_one, edges, edges_plus_one, at_least_one, any,
  edge_bitmap  ///< a bit per edge in 64-bit words, or none when no bit is set
};

struct section_spec {
  std::string_view name;
  std::uint32_t element_size;
  count_rule rule;
};

constexpr std::array<section_spec, section_count> specs = {{
    {"ids.offsets", 8, count_rule::nodes_plus_one},
    {"ids.chars", 1, count_rule::any},
    {"names.offsets", 8, count_rule::nodes_plus_one},
    {"names.chars", 1, count_rule::any},
    {"node_attrs.offsets", 8, count_rule::nodes_plus_one},
    {"node_attrs.chars", 1, count_rule::any},
    {"node.kinds", 1, count_rule::nodes},
    {"node.country_ids", 2, count_rule::nodes},
    {"node.category_ids", 4, count_rule::nodes},
    {"node.tag_offsets", 4, count_rule::nodes_plus_one},
    {"node.tag_ids", 4, count_rule::any},
    {"node.capacities", 8, count_rule::nodes},
    {"node.stock_months", 8, count_rule::nodes},
    {"edge.sources", 4, count_rule::edges},
    {"edge.kinds", 1, count_rule::edges},
    {"edge.input_ids.present", 8, count_rule::edge_bitmap},
    {"edge.input_ids", 4, count_rule::any},
    {"edge.shares.present", 8, count_rule::edge_bitmap},
    {"edge.shares", 8, count_rule::any},
    {"edge.qualities.present", 8, count_rule::edge_bitmap},
    {"edge.qualities", 8, count_rule::any},
    {"edge.confidences.present", 8, count_rule::edge_bitmap},
    {"edge.confidences", 8, count_rule::any},
    {"edge.view_ids.present", 8, count_rule::edge_bitmap},
    {"edge.view_ids", 2, count_rule::any},
    {"edge.citations.present", 8, count_rule::edge_bitmap},
    {"edge.citation_offsets", 4, count_rule::at_least_one},
    {"edge.citation_ids", 4, count_rule::any},
    {"edge.lead_times.present", 8, count_rule::edge_bitmap},
    {"edge.lead_times", 8, count_rule::any},
    {"edge.start_dates.present", 8, count_rule::edge_bitmap},
    {"edge.start_dates", 4, count_rule::any},
    {"edge.end_dates.present", 8, count_rule::edge_bitmap},
    {"edge.end_dates", 4, count_rule::any},
    {"edge_attrs.present", 8, count_rule::edge_bitmap},
    {"edge_attrs.offsets", 8, count_rule::at_least_one},
    {"edge_attrs.chars", 1, count_rule::any},
    {"countries.offsets", 8, count_rule::at_least_one},
    {"countries.chars", 1, count_rule::any},
    {"categories.offsets", 8, count_rule::at_least_one},
    {"categories.chars", 1, count_rule::any},
    {"tags.offsets", 8, count_rule::at_least_one},
    {"tags.chars", 1, count_rule::any},
    {"views.offsets", 8, count_rule::at_least_one},
    {"views.chars", 1, count_rule::any},
    {"inputs.offsets", 8, count_rule::at_least_one},
    {"inputs.chars", 1, count_rule::any},
    {"citations.offsets", 8, count_rule::at_least_one},
    {"citations.chars", 1, count_rule::any},
    {"metadata", 1, count_rule::any},
    {"forward.rowstart", 4, count_rule::nodes_plus_one},
    {"forward.column", 4, count_rule::edges},
    {"reverse.rowstart", 4, count_rule::nodes_plus_one},
    {"reverse.column", 4, count_rule::any},
    {"in_edge_order", 4, count_rule::any},
    {"edge_slots", 4, count_rule::edges},
    {"node_slot_offsets", 4, count_rule::nodes_plus_one},
    {"slot_edge_offsets", 4, count_rule::at_least_one},
    {"node_component", 4, count_rule::nodes},
    {"component_offsets", 4, count_rule::at_least_one},
    {"component_cyclic", 1, count_rule::any},
}};

const std::array<std::string_view, section_count> section_names = [] {
  std::array<std::string_view, section_count> out{};
  for (std::size_t i = 0; i < section_count; ++i) out[i] = specs[i].name;
  return out;
}();

constexpr std::size_t header_size = 64;
constexpr std::size_t entry_size = 32;
constexpr std::size_t table_end = header_size + entry_size * section_count;
constexpr std::uint64_t max_count = no_index - 2;  // graph_builder's limit on nodes and edges

constexpr std::uint64_t align8(std::uint64_t at) { return (at + 7) & ~std::uint64_t{7}; }

// Little-endian fields of the header and the table.
void put32(unsigned char* at, std::uint32_t v) {
  if constexpr (big_endian) v = __builtin_bswap32(v);
  std::memcpy(at, &v, 4);
}
void put64(unsigned char* at, std::uint64_t v) {
  if constexpr (big_endian) v = __builtin_bswap64(v);
  std::memcpy(at, &v, 8);
}

/// Swaps every element of an array between native and little-endian order (no-op on
/// little-endian machines).
void swap_elements(void* data, std::size_t element_size, std::size_t count) {
  if constexpr (big_endian) {
    auto* bytes = static_cast<unsigned char*>(data);
    for (std::size_t i = 0; i < count; ++i)
      std::reverse(bytes + i * element_size, bytes + (i + 1) * element_size);
  } else {
    (void)data, (void)element_size, (void)count;
  }
}

/// Where a snapshot's bytes come from: a file (read with pread) or memory.
class byte_source {
 public:
  virtual ~byte_source() = default;
  virtual std::uint64_t size() const = 0;
  /// Copies bytes [offset, offset + length) into `out`; the range lies within size().
  virtual void read(std::uint64_t offset, void* out, std::size_t length) const = 0;
};

class memory_source final : public byte_source {
 public:
  explicit memory_source(std::string_view bytes) : bytes_(bytes) {}
  std::uint64_t size() const override { return bytes_.size(); }
  void read(std::uint64_t offset, void* out, std::size_t length) const override {
    if (length != 0) std::memcpy(out, bytes_.data() + offset, length);
  }

 private:
  std::string_view bytes_;
};

class file_source final : public byte_source {
 public:
  explicit file_source(const std::filesystem::path& path) : name_(path.string()) {
    fd_ = ::open(name_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw parse_error({.file = name_}, std::string("cannot open: ") + std::strerror(errno));
    struct stat info {};
    if (::fstat(fd_, &info) != 0 || !S_ISREG(info.st_mode)) {
      ::close(fd_);
      throw parse_error({.file = name_}, "not a regular file");
    }
    size_ = static_cast<std::uint64_t>(info.st_size);
#ifdef POSIX_FADV_SEQUENTIAL
    ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
  }
  file_source(const file_source&) = delete;
  file_source& operator=(const file_source&) = delete;
  ~file_source() override { ::close(fd_); }
  std::uint64_t size() const override { return size_; }
  void read(std::uint64_t offset, void* out, std::size_t length) const override {
    auto* at = static_cast<char*>(out);
    while (length > 0) {
      ssize_t got = ::pread(fd_, at, std::min<std::size_t>(length, std::size_t{1} << 30),
                            static_cast<off_t>(offset));
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) throw parse_error({.file = name_}, std::string("cannot read: ") + std::strerror(errno));
      if (got == 0) throw parse_error({.file = name_}, "truncated while reading (the file shrank)");
      at += got;
      offset += static_cast<std::uint64_t>(got);
      length -= static_cast<std::size_t>(got);
    }
  }

 private:
  std::string name_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
};

/// Where snapshot bytes go: memory or a file.
class byte_sink {
 public:
  virtual ~byte_sink() = default;
  virtual void write(const void* data, std::size_t length) = 0;
};

class string_sink final : public byte_sink {
 public:
  explicit string_sink(std::string& out) : out_(out) {}
  void write(const void* data, std::size_t length) override {
    out_.append(static_cast<const char*>(data), length);
  }

 private:
  std::string& out_;
};

class file_sink final : public byte_sink {
 public:
  file_sink(int fd, std::string name) : fd_(fd), name_(std::move(name)) {}
  void write(const void* data, std::size_t length) override {
    const auto* at = static_cast<const char*>(data);
    while (length > 0) {
      ssize_t put = ::write(fd_, at, std::min<std::size_t>(length, std::size_t{1} << 30));
      if (put < 0 && errno == EINTR) continue;
      if (put <= 0) throw error("cannot write " + name_ + ": " + std::strerror(errno));
      at += put;
      length -= static_cast<std::size_t>(put);
    }
  }

 private:
  int fd_;
  std::string name_;
};

}  // namespace

std::uint64_t xxh64(std::string_view bytes, std::uint64_t seed) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const unsigned char* const end = p + bytes.size();
  std::uint64_t h;
  if (bytes.size() >= 32) {
    std::uint64_t v1 = seed + prime1 + prime2, v2 = seed + prime2, v3 = seed, v4 = seed - prime1;
    const unsigned char* const limit = end - 32;
    do {
      v1 = xxh_round(v1, load64(p));
      v2 = xxh_round(v2, load64(p + 8));
      v3 = xxh_round(v3, load64(p + 16));
      v4 = xxh_round(v4, load64(p + 24));
      p += 32;
    } while (p <= limit);
    h = std::rotl(v1, 1) + std::rotl(v2, 7) + std::rotl(v3, 12) + std::rotl(v4, 18);
    h = xxh_merge(h, v1);
    h = xxh_merge(h, v2);
    h = xxh_merge(h, v3);
    h = xxh_merge(h, v4);
  } else {
    h = seed + prime5;
  }
  h += static_cast<std::uint64_t>(bytes.size());
  // Remaining lengths, not `p + 8 <= end`: p may be null (an empty array) or near the end.
  for (; end - p >= 8; p += 8) {
    h ^= xxh_round(0, load64(p));
    h = std::rotl(h, 27) * prime1 + prime4;
  }
  if (end - p >= 4) {
    h ^= static_cast<std::uint64_t>(load32(p)) * prime1;
    h = std::rotl(h, 23) * prime2 + prime3;
    p += 4;
  }
  for (; p < end; ++p) {
    h ^= static_cast<std::uint64_t>(*p) * prime5;
    h = std::rotl(h, 11) * prime1;
  }
  h ^= h >> 33;
  h *= prime2;
  h ^= h >> 29;
  h *= prime3;
  h ^= h >> 32;
  return h;
}

std::span<const std::string_view> binary_sections() { return section_names; }

}  // namespace micgraph::io

namespace micgraph::detail {

/// Reads and writes the private arrays of a graph (a friend of graph and the string tables).
class binary_snapshot {
 public:
  static void write(const graph& g, io::byte_sink& sink);
  static graph read(const io::byte_source& source, const std::string& name,
                    const std::function<void(double)>& progress = {});

 private:
  struct array_ref {
    const void* data;
    std::uint64_t count;
  };
  /// A vocabulary flattened into offsets and characters.
  struct flat_strings {
    std::vector<std::uint64_t> offsets{0};
    std::string chars;
  };
  static flat_strings flatten(const interner& vocabulary);
  class reader;
};

binary_snapshot::flat_strings binary_snapshot::flatten(const interner& vocabulary) {
  flat_strings out;
  for (const std::string& word : vocabulary.strings()) {
    out.chars += word;
    out.offsets.push_back(out.chars.size());
  }
  return out;
}

void binary_snapshot::write(const graph& g, io::byte_sink& sink) {
  using namespace micgraph::io;
  std::array<flat_strings, 6> vocabularies = {flatten(g.countries_), flatten(g.categories_),
                                              flatten(g.tags_),      flatten(g.views_),
                                              flatten(g.inputs_),    flatten(g.citations_)};
  auto vector = [](const auto& v) { return array_ref{v.data(), v.size()}; };
  std::array<array_ref, section_count> arrays{};
  auto put_table = [&](std::uint32_t first, const string_table& t) {
    arrays[first] = vector(t.offsets_);
    arrays[first + 1] = {t.chars_.data(), t.chars_.size()};
  };
  put_table(ids_offsets, g.ids_);
  put_table(names_offsets, g.names_);
  put_table(node_attrs_offsets, g.node_attrs_);
  arrays[node_kinds] = vector(g.kinds_);
  arrays[node_country_ids] = vector(g.country_ids_);
  arrays[node_category_ids] = vector(g.category_ids_);
  arrays[node_tag_offsets] = vector(g.tag_offsets_);
  arrays[node_tag_ids] = vector(g.tag_ids_);
  arrays[node_capacities] = vector(g.capacities_);
  arrays[node_stock_months] = vector(g.stock_months_);
  arrays[edge_sources] = vector(g.edge_sources_);
  arrays[edge_kinds] = vector(g.edge_kinds_);
  auto column = [&](std::uint32_t present, const auto& c) {
    arrays[present] = vector(c.present().words());
    arrays[present + 1] = vector(c.values());
  };
  column(edge_input_present, g.input_ids_);
  column(edge_share_present, g.shares_);
  column(edge_quality_present, g.qualities_);
  column(edge_confidence_present, g.confidences_);
  column(edge_view_present, g.view_ids_);
  column(edge_lead_time_present, g.lead_times_);
  column(edge_start_date_present, g.start_dates_);
  column(edge_end_date_present, g.end_dates_);
  arrays[edge_citation_present] = vector(g.citation_lists_.present().words());
  arrays[edge_citation_offsets] = vector(g.citation_lists_.offsets());
  arrays[edge_citation_ids] = vector(g.citation_lists_.items());
  arrays[edge_attrs_present] = vector(g.edge_attrs_.present().words());
  put_table(edge_attrs_offsets, g.edge_attrs_.stored());
  for (std::size_t i = 0; i < vocabularies.size(); ++i) {
    arrays[countries_offsets + 2 * i] = vector(vocabularies[i].offsets);
    arrays[countries_chars + 2 * i] = {vocabularies[i].chars.data(), vocabularies[i].chars.size()};
  }
  arrays[metadata_chars] = {g.metadata_.data(), g.metadata_.size()};
  arrays[forward_rowstart] = vector(g.forward_.m_forward.m_rowstart);
  arrays[forward_column] = vector(g.forward_.m_forward.m_column);
  arrays[reverse_rowstart] = vector(g.reverse_.m_forward.m_rowstart);
  arrays[reverse_column] = vector(g.reverse_.m_forward.m_column);
  arrays[in_edge_order] = vector(g.in_edge_order_);
  arrays[edge_slots] = vector(g.edge_slots_);
  arrays[node_slot_offsets] = vector(g.node_slot_offsets_);
  arrays[slot_edge_offsets] = vector(g.slot_edge_offsets_);
  arrays[node_component] = vector(g.node_component_);
  arrays[component_offsets] = vector(g.component_offsets_);
  arrays[component_cyclic] = vector(g.component_cyclic_);

  // Little-endian copies, on big-endian machines only.
  std::vector<std::string> swapped;
  if constexpr (big_endian) {
    swapped.reserve(section_count);
    for (std::size_t i = 0; i < section_count; ++i) {
      if (specs[i].element_size == 1) continue;
      std::string& copy = swapped.emplace_back(
          static_cast<const char*>(arrays[i].data), arrays[i].count * specs[i].element_size);
      swap_elements(copy.data(), specs[i].element_size, arrays[i].count);
      arrays[i].data = copy.data();
    }
  }

  std::vector<unsigned char> head(table_end, 0);
  std::uint64_t at = table_end;
  for (std::uint32_t i = 0; i < section_count; ++i) {
    at = align8(at);
    const std::uint64_t bytes = arrays[i].count * specs[i].element_size;
    unsigned char* entry = head.data() + header_size + entry_size * i;
    put32(entry, i);
    put32(entry + 4, specs[i].element_size);
    put64(entry + 8, at);
    put64(entry + 16, arrays[i].count);
    put64(entry + 24, xxh64(std::string_view(static_cast<const char*>(arrays[i].data), bytes)));
    at += bytes;
  }
  const std::uint64_t file_size = align8(at);
  std::memcpy(head.data(), binary_magic.data(), binary_magic.size());
  put32(head.data() + 8, binary_format_version);
  put32(head.data() + 12, section_count);
  put64(head.data() + 16, file_size);
  put64(head.data() + 24, g.node_count());
  put64(head.data() + 32, g.edge_count());
  std::string checked(reinterpret_cast<const char*>(head.data()), 56);
  checked.append(reinterpret_cast<const char*>(head.data()) + header_size, table_end - header_size);
  put64(head.data() + 56, xxh64(checked));

  sink.write(head.data(), head.size());
  static constexpr char zeros[8] = {};
  std::uint64_t written = table_end;
  for (std::uint32_t i = 0; i < section_count; ++i) {
    sink.write(zeros, align8(written) - written);
    written = align8(written);
    const std::uint64_t bytes = arrays[i].count * specs[i].element_size;
    sink.write(arrays[i].data, bytes);
    written += bytes;
  }
  sink.write(zeros, file_size - written);
}

/// One read of a snapshot: header, table, arrays, then the structural checks.
class binary_snapshot::reader {
 public:
  reader(const io::byte_source& source, const std::string& name,
         const std::function<void(double)>& progress)
      : source_(source), name_(name), progress_(progress) {}

  /// Progress: the arrays read up to 0.8 by bytes, then the checks and the id index.
  graph read() {
    read_header();
    read_table();
    read_arrays();
    report(0.8);
    check_strings();
    check_nodes();
    check_edges();
    report(0.9);
    // The id index and the topology checks read disjoint arrays: on a large graph the index is
    // built on a second thread while this one checks. A topology problem is reported first, as
    // when the two run one after the other.
    if (nodes_ >= parallel_index_nodes && std::thread::hardware_concurrency() > 1) {
      std::exception_ptr index_problem;
      std::thread indexer([&] {
        try {
          rebuild_id_index();
        } catch (...) {
          index_problem = std::current_exception();
        }
      });
      try {
        check_topology();
      } catch (...) {
        indexer.join();
        throw;
      }
      indexer.join();
      if (index_problem) std::rethrow_exception(index_problem);
    } else {
      check_topology();
      rebuild_id_index();
    }
    report(1.0);
    return std::move(g_);
  }

 private:
  struct entry {
    std::uint64_t offset = 0, count = 0, checksum = 0;
  };
  /// Nodes from which the id index is built on its own thread.
  static constexpr std::size_t parallel_index_nodes = std::size_t{1} << 16;
  /// Positions ahead at which the walks in the order of the in-edges prefetch the edge arrays
  /// they read at random.
  static constexpr std::size_t prefetch_distance = 16;

  [[noreturn]] void fail(std::string element, std::string problem, std::string field = {}) const {
    throw parse_error({.file = name_, .element = std::move(element), .field = std::move(field)},
                      std::move(problem));
  }
  [[noreturn]] void fail_in(std::uint32_t s, std::string problem) const {
    fail(std::string("section ").append(io::specs[s].name), std::move(problem));
  }
  static std::string hex(std::uint64_t v) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out = "0x";
    for (int shift = 60; shift >= 0; shift -= 4) out.push_back(digits[(v >> shift) & 15]);
    return out;
  }
  static std::string text(std::uint64_t v) { return std::to_string(v); }

  void read_header() {
    const std::uint64_t size = source_.size();
    unsigned char head[io::header_size] = {};
    const std::size_t have = static_cast<std::size_t>(std::min<std::uint64_t>(size, io::header_size));
    source_.read(0, head, have);
    const std::size_t magic_have = std::min<std::size_t>(have, io::binary_magic.size());
    if (std::memcmp(head, io::binary_magic.data(), magic_have) != 0)
      fail("header", "not a micgraph binary snapshot (the file does not start with the .mgb magic bytes)",
           "magic");
    if (size < io::header_size)
      fail("header", std::string("truncated: the file has ").append(text(size)).append(
                         " bytes, a snapshot header needs 64"));
    version_ = io::load32(head + 8);
    if (version_ != io::binary_format_version)
      fail("header",
           std::string("format version ").append(text(version_)).append(
               ", this build reads version ").append(text(io::binary_format_version)).append(
               ": convert the file with the micgraph that wrote it"),
           "version");
    const std::uint32_t sections = io::load32(head + 12);
    if (sections != io::section_count)
      fail("header",
           std::string("expected ").append(text(io::section_count)).append(
               " sections in format version ").append(text(io::binary_format_version)).append(
               ", got ").append(text(sections)),
           "sections");
    if (size < io::table_end)
      fail("header", std::string("truncated: the file has ").append(text(size)).append(
                         " bytes, the header and section table need ").append(text(io::table_end)));
    std::memcpy(head_.data(), head, io::header_size);
    source_.read(io::header_size, head_.data() + io::header_size, io::table_end - io::header_size);
    std::string checked(reinterpret_cast<const char*>(head_.data()), 56);
    checked.append(reinterpret_cast<const char*>(head_.data()) + io::header_size,
                   io::table_end - io::header_size);
    const std::uint64_t stored = io::load64(head + 56), computed = io::xxh64(checked);
    if (stored != computed)
      fail("header", std::string("header checksum mismatch (stored ").append(hex(stored)).append(
                         ", computed ").append(hex(computed)).append("): the file is corrupt"),
           "checksum");
    const std::uint64_t file_size = io::load64(head + 16);
    if (file_size != size)
      fail("header", file_size > size
                         ? std::string("truncated: the header gives ").append(text(file_size)).append(
                               " bytes, the file has ").append(text(size))
                         : std::string("the header gives ").append(text(file_size)).append(
                               " bytes, the file has ").append(text(size)).append(
                               " (trailing bytes)"),
           "file_size");
    nodes_ = io::load64(head + 24);
    edges_ = io::load64(head + 32);
    if (nodes_ > io::max_count)
      fail("header", std::string("too many nodes: ").append(text(nodes_)), "node_count");
    if (edges_ > io::max_count)
      fail("header", std::string("too many edges: ").append(text(edges_)), "edge_count");
    if (io::load64(head + 40) != 0 || io::load64(head + 48) != 0)
      fail("header", "reserved bytes 40..55 are not zero", "reserved");
  }

  void read_table() {
    std::uint64_t at = io::table_end;
    for (std::uint32_t s = 0; s < io::section_count; ++s) {
      const unsigned char* raw = head_.data() + io::header_size + io::entry_size * s;
      const io::section_spec& spec = io::specs[s];
      if (io::load32(raw) != s)
        fail_in(s, std::string("table entry ").append(text(s)).append(" names section ")
                       .append(text(io::load32(raw))));
      if (io::load32(raw + 4) != spec.element_size)
        fail_in(s, std::string("element size ").append(text(io::load32(raw + 4))).append(
                       ", expected ").append(text(spec.element_size)));
      entry& e = entries_[s];
      e.offset = io::load64(raw + 8);
      e.count = io::load64(raw + 16);
      e.checksum = io::load64(raw + 24);
      at = io::align8(at);
      if (e.offset != at)
        fail_in(s, std::string("starts at byte ").append(text(e.offset)).append(", expected ")
                       .append(text(at)));
      if (at > source_.size())
        fail_in(s, std::string("truncated: the section would start at byte ").append(text(at))
                       .append(", past the end of the file (").append(text(source_.size()))
                       .append(" bytes)"));
      const std::uint64_t room = source_.size() - at;
      if (e.count > room / spec.element_size)
        fail_in(s, std::string("truncated: ").append(text(e.count)).append(" elements of ")
                       .append(text(spec.element_size)).append(" bytes at byte ").append(text(at))
                       .append(" extend past the end of the file (").append(text(source_.size()))
                       .append(" bytes)"));
      at += e.count * spec.element_size;
      std::uint64_t expected = 0;
      const char* what = nullptr;
      switch (spec.rule) {
        case io::count_rule::nodes: expected = nodes_, what = "n"; break;
        case io::count_rule::nodes_plus_one: expected = nodes_ + 1, what = "n + 1"; break;
        case io::count_rule::edges: expected = edges_, what = "m"; break;
        case io::count_rule::edges_plus_one: expected = edges_ + 1, what = "m + 1"; break;
        case io::count_rule::at_least_one:
          if (e.count == 0) fail_in(s, "expected at least one element, got none");
          break;
        case io::count_rule::any: break;
        case io::count_rule::edge_bitmap:
          if (e.count != 0 && e.count != (edges_ + 63) / 64)
            fail_in(s, std::string("expected 0 or ceil(m / 64) = ").append(text((edges_ + 63) / 64))
                           .append(" words, got ").append(text(e.count)));
          break;
      }
      if (what != nullptr && e.count != expected)
        fail_in(s, std::string("expected ").append(what).append(" = ").append(text(expected))
                       .append(" elements, got ").append(text(e.count)));
    }
    if (io::align8(at) != source_.size())
      fail("header", std::string("the sections end at byte ").append(text(io::align8(at)))
                         .append(", the file has ").append(text(source_.size())).append(" bytes"),
           "file_size");
    // Counts tied to each other rather than to n and m.
    if (entries_[io::reverse_column].count > edges_)
      fail_in(io::reverse_column, "holds more edges than the graph has");
    if (entries_[io::in_edge_order].count != entries_[io::reverse_column].count)
      fail_in(io::in_edge_order, std::string("expected as many elements as reverse.column (")
                                     .append(text(entries_[io::reverse_column].count))
                                     .append("), got ").append(text(entries_[io::in_edge_order].count)));
    if (entries_[io::component_cyclic].count + 1 != entries_[io::component_offsets].count)
      fail_in(io::component_cyclic,
              std::string("expected one flag per component (component_offsets holds ")
                  .append(text(entries_[io::component_offsets].count)).append(" offsets)"));
  }

  // ---- reading the sections
  //
  // Each section is a job: size its destination, read it, check the padding before it and its
  // checksum. The jobs of a large snapshot run on two threads (first touches of fresh memory
  // and copies from the page cache are most of a load's cost), then the steps run in file
  // order: a job's problem is reported, or the parts read so far are assembled into a sparse
  // column. So the first problem in file order is the one reported, as when the sections are
  // read one by one.
  struct job {
    std::uint32_t section = 0;
    std::function<void*()> destination;  // sizes the destination, returns where the bytes go
    std::exception_ptr problem;
  };
  struct step {
    std::size_t job = no_job;        // the job whose problem to report, or
    std::function<void()> assemble;  // a step that assembles what earlier jobs read
  };
  static constexpr std::size_t no_job = std::numeric_limits<std::size_t>::max();
  /// Snapshots from this size are read on two threads.
  static constexpr std::uint64_t parallel_read_bytes = std::uint64_t{16} << 20;

  void add_job(std::uint32_t s, std::function<void*()> destination) {
    steps_.push_back({.job = jobs_.size()});
    jobs_.push_back({.section = s, .destination = std::move(destination)});
  }
  void add_step(std::function<void()> assemble) {
    steps_.push_back({.assemble = std::move(assemble)});
  }

  /// Runs job j: sizes its destination, checks the padding before the section, reads it and
  /// checks its checksum.
  void run_job(const job& j) const {
    const std::uint32_t s = j.section;
    const entry& e = entries_[s];
    const std::uint64_t bytes = e.count * io::specs[s].element_size;
    const std::uint64_t padding_from =
        s == 0 ? io::table_end
               : entries_[s - 1].offset + entries_[s - 1].count * io::specs[s - 1].element_size;
    if (e.offset > padding_from) {
      unsigned char padding[8] = {};
      source_.read(padding_from, padding, static_cast<std::size_t>(e.offset - padding_from));
      for (std::uint64_t i = 0; i < e.offset - padding_from; ++i)
        if (padding[i] != 0) fail_in(s, "non-zero padding before the section");
    }
    void* data = j.destination();
    source_.read(e.offset, data, static_cast<std::size_t>(bytes));
    const std::uint64_t computed =
        io::xxh64(std::string_view(static_cast<const char*>(data), static_cast<std::size_t>(bytes)));
    if (computed != e.checksum)
      fail_in(s, std::string("checksum mismatch (stored ").append(hex(e.checksum)).append(
                     ", computed ").append(hex(computed)).append("): the file is corrupt"));
    io::swap_elements(data, io::specs[s].element_size, static_cast<std::size_t>(e.count));
  }

  /// Runs every job (on two threads for a large snapshot), then every step in order.
  void run_steps() {
    std::atomic<std::size_t> next{0};
    std::atomic<std::uint64_t> done{0};
    const double size = static_cast<double>(std::max<std::uint64_t>(source_.size(), 1));
    // Progress is reported from the calling thread only, by the bytes read on both.
    auto work = [&](bool reporting) {
      for (std::size_t j = next++; j < jobs_.size(); j = next++) {
        try {
          run_job(jobs_[j]);
        } catch (...) {
          jobs_[j].problem = std::current_exception();
        }
        const entry& e = entries_[jobs_[j].section];
        const std::uint64_t read = done += e.count * io::specs[jobs_[j].section].element_size;
        // 0.8 * (a / b), not (0.8 * a) / b: at the end of the file exactly 0.8, never above it.
        if (reporting) report(0.8 * (static_cast<double>(read) / size));
      }
    };
    if (source_.size() >= parallel_read_bytes && std::thread::hardware_concurrency() > 1) {
      std::thread reader([&] { work(false); });
      work(true);
      reader.join();
    } else {
      work(true);
    }
    for (step& st : steps_) {
      if (st.job != no_job) {
        if (jobs_[st.job].problem) std::rethrow_exception(jobs_[st.job].problem);
      } else {
        st.assemble();
      }
    }
    jobs_.clear();
    steps_.clear();
  }

  template <class T>
  void read_vector(std::uint32_t s, std::vector<T>& out) {
    static_assert(std::is_trivially_copyable_v<T>);
    const auto count = static_cast<std::size_t>(entries_[s].count);
    add_job(s, [&out, count] {
      out.resize(count);
      return static_cast<void*>(out.data());
    });
  }
  void read_chars(std::uint32_t s, std::string& out) {
    const auto count = static_cast<std::size_t>(entries_[s].count);
    add_job(s, [&out, count] {
      out.resize(count);
      return static_cast<void*>(out.data());
    });
  }
  /// A bitmap of one bit per edge (section s), handed to `use` once assembled.
  void read_bitmap(std::uint32_t s, std::function<void(rank_bitmap)> use) {
    auto words = std::make_shared<std::vector<std::uint64_t>>();
    read_vector(s, *words);
    add_step([this, s, words, use = std::move(use)] {
      rank_bitmap bits;
      try {
        bits = rank_bitmap::from_words(static_cast<std::size_t>(edges_), std::move(*words));
      } catch (const std::invalid_argument& e) {
        fail_in(s, e.what());
      }
      use(std::move(bits));
    });
  }
  /// A sparse edge column: its bitmap (section s) and its values (section s + 1).
  template <class T>
  void read_column(std::uint32_t s, sparse_column<T>& out) {
    auto present = std::make_shared<rank_bitmap>();
    read_bitmap(s, [present](rank_bitmap bits) { *present = std::move(bits); });
    auto values = std::make_shared<std::vector<T>>();
    read_vector(s + 1, *values);
    add_step([this, s, &out, present, values] {
      try {
        out = sparse_column<T>::from_parts(out.fallback(), std::move(*present), std::move(*values));
      } catch (const std::invalid_argument& e) {
        fail_in(s + 1, e.what());
      }
    });
  }

  void read_arrays() {
    read_vector(io::ids_offsets, g_.ids_.offsets_);
    read_chars(io::ids_chars, g_.ids_.chars_);
    read_vector(io::names_offsets, g_.names_.offsets_);
    read_chars(io::names_chars, g_.names_.chars_);
    read_vector(io::node_attrs_offsets, g_.node_attrs_.offsets_);
    read_chars(io::node_attrs_chars, g_.node_attrs_.chars_);
    read_vector(io::node_kinds, g_.kinds_);
    read_vector(io::node_country_ids, g_.country_ids_);
    read_vector(io::node_category_ids, g_.category_ids_);
    read_vector(io::node_tag_offsets, g_.tag_offsets_);
    read_vector(io::node_tag_ids, g_.tag_ids_);
    read_vector(io::node_capacities, g_.capacities_);
    read_vector(io::node_stock_months, g_.stock_months_);
    read_vector(io::edge_sources, g_.edge_sources_);
    read_vector(io::edge_kinds, g_.edge_kinds_);
    read_column(io::edge_input_present, g_.input_ids_);
    read_column(io::edge_share_present, g_.shares_);
    read_column(io::edge_quality_present, g_.qualities_);
    read_column(io::edge_confidence_present, g_.confidences_);
    read_column(io::edge_view_present, g_.view_ids_);
    {
      auto present = std::make_shared<rank_bitmap>();
      read_bitmap(io::edge_citation_present, [present](rank_bitmap bits) { *present = std::move(bits); });
      auto offsets = std::make_shared<std::vector<std::uint32_t>>();
      auto ids = std::make_shared<std::vector<std::uint32_t>>();
      read_vector(io::edge_citation_offsets, *offsets);
      read_vector(io::edge_citation_ids, *ids);
      add_step([this, present, offsets, ids] {
        try {
          g_.citation_lists_ =
              sparse_lists::from_parts(std::move(*present), std::move(*offsets), std::move(*ids));
        } catch (const std::invalid_argument& e) {
          fail_in(io::edge_citation_offsets, e.what());
        }
      });
    }
    read_column(io::edge_lead_time_present, g_.lead_times_);
    read_column(io::edge_start_date_present, g_.start_dates_);
    read_column(io::edge_end_date_present, g_.end_dates_);
    read_bitmap(io::edge_attrs_present, [this](rank_bitmap bits) { edge_attrs_present_ = std::move(bits); });
    read_vector(io::edge_attrs_offsets, edge_attrs_.offsets_);
    read_chars(io::edge_attrs_chars, edge_attrs_.chars_);
    for (std::uint32_t i = 0; i < vocabularies_.size(); ++i) {
      read_vector(io::countries_offsets + 2 * i, vocabularies_[i].offsets);
      read_chars(io::countries_chars + 2 * i, vocabularies_[i].chars);
    }
    read_chars(io::metadata_chars, g_.metadata_);
    read_vector(io::forward_rowstart, g_.forward_.m_forward.m_rowstart);
    read_vector(io::forward_column, g_.forward_.m_forward.m_column);
    read_vector(io::reverse_rowstart, g_.reverse_.m_forward.m_rowstart);
    read_vector(io::reverse_column, g_.reverse_.m_forward.m_column);
    read_vector(io::in_edge_order, g_.in_edge_order_);
    read_vector(io::edge_slots, g_.edge_slots_);
    read_vector(io::node_slot_offsets, g_.node_slot_offsets_);
    read_vector(io::slot_edge_offsets, g_.slot_edge_offsets_);
    read_vector(io::node_component, g_.node_component_);
    read_vector(io::component_offsets, g_.component_offsets_);
    read_vector(io::component_cyclic, g_.component_cyclic_);
    assert(jobs_.size() == io::section_count);  // every section, in file order
    run_steps();
    const entry& last = entries_[io::section_count - 1];
    const std::uint64_t padding_from = last.offset + last.count * io::specs[io::section_count - 1].element_size;
    if (padding_from < source_.size()) {  // the padding after the last section
      unsigned char padding[8] = {};
      source_.read(padding_from, padding, static_cast<std::size_t>(source_.size() - padding_from));
      for (std::uint64_t i = 0; i < source_.size() - padding_from; ++i)
        if (padding[i] != 0) fail_in(io::section_count - 1, "non-zero padding after the section");
    }
  }

  // ---- structural checks

  /// Offsets (of `offsets_section`) that start at 0, never decrease and end at `total`.
  template <class T>
  void check_offsets(std::uint32_t offsets_section, const std::vector<T>& offsets,
                     std::uint64_t total, std::string_view items) const {
    if (offsets.empty() || offsets.front() != 0)
      fail_in(offsets_section, "the first offset must be 0");
    for (std::size_t i = 1; i < offsets.size(); ++i)
      if (offsets[i] < offsets[i - 1])
        fail_in(offsets_section, std::string("offsets must not decrease: entry ").append(text(i))
                                     .append(" is ").append(text(offsets[i])).append(" after ")
                                     .append(text(offsets[i - 1])));
    if (offsets.back() != total)
      fail_in(offsets_section, std::string("the last offset is ").append(text(offsets.back()))
                                   .append(", expected the size of ").append(items).append(" (")
                                   .append(text(total)).append(")"));
  }
  /// A string table: offsets into its characters, every string UTF-8 (as the readers give).
  void check_table(std::uint32_t offsets_section, const std::vector<std::uint64_t>& offsets,
                   const std::string& chars) const {
    check_offsets(offsets_section, offsets, chars.size(), io::specs[offsets_section + 1].name);
    check_utf8(offsets_section + 1, chars);
    // With the whole buffer UTF-8, each string is when none starts inside a character.
    for (std::size_t i = 0; i + 1 < offsets.size(); ++i)
      if (offsets[i] < chars.size() && (static_cast<unsigned char>(chars[offsets[i]]) & 0xc0) == 0x80)
        fail_in(offsets_section, std::string("string ").append(text(i)).append(
                                     " starts inside a UTF-8 character"));
  }
  void check_utf8(std::uint32_t s, std::string_view chars) const {
    const std::size_t bad = invalid_utf8_at(chars);
    if (bad != std::string_view::npos)
      fail_in(s, std::string("invalid UTF-8 at byte ").append(text(bad)));
  }
  /// The text of a JSON object, or empty.
  static bool is_json_object(std::string_view value) {
    return value.empty() ||
           (value.front() == '{' && value.back() == '}' && nlohmann::json::accept(value));
  }

  void check_strings() {
    check_table(io::ids_offsets, g_.ids_.offsets_, g_.ids_.chars_);
    check_table(io::names_offsets, g_.names_.offsets_, g_.names_.chars_);
    check_table(io::node_attrs_offsets, g_.node_attrs_.offsets_, g_.node_attrs_.chars_);
    check_table(io::edge_attrs_offsets, edge_attrs_.offsets_, edge_attrs_.chars_);
    try {
      g_.edge_attrs_ = sparse_strings::from_parts(std::move(edge_attrs_present_), std::move(edge_attrs_));
    } catch (const std::invalid_argument& e) {
      fail_in(io::edge_attrs_offsets, e.what());
    }
    std::array<interner*, 6> targets = {&g_.countries_, &g_.categories_, &g_.tags_,
                                        &g_.views_,     &g_.inputs_,     &g_.citations_};
    for (std::uint32_t i = 0; i < vocabularies_.size(); ++i) {
      const std::uint32_t s = io::countries_offsets + 2 * i;
      const flat_strings& flat = vocabularies_[i];
      check_table(s, flat.offsets, flat.chars);
      if (flat.offsets.size() - 1 > std::uint64_t{no_index})
        fail_in(s, "too many words");
      for (std::size_t k = 0; k + 1 < flat.offsets.size(); ++k) {
        std::string_view word = std::string_view(flat.chars).substr(
            flat.offsets[k], flat.offsets[k + 1] - flat.offsets[k]);
        if (k == 0 && !word.empty()) fail_in(s, "word 0 must be the empty string");
        if (s == io::countries_offsets && !is_country_code(word))
          fail_in(s, std::string("word ").append(text(k)).append(
                         " is not an ISO 3166-1 alpha-2 code: '").append(word).append("'"));
        std::uint32_t number = targets[i]->intern(word);
        if (number != k)
          fail_in(s, std::string("word ").append(text(k)).append(" ('").append(word).append(
                         "') repeats word ").append(text(number)));
      }
    }
    for (std::size_t v = 0; v < g_.node_attrs_.size(); ++v)
      if (!is_json_object(g_.node_attrs_[v]))
        fail_in(io::node_attrs_chars,
                std::string("the attrs of node ").append(text(v)).append(" are not a JSON object"));
    {
      std::size_t k = 0;
      g_.edge_attrs_.present().for_each([&](std::size_t e) {
        if (!is_json_object(g_.edge_attrs_.stored()[k++]))
          fail_in(io::edge_attrs_chars, std::string("the attrs of edge ").append(text(e)).append(
                                            " are not a JSON object"));
      });
    }
    check_utf8(io::metadata_chars, g_.metadata_);
    if (!is_json_object(g_.metadata_))
      fail_in(io::metadata_chars, "the graph metadata is not a JSON object");
  }

  /// Each listed id is in [first, size).
  void check_ids(std::uint32_t s, std::span<const std::uint32_t> ids, std::size_t first,
                 std::size_t size, std::string_view what) const {
    for (std::size_t i = 0; i < ids.size(); ++i)
      if (ids[i] < first || ids[i] >= size)
        fail_in(s, std::string("entry ").append(text(i)).append(" names ").append(what)
                       .append(" ").append(text(ids[i])).append(", out of range [")
                       .append(text(first)).append(", ").append(text(size)).append(")"));
  }

  void check_nodes() {
    const std::size_t n = nodes_;
    for (std::size_t v = 0; v < n; ++v) {
      if (static_cast<std::size_t>(g_.kinds_[v]) >= node_kind_count)
        fail_in(io::node_kinds, std::string("node ").append(text(v)).append(" has unknown kind ")
                                    .append(text(static_cast<std::size_t>(g_.kinds_[v]))));
      if (g_.country_ids_[v] >= g_.countries_.size())
        fail_in(io::node_country_ids, std::string("node ").append(text(v)).append(" names country ")
                                          .append(text(g_.country_ids_[v])).append(", out of range"));
      if (g_.category_ids_[v] >= g_.categories_.size())
        fail_in(io::node_category_ids, std::string("node ").append(text(v)).append(
                                           " names category ").append(text(g_.category_ids_[v]))
                                           .append(", out of range"));
      const double capacity = g_.capacities_[v], stock = g_.stock_months_[v];
      if (auto problem = detail::range_problem(capacity, max_capacity, "units per year");
          !problem.empty())
        fail_in(io::node_capacities, std::string("node ").append(text(v)).append(": ") + problem);
      if (auto problem = detail::range_problem(stock, max_months, "months"); !problem.empty())
        fail_in(io::node_stock_months, std::string("node ").append(text(v)).append(": ") + problem);
    }
    check_offsets(io::node_tag_offsets, g_.tag_offsets_, g_.tag_ids_.size(), "node.tag_ids");
    check_ids(io::node_tag_ids, g_.tag_ids_, 1, g_.tags_.size(), "tag");
  }

  void check_edges() {
    const std::size_t m = edges_;
    // Values are checked where stored (the defaults are valid); `edge` names the edge.
    auto fraction = [&](std::uint32_t s, const sparse_column<double>& column, bool zero_allowed) {
      column.for_each_stored([&](std::size_t e, double x) {
        if (!(std::isfinite(x) && x <= 1.0 && (zero_allowed ? x >= 0.0 : x > 0.0)))
          fail_in(s, std::string("edge ").append(text(e)).append(": expected a number in ").append(
                         zero_allowed ? "[0,1]" : "(0,1]"));
      });
    };
    fraction(io::edge_shares, g_.shares_, false);
    fraction(io::edge_qualities, g_.qualities_, false);
    fraction(io::edge_confidences, g_.confidences_, true);
    for (std::size_t e = 0; e < m; ++e)
      if (static_cast<std::size_t>(g_.edge_kinds_[e]) >= edge_kind_count)
        fail_in(io::edge_kinds, std::string("edge ").append(text(e)).append(" has unknown kind ")
                                    .append(text(static_cast<std::size_t>(g_.edge_kinds_[e]))));
    g_.input_ids_.for_each_stored([&](std::size_t e, std::uint32_t input) {
      if (input >= g_.inputs_.size())
        fail_in(io::edge_input_ids, std::string("edge ").append(text(e)).append(" names input ")
                                        .append(text(input)).append(", out of range"));
      if (is_ownership(g_.edge_kinds_[e]))
        fail_in(io::edge_input_ids, std::string("edge ").append(text(e)).append(
                                        g_.edge_kinds_[e] == edge_kind::owns ? " is an owns"
                                                                             : " is a controls")
                                        .append(" edge with an input slot"));
    });
    g_.view_ids_.for_each_stored([&](std::size_t e, std::uint16_t view) {
      if (view >= g_.views_.size())
        fail_in(io::edge_view_ids, std::string("edge ").append(text(e)).append(" names view ")
                                       .append(text(view)).append(", out of range"));
    });
    g_.lead_times_.for_each_stored([&](std::size_t e, double months) {
      if (auto problem = detail::range_problem(months, max_months, "months"); !problem.empty())
        fail_in(io::edge_lead_times, std::string("edge ").append(text(e)).append(": ") + problem);
    });
    g_.shares_.for_each_stored([&](std::size_t e, double) {
      if (g_.edge_kinds_[e] == edge_kind::controls)
        fail_in(io::edge_shares, std::string("edge ").append(text(e)).append(
                                     " is a controls edge with a stake (share other than 1)"));
    });
    // Dates: in range, on ownership edges only, never ending before they start.
    auto dates = [&](std::uint32_t s, const sparse_column<day_number>& column) {
      column.for_each_stored([&](std::size_t e, day_number day) {
        if (day < first_day || day > last_day)
          fail_in(s, std::string("edge ").append(text(e)).append(": day ").append(
                         std::to_string(day)).append(" is outside 0001-01-01 to 9999-12-31"));
        if (!is_ownership(g_.edge_kinds_[e]))
          fail_in(s, std::string("edge ").append(text(e)).append(" is a ").append(
                         to_string(g_.edge_kinds_[e])).append(" edge with a date"));
      });
    };
    dates(io::edge_start_dates, g_.start_dates_);
    dates(io::edge_end_dates, g_.end_dates_);
    g_.end_dates_.for_each_stored([&](std::size_t e, day_number end) {
      const day_number start = g_.start_dates_[e];
      if (start != graph::no_day && end < start)
        fail_in(io::edge_end_dates, std::string("edge ").append(text(e)).append(" ends (").append(
                                        format_date(end)).append(") before it starts (").append(
                                        format_date(start)).append(")"));
    });
    check_ids(io::edge_citation_ids, g_.citation_lists_.items(), 1, g_.citations_.size(),
              "citation");
  }

  void check_topology() {
    const std::size_t n = nodes_, m = edges_;
    const auto& rowstart = g_.forward_.m_forward.m_rowstart;
    const auto& column = g_.forward_.m_forward.m_column;
    // Forward CSR: edges numbered by source, edge.sources agreeing with the rows.
    check_offsets(io::forward_rowstart, rowstart, m, "forward.column");
    for (std::size_t e = 0; e < m; ++e)
      if (column[e] >= n)
        fail_in(io::forward_column, std::string("edge ").append(text(e)).append(" targets node ")
                                        .append(text(column[e])).append(", out of range (")
                                        .append(text(n)).append(" nodes)"));
    for (std::size_t v = 0; v < n; ++v)
      for (std::uint32_t e = rowstart[v]; e < rowstart[v + 1]; ++e)
        if (g_.edge_sources_[e] != v)
          fail_in(io::edge_sources, std::string("edge ").append(text(e)).append(" has source ")
                                        .append(text(g_.edge_sources_[e])).append(
                                            " but lies in the row of node ").append(text(v))
                                        .append(" in forward.rowstart"));

    // What the walks over the in-edges below read of an edge's kind, at random: whether it is a
    // dependency edge, and whether it joins the shared provider slot, a bit each (5.4 MB for 43.6
    // million edges, which the cache keeps better than the 43.6 MB of kinds, a byte an edge).
    std::vector<bool> dependency(m), provider(m);
    std::size_t dependencies = 0;
    for (std::size_t e = 0; e < m; ++e) {
      const edge_kind kind = g_.edge_kinds_[e];
      dependency[e] = is_dependency(kind);
      provider[e] = shares_provider_slot(kind);
      dependencies += dependency[e] ? 1 : 0;
    }

    // Reverse CSR: every dependency edge once, in the row of its target.
    const auto& reverse_rowstart = g_.reverse_.m_forward.m_rowstart;
    const auto& reverse_column = g_.reverse_.m_forward.m_column;
    if (reverse_column.size() != dependencies)
      fail_in(io::reverse_column, std::string("holds ").append(text(reverse_column.size())).append(
                                      " edges, the graph has ").append(text(dependencies))
                                      .append(" dependency edges"));
    check_offsets(io::reverse_rowstart, reverse_rowstart, dependencies, "reverse.column");
    {
      std::vector<bool> seen(m);
      const std::size_t positions = g_.in_edge_order_.size();
      for (std::size_t v = 0; v < n; ++v)
        for (std::uint32_t p = reverse_rowstart[v]; p < reverse_rowstart[v + 1]; ++p) {
          if (p + prefetch_distance < positions) {
            const edge_index ahead = g_.in_edge_order_[p + prefetch_distance];
            if (ahead < m) {
              __builtin_prefetch(&column[ahead]);
              __builtin_prefetch(&g_.edge_sources_[ahead]);
            }
          }
          const edge_index e = g_.in_edge_order_[p];
          if (e >= m || !dependency[e] || seen[e])
            fail_in(io::in_edge_order, std::string("position ").append(text(p)).append(" holds ")
                                           .append(e >= m ? "no edge" : seen[e]
                                                                            ? "a repeated edge"
                                                                            : "a structural edge")
                                           .append(" (").append(text(e)).append(")"));
          seen[e] = true;
          if (column[e] != v)
            fail_in(io::in_edge_order, std::string("position ").append(text(p)).append(
                                           " lies in the row of node ").append(text(v)).append(
                                           " but edge ").append(text(e)).append(" targets node ")
                                           .append(text(column[e])));
          if (reverse_column[p] != g_.edge_sources_[e])
            fail_in(io::reverse_column, std::string("position ").append(text(p)).append(
                                            " does not hold the source of edge ").append(text(e)));
        }
    }

    // Requirement slots: non-empty runs of each node's in-edges, one key per slot.
    const auto& node_slots = g_.node_slot_offsets_;
    const auto& slot_positions = g_.slot_edge_offsets_;
    const std::size_t slots = slot_positions.size() - 1;
    check_offsets(io::node_slot_offsets, node_slots, slots, "the slots (slot_edge_offsets - 1)");
    check_offsets(io::slot_edge_offsets, slot_positions, dependencies, "reverse.column");
    for (std::size_t s = 0; s < slots; ++s)
      if (slot_positions[s + 1] == slot_positions[s])
        fail_in(io::slot_edge_offsets, std::string("slot ").append(text(s)).append(" is empty"));
    for (std::size_t v = 0; v <= n; ++v)
      if (slot_positions[node_slots[v]] != reverse_rowstart[v])
        fail_in(io::node_slot_offsets, std::string("the slots of node ").append(text(v)).append(
                                           " do not start where its in-edges start"));
    for (std::size_t e = 0; e < m; ++e)
      if (!is_dependency(g_.edge_kinds_[e]) && g_.edge_slots_[e] != no_index)
        fail_in(io::edge_slots, std::string(to_string(g_.edge_kinds_[e])).append(" edge ").append(
                                    text(e)).append(" has a slot"));
    {
      // Key of a dependency edge: 0 the shared provider slot, 1 + input a named slot, own slots
      // past every input.
      const std::uint64_t own = std::uint64_t{1} + g_.inputs_.size();
      auto key_of = [&](edge_index e) -> std::uint64_t {
        if (const std::uint32_t input = g_.input_ids_[e]; input != 0) return 1 + std::uint64_t{input};
        return provider[e] ? 0 : own;
      };
      const std::span<const std::uint64_t> input_words = g_.input_ids_.present().words();
      const std::size_t positions = g_.in_edge_order_.size();
      std::vector<std::uint32_t> last_node(own, no_index);
      for (std::uint32_t v = 0; v < n; ++v)
        for (std::uint32_t s = node_slots[v]; s < node_slots[v + 1]; ++s) {
          const std::uint64_t key = key_of(g_.in_edge_order_[slot_positions[s]]);
          if (key == own && slot_positions[s + 1] - slot_positions[s] != 1)
            fail_in(io::slot_edge_offsets, std::string("slot ").append(text(s)).append(
                                               " groups edges that are each a slot of their own"));
          if (key != own) {
            if (last_node[key] == v)
              fail_in(io::slot_edge_offsets, std::string("node ").append(text(v)).append(
                                                 " has two slots for the same input"));
            last_node[key] = v;
          }
          for (std::uint32_t p = slot_positions[s]; p < slot_positions[s + 1]; ++p) {
            if (p + prefetch_distance < positions) {
              const edge_index ahead = g_.in_edge_order_[p + prefetch_distance];
              __builtin_prefetch(&g_.edge_slots_[ahead]);
              if ((ahead >> 6) < input_words.size()) __builtin_prefetch(&input_words[ahead >> 6]);
            }
            const edge_index e = g_.in_edge_order_[p];
            if (key_of(e) != key)
              fail_in(io::slot_edge_offsets, std::string("slot ").append(text(s)).append(
                                                 " mixes edges of different inputs"));
            if (g_.edge_slots_[e] != s)
              fail_in(io::edge_slots, std::string("edge ").append(text(e)).append(" names slot ")
                                          .append(text(g_.edge_slots_[e])).append(
                                              ", it lies in slot ").append(text(s)));
          }
        }
    }

    // Components: contiguous runs of nodes in topological order of the condensation.
    const auto& offsets = g_.component_offsets_;
    const std::size_t components = offsets.size() - 1;
    check_offsets(io::component_offsets, offsets, n, "the nodes");
    for (std::size_t c = 0; c < components; ++c) {
      if (offsets[c + 1] == offsets[c])
        fail_in(io::component_offsets, std::string("component ").append(text(c)).append(" is empty"));
      if (g_.component_cyclic_[c] > 1)
        fail_in(io::component_cyclic, std::string("component ").append(text(c)).append(
                                          ": expected a flag 0 or 1"));
      for (std::uint32_t v = offsets[c]; v < offsets[c + 1]; ++v)
        if (g_.node_component_[v] != c)
          fail_in(io::node_component, std::string("node ").append(text(v)).append(
                                          " names component ").append(text(g_.node_component_[v]))
                                          .append(", it lies in component ").append(text(c)));
    }
    std::vector<std::uint8_t> internal(components, 0);
    for (std::size_t e = 0; e < m; ++e) {
      // The targets' components are read at random: the one some edges ahead is fetched now.
      if (e + prefetch_distance < m) __builtin_prefetch(&g_.node_component_[column[e + prefetch_distance]]);
      if (!dependency[e]) continue;
      const std::uint32_t from = g_.node_component_[g_.edge_sources_[e]];
      const std::uint32_t to = g_.node_component_[column[e]];
      if (from > to)
        fail_in(io::node_component, std::string("dependency edge ").append(text(e)).append(
                                        " runs from component ").append(text(from)).append(
                                        " back to component ").append(text(to)).append(
                                        ": the nodes are not in topological order"));
      if (from == to) internal[from] = 1;
    }
    for (std::size_t c = 0; c < components; ++c) {
      const bool several = offsets[c + 1] - offsets[c] > 1;
      if (several && internal[c] == 0)
        fail_in(io::component_offsets, std::string("component ").append(text(c)).append(
                                           " has several nodes and no dependency edge among them"));
      if ((g_.component_cyclic_[c] != 0) != (internal[c] != 0))
        fail_in(io::component_cyclic, std::string("component ").append(text(c)).append(
                                          internal[c] != 0 ? " holds a cycle but is not flagged cyclic"
                                                           : " is flagged cyclic but holds no cycle"));
    }
  }

  /// The id index, as graph_builder builds it, rejecting empty and repeated ids.
  void rebuild_id_index() {
    const std::size_t n = nodes_;
    id_index& index = g_.id_index_;
    std::size_t capacity = 16;
    while (capacity < 2 * n + 2) capacity *= 2;
    index.slots_.assign(capacity, no_index);
    const std::size_t mask = capacity - 1;
    for (std::uint32_t i = 0; i < n; ++i) {
      const std::string_view id = g_.ids_[i];
      if (id.empty()) fail_in(io::ids_chars, std::string("node ").append(text(i)).append(" has an empty id"));
      std::size_t at = id_index::hash(id) & mask;
      for (; index.slots_[at] != no_index; at = (at + 1) & mask)
        if (g_.ids_[index.slots_[at]] == id)
          fail_in(io::ids_chars, std::string("duplicate id '").append(id).append("' (nodes ").append(
                                     text(index.slots_[at])).append(" and ").append(text(i)).append(")"));
      index.slots_[at] = i;
    }
    index.count_ = n;
  }

  void report(double fraction) const {
    if (progress_) progress_(fraction);
  }

  const io::byte_source& source_;
  const std::string& name_;
  const std::function<void(double)>& progress_;
  std::array<unsigned char, io::table_end> head_{};
  std::uint32_t version_ = 0;
  std::uint64_t nodes_ = 0, edges_ = 0;
  std::array<entry, io::section_count> entries_{};
  std::vector<job> jobs_;
  std::vector<step> steps_;
  std::array<flat_strings, 6> vocabularies_;
  rank_bitmap edge_attrs_present_;
  string_table edge_attrs_;
  graph g_;
};

graph binary_snapshot::read(const io::byte_source& source, const std::string& name,
                            const std::function<void(double)>& progress) {
  return reader(source, name, progress).read();
}

}  // namespace micgraph::detail

namespace micgraph::io {

std::string write_binary_bytes(const graph& g) {
  std::string out;
  string_sink sink(out);
  detail::binary_snapshot::write(g, sink);
  return out;
}

void write_binary(const graph& g, const std::filesystem::path& path) {
  const std::string name = path.string();
  const std::string partial = name + ".partial";
  int fd = ::open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) throw error("cannot write " + name + ": " + std::strerror(errno));
  try {
    file_sink sink(fd, name);
    detail::binary_snapshot::write(g, sink);
    if (::close(fd) != 0) {
      fd = -1;
      throw error("cannot write " + name + ": " + std::strerror(errno));
    }
    fd = -1;
    if (std::rename(partial.c_str(), name.c_str()) != 0)
      throw error("cannot write " + name + ": " + std::strerror(errno));
  } catch (...) {
    if (fd >= 0) ::close(fd);
    std::remove(partial.c_str());
    throw;
  }
}

graph read_binary(const std::filesystem::path& path, const std::function<void(double)>& progress) {
  file_source source(path);
  return detail::binary_snapshot::read(source, path.string(), progress);
}

graph read_binary_bytes(std::string_view bytes, std::string_view name) {
  memory_source source(bytes);
  return detail::binary_snapshot::read(source, std::string(name));
}

}  // namespace micgraph::io
