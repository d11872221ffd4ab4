// NetworkX node-link JSON: the SAX reader (nlohmann), which is the authority on errors, behind
// the fast reader of json_fast.cpp (simdjson), over a memory map; and a streaming writer.

#include "micgraph/io/json.hpp"

#include <fcntl.h>
#include <fmt/core.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>
#include <optional>
#include <nlohmann/json.hpp>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "micgraph/builder.hpp"
#include "micgraph/detail/text.hpp"
#include "json_fast.hpp"
#include "json_message.hpp"
#include "micgraph/error.hpp"

namespace micgraph::io {

namespace {

using ordered_json = nlohmann::ordered_json;
constexpr std::size_t max_depth = 512;

/// A read-only view of a whole file: memory-mapped, or read into memory when mapping fails.
class file_bytes {
 public:
  explicit file_bytes(const std::filesystem::path& path) {
    const std::string name = path.string();
    int fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw parse_error({.file = name}, std::string("cannot open: ") + std::strerror(errno));
    struct stat info {};
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
      ::close(fd);
      throw parse_error({.file = name}, "not a regular file");
    }
    size_ = static_cast<std::size_t>(info.st_size);
    if (size_ > 0) {
      void* mapped = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
      if (mapped != MAP_FAILED) {
        mapped_ = mapped;
        ::madvise(mapped, size_, MADV_SEQUENTIAL);
      } else {
        copy_.resize(size_);
        std::size_t done = 0;
        while (done < size_) {
          ssize_t got = ::read(fd, copy_.data() + done, size_ - done);
          if (got <= 0) break;
          done += static_cast<std::size_t>(got);
        }
        size_ = done;
      }
    }
    ::close(fd);
  }
  file_bytes(const file_bytes&) = delete;
  file_bytes& operator=(const file_bytes&) = delete;
  ~file_bytes() {
    if (mapped_ != nullptr) ::munmap(mapped_, size_);
  }
  std::string_view text() const {
    return mapped_ != nullptr ? std::string_view(static_cast<const char*>(mapped_), size_)
                              : std::string_view(copy_.data(), size_);
  }
  /// Gives the mapped pages wholly before `at` back to the kernel: a reader that moves forward
  /// through the text keeps a window of it in memory, not the whole file. They read the same
  /// when touched again (the mapping is private and never written), only slower.
  void release_before(const char* at) {
    if (mapped_ == nullptr) return;
    const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    const std::size_t end = static_cast<std::size_t>(at - static_cast<const char*>(mapped_)) / page * page;
    if (end <= released_) return;
    ::madvise(static_cast<char*>(mapped_) + released_, end - released_, MADV_DONTNEED);
    released_ = end;
  }

 private:
  void* mapped_ = nullptr;
  std::size_t size_ = 0;
  std::size_t released_ = 0;
  std::string copy_;
};

/// The JSON type name of what the parser met, for "expected X, got Y" messages.
const char* type_name(const ordered_json& value) { return value.type_name(); }

/// SAX handler: walks the node-link layout, hands nodes and links to a graph_builder as they
/// close, and keeps unknown members as attributes. Every problem throws parse_error.
class node_link_reader {
 public:
  node_link_reader(std::string file, std::string_view text) : file_(std::move(file)), text_(text) {}

  // ---- nlohmann SAX interface
  bool null() { return scalar(ordered_json(nullptr)); }
  bool boolean(bool value) { return scalar(ordered_json(value)); }
  bool number_integer(std::int64_t value) { return scalar(ordered_json(value)); }
  bool number_unsigned(std::uint64_t value) { return scalar(ordered_json(value)); }
  bool number_float(double value, const std::string&) { return scalar(ordered_json(value)); }
  bool string(std::string& value) {
    if (state_ == state::field && (field_kind_ == field_type::text || field_kind_ == field_type::id ||
                                   field_kind_ == field_type::kind || field_kind_ == field_type::date)) {
      assign_text(std::move(value));
      state_ = state::element;
      return true;
    }
    if (state_ == state::string_list) {
      list_item(std::move(value));
      return true;
    }
    return scalar(ordered_json(std::move(value)));
  }
  bool binary(nlohmann::json::binary_t&) { fail_here("unexpected binary value"); }

