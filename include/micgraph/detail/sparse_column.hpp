#pragma once
/// \file detail/sparse_column.hpp
/// Property columns of the frozen graph that store only what differs from a default.
///
/// Most edges of a supply graph carry the default share, quality and confidence (1), no lead
/// time, no view and no citation: a dense array of doubles spends 8 bytes per edge on them. A
/// sparse column keeps one bit per entry (set where the value is not the default), a running
/// count per 64 entries, and the values of the set entries in order: random access is two loads
/// and a popcount, and an all-default column holds nothing at all. Values are kept exactly.

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <vector>

#include "micgraph/detail/string_table.hpp"

namespace micgraph::detail {

/// Whether two stored values are the same value: -0.0 is not 0.0, and NaN is NaN.
template <class T>
bool same_value(const T& a, const T& b) {
  if constexpr (std::is_floating_point_v<T>)
    return a == b ? std::signbit(a) == std::signbit(b) : (std::isnan(a) && std::isnan(b));
  else
    return a == b;
}

/// A bit per entry with O(1) rank: how many set bits precede an entry.
class rank_bitmap {
 public:
  rank_bitmap() = default;

  /// Entries covered (set or not).
  std::size_t size() const noexcept { return size_; }
  /// Set bits in all.
  std::size_t count() const noexcept { return count_; }
  bool test(std::size_t i) const noexcept {
    return count_ != 0 && (words_[i >> 6] >> (i & 63) & 1) != 0;
  }
  /// Set bits before entry i (i < size()).
  std::uint32_t rank(std::size_t i) const noexcept {
    if (count_ == 0) return 0;
    const std::uint64_t below = (std::uint64_t{1} << (i & 63)) - 1;
    return ranks_[i >> 6] + static_cast<std::uint32_t>(std::popcount(words_[i >> 6] & below));
  }
  /// The rank of i when i is set, else no_rank; one pass over the word. Always inlined: it is
  /// the inner step of every walk over a sparse column (left to itself, GCC 12 stops inlining it
  /// once it has a few callers, and compiling a scenario then costs a third more).
  static constexpr std::uint32_t no_rank = 0xffffffffu;
  [[gnu::always_inline]] std::uint32_t rank_if_set(std::size_t i) const noexcept {
    if (count_ == 0) return no_rank;
    const std::uint64_t word = words_[i >> 6];
    const std::uint64_t bit = std::uint64_t{1} << (i & 63);
    if ((word & bit) == 0) return no_rank;
    return ranks_[i >> 6] + static_cast<std::uint32_t>(std::popcount(word & (bit - 1)));
  }
  /// Asks the processor for the memory that rank_if_set(i) will read (a hint; no effect on
  /// results).
  void prefetch(std::size_t i) const noexcept {
    if (count_ == 0) return;
    __builtin_prefetch(words_.data() + (i >> 6));
    __builtin_prefetch(ranks_.data() + (i >> 6));
  }
  /// The words (empty when no bit is set): bit i of word w is entry 64 w + i.
  std::span<const std::uint64_t> words() const noexcept { return words_; }
  /// Calls f(i) for every set entry, in increasing order.
  template <class F>
  void for_each(F&& f) const {
    for (std::size_t w = 0; w < words_.size(); ++w)
      for (std::uint64_t word = words_[w]; word != 0; word &= word - 1)
        f(w * 64 + static_cast<std::size_t>(std::countr_zero(word)));
  }

