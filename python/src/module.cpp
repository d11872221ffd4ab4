// The module `micgraph._micgraph`: the library's errors as Python exceptions carrying their
// place, and the registration of the graph and analysis bindings.

#include <micgraph/error.hpp>

#include "bindings.hpp"

namespace micgraph::python {

namespace {

/// The exception types, made once when the module is imported.
struct exception_types {
  PyObject* error = nullptr;
  PyObject* parse_error = nullptr;
  PyObject* scenario_error = nullptr;
};

exception_types& types() {
  static exception_types made;
  return made;
}

/// Text quoted from a bad file may hold invalid UTF-8: replaced, so the error can still be raised.
py::str lenient(const std::string& text) {
  return py::reinterpret_steal<py::str>(
      PyUnicode_DecodeUTF8(text.data(), static_cast<py::ssize_t>(text.size()), "replace"));
}

/// Raises `type` with the message of `e` and its place as attributes: file, line, column,
/// element, field (None when unknown) and problem.
void raise_with_place(PyObject* type, const parse_error& e) {
  const source_location& where = e.where();
  auto text_or_none = [](const std::string& text) -> py::object {
    return text.empty() ? py::object(py::none()) : py::object(lenient(text));
  };
  auto number_or_none = [](std::size_t n) -> py::object {
    return n == 0 ? py::object(py::none()) : py::object(py::int_(n));
  };
  py::object instance = py::reinterpret_borrow<py::object>(type)(lenient(e.what()));
  instance.attr("file") = text_or_none(where.file);
  instance.attr("line") = number_or_none(where.line);
  instance.attr("column") = number_or_none(where.column);
  instance.attr("element") = text_or_none(where.element);
  instance.attr("field") = text_or_none(where.field);
  instance.attr("problem") = lenient(e.problem());
  PyErr_SetObject(type, instance.ptr());
}

}  // namespace

std::function<void(std::size_t, std::size_t)> progress_of(const py::object& callback) {
  if (callback.is_none()) return {};
  PyObject* function = callback.ptr();  // borrowed: the caller holds it for the whole call
  return [function](std::size_t done, std::size_t total) {
    py::gil_scoped_acquire gil;
    py::handle callable{function};
    callable(done, total);  // a Python exception stops the analysis and is raised here
  };
}

}  // namespace micgraph::python

PYBIND11_MODULE(_micgraph, m) {
  namespace py = pybind11;
  using namespace micgraph::python;
  m.doc() = "micgraph's C++ library (binding); use the package `micgraph`, not this module.";
  exception_types& made = types();
  made.error = PyErr_NewExceptionWithDoc(
      "micgraph.Error", "Base of every error micgraph raises (a ValueError).", PyExc_ValueError,
      nullptr);
  made.parse_error = PyErr_NewExceptionWithDoc(
      "micgraph.ParseError",
      "Bad input data: attributes file, line, column, element, field (None when unknown) and "
      "problem name the place.",
      made.error, nullptr);
  made.scenario_error = PyErr_NewExceptionWithDoc(
      "micgraph.ScenarioError",
      "A scenario, filter or id that names unknown things or holds values out of range; a "
      "ParseError with the same attributes.",
      made.parse_error, nullptr);
  m.add_object("Error", py::handle(made.error));
  m.add_object("ParseError", py::handle(made.parse_error));
  m.add_object("ScenarioError", py::handle(made.scenario_error));
  py::register_exception_translator([](std::exception_ptr thrown) {
    try {
      if (thrown) std::rethrow_exception(thrown);
    } catch (const micgraph::scenario_error& e) {
      raise_with_place(types().scenario_error, e);
    } catch (const micgraph::parse_error& e) {
      raise_with_place(types().parse_error, e);
    } catch (const micgraph::error& e) {
      PyErr_SetObject(types().error, lenient(e.what()).ptr());
    }
  });
  bind_graph(m);
  bind_analyses(m);
}