  bool start_object(std::size_t) {
    enter();
    switch (state_) {
      case state::start:
        state_ = state::top;
        return true;
      case state::element_list:
        begin_element();
        state_ = state::element;
        return true;
      case state::top_value:
        if (top_key_ == "nodes" || top_key_ == "links" || top_key_ == "edges")
          fail_at("", top_key_, "expected an array, got an object");
        start_capture(ordered_json::object());
        return true;
      case state::capture:
      case state::field:
        start_capture(ordered_json::object());
        return true;
      default:
        fail_here("expected " + expectation() + ", got an object");
    }
  }
  bool key(std::string& name) {
    switch (state_) {
      case state::top:
        if (!top_keys_.insert(name).second) fail_at("", "", "duplicate key '" + name + "'");
        top_key_ = name;
        if (name == "nodes" || name == "links" || name == "edges") {
          if ((name == "links" && seen_edges_key_) || (name == "edges" && seen_links_key_))
            fail_at("", name, "both `links` and `edges` given: use one");
          (name == "nodes" ? seen_nodes_ : name == "links" ? seen_links_key_ : seen_edges_key_) = true;
          if (name != "nodes") links_name_ = name;
        }
        state_ = state::top_value;
        return true;
      case state::element:
        begin_field(std::move(name));
        return true;
      case state::capture: {
        ordered_json& object = *capture_stack_.back();
        if (object.contains(name)) fail_at(element_name(), field_, "duplicate key '" + name + "'");
        capture_key_ = std::move(name);
        return true;
      }
      default:
        fail_here("unexpected key '" + name + "'");
    }
  }
  bool end_object() {
    leave();
    switch (state_) {
      case state::top:
        state_ = state::done;
        return true;
      case state::element:
        finish_element();
        state_ = state::element_list;
        return true;
      case state::capture:
        end_capture();
        return true;
      default:
        fail_here("unexpected end of object");
    }
  }
  bool start_array(std::size_t) {
    enter();
    switch (state_) {
      case state::top_value:
        if (top_key_ == "nodes" || top_key_ == "links" || top_key_ == "edges") {
          in_nodes_ = top_key_ == "nodes";
          element_index_ = 0;
          state_ = state::element_list;
          return true;
        }
        if (top_key_ == "graph") fail_at("", "graph", "expected an object, got an array");
        start_capture(ordered_json::array());
        return true;
      case state::field:
        if (field_kind_ == field_type::list) {
          state_ = state::string_list;
          return true;
        }
        if (field_kind_ == field_type::attribute || field_kind_ == field_type::ignored) {
          start_capture(ordered_json::array());
          return true;
        }
        fail_at(element_name(), field_, "expected " + expectation() + ", got an array");
      case state::capture:
        start_capture(ordered_json::array());
        return true;
      case state::start:
        fail_here("expected a node-link object at the top level, got an array");
      case state::element_list:
        fail_at(element_name(), "", "expected " + expectation() + ", got an array");
      default:
        fail_here("expected " + expectation() + ", got an array");
    }
  }
  bool end_array() {
    leave();
    switch (state_) {
      case state::element_list:
        state_ = state::top;
        return true;
      case state::string_list:
        state_ = state::element;
        return true;
      case state::capture:
        end_capture();
        return true;
      default:
        fail_here("unexpected end of array");
    }
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) {
    auto [line, column] = line_and_column(position);
    std::string message = detail::json_problem(e);
    if (text_.empty()) message = "empty file: expected a node-link JSON object";
    throw micgraph::parse_error({.file = file_, .line = line, .column = column},
                                "malformed JSON: " + message);
  }