  /// A bitmap of `size` entries from its words; an empty `words` means none set. Throws
  /// std::invalid_argument when the words do not fit the size (wrong count, bits past the end).
  static rank_bitmap from_words(std::size_t size, std::vector<std::uint64_t> words) {
    rank_bitmap out;
    out.size_ = size;
    if (words.empty()) return out;
    if (words.size() != (size + 63) / 64)
      throw std::invalid_argument("expected " + std::to_string((size + 63) / 64) +
                                  " bitmap words, got " + std::to_string(words.size()));
    if (size % 64 != 0 && (words.back() >> (size % 64)) != 0)
      throw std::invalid_argument("bits set past the last entry");
    out.words_ = std::move(words);
    out.ranks_.resize(out.words_.size());
    std::size_t total = 0;
    for (std::size_t w = 0; w < out.words_.size(); ++w) {
      out.ranks_[w] = static_cast<std::uint32_t>(total);
      total += static_cast<std::size_t>(std::popcount(out.words_[w]));
    }
    if (total > 0xfffffffeu) throw std::invalid_argument("too many set bits");
    out.count_ = total;
    if (total == 0) {
      out.words_ = {};
      out.ranks_ = {};
    }
    return out;
  }
  /// A bitmap with entry i set where `set(i)` holds, for i in [0, size).
  template <class Pred>
  static rank_bitmap from_predicate(std::size_t size, Pred&& set) {
    std::vector<std::uint64_t> words((size + 63) / 64, 0);
    bool any = false;
    for (std::size_t i = 0; i < size; ++i)
      if (set(i)) {
        words[i >> 6] |= std::uint64_t{1} << (i & 63);
        any = true;
      }
    if (!any) words.clear();
    return from_words(size, std::move(words));
  }

  std::size_t bytes() const noexcept {
    return words_.capacity() * sizeof(std::uint64_t) + ranks_.capacity() * sizeof(std::uint32_t);
  }
  friend bool operator==(const rank_bitmap& a, const rank_bitmap& b) {
    return a.size_ == b.size_ && a.words_ == b.words_;
  }

 private:
  std::size_t size_ = 0;
  std::size_t count_ = 0;
  std::vector<std::uint64_t> words_;
  std::vector<std::uint32_t> ranks_;
};

/// A column of values with a default: only the entries that differ are stored.
template <class T>
class sparse_column {
 public:
  sparse_column() = default;
  explicit sparse_column(T fallback) : fallback_(fallback) {}

  /// The column of `dense` with default `fallback` (NaN matches NaN).
  static sparse_column from_dense(std::span<const T> dense, T fallback) {
    sparse_column out(fallback);
    out.present_ = rank_bitmap::from_predicate(
        dense.size(), [&](std::size_t i) { return !same_value(dense[i], fallback); });
    out.values_.reserve(out.present_.count());
    out.present_.for_each([&](std::size_t i) { out.values_.push_back(dense[i]); });
    return out;
  }
  /// The column from its parts: a bitmap of the entries that differ and their values in order.
  /// Throws std::invalid_argument when the parts disagree or a value equals the default.
  static sparse_column from_parts(T fallback, rank_bitmap present, std::vector<T> values) {
    if (values.size() != present.count())
      throw std::invalid_argument(std::to_string(present.count()) + " entries marked but " +
                                  std::to_string(values.size()) + " values");
    for (const T& value : values)
      if (same_value(value, fallback)) throw std::invalid_argument("a stored value equals the default");
    sparse_column out(fallback);
    out.present_ = std::move(present);
    out.values_ = std::move(values);
    return out;
  }

  std::size_t size() const noexcept { return present_.size(); }
  /// Entry i (always inlined, as rank_if_set).
  [[gnu::always_inline]] T operator[](std::size_t i) const noexcept {
    const std::uint32_t r = present_.rank_if_set(i);
    return r == rank_bitmap::no_rank ? fallback_ : values_[r];
  }
  T fallback() const noexcept { return fallback_; }
  /// Hints for a walk bound by memory latency (no effect on results): prefetch_rank(i) fetches
  /// what finds entry i's place among the stored values, prefetch_value(i), issued later, the
  /// value itself.
  void prefetch_rank(std::size_t i) const noexcept { present_.prefetch(i); }
  void prefetch_value(std::size_t i) const noexcept {
    if (i >= size()) return;
    const std::uint32_t r = present_.rank_if_set(i);
    if (r != rank_bitmap::no_rank) __builtin_prefetch(values_.data() + r);
  }
  /// True when entry i holds a value other than the default.
  bool stored(std::size_t i) const noexcept { return present_.test(i); }
  const rank_bitmap& present() const noexcept { return present_; }
  /// The stored values, in entry order.
  std::span<const T> values() const noexcept { return values_; }
  /// Calls f(i, value) for every entry that differs from the default, in entry order.
  template <class F>
  void for_each_stored(F&& f) const {
    std::size_t k = 0;
    present_.for_each([&](std::size_t i) { f(i, values_[k++]); });
  }
  /// Every entry, defaults included.
  std::vector<T> dense() const {
    std::vector<T> out(size(), fallback_);
    for_each_stored([&](std::size_t i, T value) { out[i] = value; });
    return out;
  }

