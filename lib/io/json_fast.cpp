// Node-link JSON through simdjson's On-Demand API: the fast reader of io::read_json. It accepts
// exactly what the SAX reader of json.cpp accepts, field by field, and reads it into the same
// graph; at the first problem or doubt it declines, and the SAX reader names the problem.

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <charconv>
#include <clocale>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "json_fast.hpp"
#include "micgraph/builder.hpp"
#include "micgraph/error.hpp"
#include "micgraph/model.hpp"

namespace micgraph::detail {

namespace {

namespace ondemand = simdjson::ondemand;
using ordered_json = nlohmann::ordered_json;

constexpr std::size_t max_depth = 512;  // values nested deeper are refused, as by the SAX reader
constexpr double parse_share = 0.8;     // the share of progress for parsing; the rest: freezing
constexpr std::size_t top_depth = 1;    // nesting of the top-level members' values
constexpr std::size_t element_depth = 3;  // of an element's fields: top object, array, element

/// Thrown when the text is left to the SAX reader.
struct declined {};

[[noreturn]] void decline() { throw declined{}; }

/// The value of a simdjson result; declines on any error.
template <class T>
T take(simdjson::simdjson_result<T>&& result) {
  T value{};
  if (std::move(result).get(value) != simdjson::SUCCESS) decline();
  return value;
}

/// A scalar's text without the blanks simdjson keeps after it.
std::string_view token_of(ondemand::value& value) {
  std::string_view token = value.raw_json_token();
  while (!token.empty() && (token.back() == ' ' || token.back() == '\t' || token.back() == '\n' ||
                            token.back() == '\r'))
    token.remove_suffix(1);
  return token;
}

/// Whether a number token is one nlohmann reads as an integer (no fraction, no exponent).
bool integer_token(std::string_view token) { return token.find_first_of(".eE") == std::string_view::npos; }

/// Whether `token` is a JSON number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
bool number_token(std::string_view token) {
  std::size_t i = 0;
  auto digits = [&] {
    const std::size_t from = i;
    while (i < token.size() && token[i] >= '0' && token[i] <= '9') ++i;
    return i - from;
  };
  if (i < token.size() && token[i] == '-') ++i;
  if (i < token.size() && token[i] == '0')
    ++i;
  else if (digits() == 0)
    return false;
  if (i < token.size() && token[i] == '.') {
    ++i;
    if (digits() == 0) return false;
  }
  if (i < token.size() && (token[i] == 'e' || token[i] == 'E')) {
    ++i;
    if (i < token.size() && (token[i] == '+' || token[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  return i == token.size();
}

/// A number field as the SAX reader takes it: nlohmann's number as a double. nlohmann reads
/// integers exactly and floats with strtod, so the correctly rounded value; beyond the doubles
/// it refuses the number. The value comes from std::from_chars (correctly rounded as well), not
/// from simdjson 3.0's get_double, which misreads numbers of more than 19 digits after `0.`
/// (0.1000000000000000055511151231257827 as 4.1e-16: simdjson issue 2093, fixed in 3.6.3).
double number_of(ondemand::value& value) {
  const std::string_view token = token_of(value);
  if (!number_token(token)) decline();
  double number = 0.0;
  const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), number);
  if (ec == std::errc::result_out_of_range) {
    // Rounded to zero or to infinity: strtod says which, on nlohmann's text of the number (the
    // decimal point of the C locale in the locale's).
    std::string text(token);
    std::replace(text.begin(), text.end(), '.', *std::localeconv()->decimal_point);
    number = std::strtod(text.c_str(), nullptr);
  } else if (ec != std::errc() || end != token.data() + token.size()) {
    decline();
  }
  if (!std::isfinite(number)) decline();
  // nlohmann reads `-0` as the integer 0, which converts to +0.0.
  if (number == 0.0 && integer_token(token)) number = 0.0;
  return number;
}

/// The length of a string's raw text up to its closing quote when it holds no backslash, that
/// text then being its value; npos at the first backslash. `raw` follows the opening quote;
/// simdjson's first stage checked that the quote closes and that the text is valid UTF-8
/// without control characters.
std::size_t plain_length(const char* raw) {
  for (std::size_t i = 0;; ++i) {
    if (raw[i] == '"') return i;
    if (raw[i] == '\\') return std::string_view::npos;
  }
}

/// Consumes a string value without unescaping it. Every string is consumed: simdjson 3.0 skips
/// an unconsumed string followed by `:` as a key, and with it `"a": "b"]` as a value.
void consume_string(ondemand::value& value) { take(value.get_raw_json_string()); }

/// A string value; declines on anything else. Without escapes it is a view of the text itself
/// (simdjson would copy it into its string buffer: 3 bytes in 10 of the file, written once).
std::string_view string_of(ondemand::value& value) {
  const std::string_view token = value.raw_json_token();
  if (token.empty() || token.front() != '"') decline();
  const std::size_t length = plain_length(token.data() + 1);
  if (length == std::string_view::npos) return take(value.get_string());
  consume_string(value);
  return token.substr(1, length);
}

/// A member's key, unescaped; a view of the text itself when it holds no escape.
std::string_view key_of(ondemand::field& field) {
  const char* raw = field.key().raw();
  if (std::size_t length = plain_length(raw); length != std::string_view::npos) return {raw, length};
  return take(field.unescaped_key());
}

/// An id field: a string, or an integer written as its decimal digits as nlohmann has it
/// (an int64 when negative, a uint64 otherwise; a larger integer is a float, which no id is).
void id_of(ondemand::value& value, std::string& id) {
  ondemand::json_type type = take(value.type());
  if (type == ondemand::json_type::string) {
    id.assign(string_of(value));
    return;
  }
  if (type != ondemand::json_type::number) decline();
  const std::string_view token = token_of(value);
  if (!number_token(token) || !integer_token(token)) decline();
  const bool negative = token.front() == '-';
  char buffer[24];
  std::to_chars_result written{};
  if (negative) {
    std::int64_t number = 0;
    auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), number);
    if (ec != std::errc() || end != token.data() + token.size()) decline();
    written = std::to_chars(buffer, buffer + sizeof buffer, number);
  } else {
    std::uint64_t number = 0;
    auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), number);
    if (ec != std::errc() || end != token.data() + token.size()) decline();
    written = std::to_chars(buffer, buffer + sizeof buffer, number);
  }
  id.assign(buffer, written.ptr);
}

