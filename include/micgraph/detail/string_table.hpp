#pragma once
/// \file detail/string_table.hpp
/// Compact string storage for the frozen graph: one character buffer per table, interning for
/// small vocabularies, and an open-addressing index from node id to node number.

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "micgraph/model.hpp"

namespace micgraph::detail {

class binary_snapshot;  // the .mgb reader and writer (lib/io/binary.cpp)

/// An append-only list of strings in one buffer: 8 bytes of offset per string plus its characters.
class string_table {
 public:
  string_table() { offsets_.push_back(0); }

  std::uint32_t push_back(std::string_view text) {
    chars_.append(text);
    offsets_.push_back(chars_.size());
    return static_cast<std::uint32_t>(offsets_.size() - 2);
  }
  std::string_view operator[](std::size_t i) const {
    return std::string_view(chars_).substr(offsets_[i], offsets_[i + 1] - offsets_[i]);
  }
  std::size_t size() const noexcept { return offsets_.size() - 1; }
  /// Hints for lookups bound by memory latency (no effect on results): prefetch_offset(i)
  /// fetches where string i starts, prefetch_chars(i), issued once that has arrived, its text.
  void prefetch_offset(std::size_t i) const noexcept { __builtin_prefetch(offsets_.data() + i); }
  void prefetch_chars(std::size_t i) const noexcept {
    __builtin_prefetch(chars_.data() + offsets_[i]);
  }
  /// Removes the last string (there must be one).
  void pop_back() noexcept {
    offsets_.pop_back();
    chars_.resize(offsets_.back());
  }
  /// Removes every string.
  void clear() noexcept {
    offsets_.resize(1);
    chars_.clear();
  }
  void reserve(std::size_t strings, std::size_t characters) {
    offsets_.reserve(strings + 1);
    chars_.reserve(characters);
  }
  /// Bytes held, for memory reports.
  std::size_t bytes() const noexcept {
    return offsets_.capacity() * sizeof(std::uint64_t) + chars_.capacity();
  }
  /// A copy holding the strings in the order `order` gives (order[new] = old).
  string_table permuted(const std::vector<std::uint32_t>& order) const {
    string_table out;
    out.reserve(order.size(), chars_.size());
    for (std::uint32_t old : order) out.push_back((*this)[old]);
    return out;
  }
  friend bool operator==(const string_table& a, const string_table& b) {
    return a.offsets_ == b.offsets_ && a.chars_ == b.chars_;
  }

 private:
  friend class binary_snapshot;
  std::vector<std::uint64_t> offsets_;
  std::string chars_;
};

/// A small vocabulary (countries, categories, tags, views, slot names, citations): each distinct
/// string stored once and named by a dense number. Number 0 is always the empty string.
class interner {
 public:
  interner() {
    strings_.emplace_back();
    index_.emplace(strings_.back(), 0);
  }

  std::uint32_t intern(std::string_view text) {
    if (text.empty()) return 0;
    auto found = index_.find(text);
    if (found != index_.end()) return found->second;
    auto number = static_cast<std::uint32_t>(strings_.size());
    strings_.emplace_back(text);
    index_.emplace(strings_.back(), number);
    return number;
  }
  /// The number of `text`, or no_index when it was never interned.
  std::uint32_t find(std::string_view text) const {
    auto found = index_.find(text);
    return found == index_.end() ? no_index : found->second;
  }
  const std::string& operator[](std::size_t i) const { return strings_[i]; }
  std::size_t size() const noexcept { return strings_.size(); }
  const std::vector<std::string>& strings() const noexcept { return strings_; }
  friend bool operator==(const interner& a, const interner& b) { return a.strings_ == b.strings_; }

 private:
  struct transparent_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept {
      return std::hash<std::string_view>{}(text);
    }
  };
  std::vector<std::string> strings_;
  std::unordered_map<std::string, std::uint32_t, transparent_hash, std::equal_to<>> index_;
};