  std::size_t bytes() const noexcept { return present_.bytes() + values_.capacity() * sizeof(T); }
  friend bool operator==(const sparse_column& a, const sparse_column& b) {
    return same_value(a.fallback_, b.fallback_) && a.present_ == b.present_ &&
           std::equal(a.values_.begin(), a.values_.end(), b.values_.begin(), b.values_.end(),
                      [](const T& x, const T& y) { return same_value(x, y); });
  }

 private:
  T fallback_{};
  rank_bitmap present_;
  std::vector<T> values_;
};

/// Where each of `entries` (entry numbers of a column being collected) goes in a column of
/// `size` entries in which entry e is entry position[e]: the bitmap of the new places and, for
/// each of those places in order, which of `entries` goes there.
inline std::pair<rank_bitmap, std::vector<std::uint32_t>> place_entries(
    std::size_t size, std::span<const std::uint32_t> entries, std::span<const std::uint32_t> position) {
  std::vector<std::uint64_t> words(entries.empty() ? 0 : (size + 63) / 64, 0);
  for (const std::uint32_t e : entries) words[position[e] >> 6] |= std::uint64_t{1} << (position[e] & 63);
  rank_bitmap present = rank_bitmap::from_words(size, std::move(words));
  std::vector<std::uint32_t> order(entries.size());
  for (std::size_t k = 0; k < entries.size(); ++k) order[present.rank(position[entries[k]])] = static_cast<std::uint32_t>(k);
  return {std::move(present), std::move(order)};
}

/// A column collected entry by entry (a graph builder's), in which only the entries that differ
/// from the default are kept, with their numbers: nothing for an all-default column, whatever
/// its length. permuted() gives the frozen column in a new order of the entries.
template <class T>
class staged_column {
 public:
  explicit staged_column(T fallback) : fallback_(fallback) {}

  /// Entry `entry` (entries come in increasing order) holds `value`.
  void set(std::uint32_t entry, T value) {
    if (!same_value(value, fallback_)) {
      entries_.push_back(entry);
      values_.push_back(value);
    }
  }
  /// The column of `size` entries in which entry e of this one is entry position[e].
  sparse_column<T> permuted(std::size_t size, std::span<const std::uint32_t> position) const {
    auto [present, order] = place_entries(size, entries_, position);
    std::vector<T> values(order.size());
    for (std::size_t k = 0; k < order.size(); ++k) values[k] = values_[order[k]];
    return sparse_column<T>::from_parts(fallback_, std::move(present), std::move(values));
  }

 private:
  T fallback_;
  std::vector<std::uint32_t> entries_;
  std::vector<T> values_;
};

/// A list of small numbers per entry (e.g. an edge's citations) where most lists are empty:
/// offsets are kept only for the entries whose list is not.
class sparse_lists {
 public:
  sparse_lists() = default;