/// An array of strings, appended to `list`.
void strings_of(ondemand::value& value, std::vector<std::string>& list) {
  ondemand::array items = take(value.get_array());
  for (auto item : items) {
    ondemand::value element = take(std::move(item));
    list.emplace_back(string_of(element));
  }
}

/// SAX handler building a value from its text as the SAX reader captures unknown members:
/// a duplicate key or nesting beyond max_depth stops it.
class value_capture {
 public:
  explicit value_capture(std::size_t depth) : depth_(depth) {}

  bool null() { return add(ordered_json(nullptr)); }
  bool boolean(bool value) { return add(ordered_json(value)); }
  bool number_integer(std::int64_t value) { return add(ordered_json(value)); }
  bool number_unsigned(std::uint64_t value) { return add(ordered_json(value)); }
  bool number_float(double value, const std::string&) { return add(ordered_json(value)); }
  bool string(std::string& value) { return add(ordered_json(std::move(value))); }
  bool binary(nlohmann::json::binary_t&) { return false; }
  bool start_object(std::size_t) { return open(ordered_json::object()); }
  bool key(std::string& name) {
    if (stack_.back()->contains(name)) return false;
    key_ = std::move(name);
    return true;
  }
  bool end_object() { return close(); }
  bool start_array(std::size_t) { return open(ordered_json::array()); }
  bool end_array() { return close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

  ordered_json& value() { return value_; }

 private:
  bool add(ordered_json value) {
    if (stack_.empty()) {
      value_ = std::move(value);
    } else if (ordered_json& parent = *stack_.back(); parent.is_array()) {
      parent.push_back(std::move(value));
    } else {
      parent[key_] = std::move(value);
    }
    return true;
  }
  bool open(ordered_json empty) {
    if (++depth_ > max_depth) return false;
    if (stack_.empty()) {
      value_ = std::move(empty);
      stack_.push_back(&value_);
      return true;
    }
    ordered_json& parent = *stack_.back();
    if (parent.is_array()) {
      parent.push_back(std::move(empty));
      stack_.push_back(&parent.back());
    } else {
      stack_.push_back(&(parent[key_] = std::move(empty)));
    }
    return true;
  }
  bool close() {
    stack_.pop_back();
    --depth_;
    return true;
  }

  std::size_t depth_;
  ordered_json value_;
  std::vector<ordered_json*> stack_;
  std::string key_;
};

/// Any value, as nlohmann reads it, from its text; `depth` is the nesting it sits at.
ordered_json captured(ondemand::value& value, std::size_t depth) {
  std::string_view text;
  switch (take(value.type())) {
    case ondemand::json_type::object: text = take(take(value.get_object()).raw_json()); break;
    case ondemand::json_type::array: text = take(take(value.get_array()).raw_json()); break;
    case ondemand::json_type::string:
      text = value.raw_json_token();
      consume_string(value);
      break;
    // Numbers, true, false, null: left unconsumed, skipped by simdjson, which then requires a
    // `,` or a closing bracket.
    default: text = value.raw_json_token(); break;
  }
  // nlohmann would end its input at a NUL and accept what came before: declined, so that the
  // text is read again up to its first NUL (read_json_fast).
  if (text.find('\0') != std::string_view::npos) decline();
  value_capture capture(depth);
  if (!nlohmann::json::sax_parse(text.begin(), text.end(), &capture)) decline();
  return std::move(capture.value());
}

/// Checks a value that is read and dropped (NetworkX's multigraph `key`, unknown top-level
/// members): valid JSON as nlohmann has it. Scalars without nlohmann, as every link has a key.
void check_value(ondemand::value& value, std::size_t depth) {
  switch (take(value.type())) {
    case ondemand::json_type::number: number_of(value); return;
    case ondemand::json_type::string: string_of(value); return;
    case ondemand::json_type::boolean: take(value.get_bool()); return;
    case ondemand::json_type::null:
      if (!take(value.is_null())) decline();
      return;
    default: captured(value, depth); return;
  }
}

// The fields of the SAX reader's `classify`, node and link names apart.
enum class node_field { id, kind, name, country, category, tags, capacity, stock_months, other };
enum class link_field {
  source, target, kind, input, view, sources, share, quality, confidence, lead_time_months,
  start_date, end_date, key, other
};

node_field classify_node(std::string_view key) {
  switch (key.size()) {
    case 2: if (key == "id") return node_field::id; break;
    case 4:
      if (key == "kind") return node_field::kind;
      if (key == "name") return node_field::name;
      if (key == "tags") return node_field::tags;
      break;
    case 7: if (key == "country") return node_field::country; break;
    case 8:
      if (key == "category") return node_field::category;
      if (key == "capacity") return node_field::capacity;
      break;
    case 12: if (key == "stock_months") return node_field::stock_months; break;
    default: break;
  }
  return node_field::other;
}

link_field classify_link(std::string_view key) {
  switch (key.size()) {
    case 3: if (key == "key") return link_field::key; break;
    case 4:
      if (key == "kind") return link_field::kind;
      if (key == "view") return link_field::view;
      break;
    case 5:
      if (key == "input") return link_field::input;
      if (key == "share") return link_field::share;
      break;
    case 6:
      if (key == "source") return link_field::source;
      if (key == "target") return link_field::target;
      break;
    case 7:
      if (key == "sources") return link_field::sources;
      if (key == "quality") return link_field::quality;
      break;
    case 8: if (key == "end_date") return link_field::end_date; break;
    case 10:
      if (key == "confidence") return link_field::confidence;
      if (key == "start_date") return link_field::start_date;
      break;
    case 16: if (key == "lead_time_months") return link_field::lead_time_months; break;
    default: break;
  }
  return link_field::other;
}

/// Marks a known field as given; declines when it was given before in the same element.
template <class Field>
void mark(std::uint32_t& seen, Field field) {
  const std::uint32_t bit = std::uint32_t{1} << static_cast<unsigned>(field);
  if (seen & bit) decline();
  seen |= bit;
}

/// Thrown to the reader when the builder gave up (not a decline: no window is tried again).
struct builder_stopped {};

/// Elements read and not yet given to the builder. Its records are reused batch after batch.
struct element_batch {
  static constexpr std::size_t size = 2048;  // elements, at most
  std::vector<node_record> nodes;
  std::vector<edge_record> links;
  std::size_t count = 0;  // records filled, of `nodes` or of `links`
  bool of_nodes = true;
  std::optional<std::string> metadata;  // the `graph` member, when read since the batch before
  std::size_t end = 0;  // the place in the whole text past the batch's last element
};

/// Carries batches of elements from the reader to the builder: to a builder on another thread,
/// through a few batches that go back and forth, so that reading and building share two cores;
/// or, given `apply`, to a builder on the reader's thread at once.
class element_pipe {
 public:
  explicit element_pipe(std::function<void(element_batch&)> apply = {}) : apply_(std::move(apply)) {
    for (element_batch& batch : batches_) free_.push_back(&batch);
  }

