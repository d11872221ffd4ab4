#pragma once
/// \file io/binary.hpp
/// The binary snapshot `.mgb` (DESIGN §4): the frozen graph as it lies in memory — both CSR
/// directions, every property vector, the requirement slots, the condensation order, the string
/// tables and vocabularies, the metadata — so that loading reads whole arrays and parses nothing.
/// Implemented in lib/io/binary.cpp (micgraph::io).
///
/// Layout, format version 3. Every integer and double is little-endian (IEEE 754 binary64 for
/// doubles); every checksum is XXH64 with seed 0.
///
///     offset  size  header
///          0     8  magic: 89 'M' 'G' 'B' 0D 0A 1A 0A
///          8     4  format version (3)
///         12     4  number of sections (61 in version 3)
///         16     8  file size in bytes
///         24     8  node count n
///         32     8  edge count m
///         40    16  reserved, zero
///         56     8  checksum of bytes 0..55 followed by the section table
///
///     64 + 32 i      section table entry i: u32 section number (== i), u32 element size in bytes,
///                    u64 byte offset of the array, u64 element count, u64 checksum of the array
///
/// The arrays follow the table in the order of binary_sections(), each starting at the next
/// multiple of 8 after the previous one (zero padding between them); the file ends at the next
/// multiple of 8 after the last array. String tables are a `.offsets` section (n + 1 u64, the
/// first 0, the last the number of characters) and a `.chars` section; vocabularies hold their
/// number 0, the empty string, first. The edge columns that most edges leave at their default
/// (input, share, quality, confidence, view, citations, lead time, start and end dates as i32 day
/// numbers since 1970-01-01, attrs) are sparse: a `.present`
/// section of ceil(m / 64) u64 words (bit i of word w set when edge 64 w + i differs from the
/// default; no words at all when none does) and the values of the set edges in edge order (for
/// citations: the offsets of the non-empty lists, then their items; for attrs: a string table of
/// the non-empty ones). Version 1 stored those
/// columns densely; version 2 had no dates (nor the `controls` edge and `person` node kinds). The id index is not stored: it is rebuilt on load (as fast
/// as checking a stored one would be). A reader checks the magic, the version, the header
/// checksum, every size against the file size before allocating, every array's checksum, and
/// then every structural invariant of a frozen graph (ranges, monotone offsets, CSR directions
/// that agree, slots, the topological order of the components, distinct ids and vocabularies,
/// the field ranges of graph_builder), so a damaged or crafted file is a parse_error, never a
/// crash in an analysis.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "micgraph/graph.hpp"

namespace micgraph::io {

/// The format version this build writes and reads.
inline constexpr std::uint32_t binary_format_version = 3;

/// The 8 bytes every snapshot starts with.
inline constexpr std::string_view binary_magic{"\x89MGB\r\n\x1a\n", 8};

/// The section names of the current format version, in file order (`forward.rowstart`,
/// `ids.chars`, ...): the names parse_error messages use.
std::span<const std::string_view> binary_sections();

/// Writes a snapshot of `g` to `path` (through a temporary file renamed into place, so a failed
/// write leaves no partial snapshot). O(n + m). Throws micgraph::error when it cannot write.
void write_binary(const graph& g, const std::filesystem::path& path);

/// The snapshot of `g` as bytes (the same bytes write_binary writes).
std::string write_binary_bytes(const graph& g);

/// Reads a snapshot with one read per array, then checks it (O(n + m)). Throws parse_error
/// naming the file, the section and the field at fault; never returns a partial graph.
/// `progress`, when given, is called with the fraction done (0 to 1) as the arrays are read.
graph read_binary(const std::filesystem::path& path,
                  const std::function<void(double)>& progress = {});

/// Reads a snapshot held in memory; `name` stands for the file in error messages.
graph read_binary_bytes(std::string_view bytes, std::string_view name = "<memory>");

/// XXH64 of `bytes` (the checksum of the format).
std::uint64_t xxh64(std::string_view bytes, std::uint64_t seed = 0) noexcept;

}  // namespace micgraph::io