  /// The graph, after sax_parse returned: checks the top level was complete, then freezes.
  graph finish() {
    if (state_ != state::done) fail_at("", "", "incomplete node-link object");
    if (!seen_nodes_) fail_at("", "nodes", "missing: expected an array of node objects");
    if (!seen_links_key_ && !seen_edges_key_)
      fail_at("", "links", "missing: expected an array of link objects (`links` or `edges`)");
    try {
      return builder_.freeze();
    } catch (const build_error& e) {
      rethrow(e);
    }
  }

 private:
  enum class state {
    start, top, top_value, element_list, element, field, string_list, capture, done
  };
  enum class field_type { text, number, list, kind, id, date, attribute, ignored };
  enum class field_name {
    id, kind, name, country, category, tags, capacity, stock_months,
    source, target, input, view, sources, share, quality, confidence, lead_time_months,
    start_date, end_date, key, other
  };

  // ---- element bookkeeping
  void begin_element() {
    node_id_.clear();
    node_ = node_fields{};
    edge_ = edge_fields{};
    source_.clear();
    target_.clear();
    has_kind_ = has_id_ = has_source_ = has_target_ = false;
    element_keys_.clear();
    attrs_ = ordered_json::object();
  }
  void begin_field(std::string name) {
    for (const std::string& seen : element_keys_)
      if (seen == name) fail_at(element_name(), name, "duplicate key");
    element_keys_.push_back(name);
    field_ = std::move(name);
    field_id_ = classify(field_);
    field_kind_ = type_of(field_id_);
    state_ = state::field;
  }
  field_name classify(const std::string& name) const {
    static const std::pair<const char*, field_name> node_names[] = {
        {"id", field_name::id},           {"kind", field_name::kind},
        {"name", field_name::name},       {"country", field_name::country},
        {"category", field_name::category}, {"tags", field_name::tags},
        {"capacity", field_name::capacity}, {"stock_months", field_name::stock_months}};
    static const std::pair<const char*, field_name> link_names[] = {
        {"source", field_name::source},
        {"target", field_name::target},
        {"kind", field_name::kind},
        {"input", field_name::input},
        {"view", field_name::view},
        {"sources", field_name::sources},
        {"share", field_name::share},
        {"quality", field_name::quality},
        {"confidence", field_name::confidence},
        {"lead_time_months", field_name::lead_time_months},
        {"start_date", field_name::start_date},
        {"end_date", field_name::end_date},
        {"key", field_name::key}};
    if (in_nodes_) {
      for (auto& [text, id] : node_names)
        if (name == text) return id;
    } else {
      for (auto& [text, id] : link_names)
        if (name == text) return id;
    }
    return field_name::other;
  }
  static field_type type_of(field_name name) {
    switch (name) {
      case field_name::id:
      case field_name::source:
      case field_name::target:
        return field_type::id;
      case field_name::kind:
        return field_type::kind;
      case field_name::name:
      case field_name::country:
      case field_name::category:
      case field_name::input:
      case field_name::view:
        return field_type::text;
      case field_name::tags:
      case field_name::sources:
        return field_type::list;
      case field_name::capacity:
      case field_name::stock_months:
      case field_name::share:
      case field_name::quality:
      case field_name::confidence:
      case field_name::lead_time_months:
        return field_type::number;
      case field_name::start_date:
      case field_name::end_date:
        return field_type::date;
      case field_name::key:  // NetworkX's multigraph key: any value, regenerated on write
        return field_type::ignored;
      case field_name::other:
        return field_type::attribute;
    }
    return field_type::attribute;
  }
  std::string expectation() const {
    switch (state_) {
      case state::start: return "a node-link object";
      case state::element_list: return std::string(in_nodes_ ? "a node" : "a link") + " object";
      case state::string_list: return "a string";
      case state::field:
        switch (field_kind_) {
          case field_type::text: return "a string";
          case field_type::number: return "a number";
          case field_type::list: return "an array of strings";
          case field_type::kind: return std::string("a ") + (in_nodes_ ? "node" : "edge") + " kind name";
          case field_type::id: return "a string id";
          case field_type::date: return "an ISO 8601 date (YYYY-MM-DD)";
          case field_type::attribute:
          case field_type::ignored: return "a value";
        }
        break;
      case state::top_value:
        if (top_key_ == "nodes" || top_key_ == "links" || top_key_ == "edges") return "an array";
        if (top_key_ == "graph") return "an object";
        if (top_key_ == "directed" || top_key_ == "multigraph") return "a boolean";
        return "a value";
      default: break;
    }
    return "a value";
  }