  /// From dense offsets (size + 1 of them, the first 0) and the items they delimit.
  static sparse_lists from_offsets(std::span<const std::uint32_t> offsets,
                                   std::vector<std::uint32_t> items) {
    sparse_lists out;
    const std::size_t size = offsets.empty() ? 0 : offsets.size() - 1;
    out.present_ = rank_bitmap::from_predicate(
        size, [&](std::size_t i) { return offsets[i + 1] != offsets[i]; });
    out.offsets_.reserve(out.present_.count() + 1);
    out.present_.for_each([&](std::size_t i) { out.offsets_.push_back(offsets[i + 1]); });
    out.items_ = std::move(items);
    return out;
  }
  /// From its parts: the entries with a list, each list's end offset, and the items. Throws
  /// std::invalid_argument when they disagree (ends not increasing, an empty marked list, the
  /// last end not the item count).
  static sparse_lists from_parts(rank_bitmap present, std::vector<std::uint32_t> ends,
                                 std::vector<std::uint32_t> items) {
    if (ends.size() != present.count() + 1 || ends.front() != 0)
      throw std::invalid_argument("expected " + std::to_string(present.count() + 1) +
                                  " offsets starting at 0, got " + std::to_string(ends.size()));
    for (std::size_t k = 1; k < ends.size(); ++k)
      if (ends[k] <= ends[k - 1])
        throw std::invalid_argument("offset " + std::to_string(k) + " is not past the one before");
    if (ends.back() != items.size())
      throw std::invalid_argument("the last offset is not the number of items");
    sparse_lists out;
    out.present_ = std::move(present);
    out.offsets_ = std::move(ends);
    out.items_ = std::move(items);
    return out;
  }

  std::size_t size() const noexcept { return present_.size(); }
  std::span<const std::uint32_t> operator[](std::size_t i) const noexcept {
    const std::uint32_t r = present_.rank_if_set(i);
    if (r == rank_bitmap::no_rank) return {};
    return std::span<const std::uint32_t>(items_).subspan(offsets_[r], offsets_[r + 1] - offsets_[r]);
  }
  const rank_bitmap& present() const noexcept { return present_; }
  /// Offsets into items() of the non-empty lists, in entry order (count + 1, the first 0).
  std::span<const std::uint32_t> offsets() const noexcept { return offsets_; }
  std::span<const std::uint32_t> items() const noexcept { return items_; }

  std::size_t bytes() const noexcept {
    return present_.bytes() + (offsets_.capacity() + items_.capacity()) * sizeof(std::uint32_t);
  }
  friend bool operator==(const sparse_lists& a, const sparse_lists& b) {
    return a.present_ == b.present_ && a.offsets_ == b.offsets_ && a.items_ == b.items_;
  }

 private:
  rank_bitmap present_;
  std::vector<std::uint32_t> offsets_{0};
  std::vector<std::uint32_t> items_;
};

/// Strings per entry (e.g. an edge's attrs) where most are empty: only the others are stored.
class sparse_strings {
 public:
  sparse_strings() = default;

  /// The non-empty strings of `dense`.
  static sparse_strings from_table(const string_table& dense) {
    sparse_strings out;
    out.present_ = rank_bitmap::from_predicate(dense.size(),
                                               [&](std::size_t i) { return !dense[i].empty(); });
    out.present_.for_each([&](std::size_t i) { out.table_.push_back(dense[i]); });
    return out;
  }
  /// From its parts: the entries with a string and those strings in entry order. Throws
  /// std::invalid_argument when the counts differ or a stored string is empty.
  static sparse_strings from_parts(rank_bitmap present, string_table table) {
    if (table.size() != present.count())
      throw std::invalid_argument(std::to_string(present.count()) + " entries marked but " +
                                  std::to_string(table.size()) + " strings");
    for (std::size_t k = 0; k < table.size(); ++k)
      if (table[k].empty()) throw std::invalid_argument("stored string " + std::to_string(k) + " is empty");
    sparse_strings out;
    out.present_ = std::move(present);
    out.table_ = std::move(table);
    return out;
  }

  std::size_t size() const noexcept { return present_.size(); }
  std::string_view operator[](std::size_t i) const noexcept {
    const std::uint32_t r = present_.rank_if_set(i);
    return r == rank_bitmap::no_rank ? std::string_view() : table_[r];
  }
  const rank_bitmap& present() const noexcept { return present_; }
  /// The non-empty strings, in entry order.
  const string_table& stored() const noexcept { return table_; }

  std::size_t bytes() const noexcept { return present_.bytes() + table_.bytes(); }
  friend bool operator==(const sparse_strings& a, const sparse_strings& b) {
    return a.present_ == b.present_ && a.table_ == b.table_;
  }

 private:
  rank_bitmap present_;
  string_table table_;
};

}  // namespace micgraph::detail