  // The reader's side.
  /// The batch to fill first.
  element_batch& first() { return take_free(); }
  /// Hands a filled batch on; the batch to fill next. Declines when the builder stopped.
  element_batch& pass(element_batch& full) {
    if (apply_) {
      apply_(full);
      clear(full);
      return full;
    }
    {
      std::lock_guard lock(mutex_);
      full_.push_back(&full);
    }
    changed_.notify_all();
    return take_free();
  }
  /// The reader is done: `error` is what stopped it, or nothing when it read the whole text.
  void close(std::exception_ptr error) {
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
      error_ = std::move(error);
    }
    changed_.notify_all();
  }

  // The builder's side.
  /// The next filled batch; nothing once the reader closed the pipe and every batch was taken.
  element_batch* next() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return !full_.empty() || closed_; });
    if (full_.empty()) return nullptr;
    element_batch* batch = full_.front();
    full_.pop_front();
    return batch;
  }
  /// A batch given back to the reader once built.
  void done(element_batch& batch) {
    clear(batch);
    {
      std::lock_guard lock(mutex_);
      free_.push_back(&batch);
    }
    changed_.notify_all();
  }
  /// The builder gives up: the reader declines at its next batch.
  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopped_ = true;
    }
    changed_.notify_all();
  }
  /// What stopped the reader, after next() returned nothing.
  std::exception_ptr error() const { return error_; }

 private:
  static void clear(element_batch& batch) {
    batch.count = 0;
    batch.metadata.reset();
  }
  element_batch& take_free() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return !free_.empty() || stopped_; });
    if (stopped_) throw builder_stopped{};
    element_batch* batch = free_.back();
    free_.pop_back();
    return *batch;
  }

  std::function<void(element_batch&)> apply_;
  std::array<element_batch, 4> batches_;
  std::vector<element_batch*> free_;
  std::deque<element_batch*> full_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool closed_ = false, stopped_ = false;
  std::exception_ptr error_;
};