  // A scalar value in whatever state the reader is in.
  bool scalar(ordered_json value) {
    switch (state_) {
      case state::capture:
        add_captured(std::move(value));
        return true;
      case state::top_value:
        if (top_key_ == "directed") {
          if (!value.is_boolean()) fail_at("", "directed", std::string("expected true, got ") + type_name(value));
          if (!value.get<bool>())
            fail_at("", "directed", "expected true: supply graphs are directed");
        } else if (top_key_ == "multigraph") {
          if (!value.is_boolean())
            fail_at("", "multigraph", std::string("expected a boolean, got ") + type_name(value));
        } else if (top_key_ == "nodes" || top_key_ == "links" || top_key_ == "edges" ||
                   top_key_ == "graph") {
          fail_at("", top_key_, "expected " + expectation() + ", got " + type_name(value));
        }
        state_ = state::top;
        return true;
      case state::field:
        field_value(std::move(value));
        state_ = state::element;
        return true;
      case state::string_list:
        fail_at(element_name(), field_, std::string("expected strings, got ") + type_name(value));
      case state::element_list:
        fail_at(element_name(), "", "expected " + expectation() + ", got " + type_name(value));
      case state::start:
        fail_here(std::string("expected a node-link object at the top level, got ") + type_name(value));
      default:
        fail_here(std::string("unexpected ") + type_name(value));
    }
  }

  void field_value(ordered_json value) {
    auto wrong = [&]() {
      fail_at(element_name(), field_,
              "expected " + expectation() + ", got " + (value.is_null() ? "null" : type_name(value)));
    };
    switch (field_kind_) {
      case field_type::attribute:
        attrs_[field_] = std::move(value);
        return;
      case field_type::ignored:
        return;
      case field_type::id: {
        std::string id;
        if (value.is_number_unsigned())
          id = std::to_string(value.get<std::uint64_t>());
        else if (value.is_number_integer())
          id = std::to_string(value.get<std::int64_t>());
        else
          wrong();
        assign_text(std::move(id));
        return;
      }
      case field_type::number: {
        if (!value.is_number()) wrong();
        double number = value.get<double>();
        switch (field_id_) {
          case field_name::capacity: node_.capacity = number; break;
          case field_name::stock_months: node_.stock_months = number; break;
          case field_name::share: edge_.share = number; break;
          case field_name::quality: edge_.quality = number; break;
          case field_name::confidence: edge_.confidence = number; break;
          case field_name::lead_time_months: edge_.lead_time_months = number; break;
          default: break;
        }
        return;
      }
      default:
        wrong();
    }
  }

