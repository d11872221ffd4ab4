#pragma once
// What the binding files of the Python module `micgraph._micgraph` share: handles that keep a
// graph alive for every result made from it, progress callbacks into Python, numpy views.
// The module binds the library only; the Pythonic layer (python/micgraph/__init__.py) turns
// its JSON documents into dicts and pandas frames.

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <functional>
#include <memory>
#include <micgraph/graph.hpp>
#include <micgraph/scenario.hpp>
#include <span>
#include <string>
#include <vector>

namespace micgraph::python {

namespace py = pybind11;

/// A frozen graph and the name messages give it (its file, or `<networkx>`).
struct graph_handle {
  std::shared_ptr<const graph> g;
  std::string name;
};

/// A scenario as written, and where (a file, or `<dict>`), for messages.
struct scenario_handle {
  scenario definition;
  std::string source;
};

/// A scenario compiled against one graph; every result made with it shares it.
struct compiled_handle {
  std::shared_ptr<const graph> g;
  std::string graph_name;
  std::shared_ptr<const compiled_scenario> scenario;
};

/// A (done, total) callback for the library that calls `callback` with the GIL held; empty for
/// None. The caller keeps `callback` alive for the whole call.
std::function<void(std::size_t, std::size_t)> progress_of(const py::object& callback);

/// A read-only numpy view of `values`, kept alive by `owner` (no copy).
template <class T>
py::array_t<T> view_of(std::span<const T> values, py::handle owner) {
  py::array_t<T> out({static_cast<py::ssize_t>(values.size())}, {static_cast<py::ssize_t>(sizeof(T))},
                     values.data(), owner);
  py::detail::array_proxy(out.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
  return out;
}

/// The node numbers of ids; an unknown id is a scenario_error naming `where` and the graph,
/// with the closest id.
std::vector<node_index> node_numbers(const graph_handle& h, const std::vector<std::string>& ids,
                                     const std::string& where);

void bind_graph(py::module_& m);
void bind_analyses(py::module_& m);

}  // namespace micgraph::python