/// Walks the node-link layout and hands nodes and links to a graph_builder, as the SAX reader.
///
/// The text is read in pieces, never whole: simdjson's index of a whole file (4 bytes for each
/// of its structural characters) is larger than the graph it describes, and fresh memory is
/// what loading costs most. The top-level object is scanned here (its keys and the extent of
/// each value, every key and value then parsed by simdjson); each array of elements is read a
/// window at a time with one reused parser, the window ending at a `}` followed by `,` or `]`,
/// which is where an element most likely ends. A window is parsed as `[` + window + `]`, and
/// only the elements it reads whole are kept: up to its last byte the window is parsed exactly
/// as the whole text would be, so an element that closes inside it is an element of the text,
/// whatever follows. The scan then goes on from the token after the last whole element, in the
/// text itself. A window that ends inside an element (a `},{` in a string or in an element's
/// own arrays of objects) reads nothing of that element, and the next window starts with it.
/// The elements go to the builder through an element_pipe, in batches.
class fast_reader {
 public:
  /// `text` is the whole document, which starts `offset` bytes into the text the pipe's
  /// batches name places in.
  fast_reader(std::string_view text, std::size_t offset, std::size_t window, element_pipe& pipe)
      : text_(text), offset_(offset), window_(std::max<std::size_t>(window, 1)), pipe_(pipe),
        batch_(&pipe.first()) {}

