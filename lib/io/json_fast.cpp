// Node-link JSON through simdjson's On-Demand API: the fast reader of io::read_json. It accepts
// exactly what the SAX reader of json.cpp accepts, field by field, and reads it into the same
// graph; at the first problem or doubt it declines, and the SAX reader names the problem.

#include <simdjson.h>

#include <algorithm>
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

static_assert(json_padding >= simdjson::SIMDJSON_PADDING);
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

/// Walks the node-link layout and hands nodes and links to a graph_builder, as the SAX reader.
class fast_reader {
 public:
  /// `size` is that of the whole text, of which progress reports shares.
  fast_reader(std::size_t size, const std::function<void(double)>& progress)
      : size_(size), progress_(progress) {}

  /// Reads the top-level object of `input`, which starts `offset` bytes into the text, into the
  /// builder.
  void read(ondemand::document& document, const char* input, std::size_t offset) {
    document_ = &document;
    input_ = input;
    offset_ = offset;
    ondemand::object top = take(document.get_object());
    std::vector<std::string> top_keys;
    bool seen_nodes = false, seen_links = false, seen_edges = false;
    for (auto member : top) {
      ondemand::field field = take(std::move(member));
      std::string key(key_of(field));
      if (std::find(top_keys.begin(), top_keys.end(), key) != top_keys.end()) decline();
      top_keys.push_back(key);
      ondemand::value& value = field.value();
      if (key == "nodes" || key == "links" || key == "edges") {
        if ((key == "links" && seen_edges) || (key == "edges" && seen_links)) decline();
        (key == "nodes" ? seen_nodes : key == "links" ? seen_links : seen_edges) = true;
        read_elements(take(value.get_array()), key == "nodes");
      } else if (key == "graph") {
        if (take(value.type()) != ondemand::json_type::object) decline();
        ordered_json metadata = captured(value, top_depth);
        builder_.set_metadata(metadata.empty() ? std::string() : metadata.dump());
      } else if (key == "directed") {
        if (take(value.type()) != ondemand::json_type::boolean || !take(value.get_bool())) decline();
      } else if (key == "multigraph") {
        if (take(value.type()) != ondemand::json_type::boolean) decline();
        take(value.get_bool());
      } else {
        check_value(value, top_depth);
      }
    }
    // Nothing may follow the top-level object.
    const char* rest = nullptr;
    if (document.current_location().get(rest) != simdjson::OUT_OF_BOUNDS) decline();
    if (!seen_nodes || (!seen_links && !seen_edges)) decline();
    if (progress_) progress_(parse_share);
  }

  /// The frozen graph, after read().
  graph finish() {
    graph g = builder_.freeze();
    if (progress_) progress_(1.0);
    return g;
  }

 private:
  void read_elements(ondemand::array elements, bool nodes) {
    for (auto item : elements) {
      ondemand::object element = take(take(std::move(item)).get_object());
      if (nodes)
        read_node(element);
      else
        read_link(element);
      if (progress_) report();
    }
  }

