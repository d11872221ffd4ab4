"""Every public name of the package is documented: the module, each name of ``__all__``, and each
public method, property, class method and attribute (slot) of the public classes, inherited
ones included; constants carry a ``#:`` comment. ``help()`` shows what is found here."""

import inspect
import pathlib
import pydoc
import types

import pytest

from conftest import micgraph


def public_classes():
    return [getattr(micgraph, name) for name in micgraph.__all__
            if inspect.isclass(getattr(micgraph, name))]


def documented_class(cls):
    """Whether the package defines the class's members (the exceptions come from the binding,
    their members from ValueError)."""
    return not issubclass(cls, BaseException)


def members(cls):
    """(name, the object holding the docstring) of the public members the package defines on
    cls or a base of it."""
    found = []
    for name in sorted(dir(cls)):
        if name.startswith("_"):
            continue
        owner = next(klass for klass in cls.__mro__ if name in vars(klass))
        if owner is object or owner.__module__ != micgraph.__name__:
            continue
        static = inspect.getattr_static(cls, name)
        if isinstance(static, (property, types.MemberDescriptorType)):
            found.append((name, static))
        else:
            found.append((name, getattr(cls, name)))
    return found


def test_module_has_a_docstring():
    assert inspect.getdoc(micgraph)


@pytest.mark.parametrize("name", micgraph.__all__)
def test_public_name_is_documented(name):
    value = getattr(micgraph, name)
    if inspect.isclass(value) or callable(value):
        assert inspect.getdoc(value), f"micgraph.{name} has no docstring"
        return
    # A constant: its assignment is preceded by a `#:` comment (Sphinx's autodoc convention).
    source = pathlib.Path(micgraph.__file__).read_text(encoding="utf-8").split("\n")
    line = next((i for i, text in enumerate(source) if text.startswith(f"{name}")
                 and text[len(name):].lstrip().startswith((":", "="))), None)
    assert line is not None, f"micgraph.{name}: no assignment at the top level of {micgraph.__file__}"
    assert line > 0 and source[line - 1].startswith("#:"), f"micgraph.{name} has no #: comment"


@pytest.mark.parametrize("cls", [c for c in public_classes() if documented_class(c)],
                         ids=lambda c: c.__name__)
def test_public_members_are_documented(cls):
    undocumented = [name for name, holder in members(cls) if not inspect.getdoc(holder)]
    assert not undocumented, f"micgraph.{cls.__name__}: no docstring on {', '.join(undocumented)}"


@pytest.mark.parametrize("cls", [c for c in public_classes() if documented_class(c)],
                         ids=lambda c: c.__name__)
def test_help_shows_every_member_docstring(cls):
    shown = pydoc.plain(pydoc.render_doc(cls))
    missing = [name for name, holder in members(cls)
               if inspect.getdoc(holder) and inspect.getdoc(holder).split("\n")[0] not in shown]
    assert not missing, f"help(micgraph.{cls.__name__}) does not show the docstring of {missing}"


def test_the_walk_finds_the_members_named_in_issue_16():
    found = {f"{cls.__name__}.{name}" for cls in public_classes() if documented_class(cls)
             for name, _ in members(cls)}
    assert {"Graph.node_count", "Graph.edge_count", "Scenario.name", "Scenario.to_json",
            "TimelineResult.months", "ChokepointsResult.unavailable_targets",
            "ChokepointsResult.articulation_points", "ChokepointsResult.bridges",
            "ChokepointsResult.warnings", "ChokepointsResult.to_dict", "ChokepointsResult.graph",
            "CompiledScenario.scenario", "Picture.svg", "Scenario.from_dict"} <= found