  /// Reads the top-level object and hands every element on.
  void read() {
    std::size_t at = skip_blanks(0);
    if (!at_char(at, '{')) decline();
    at = skip_blanks(at + 1);
    std::vector<std::string> top_keys;
    bool seen_nodes = false, seen_links = false, seen_edges = false;
    for (;;) {
      if (!at_char(at, '"')) decline();
      const std::size_t key_end = string_end(at);
      std::string key = top_key(text_.substr(at, key_end - at));
      at = skip_blanks(key_end);
      if (!at_char(at, ':')) decline();
      at = skip_blanks(at + 1);
      if (std::find(top_keys.begin(), top_keys.end(), key) != top_keys.end()) decline();
      top_keys.push_back(key);
      if (key == "nodes" || key == "links" || key == "edges") {
        if ((key == "links" && seen_edges) || (key == "edges" && seen_links)) decline();
        (key == "nodes" ? seen_nodes : key == "links" ? seen_links : seen_edges) = true;
        if (!at_char(at, '[')) decline();
        at = read_elements(at + 1, key == "nodes");
      } else {
        const std::size_t end = value_end(at);
        read_member(key, text_.substr(at, end - at));
        at = end;
      }
      at = skip_blanks(at);
      if (at_char(at, ',')) {
        at = skip_blanks(at + 1);
        continue;
      }
      if (!at_char(at, '}')) decline();
      break;
    }
    // Nothing may follow the top-level object.
    if (skip_blanks(at + 1) != text_.size()) decline();
    if (!seen_nodes || (!seen_links && !seen_edges)) decline();
    pipe_.pass(*batch_);
  }

 private:
  bool at_char(std::size_t at, char c) const { return at < text_.size() && text_[at] == c; }

  std::size_t skip_blanks(std::size_t at) const {
    while (at < text_.size() && (text_[at] == ' ' || text_[at] == '\n' || text_[at] == '\r' || text_[at] == '\t'))
      ++at;
    return at;
  }

  /// Past the closing quote of the string whose opening quote is at `at`.
  std::size_t string_end(std::size_t at) const {
    for (++at; at < text_.size(); ++at) {
      if (text_[at] == '\\')
        ++at;
      else if (text_[at] == '"')
        return at + 1;
    }
    decline();
  }

  /// Past the value starting at `at`: a string, an object or array (brackets counted outside
  /// strings), or a scalar up to a blank or a bracket. The value itself is parsed by simdjson.
  std::size_t value_end(std::size_t at) const {
    if (at_char(at, '"')) return string_end(at);
    if (at_char(at, '{') || at_char(at, '[')) {
      std::size_t depth = 0;
      while (at < text_.size()) {
        const char c = text_[at];
        if (c == '"') {
          at = string_end(at);
          continue;
        }
        if (c == '{' || c == '[') ++depth;
        if ((c == '}' || c == ']') && --depth == 0) return at + 1;
        ++at;
      }
      decline();
    }
    const std::size_t from = at;
    while (at < text_.size() && std::strchr(" \t\n\r,:{}[]\"", text_[at]) == nullptr) ++at;
    if (at == from) decline();
    return at;
  }

  /// Parses `[` + `piece` + `]` from a reused buffer with the reused parser.
  ondemand::document& parse_wrapped(std::string_view piece) {
    const std::size_t length = piece.size() + 2;
    if (piece_.size() < length + simdjson::SIMDJSON_PADDING) piece_.resize(length + simdjson::SIMDJSON_PADDING);
    piece_[0] = '[';
    std::memcpy(piece_.data() + 1, piece.data(), piece.size());
    piece_[length - 1] = ']';
    // Zeros after it, as simdjson's own padded strings: past the last token simdjson reads the
    // padding, and a stale `}` or `]` there would close what the piece leaves open.
    std::memset(piece_.data() + length, 0, simdjson::SIMDJSON_PADDING);
    document_ = take(parser_.iterate(simdjson::padded_string_view(piece_.data(), length, piece_.size())));
    return document_;
  }

  /// A top-level key, unescaped; `raw` is its text with its quotes.
  std::string top_key(std::string_view raw) {
    ondemand::array keys = take(parse_wrapped(raw).get_array());
    for (auto item : keys) {
      ondemand::value key = take(std::move(item));
      return std::string(take(key.get_string()));
    }
    decline();
  }