  void read_node(ondemand::object& element) {
    std::vector<std::string> tags = std::move(node_.tags);
    tags.clear();
    node_ = node_fields{};
    node_.tags = std::move(tags);
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
        case node_field::id: id_of(value, id_), has_id = true; break;
        case node_field::kind: {
          auto kind = parse_node_kind(string_of(value));
          if (!kind) decline();
          node_.kind = *kind;
          has_kind = true;
          break;
        }
        case node_field::name: node_.name.assign(string_of(value)); break;
        case node_field::country: node_.country.assign(string_of(value)); break;
        case node_field::category: node_.category.assign(string_of(value)); break;
        case node_field::tags: strings_of(value, node_.tags); break;
        case node_field::capacity: node_.capacity = number_of(value); break;
        case node_field::stock_months: node_.stock_months = number_of(value); break;
        case node_field::other: keep(key, value); break;
      }
    }
    if (!has_id || !has_kind) decline();
    if (has_attrs_) node_.attrs = attrs_.dump();
    builder_.add_node(id_, node_);
  }

  void read_link(ondemand::object& element) {
    std::vector<std::string> sources = std::move(edge_.sources);
    sources.clear();
    edge_ = edge_fields{};
    edge_.sources = std::move(sources);
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
        case link_field::source: id_of(value, source_), has_source = true; break;
        case link_field::target: id_of(value, target_), has_target = true; break;
        case link_field::kind: {
          auto kind = parse_edge_kind(string_of(value));
          if (!kind) decline();
          edge_.kind = *kind;
          has_kind = true;
          break;
        }
        case link_field::input: edge_.input.assign(string_of(value)); break;
        case link_field::view: edge_.view.assign(string_of(value)); break;
        case link_field::sources: strings_of(value, edge_.sources); break;
        case link_field::share: edge_.share = number_of(value); break;
        case link_field::quality: edge_.quality = number_of(value); break;
        case link_field::confidence: edge_.confidence = number_of(value); break;
        case link_field::lead_time_months: edge_.lead_time_months = number_of(value); break;
        case link_field::start_date:
        case link_field::end_date: {
          std::optional<day_number> day = parse_date(string_of(value));
          if (!day) decline();
          (name == link_field::start_date ? edge_.start_date : edge_.end_date) = day;
          break;
        }
        case link_field::key: check_value(value, element_depth); break;  // regenerated on write
        case link_field::other: keep(key, value); break;
      }
    }
    if (!has_source || !has_target || !has_kind) decline();
    if (has_attrs_) edge_.attrs = attrs_.dump();
    builder_.add_edge(source_, target_, edge_);
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

  /// Reports the share of bytes parsed once per MiB.
  void report() {
    const char* at = nullptr;
    if (document_->current_location().get(at) != simdjson::SUCCESS || at < next_report_) return;
    const auto done = static_cast<double>(offset_ + static_cast<std::size_t>(at - input_));
    progress_(parse_share * std::min(1.0, done / static_cast<double>(size_)));
    next_report_ = at + (std::size_t{1} << 20);
  }

  std::size_t size_;
  const std::function<void(double)>& progress_;
  ondemand::document* document_ = nullptr;
  const char* input_ = nullptr;
  std::size_t offset_ = 0;
  const char* next_report_ = nullptr;
  graph_builder builder_;
  node_fields node_;
  edge_fields edge_;
  std::string id_, source_, target_;
  std::vector<std::string> other_keys_;
  ordered_json attrs_;
  bool has_attrs_ = false;
};

}  // namespace

namespace {

/// The graph of text[start, end), or nothing (see read_json_fast).
std::optional<graph> read_document(std::string_view text, std::size_t start, std::size_t end,
                                   std::size_t readable, const std::function<void(double)>& progress) {
  const std::string_view document_text = text.substr(start, end - start);
  try {
    fast_reader reader(text.size(), progress);
    {
      simdjson::padded_string copy;
      simdjson::padded_string_view input;
      if (readable - start >= document_text.size() + simdjson::SIMDJSON_PADDING) {
        input = simdjson::padded_string_view(document_text.data(), document_text.size(), readable - start);
      } else {
        copy = simdjson::padded_string(document_text.data(), document_text.size());
        input = copy;
      }
      ondemand::parser parser;
      ondemand::document document = take(parser.iterate(input));
      reader.read(document, input.data(), start);
    }  // the parser's buffers go before freezing
    return reader.finish();
  } catch (const declined&) {
    return std::nullopt;
  } catch (const parse_error&) {  // the builder refused an element: the SAX reader names it
    return std::nullopt;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

}  // namespace

std::optional<graph> read_json_fast(std::string_view text, std::size_t readable,
                                    const std::function<void(double)>& progress) {
  // simdjson reads documents of up to 4 GiB (each structural character's position an unsigned
  // 32-bit number): a larger text is the SAX reader's whole.
  if (text.size() > simdjson::SIMDJSON_MAXSIZE_BYTES) return std::nullopt;
  // nlohmann skips a UTF-8 byte order mark at the start.
  const std::size_t start = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  if (std::optional<graph> g = read_document(text, start, text.size(), readable, progress)) return g;
  // nlohmann also ends the input at a NUL byte outside strings (one inside a string is an error
  // either way), where simdjson reads on and fails: any NUL makes the reader above decline (in a
  // token, a captured value or between tokens), and the text up to the first one is read again.
  const auto* nul = static_cast<const char*>(std::memchr(text.data() + start, '\0', text.size() - start));
  if (nul == nullptr) return std::nullopt;
  return read_document(text, start, static_cast<std::size_t>(nul - text.data()), readable, progress);
}

}  // namespace micgraph::detail