  void assign_text(std::string value) {
    switch (field_id_) {
      case field_name::id: node_id_ = std::move(value); has_id_ = true; break;
      case field_name::source: source_ = std::move(value); has_source_ = true; break;
      case field_name::target: target_ = std::move(value); has_target_ = true; break;
      case field_name::name: node_.name = std::move(value); break;
      case field_name::country: node_.country = std::move(value); break;
      case field_name::category: node_.category = std::move(value); break;
      case field_name::input: edge_.input = std::move(value); break;
      case field_name::view: edge_.view = std::move(value); break;
      case field_name::start_date:
      case field_name::end_date: {
        std::optional<day_number> day = parse_date(value);
        if (!day)
          fail_at(element_name(), field_, "expected an ISO 8601 date (YYYY-MM-DD), got '" + value + "'");
        (field_id_ == field_name::start_date ? edge_.start_date : edge_.end_date) = day;
        break;
      }
      case field_name::kind: {
        has_kind_ = true;
        if (in_nodes_) {
          auto kind = parse_node_kind(value);
          if (!kind) fail_at(element_name(), "kind", "unknown node kind '" + value + "' (expected one of " + detail::join(node_kind_names) + ")");
          node_.kind = *kind;
        } else {
          auto kind = parse_edge_kind(value);
          if (!kind) fail_at(element_name(), "kind", "unknown edge kind '" + value + "' (expected one of " + detail::join(edge_kind_names) + ")");
          edge_.kind = *kind;
        }
        break;
      }
      default:
        fail_at(element_name(), field_, "expected " + expectation() + ", got a string");
    }
  }
  void list_item(std::string value) {
    (field_id_ == field_name::tags ? node_.tags : edge_.sources).push_back(std::move(value));
  }

  void finish_element() {
    if (in_nodes_) {
      if (!has_id_) fail_at(element_name(), "id", "missing: every node needs an id");
      if (!has_kind_) fail_at(element_name(), "kind", "missing: expected a node kind name");
      node_.attrs = attrs_.empty() ? std::string() : attrs_.dump();
      try {
        builder_.add_node(node_id_, node_);
      } catch (const build_error& e) {
        rethrow(e);
      }
    } else {
      if (!has_source_) fail_at(element_name(), "source", "missing: expected a node id");
      if (!has_target_) fail_at(element_name(), "target", "missing: expected a node id");
      if (!has_kind_) fail_at(element_name(), "kind", "missing: expected an edge kind name");
      edge_.attrs = attrs_.empty() ? std::string() : attrs_.dump();
      try {
        builder_.add_edge(source_, target_, edge_);
      } catch (const build_error& e) {
        rethrow(e);
      }
    }
    ++element_index_;
  }

  // ---- captured values (the `graph` object, unknown members and their nested values)
  void start_capture(ordered_json empty) {
    if (state_ == state::capture) {
      ordered_json& parent = *capture_stack_.back();
      ordered_json* child;
      if (parent.is_array()) {
        parent.push_back(std::move(empty));
        child = &parent.back();
      } else {
        child = &(parent[capture_key_] = std::move(empty));
      }
      capture_stack_.push_back(child);
      return;
    }
    capture_return_ = state_;
    captured_ = std::move(empty);
    capture_stack_.assign(1, &captured_);
    state_ = state::capture;
  }
  void add_captured(ordered_json value) {
    ordered_json& parent = *capture_stack_.back();
    if (parent.is_array())
      parent.push_back(std::move(value));
    else
      parent[capture_key_] = std::move(value);
  }
  void end_capture() {
    capture_stack_.pop_back();
    if (!capture_stack_.empty()) return;
    state_ = capture_return_;
    if (state_ == state::top_value) {
      if (top_key_ == "graph") {
        builder_.set_metadata(captured_.empty() ? std::string() : captured_.dump());
      } else if (top_key_ == "directed" || top_key_ == "multigraph") {
        fail_at("", top_key_, std::string("expected a boolean, got ") + type_name(captured_));
      }
      state_ = state::top;
    } else if (state_ == state::field) {
      if (field_kind_ != field_type::attribute && field_kind_ != field_type::ignored)
        fail_at(element_name(), field_, "expected " + expectation() + ", got " + type_name(captured_));
      if (field_kind_ == field_type::attribute) attrs_[field_] = std::move(captured_);
      state_ = state::element;
    }
  }