  /// A top-level member other than the arrays of elements, `value_text` being its value.
  void read_member(const std::string& key, std::string_view value_text) {
    ondemand::array values = take(parse_wrapped(value_text).get_array());
    std::size_t count = 0;
    for (auto item : values) {
      if (++count > 1) decline();
      ondemand::value value = take(std::move(item));
      if (key == "graph") {
        if (take(value.type()) != ondemand::json_type::object) decline();
        ordered_json metadata = captured(value, top_depth);
        batch_->metadata = metadata.empty() ? std::string() : metadata.dump();
      } else if (key == "directed") {
        if (take(value.type()) != ondemand::json_type::boolean || !take(value.get_bool())) decline();
      } else if (key == "multigraph") {
        if (take(value.type()) != ondemand::json_type::boolean) decline();
        take(value.get_bool());
      } else {
        check_value(value, top_depth);
      }
    }
    const char* rest = nullptr;
    if (count != 1 || document_.current_location().get(rest) != simdjson::OUT_OF_BOUNDS) decline();
  }

  /// The last `}` in text[from, to) followed by blanks and a `,` or `]`, or npos.
  std::size_t last_close(std::size_t from, std::size_t to) const {
    while (to > from) {
      const void* found = ::memrchr(text_.data() + from, '}', to - from);
      if (found == nullptr) return std::string_view::npos;
      const auto at = static_cast<std::size_t>(static_cast<const char*>(found) - text_.data());
      const std::size_t next = skip_blanks(at + 1);
      if (at_char(next, ',') || at_char(next, ']')) return at;
      to = at;
    }
    return std::string_view::npos;
  }

  /// Reads the elements of the array whose `[` precedes `at`; past its `]`.
  std::size_t read_elements(std::size_t at, bool nodes) {
    at = skip_blanks(at);
    if (at_char(at, ']')) return at + 1;
    std::size_t window = window_;
    for (;;) {
      // `at` is the first byte of an element.
      const std::size_t to = at + std::min(window, text_.size() - at);
      const std::size_t close = last_close(at, to);
      std::size_t next = close == std::string_view::npos ? close : read_piece(at, close + 1, nodes);
      if (next == std::string_view::npos) {
        // No element read whole: the window ended inside its first element (at a `}` in a
        // string or in one of the element's own values), or that element is bad. A scan that
        // follows strings and brackets says which.
        if (const std::size_t end = last_element_end(at, to); end != std::string_view::npos) {
          next = read_piece(at, end + 1, nodes);
          if (next == std::string_view::npos) decline();  // the first element, whole, is refused
        } else {  // the first element goes on past the window: a wider one
          if (to == text_.size() || window >= max_window) decline();
          window = std::min(window * 2, max_window);
          continue;
        }
      }
      window = window_;
      at = skip_blanks(next);
      if (at_char(at, ']')) return at + 1;
      if (!at_char(at, ',')) decline();
      at = skip_blanks(at + 1);
    }
  }

  /// The closing `}` of the last element of an array that ends in text[from, to), elements
  /// starting at `from`, or npos: a scan that follows strings (with their escapes) and nested
  /// brackets, for a window the quick choice of last_close() made wrong.
  std::size_t last_element_end(std::size_t from, std::size_t to) const {
    std::size_t depth = 0, last = std::string_view::npos;
    for (std::size_t i = from; i < to; ++i) {
      const char c = text_[i];
      if (c == '"') {
        i = string_end(i) - 1;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (depth == 0) break;  // the end of the array
        if (--depth == 0 && c == '}') last = i;
      }
    }
    return last;
  }

  /// Reads the elements that close in text[from, to); the place in the text of the token after
  /// the last of them, or npos when none does.
  std::size_t read_piece(std::size_t from, std::size_t to, bool nodes) {
    std::size_t next = std::string_view::npos;
    try {
      ondemand::array elements = take(parse_wrapped(text_.substr(from, to - from)).get_array());
      for (auto item : elements) {
        ondemand::object element = take(take(std::move(item)).get_object());
        if (nodes)
          read_node(element);
        else
          read_link(element);
        const char* after = nullptr;
        if (document_.current_location().get(after) != simdjson::SUCCESS) break;
        next = from + static_cast<std::size_t>(after - piece_.data()) - 1;
        ++batch_->count;
        batch_->end = offset_ + next;
      }
    } catch (const declined&) {
    }
    return next;
  }