/// Maps node ids (held in a string_table) to node numbers in O(1): open addressing with linear
/// probing over 4-byte slots, at most half full.
class id_index {
 public:
  /// Rebuilds the index over every string of `ids`, which must be distinct.
  void rebuild(const string_table& ids) {
    slots_.assign(capacity_for(ids.size()), no_index);
    for (std::uint32_t i = 0; i < ids.size(); ++i) insert_new(ids, i);
  }
  /// The slots rebuild() gives an index of `count` strings.
  static std::size_t capacity_for(std::size_t count) {
    std::size_t capacity = 16;
    while (capacity < 2 * count + 2) capacity *= 2;
    return capacity;
  }
  std::size_t slot_count() const noexcept { return slots_.size(); }
  /// The same index after the strings were renumbered, string i now being number[i]: the
  /// slots stay where the strings' hashes put them, so no string is read again.
  void renumber(std::span<const std::uint32_t> number) {
    for (std::uint32_t& held : slots_)
      if (held != no_index) held = number[held];
  }
  /// The node whose id is `id`, or no_index.
  std::uint32_t find(const string_table& ids, std::string_view id) const {
    return find_hashed(ids, id, hash(id));
  }
  /// The same, given hash(id): lookups in a batch hash first, then fetch ahead (below).
  std::uint32_t find_hashed(const string_table& ids, std::string_view id, std::size_t h) const {
    if (slots_.empty()) return no_index;
    std::size_t mask = slots_.size() - 1;
    for (std::size_t at = h & mask;; at = (at + 1) & mask) {
      std::uint32_t held = slots_[at];
      if (held == no_index) return no_index;
      if (ids[held] == id) return held;
    }
  }
  /// Adds string `i` of `ids` if no equal string is indexed; returns the number of the string
  /// that holds this id (i when new).
  std::uint32_t insert(const string_table& ids, std::uint32_t i) {
    if (2 * (count_ + 1) > slots_.size()) grow(ids);
    std::string_view id = ids[i];
    std::size_t mask = slots_.size() - 1;
    for (std::size_t at = hash(id) & mask;; at = (at + 1) & mask) {
      std::uint32_t held = slots_[at];
      if (held == no_index) {
        slots_[at] = i;
        ++count_;
        return i;
      }
      if (ids[held] == id) return held;
    }
  }
  std::size_t bytes() const noexcept { return slots_.capacity() * sizeof(std::uint32_t); }

  static std::size_t hash(std::string_view id) { return std::hash<std::string_view>{}(id); }
  /// Hints for a batch of lookups (no effect on results): prefetch_slot(h) fetches the slot a
  /// search for hash h starts at; first_candidate(h), once it has arrived, the string number
  /// held there (no_index when none), whose offset and text the caller then fetches.
  void prefetch_slot(std::size_t h) const noexcept {
    if (!slots_.empty()) __builtin_prefetch(slots_.data() + (h & (slots_.size() - 1)));
  }
  std::uint32_t first_candidate(std::size_t h) const noexcept {
    return slots_.empty() ? no_index : slots_[h & (slots_.size() - 1)];
  }

 private:
  friend class binary_snapshot;
  void insert_new(const string_table& ids, std::uint32_t i) {
    std::size_t mask = slots_.size() - 1;
    std::size_t at = hash(ids[i]) & mask;
    while (slots_[at] != no_index) at = (at + 1) & mask;
    slots_[at] = i;
    ++count_;
  }
  void grow(const string_table& ids) {
    std::vector<std::uint32_t> old;
    old.swap(slots_);
    slots_.assign(old.empty() ? 16 : old.size() * 2, no_index);
    count_ = 0;
    for (std::uint32_t held : old)
      if (held != no_index) insert_new(ids, held);
  }
  std::vector<std::uint32_t> slots_;
  std::size_t count_ = 0;
};

}  // namespace micgraph::detail