  // ---- errors
  std::string element_name() const {
    return (in_nodes_ ? std::string("nodes") : links_name_) + "[" + std::to_string(element_index_) + "]";
  }
  [[noreturn]] void fail_at(const std::string& element, const std::string& field, std::string problem) const {
    throw micgraph::parse_error({.file = file_, .element = element, .field = field}, std::move(problem));
  }
  [[noreturn]] void fail_here(std::string problem) const {
    bool in_element = state_ == state::element || state_ == state::field ||
                      state_ == state::string_list ||
                      (state_ == state::capture && capture_return_ == state::field);
    fail_at(in_element ? element_name() : std::string(), in_element ? field_ : top_key_, std::move(problem));
  }
  [[noreturn]] void rethrow(const build_error& e) const {
    std::string element;
    if (e.type() == build_error::element_type::node)
      element = "nodes[" + std::to_string(e.index()) + "]";
    else if (e.type() == build_error::element_type::edge)
      element = links_name_ + "[" + std::to_string(e.index()) + "]";  // links are added in order
    fail_at(element, e.where().field, e.problem());
  }
  void enter() {
    if (++depth_ > max_depth)
      fail_here("values nested more than " + std::to_string(max_depth) + " deep");
  }
  void leave() { --depth_; }
  std::pair<std::size_t, std::size_t> line_and_column(std::size_t position) const {
    position = std::min(position, text_.size());
    std::size_t line = 1, line_start = 0;
    for (std::size_t i = 0; i < position; ++i)
      if (text_[i] == '\n') ++line, line_start = i + 1;
    return {line, std::max<std::size_t>(1, position - line_start)};
  }

  std::string file_;
  std::string_view text_;
  graph_builder builder_;
  state state_ = state::start;
  std::size_t depth_ = 0;
  std::string top_key_;
  std::set<std::string> top_keys_;
  bool seen_nodes_ = false, seen_links_key_ = false, seen_edges_key_ = false;
  std::string links_name_ = "links";
  bool in_nodes_ = false;
  std::size_t element_index_ = 0;
  std::vector<std::string> element_keys_;
  std::string field_;
  field_name field_id_ = field_name::other;
  field_type field_kind_ = field_type::attribute;
  std::string node_id_, source_, target_;
  bool has_id_ = false, has_kind_ = false, has_source_ = false, has_target_ = false;
  node_fields node_;
  edge_fields edge_;
  ordered_json attrs_ = ordered_json::object();
  ordered_json captured_;
  std::vector<ordered_json*> capture_stack_;
  std::string capture_key_;
  state capture_return_ = state::start;
};

/// What a reader does every MiB of text it has read: report the share read, give the pages
/// before it back (either may be empty).
struct reading_steps {
  std::function<void(double)> progress;
  std::function<void(const char*)> release;
};

/// A character iterator over the text that calls the reading steps every MiB.
class stepping_iterator {
 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  stepping_iterator() = default;
  stepping_iterator(const char* at, std::string_view text, const reading_steps* steps)
      : at_(at), text_(text), steps_(steps), next_step_(at + step) {}
  reference operator*() const { return *at_; }
  stepping_iterator& operator++() {
    if (++at_ == next_step_) {
      if (steps_->progress)
        steps_->progress(parse_share * static_cast<double>(at_ - text_.data()) /
                         static_cast<double>(text_.size()));
      if (steps_->release) steps_->release(at_ - step);
      next_step_ = at_ + step;
    }
    return *this;
  }
  stepping_iterator operator++(int) {
    stepping_iterator before = *this;
    ++*this;
    return before;
  }
  bool operator==(const stepping_iterator& other) const { return at_ == other.at_; }

  static constexpr double parse_share = 0.8;  // the rest: building the frozen graph