  /// The record to fill with the next element; a full batch (or one of the other array's
  /// elements) is handed on first.
  template <class Record>
  Record& next_record(std::vector<Record>& (*records)(element_batch&), bool nodes) {
    if (batch_->count == element_batch::size || (batch_->count > 0 && batch_->of_nodes != nodes))
      batch_ = &pipe_.pass(*batch_);
    batch_->of_nodes = nodes;
    std::vector<Record>& list = records(*batch_);
    if (list.size() == batch_->count) list.emplace_back();
    return list[batch_->count];
  }

  void read_node(ondemand::object& element) {
    node_record& record = next_record<node_record>([](element_batch& b) -> auto& { return b.nodes; }, true);
    node_fields& node = record.fields;
    std::vector<std::string> tags = std::move(node.tags);
    tags.clear();
    node = node_fields{};
    node.tags = std::move(tags);
    begin_element();
    bool has_id = false, has_kind = false;
    std::uint32_t seen = 0;
    for (auto member : element) {
      ondemand::field field = take(std::move(member));
      std::string_view key = key_of(field);
      ondemand::value& value = field.value();
      const node_field name = classify_node(key);
      if (name != node_field::other) mark(seen, name);
      switch (name) {
        case node_field::id: id_of(value, record.id), has_id = true; break;
        case node_field::kind: {
          auto kind = parse_node_kind(string_of(value));
          if (!kind) decline();
          node.kind = *kind;
          has_kind = true;
          break;
        }
        case node_field::name: node.name.assign(string_of(value)); break;
        case node_field::country: node.country.assign(string_of(value)); break;
        case node_field::category: node.category.assign(string_of(value)); break;
        case node_field::tags: strings_of(value, node.tags); break;
        case node_field::capacity: node.capacity = number_of(value); break;
        case node_field::stock_months: node.stock_months = number_of(value); break;
        case node_field::other: keep(key, value); break;
      }
    }
    if (!has_id || !has_kind) decline();
    if (has_attrs_) node.attrs = attrs_.dump();
  }

  void read_link(ondemand::object& element) {
    edge_record& record = next_record<edge_record>([](element_batch& b) -> auto& { return b.links; }, false);
    edge_fields& edge = record.fields;
    std::vector<std::string> sources = std::move(edge.sources);
    sources.clear();
    edge = edge_fields{};
    edge.sources = std::move(sources);
    begin_element();
    bool has_source = false, has_target = false, has_kind = false;
    std::uint32_t seen = 0;
    for (auto member : element) {
      ondemand::field field = take(std::move(member));
      std::string_view key = key_of(field);
      ondemand::value& value = field.value();
      const link_field name = classify_link(key);
      if (name != link_field::other) mark(seen, name);
      switch (name) {
        case link_field::source: id_of(value, record.source), has_source = true; break;
        case link_field::target: id_of(value, record.target), has_target = true; break;
        case link_field::kind: {
          auto kind = parse_edge_kind(string_of(value));
          if (!kind) decline();
          edge.kind = *kind;
          has_kind = true;
          break;
        }
        case link_field::input: edge.input.assign(string_of(value)); break;
        case link_field::view: edge.view.assign(string_of(value)); break;
        case link_field::sources: strings_of(value, edge.sources); break;
        case link_field::share: edge.share = number_of(value); break;
        case link_field::quality: edge.quality = number_of(value); break;
        case link_field::confidence: edge.confidence = number_of(value); break;
        case link_field::lead_time_months: edge.lead_time_months = number_of(value); break;
        case link_field::start_date:
        case link_field::end_date: {
          std::optional<day_number> day = parse_date(string_of(value));
          if (!day) decline();
          (name == link_field::start_date ? edge.start_date : edge.end_date) = day;
          break;
        }
        case link_field::key: check_value(value, element_depth); break;  // regenerated on write
        case link_field::other: keep(key, value); break;
      }
    }
    if (!has_source || !has_target || !has_kind) decline();
    if (has_attrs_) edge.attrs = attrs_.dump();
  }

  void begin_element() {
    other_keys_.clear();
    if (has_attrs_) attrs_ = ordered_json();
    has_attrs_ = false;
  }