 private:
  static constexpr std::ptrdiff_t step = std::ptrdiff_t{1} << 20;
  const char* at_ = nullptr;
  std::string_view text_;
  const reading_steps* steps_ = nullptr;
  const char* next_step_ = nullptr;
};

graph read_node_link(std::string_view text, std::string name, const reading_steps& steps = {}) {
  node_link_reader reader(name, text);
  if (!steps.progress && !steps.release) {
    nlohmann::json::sax_parse(text.begin(), text.end(), &reader);
    return reader.finish();
  }
  nlohmann::json::sax_parse(stepping_iterator(text.data(), text, &steps),
                            stepping_iterator(text.data() + text.size(), text, &steps), &reader);
  if (steps.release) steps.release(text.data() + text.size());
  if (steps.progress) steps.progress(stepping_iterator::parse_share);
  graph g = reader.finish();
  if (steps.progress) steps.progress(1.0);
  return g;
}

// ---- writing

void append_escaped(fmt::memory_buffer& out, std::string_view text) {
  out.push_back('"');
  for (char c : text) {
    switch (c) {
      case '"': out.append(std::string_view("\\\"")); break;
      case '\\': out.append(std::string_view("\\\\")); break;
      case '\n': out.append(std::string_view("\\n")); break;
      case '\r': out.append(std::string_view("\\r")); break;
      case '\t': out.append(std::string_view("\\t")); break;
      default:
        if (static_cast<unsigned char>(c) < 0x20)
          fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<unsigned>(c));
        else
          out.push_back(c);
    }
  }
  out.push_back('"');
}

void append_member(fmt::memory_buffer& out, std::string_view key) {
  out.push_back(',');
  append_escaped(out, key);
  out.push_back(':');
}

template <class Strings>
void append_string_list(fmt::memory_buffer& out, const Strings& items) {
  out.push_back('[');
  bool first = true;
  for (std::string_view item : items) {
    if (!first) out.push_back(',');
    first = false;
    append_escaped(out, item);
  }
  out.push_back(']');
}

// Splices the members of a compact JSON object text after the known fields.
void append_attrs(fmt::memory_buffer& out, std::string_view attrs) {
  if (attrs.size() > 2) {
    out.push_back(',');
    out.append(attrs.substr(1, attrs.size() - 2));
  }
}

void flush(fmt::memory_buffer& buffer, std::ostream& out) {
  out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  buffer.clear();
}

}  // namespace

namespace {

/// The fast reader, and the SAX reader when the fast one declines: the SAX reader then throws
/// the positioned error, or reads the text the fast reader left to it. Progress never goes back.
/// A mapped file's pages are given back behind either reader as it reads (`release`): a large
/// file is never wholly in memory beside the graph being built.
graph read_either(std::string_view text, const std::string& name, const std::function<void(double)>& progress,
                  std::function<void(const char*)> release = {}) {
  double reported = 0.0;
  reading_steps steps{.progress = {}, .release = std::move(release)};
  if (progress) {
    steps.progress = [&](double share) {
      if (share < reported) return;
      reported = share;
      progress(share);
    };
  }
  if (std::optional<graph> g = detail::read_json_fast(text, {.progress = steps.progress, .release = steps.release}))
    return std::move(*g);
  return read_node_link(text, name, steps);
}

}  // namespace

graph read_json(const std::filesystem::path& path, const std::function<void(double)>& progress) {
  file_bytes bytes(path);
  return read_either(bytes.text(), path.string(), progress, [&bytes](const char* at) { bytes.release_before(at); });
}

graph read_json_text(std::string_view text, std::string_view name) {
  return read_either(text, std::string(name), {});
}

void write_json(const graph& g, std::ostream& out, const std::function<void(double)>& progress) {
  fmt::memory_buffer buffer;
  const double elements = std::max<double>(1.0, static_cast<double>(g.node_count() + g.edge_count()));
  auto report = [&](std::size_t done) {
    if (progress) progress(static_cast<double>(done) / elements);
  };
  // -0.0 as `-0.0`: JSON's `-0` is read back as the integer 0, which loses the sign.
  auto number = [&](double value) {
    if (value == 0.0 && std::signbit(value))
      buffer.append(std::string_view("-0.0"));
    else
      fmt::format_to(std::back_inserter(buffer), "{}", value);
  };
  buffer.append(std::string_view("{\"directed\": true, \"multigraph\": true, \"graph\": "));
  buffer.append(g.metadata().empty() ? std::string_view("{}") : g.metadata());
  buffer.append(std::string_view(",\n\"nodes\": ["));
  for (node_index v : g.nodes()) {
    node_view node = g.node(v);
    buffer.append(std::string_view(v == 0 ? "\n{\"id\":" : ",\n{\"id\":"));
    append_escaped(buffer, node.id());
    append_member(buffer, "kind");
    append_escaped(buffer, to_string(node.kind()));
    if (!node.name().empty()) append_member(buffer, "name"), append_escaped(buffer, node.name());
    if (!node.country().empty())
      append_member(buffer, "country"), append_escaped(buffer, node.country());
    if (!node.category().empty())
      append_member(buffer, "category"), append_escaped(buffer, node.category());
    if (!node.tags().empty()) append_member(buffer, "tags"), append_string_list(buffer, node.tags());
    if (node.capacity() != 1.0) append_member(buffer, "capacity"), number(node.capacity());
    if (node.stock_months() != 0.0) append_member(buffer, "stock_months"), number(node.stock_months());
    append_attrs(buffer, node.attrs());
    buffer.push_back('}');
    if (buffer.size() > (1 << 20)) flush(buffer, out), report(v);
  }
  buffer.append(std::string_view("\n],\n\"links\": ["));
  // NetworkX's multigraph key: how many links from the same source to the same target came
  // before. Counters are per target and reset after each source's (contiguous) out-edges.
  std::vector<std::uint32_t> parallel(g.node_count(), 0);
  node_index current_source = no_index;
  for (edge_index e : g.edges()) {
    edge_view edge = g.edge(e);
    if (edge.source() != current_source) {
      if (current_source != no_index)
        for (edge_index f : g.out_edges(current_source)) parallel[g.edge_targets()[f]] = 0;
      current_source = edge.source();
    }
    buffer.append(std::string_view(e == 0 ? "\n{\"source\":" : ",\n{\"source\":"));
    append_escaped(buffer, g.node(edge.source()).id());
    append_member(buffer, "target");
    append_escaped(buffer, g.node(edge.target()).id());
    append_member(buffer, "key");
    fmt::format_to(std::back_inserter(buffer), "{}", parallel[edge.target()]++);
    append_member(buffer, "kind");
    append_escaped(buffer, to_string(edge.kind()));
    if (!edge.input().empty()) append_member(buffer, "input"), append_escaped(buffer, edge.input());
    if (edge.share() != 1.0) append_member(buffer, "share"), number(edge.share());
    if (edge.quality() != 1.0) append_member(buffer, "quality"), number(edge.quality());
    if (edge.confidence() != 1.0) append_member(buffer, "confidence"), number(edge.confidence());
    if (!edge.view().empty()) append_member(buffer, "view"), append_escaped(buffer, edge.view());
    if (!edge.sources().empty())
      append_member(buffer, "sources"), append_string_list(buffer, edge.sources());
    if (auto months = edge.lead_time_months())
      append_member(buffer, "lead_time_months"), number(*months);
    if (auto day = edge.start_date())
      append_member(buffer, "start_date"), append_escaped(buffer, format_date(*day));
    if (auto day = edge.end_date())
      append_member(buffer, "end_date"), append_escaped(buffer, format_date(*day));
    append_attrs(buffer, edge.attrs());
    buffer.push_back('}');
    if (buffer.size() > (1 << 20)) flush(buffer, out), report(g.node_count() + e);
  }
  buffer.append(std::string_view("\n]}\n"));
  flush(buffer, out);
  if (progress) progress(1.0);
}

void write_json(const graph& g, const std::filesystem::path& path,
                const std::function<void(double)>& progress) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw error("cannot write " + path.string() + ": " + std::strerror(errno));
  write_json(g, out, progress);
  out.flush();
  if (!out) throw error("cannot write " + path.string() + ": " + std::strerror(errno));
}

}  // namespace micgraph::io

namespace micgraph::detail {

graph read_json_sax(std::string_view text, const std::string& name,
                    const std::function<void(double)>& progress) {
  return io::read_node_link(text, name, {.progress = progress, .release = {}});
}

}  // namespace micgraph::detail