  /// An unknown member, kept in the element's attributes as the SAX reader keeps it.
  void keep(std::string_view key, ondemand::value& value) {
    if (std::find(other_keys_.begin(), other_keys_.end(), key) != other_keys_.end()) decline();
    other_keys_.emplace_back(key);
    if (!has_attrs_) attrs_ = ordered_json::object(), has_attrs_ = true;
    attrs_[other_keys_.back()] = captured(value, element_depth);
  }

  static constexpr std::size_t max_window = std::size_t{64} << 20;  // an element's bytes, at most

  std::string_view text_;
  std::size_t offset_;
  std::size_t window_;
  element_pipe& pipe_;
  element_batch* batch_;
  ondemand::parser parser_;
  std::vector<char> piece_;
  ondemand::document document_;
  std::vector<std::string> other_keys_;
  ordered_json attrs_;
  bool has_attrs_ = false;
};

}  // namespace

namespace {

/// The graph of text[start, end), or nothing (see read_json_fast).
std::optional<graph> read_document(std::string_view text, std::size_t start, std::size_t end,
                                   const fast_read_options& options) {
  constexpr std::size_t release_step = std::size_t{64} << 20;
  const std::string_view document = text.substr(start, end - start);
  graph_builder builder;
  std::size_t released = 0;
  std::size_t before = start;  // where the batch before ended
  bool reserved = false;
  auto apply = [&](element_batch& batch) {
    if (batch.metadata) builder.set_metadata(std::move(*batch.metadata));
    if (!batch.of_nodes && !reserved && batch.count > 0) {
      // Room for as many more links as the rest of the text holds at the first batch's bytes
      // per link: the columns then grow in place, not by copies (room not used is never touched).
      reserved = true;
      const std::size_t per_link = std::max<std::size_t>(1, (batch.end - before) / batch.count);
      builder.reserve(builder.node_count(), batch.count + (end - batch.end) / per_link * 9 / 8);
    }
    before = batch.end;
    if (batch.of_nodes) {
      for (std::size_t i = 0; i < batch.count; ++i) builder.add_node(batch.nodes[i].id, batch.nodes[i].fields);
    } else {
      for (std::size_t i = 0; i < batch.count; ++i)
        builder.add_edge(batch.links[i].source, batch.links[i].target, batch.links[i].fields);
    }
    if (options.progress)
      options.progress(parse_share * std::min(1.0, static_cast<double>(batch.end) / static_cast<double>(text.size())));
    if (options.release && batch.end - released >= release_step) {
      options.release(text.data() + batch.end);
      released = batch.end;
    }
  };
  try {
    const bool threaded = options.threads == 0 ? document.size() >= (std::size_t{1} << 20) : options.threads > 1;
    if (!threaded) {
      element_pipe pipe(apply);
      fast_reader(document, start, options.window, pipe).read();
    } else {
      element_pipe pipe;
      std::thread reader([&] {
        std::exception_ptr error;
        try {
          fast_reader(document, start, options.window, pipe).read();
        } catch (...) {
          error = std::current_exception();
        }
        pipe.close(error);
      });
      try {
        while (element_batch* batch = pipe.next()) {
          apply(*batch);
          pipe.done(*batch);
        }
      } catch (...) {
        pipe.stop();
        reader.join();
        throw;
      }
      reader.join();
      if (pipe.error()) std::rethrow_exception(pipe.error());
    }
    if (options.progress) options.progress(parse_share);
    graph g = builder.freeze();
    if (options.progress) options.progress(1.0);
    return g;
  } catch (const declined&) {
    return std::nullopt;
  } catch (const parse_error&) {  // the builder refused an element: the SAX reader names it
    return std::nullopt;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

}  // namespace

std::optional<graph> read_json_fast(std::string_view text, const fast_read_options& options) {
  // nlohmann skips a UTF-8 byte order mark at the start.
  const std::size_t start = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  if (std::optional<graph> g = read_document(text, start, text.size(), options)) return g;
  // nlohmann also ends the input at a NUL byte outside strings (one inside a string is an error
  // either way), where simdjson reads on and fails: any NUL makes the reader above decline (in a
  // token, a captured value or between tokens), and the text up to the first one is read again.
  const auto* nul = static_cast<const char*>(std::memchr(text.data() + start, '\0', text.size() - start));
  if (nul == nullptr) return std::nullopt;
  return read_document(text, start, static_cast<std::size_t>(nul - text.data()), options);
}

}  // namespace micgraph::detail
