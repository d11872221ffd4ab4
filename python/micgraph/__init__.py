"""micgraph from Python: supply dependencies of military-industrial complexes, and what
sanctions do to them.

A graph of firms, plants, CNC machine tools, components, materials, services and weapon
systems; a node needs every component, tool and service that points at it and any one of its
providers (DESIGN §2). Load one, state a sanction as a scenario, and ask what it does::

    import micgraph
    g = micgraph.load("data/cruise-missile-cnc.json")
    ban = micgraph.Scenario.load("data/scenarios/g7-cnc-ban.json")
    result = g.impact(ban)
    result.products            # pandas: products ranked by capacity lost
    print(result.explain("kh-101"))

Everything is computed by micgraph's C++ library (the module ``micgraph._micgraph``), the
same calls the command line makes: ``to_dict()`` of a result is the command line's ``--json``
document and ``str()`` its table. Long calls release the GIL, and take ``threads=`` where the
work is spread over cores and ``progress=``, a callable ``progress(done, total)``.

Errors: :class:`Error` (a ``ValueError``) and its subclasses :class:`ParseError` (bad input
data) and :class:`ScenarioError` (a scenario, filter or id naming unknown things; itself a
ParseError). Both carry ``file``, ``line``, ``column``, ``element``, ``field`` (None when
unknown) and ``problem``.

numpy is needed; pandas for the frames and NetworkX for :func:`from_networkx` and
:meth:`Graph.to_networkx` are imported when first used.
"""

from __future__ import annotations

import json
import os
import re
import warnings
import weakref
from typing import Any, Callable, Iterable, Mapping, Optional, Sequence, Union

import numpy as np

from . import _micgraph as _m

__all__ = [
    "Error", "ParseError", "ScenarioError", "Graph", "Scenario", "CompiledScenario",
    "ImpactResult", "Explanation", "TimelineResult", "ViewsResult", "ChokepointsResult",
    "DesignResult", "OwnershipResult", "Picture", "load", "from_networkx", "from_json",
    "generate", "NODE_KINDS", "EDGE_KINDS", "LAYOUT_ENGINES",
]

Error = _m.Error
ParseError = _m.ParseError
ScenarioError = _m.ScenarioError
for _attribute in ("file", "line", "column", "element", "field", "problem"):
    setattr(Error, _attribute, None)  # class defaults; the library's errors set their own

#: The node kinds, in the order of their codes in :meth:`Graph.nodes_frame` (categorical).
NODE_KINDS: tuple = tuple(_m.node_kinds)
#: The edge kinds; every kind but ``owns`` and ``controls`` is a dependency.
EDGE_KINDS: tuple = tuple(_m.edge_kinds)
#: The Graphviz layout engines pictures may use.
LAYOUT_ENGINES: tuple = tuple(_m.layout_engines)

Progress = Optional[Callable[[int, int], Any]]
PathLike = Union[str, "os.PathLike[str]"]
ScenarioLike = Union["Scenario", "CompiledScenario", Mapping[str, Any], PathLike]


def _pandas():
    import pandas
    return pandas


def _error(kind: type, message: str, *, file: Optional[str] = None,
           element: Optional[str] = None, field: Optional[str] = None,
           problem: Optional[str] = None) -> Error:
    """An error raised from the Python side, with its place as the library's errors have it."""
    e = kind(message)
    e.file, e.element, e.field, e.problem = file, element, field, problem or message
    return e


def _renamed(value: Any, call: str, old: str, new: str) -> Any:
    """The value of an argument given under its old name, with a DeprecationWarning naming the
    new one (the names of the command line's options, README "Options and status lines")."""
    warnings.warn(f"{call}: '{old}' is now '{new}'; the old name will be removed in the next "
                  f"release", DeprecationWarning, stacklevel=3)
    return value


def _ids(ids: Union[None, str, Iterable[str]]) -> list:
    if ids is None:
        return []
    if isinstance(ids, str):
        return [ids]
    return [str(i) for i in ids]


# --- scenarios -------------------------------------------------------------------------------

class Scenario:
    """A sanction scenario (DESIGN §2): a name, evidence filters (``min_confidence``, ``views``)
    and cut ``rules``, each selecting nodes or edges and an ``enforcement``.

    Make one with :meth:`from_dict` or :meth:`load`; a scenario is immutable, so a graph
    compiles it once and reuses the compiled form for every analysis.
    """

    __slots__ = ("_s", "__weakref__")

    def __init__(self, handle: "_m.Scenario"):
        self._s = handle

    @classmethod
    def from_dict(cls, definition: Mapping[str, Any], name: str = "<dict>") -> "Scenario":
        """A scenario from a dict shaped like a scenario file. Raises :class:`ScenarioError`
        naming ``name`` and the field (``rules[2].from``) for anything malformed or unknown."""
        if not isinstance(definition, Mapping):
            raise _error(ScenarioError, f"{name}: expected a dict, got {type(definition).__name__}",
                         file=name)
        try:
            text = json.dumps(definition, default=_json_value)
        except (TypeError, ValueError) as e:
            raise _error(ScenarioError, f"{name}: cannot be written as JSON: {e}", file=name) from None
        return cls(_m.read_scenario_text(text, name))

    @classmethod
    def from_json(cls, text: str, name: str = "<memory>") -> "Scenario":
        """A scenario from the text of a scenario file."""
        return cls(_m.read_scenario_text(text, name))

    @classmethod
    def load(cls, path: PathLike) -> "Scenario":
        """Reads a scenario file; errors name the file, line and column or the field."""
        return cls(_m.read_scenario(os.fspath(path)))

    @property
    def name(self) -> str:
        """The scenario's ``name`` field (a str, ``""`` when it has none); explanations and
        exports name the scenario by it."""
        return self._s.name

    @property
    def source(self) -> str:
        """The file it was read from, or ``<dict>``."""
        return self._s.source

    def to_dict(self) -> dict:
        """The scenario as a dict, fields at their defaults left out."""
        return json.loads(self._s.json_text())

    def to_json(self) -> str:
        """The scenario as the JSON text of a scenario file (a str), fields at their defaults
        left out; :meth:`from_json` reads it back."""
        return self._s.json_text()

    def __repr__(self) -> str:
        return f"<micgraph.Scenario {self.name!r} from {self.source}, {self._s.rule_count} rules>"


class CompiledScenario:
    """A scenario compiled against one graph: per-node and per-edge multipliers. Made by
    :meth:`Graph.compile` (cached per scenario)."""

    __slots__ = {"_c": None, "graph": "The :class:`Graph` it was compiled against.",
                 "scenario": "The :class:`Scenario` compiled."}

    def __init__(self, handle: "_m.CompiledScenario", graph: "Graph", scenario: Scenario):
        self._c, self.graph, self.scenario = handle, graph, scenario

    @property
    def warnings(self) -> list:
        """Rules that match nothing, countries or tags no node has."""
        return list(self._c.warnings)

    @property
    def rule_hits(self) -> list:
        """How many nodes (node rules) or edges (edge rules) each rule hit."""
        return list(self._c.rule_hits)

    @property
    def node_alive(self) -> np.ndarray:
        """alive(v) per node in node order: the product of (1 - enforcement) of the node rules
        hitting it (a read-only view)."""
        return self._c.node_alive

    def __repr__(self) -> str:
        return f"<micgraph.CompiledScenario {self._c.name!r}: rule hits {self.rule_hits}>"


def _as_scenario(scenario: ScenarioLike) -> Scenario:
    if isinstance(scenario, Scenario):
        return scenario
    if isinstance(scenario, Mapping):
        return Scenario.from_dict(scenario)
    if isinstance(scenario, (str, os.PathLike)):
        return Scenario.load(scenario)
    raise TypeError(f"expected a Scenario, a dict or a path, got {type(scenario).__name__}")


def _json_value(value: Any) -> Any:
    """JSON for the values numpy, sets and tuples put in attributes."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"a value of type {type(value).__name__} ({value!r:.40})")


# --- results ---------------------------------------------------------------------------------

class _Report:
    """A result kept as the library's JSON document and table."""

    __slots__ = {"graph": "The :class:`Graph` analysed.", "_json": None, "_text": None,
                 "_dict": None}

    def __init__(self, graph: "Graph", report: "_m.Report"):
        self.graph, self._json, self._text, self._dict = graph, report.json, report.text, None

    def to_dict(self) -> dict:
        """The command line's ``--json`` document of the same call."""
        return json.loads(self._json)

    def _doc(self) -> dict:
        if self._dict is None:
            self._dict = json.loads(self._json)
        return self._dict

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        return f"<micgraph.{type(self).__name__}: print() for the table, to_dict() for all>"


def _frame(rows: list, columns: Sequence[str], index: Optional[str] = None):
    frame = _pandas().DataFrame(rows, columns=list(columns))
    return frame.set_index(index) if index else frame


class Explanation:
    """Why one node lost capacity: the short requirement slots, the cut edges and the rules
    behind them. ``str()`` is the command line's ``--explain`` tree; :meth:`to_list` its JSON."""

    __slots__ = {"node": "The id of the node explained (a str).", "_json": None, "_text": None}

    def __init__(self, node: str, json_text: str, text: str):
        self.node, self._json, self._text = node, json_text, text

    def to_list(self) -> list:
        """The explanation as JSON data: the nodes with their slots and edges."""
        return json.loads(self._json)

    def __bool__(self) -> bool:
        return bool(self._text)

    def __str__(self) -> str:
        return self._text or f"{self.node} lost nothing under this scenario\n"

    def __repr__(self) -> str:
        return f"<micgraph.Explanation of {self.node}: print() for the tree>"


class ImpactResult:
    """Baseline vs scenario capacity of every node (DESIGN §3), products ranked by loss, the
    losses attributable to each country's and category's cut inputs, and explanations.

    ``baseline`` and ``capacity`` are read-only numpy views of the library's arrays, in node
    order (``graph.ids()``); nothing is copied per node.
    """

    __slots__ = {"graph": "The :class:`Graph` analysed.",
                 "scenario": "The :class:`CompiledScenario` it ran on.", "_h": None, "_dict": None}

    def __init__(self, graph: "Graph", scenario: CompiledScenario, handle: "_m.Impact"):
        self.graph, self.scenario, self._h, self._dict = graph, scenario, handle, None

    @property
    def baseline(self) -> np.ndarray:
        """Capacity fraction of every node with no cuts (node order)."""
        return self._h.baseline

    @property
    def capacity(self) -> np.ndarray:
        """Capacity fraction of every node under the scenario (node order)."""
        return self._h.capacity

    @property
    def loss(self) -> np.ndarray:
        """baseline - capacity (a new array)."""
        return self._h.baseline - self._h.capacity

    @property
    def total_loss(self) -> float:
        """Capacity lost summed over the ranked nodes (products by default)."""
        return self._h.total_loss

    def frame(self):
        """Every node: a DataFrame indexed by id with kind, baseline, capacity and loss."""
        g = self.graph
        kinds = _pandas().Categorical.from_codes(g._g.kind_codes(), NODE_KINDS)
        frame = _pandas().DataFrame({"kind": kinds, "baseline": self.baseline,
                                     "capacity": self.capacity, "loss": self.loss},
                                    index=_pandas().Index(g.ids(), name="id"))
        return frame

    @property
    def products(self):
        """The ranked nodes (products by default), largest loss first: a DataFrame indexed by
        id with name, country, baseline, capacity and loss."""
        g = self.graph._g
        rows = []
        for v in self._h.ranked:
            node = g.node(int(v))
            rows.append((node["id"], node["name"], node["country"], float(self.baseline[v]),
                         float(self.capacity[v]), float(self.baseline[v] - self.capacity[v])))
        return _frame(rows, ["id", "name", "country", "baseline", "capacity", "loss"], "id")

    def _aggregates(self, key: str):
        return _frame([(a["key"], a["loss"], a["nodes"]) for a in self._doc()[key]],
                      ["key", "loss", "nodes"], "key")

    @property
    def attributed_to_country(self):
        """Loss over the ranked nodes when only the cuts on inputs from each country apply."""
        return self._aggregates("attributed_to_country")

    @property
    def attributed_to_category(self):
        """Loss over the ranked nodes when only the cuts on inputs of each category apply."""
        return self._aggregates("attributed_to_category")

    @property
    def loss_by_country(self):
        """Loss over the ranked nodes grouped by the node's own country."""
        return self._aggregates("loss_by_country")

    @property
    def loss_by_category(self):
        """Loss over the ranked nodes grouped by the node's own category."""
        return self._aggregates("loss_by_category")

    @property
    def monte_carlo(self):
        """With ``samples=``: mean, p05, p95 and p_stop of every node's capacity over the
        samples, a DataFrame indexed by id; None without."""
        if self._h.samples == 0:
            return None
        rows = [(n["id"], n["mean"], n["p05"], n["p95"], n["p_stop"]) for n in self._doc()["nodes"]]
        return _frame(rows, ["id", "mean", "p05", "p95", "p_stop"], "id")

    def explain(self, node: str, *, max_nodes: int = 500) -> Explanation:
        """Why ``node`` lost capacity: the chain back to the rules that cut it."""
        v = self.graph.index(node)
        json_text, text = self._h.explain(v, max_nodes)
        return Explanation(node, json_text, text)

    def _doc(self) -> dict:
        if self._dict is None:
            self._dict = json.loads(self._h.json_text())
        return self._dict

    def to_dict(self) -> dict:
        """The command line's ``micgraph impact --json`` document of the same call."""
        return json.loads(self._h.json_text())

    def text(self, top: int = 15) -> str:
        """The command line's table, ``top`` products listed."""
        return self._h.text(top, self.scenario.scenario.source)

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        return (f"<micgraph.ImpactResult of {self.scenario.scenario.name!r}: total loss "
                f"{self.total_loss:.3f} over {len(self._h.ranked)} products>")


class TimelineResult:
    """Capacity month by month after a cut (month 0 the baseline, the cut acting from month 1)."""

    __slots__ = {"graph": "The :class:`Graph` analysed.", "_t": None, "_dict": None}

    def __init__(self, graph: "Graph", handle: "_m.Timeline"):
        self.graph, self._t, self._dict = graph, handle, None

    @property
    def months(self) -> int:
        """The months simulated after the cut (an int N): :attr:`capacity` has N + 1 columns,
        month 0 the baseline."""
        return self._t.months

    @property
    def capacity(self) -> np.ndarray:
        """Recorded nodes x (months + 1), a read-only view."""
        return self._t.capacity

    @property
    def nodes(self) -> list:
        """The recorded node ids, in the rows' order."""
        return [self.graph._g.id(v) for v in self._t.nodes]

    def frame(self):
        """A DataFrame of months (rows, 0..N) by recorded nodes (columns)."""
        pandas = _pandas()
        return pandas.DataFrame(self.capacity.T, index=pandas.RangeIndex(self.months + 1, name="month"),
                                columns=pandas.Index(self.nodes, name="id"))

    @property
    def first_month_below_half(self) -> dict:
        """Per recorded node, the first month below half its baseline, or None."""
        return {n["id"]: n["first_month_below_half"] for n in self._doc()["nodes"]}

    def _doc(self) -> dict:
        if self._dict is None:
            self._dict = json.loads(self._t.json_text())
        return self._dict

    def to_dict(self) -> dict:
        """The command line's ``micgraph timeline --json`` document."""
        return json.loads(self._t.json_text())

    def to_csv(self) -> str:
        """The command line's ``--csv`` table."""
        return self._t.csv()

    def picture(self, title: str = "") -> "Picture":
        """The command line's ``--plot`` chart."""
        return Picture(self._t.svg(title or self._doc()["scenario"]))

    def __str__(self) -> str:
        return self._t.text("")


class ViewsResult(_Report):
    """One run per source view, the nodes where the accounts disagree most first."""

    __slots__ = ()

    def frame(self):
        """Capacity under the scenario per view (columns) of every node (rows, largest spread
        first), with the spread."""
        doc = self._doc()
        rows = [dict(id=n["id"], **n["capacity"], spread=n["spread"]) for n in doc["nodes"]]
        return _frame(rows, ["id", *doc["views"], "spread"], "id")


class ChokepointsResult(_Report):
    """Single points of failure, the ranking, pairs, concentration, articulation points and
    bridges, betweenness and cheapest cuts, as ``micgraph chokepoints`` reports them."""

    __slots__ = ()

    @property
    def single_points(self) -> dict:
        """Per available target, its single points of failure (ids, node order)."""
        return {t["id"]: t["single_points"] for t in self._doc()["targets"]}

    @property
    def unavailable_targets(self) -> list:
        """Ids of the targets that cannot be made even with no cuts (a requirement with no
        available input), in the targets' order; :attr:`single_points` leaves them out."""
        return list(self._doc()["unavailable_targets"])

    @property
    def ranking(self):
        """Nodes by targets stopped, then capacity removed."""
        return _frame([(r["id"], r["kind"], r["country"], r["targets_stopped"], r["capacity_removed"])
                       for r in self._doc()["ranking"]],
                      ["id", "kind", "country", "targets_stopped", "capacity_removed"], "id")

    @property
    def pairs(self):
        """Order-2 pairs: two nodes, neither a single point, whose joint loss stops targets."""
        return _frame([(p["a"], p["b"], p["targets_stopped"]) for p in self._doc()["pairs"]],
                      ["a", "b", "targets_stopped"])

    @property
    def concentration(self):
        """Supply concentration (HHI) per category."""
        rows = self._doc()["concentration"]
        columns = list(rows[0].keys()) if rows else ["category", "suppliers", "hhi_firms",
                                                       "hhi_countries", "top_country",
                                                       "top_country_share"]
        return _frame([[r[c] for c in columns] for r in rows], columns, "category")

    @property
    def articulation_points(self) -> list:
        """Ids of the nodes whose removal disconnects part of the undirected dependency graph
        (``owns`` and ``controls`` edges left out), node order."""
        return list(self._doc()["articulation_points"])

    @property
    def bridges(self):
        """Dependency links whose loss disconnects the undirected dependency graph: a DataFrame
        with columns ``a`` and ``b`` (the ids of the two ends, ``a`` first in node order),
        sorted by (a, b); two nodes joined by several edges are never a bridge."""
        return _frame([(b["a"], b["b"]) for b in self._doc()["bridges"]], ["a", "b"])

    @property
    def betweenness(self):
        """Betweenness of every node, highest first (a pandas Series)."""
        doc = self._doc()["betweenness"]
        return _pandas().Series([b["score"] for b in doc], index=_pandas().Index(
            [b["id"] for b in doc], name="id"), name="betweenness", dtype=float)

    @property
    def min_cuts(self) -> list:
        """The cheapest cut of each ``min_cut`` target: ``{"target", "cut", "cost", "exact", ...}``."""
        return list(self._doc()["min_cuts"])

    @property
    def cut_sets(self) -> Optional[dict]:
        """Minimal cut sets (order 3 or more, or ``count_only``)."""
        return self._doc().get("cut_sets")

    @property
    def warnings(self) -> list:
        """The report's warnings as strs: filters (``rank``, ``cuttable``, evidence) naming
        countries or tags no node has, bad or missing costs, a graph with no product."""
        return list(self._doc()["warnings"])


class DesignResult(_Report):
    """Greedy sanction design: the cuts with the largest marginal loss of target capacity."""

    __slots__ = ()

    @property
    def picks(self):
        """The picks in order, each with its gain, the capacity remaining and targets stopped."""
        rows = []
        for p in self._doc()["picks"]:
            what = p["id"] if "id" in p else f"{p['edge']['source']} -> {p['edge']['target']}"
            rows.append((what, p["gain"], p["remaining"], p["targets_stopped"]))
        return _frame(rows, ["cut", "gain", "remaining", "targets_stopped"])


class OwnershipResult(_Report):
    """Who a listing blocks through ownership and control under a rule (OFAC, EU, UK)."""

    __slots__ = ()

    @property
    def blocked(self):
        """Every blocked entity: hops from the listing and whether it is listed itself."""
        return _frame([(b["id"], b["kind"], b["country"], b["name"], b["hops"], b["listed"])
                       for b in self._doc()["blocked"]],
                      ["id", "kind", "country", "name", "hops", "listed"], "id")


class Picture:
    """An SVG picture; shows inline in Jupyter (``_repr_svg_``)."""

    __slots__ = {"svg": "The SVG document (a str)."}

    def __init__(self, svg: str):
        self.svg = svg

    def _repr_svg_(self) -> str:
        return self.svg

    def save(self, path: PathLike) -> None:
        """Writes the SVG text to ``path`` (UTF-8)."""
        with open(path, "w", encoding="utf-8") as out:
            out.write(self.svg)

    def __str__(self) -> str:
        return self.svg

    def __repr__(self) -> str:
        return f"<micgraph.Picture: SVG, {len(self.svg)} characters>"


# --- graphs ----------------------------------------------------------------------------------

_TEXT_FORMATS = {"dot", "svg", "graphml", "json"}


class Graph:
    """A frozen, immutable supply graph (DESIGN §2): typed nodes and edges, requirement slots,
    nodes numbered in topological order of the condensation.

    Nodes are looked up by id (``g.node("kh-101")``, ``"kh-101" in g``); arrays such as
    :attr:`ImpactResult.capacity` are in node order, ``g.ids()``.
    """

    __slots__ = ("_g", "_compiled", "_ids", "__weakref__")

    def __init__(self, handle: "_m.Graph"):
        self._g = handle
        self._compiled = weakref.WeakKeyDictionary()
        self._ids = None

    # identity and lookups

    @property
    def name(self) -> str:
        """The file it was loaded from, or ``<networkx>``, ``<generated>``: how messages name it."""
        return self._g.name

    @property
    def node_count(self) -> int:
        """The number of nodes (an int; ``len(g)``): per-node arrays have this length."""
        return self._g.node_count

    @property
    def edge_count(self) -> int:
        """The number of edges (an int), of every kind: dependencies, ``owns`` and
        ``controls``; parallel edges each count."""
        return self._g.edge_count

    @property
    def metadata(self) -> dict:
        """The graph-level object of the node-link file (``name``, ``description``, ...)."""
        text = self._g.metadata
        return json.loads(text) if text else {}

    def __len__(self) -> int:
        return self._g.node_count

    def __contains__(self, node: object) -> bool:
        return isinstance(node, str) and self._g.find(node) >= 0

    def __repr__(self) -> str:
        return f"<micgraph.Graph {self.name}: {self.node_count} nodes, {self.edge_count} edges>"

    def ids(self) -> list:
        """Every node id in node order (the order of every per-node array)."""
        if self._ids is None:
            self._ids = self._g.ids()
        return list(self._ids)

    def index(self, node: str) -> int:
        """The node number of an id. An unknown id is a :class:`ScenarioError` with the closest
        id of the graph."""
        return self._g.node_numbers([node], "id")[0]

    def node(self, node: str) -> dict:
        """Every field of a node: id, kind, name, country, category, tags, capacity,
        stock_months, attrs (JSON text)."""
        return self._g.node(self.index(node))

    def in_edges(self, node: str) -> list:
        """The edges into a node (what it needs), each as a dict of its fields."""
        return [self._g.edge(e) for e in self._g.in_edges(self.index(node))]

    def out_edges(self, node: str) -> list:
        """The edges out of a node (what needs it), each as a dict of its fields."""
        return [self._g.edge(e) for e in self._g.out_edges(self.index(node))]

    def select(self, filter: str) -> list:
        """The ids a node filter selects, in the command line's language:
        ``field=value,value;field=value`` with ``ids``, ``kinds``, ``countries``,
        ``categories`` (shell globs) and ``tags``, e.g. ``"kinds=firm;countries=DE,JP"``."""
        nodes, _warnings = self._g.select(filter, "filter")
        return [self._g.id(v) for v in nodes]

    def products(self) -> list:
        """Every product id: the default targets of the analyses."""
        return [self._g.id(v) for v in self._g.products()]

    # frames and checks

    def nodes_frame(self):
        """Every node as a pandas DataFrame indexed by id: kind (categorical), name, country,
        category, tags (lists), capacity, stock_months, attrs (JSON text or None)."""
        pandas = _pandas()
        columns = self._g.node_columns()
        ids = columns.pop("id")
        columns["kind"] = pandas.Categorical.from_codes(columns["kind"], NODE_KINDS)
        columns["capacity"] = np.array(columns["capacity"])
        columns["stock_months"] = np.array(columns["stock_months"])
        return pandas.DataFrame(columns, index=pandas.Index(ids, name="id"))

    def edges_frame(self):
        """Every edge as a pandas DataFrame: source, target (ids), kind (categorical), input,
        share, quality, confidence, view, sources (lists), lead_time_months (NaN when absent),
        start_date, end_date, attrs."""
        pandas = _pandas()
        columns = self._g.edge_columns()
        ids = np.array(self.ids(), dtype=object)
        columns["source"] = ids[columns["source"]] if len(ids) else columns["source"]
        columns["target"] = ids[columns["target"]] if len(ids) else columns["target"]
        columns["kind"] = pandas.Categorical.from_codes(columns["kind"], EDGE_KINDS)
        return pandas.DataFrame(columns)

    def validate(self) -> dict:
        """The command line's ``micgraph validate --json``: errors and warnings (nodes never
        producible, orphans, dependency cycles, mixed provider slots)."""
        return json.loads(self._g.validate_json())

    def stats(self) -> dict:
        """The command line's ``micgraph stats --json``: counts and structure."""
        return json.loads(self._g.stats_json())

    # files and interchange

    def save(self, path: PathLike, *, progress: Progress = None) -> None:
        """Saves as node-link ``.json``, as a ``.mgb`` snapshot or, for any other path, as a CSV
        directory. ``progress(done, 1000)``."""
        self._g.save(os.fspath(path), progress)

    def to_json(self) -> str:
        """The node-link JSON text (``networkx.node_link_graph`` reads it)."""
        return self._g.json_text()

    def to_networkx(self):
        """The graph as a ``networkx.MultiDiGraph``: node and edge attributes named as in the
        files (DESIGN §2), the graph's metadata in ``G.graph``; every field present, defaults
        filled in."""
        import networkx
        data = json.loads(self.to_json())
        for node in data["nodes"]:
            for key, value in (("name", ""), ("country", ""), ("category", ""), ("tags", []),
                               ("capacity", 1.0), ("stock_months", 0.0)):
                node.setdefault(key, value)
        for link in data["links"]:
            for key, value in (("share", 1.0), ("quality", 1.0), ("confidence", 1.0)):
                link.setdefault(key, value)
        return networkx.node_link_graph(data, directed=True, multigraph=True)

    # scenarios and analyses

    def compile(self, scenario: ScenarioLike) -> CompiledScenario:
        """Compiles a scenario against this graph (once per Scenario object: cached).
        Raises :class:`ScenarioError` naming the scenario's file for an unknown id or view."""
        if isinstance(scenario, CompiledScenario):
            if scenario.graph is not self:
                raise _error(Error, "the scenario was compiled against another graph")
            return scenario
        scenario = _as_scenario(scenario)
        compiled = self._compiled.get(scenario)
        if compiled is None:
            compiled = CompiledScenario(_m.compile(self._g, scenario._s), self, scenario)
            self._compiled[scenario] = compiled
        return compiled

    def impact(self, scenario: ScenarioLike, *, explain: Union[str, Iterable[str]] = (),
               samples: int = 0, seed: int = 1, threads: int = 0, attribute: bool = True,
               ranked_kinds: Iterable[str] = (), progress: Progress = None) -> ImpactResult:
        """Baseline vs scenario capacity of every node, products ranked by loss, losses
        attributable to each country's and category's cuts (``attribute``), explanations of the
        ``explain`` nodes, and with ``samples`` a Monte Carlo over edge confidence and rule
        enforcement ranges (``threads`` workers, ``progress(done, samples)``). Linear in nodes +
        edges (plus the attribution's incremental propagations, and samples x one propagation)."""
        compiled = self.compile(scenario)
        handle = _m.impact(compiled._c, _ids(explain), samples, seed, threads, attribute,
                           list(ranked_kinds), progress)
        return ImpactResult(self, compiled, handle)

    def monte_carlo(self, scenario: ScenarioLike, *, samples: int = 1000, seed: int = 1,
                    threads: int = 0, nodes: Union[None, str, Iterable[str]] = None,
                    progress: Progress = None):
        """The distribution of capacity under the scenario over ``samples`` worlds (each edge
        kept with probability ``confidence``, each rule's enforcement drawn from its range):
        mean, p05, p95, p_stop and baseline_mean per recorded node (default: every node), a
        DataFrame indexed by id. The same for a seed on any number of threads."""
        compiled = self.compile(scenario)
        doc = json.loads(_m.monte_carlo(compiled._c, samples, seed, threads, _ids(nodes), progress))
        return _frame([(n["id"], n["mean"], n["p05"], n["p95"], n["p_stop"], n["baseline_mean"])
                       for n in doc["nodes"]],
                      ["id", "mean", "p05", "p95", "p_stop", "baseline_mean"], "id")

    def compare_views(self, scenario: ScenarioLike, views: Iterable[str], *,
                      top: int = 15) -> ViewsResult:
        """The scenario once per source view (``western``, ``russian``, ``chinese``...), the
        nodes where the views disagree most first. ``top`` rows in ``str()``."""
        scenario = _as_scenario(scenario)
        return ViewsResult(self, _m.compare_views(self._g, scenario._s, _ids(views), top))

    def timeline(self, scenario: ScenarioLike, *, months: int = 24,
                 nodes: Union[None, str, Iterable[str]] = None, mean_life_months: float = 0.0,
                 ramp_months: float = 6.0, edge_attributes: bool = True,
                 progress: Progress = None) -> TimelineResult:
        """Capacity month by month after the cut: stocks run down, unserviced machine tools wear
        out (``mean_life_months`` for services edges without their own), substitutes arrive
        after their lead time (ramping over ``ramp_months``). Records ``nodes`` (default: every
        product). ``progress(months done, months)``."""
        compiled = self.compile(scenario)
        return TimelineResult(self, _m.timeline(compiled._c, months, _ids(nodes), mean_life_months,
                                                ramp_months, edge_attributes, progress))

    def _evidence(self, min_confidence: float, views: Iterable[str]) -> Optional[CompiledScenario]:
        views = _ids(views)
        if min_confidence == 0 and not views:
            return None
        return self.compile(Scenario.from_dict({"min_confidence": min_confidence, "views": views,
                                                "rules": []},
                                               name="evidence filters"))

    def chokepoints(self, targets: Union[None, str, Iterable[str]] = None, *, order: int = 1,
                    rank: Optional[str] = None, min_cut: Union[str, Iterable[str]] = (),
                    cuttable: Optional[str] = None, cost_attribute: str = "",
                    max_candidates: int = 1000, max_pairs: int = 10000, count_only: bool = False,
                    max_sets: int = 100000, betweenness_samples: Optional[int] = None,
                    exact_betweenness: int = 20000, seed: int = 1, min_confidence: float = 0.0,
                    views: Iterable[str] = (), threads: int = 0, top: int = 10,
                    progress: Progress = None, _analyses: Sequence[str] = (),
                    candidates: Optional[int] = None) -> ChokepointsResult:
        """Every chokepoint analysis, as ``micgraph chokepoints``: each target's (default: every
        product) single points of failure, a ranking of nodes by targets stopped and capacity
        removed (``rank``: only the nodes a filter selects), ``order`` 2 pairs (3+: minimal cut
        sets over the ``cuttable`` nodes), supply concentration, articulation points and
        bridges, betweenness (exact up to ``exact_betweenness`` nodes, else sampled) and the
        cheapest cut of each ``min_cut`` target (costs from the node attribute
        ``cost_attribute``). Evidence filters: ``min_confidence``, ``views``. The ranking
        considers the single points and the ``max_candidates`` nodes with the largest downstream
        cones (``candidates``: the old name, deprecated)."""
        if candidates is not None:
            max_candidates = _renamed(candidates, "chokepoints", "candidates", "max_candidates")
        evidence = self._evidence(min_confidence, views)
        report = _m.chokepoints(self._g, _ids(targets), order, max_pairs, count_only, max_sets,
                                max_candidates, rank, _ids(min_cut), cuttable, cost_attribute,
                                betweenness_samples, exact_betweenness, seed,
                                evidence._c if evidence else None, threads, list(_analyses), top,
                                progress)
        return ChokepointsResult(self, report)

    def single_points(self, targets: Union[None, str, Iterable[str]] = None, *,
                      threads: int = 0, **evidence) -> dict:
        """Per target (default: every product), the nodes whose loss alone stops it: order-1
        minimal cut sets of the AND/OR graph. Targets unavailable with no cuts are left out."""
        return self.chokepoints(targets, threads=threads, _analyses=["single_points"],
                                **evidence).single_points

    def ranking(self, targets: Union[None, str, Iterable[str]] = None, *,
                rank: Optional[str] = None, max_candidates: int = 1000, threads: int = 0,
                progress: Progress = None, candidates: Optional[int] = None, **evidence):
        """Nodes by how many targets their loss alone stops and how much target capacity it
        removes (every single point and the ``max_candidates`` nodes with the largest downstream
        cones; ``rank`` a filter restricting them; ``candidates``: the old name, deprecated)."""
        if candidates is not None:
            max_candidates = _renamed(candidates, "ranking", "candidates", "max_candidates")
        return self.chokepoints(targets, rank=rank, max_candidates=max_candidates, threads=threads,
                                progress=progress, _analyses=["ranking"], **evidence).ranking

    def pairs(self, targets: Union[None, str, Iterable[str]] = None, *, max_pairs: int = 10000,
              progress: Progress = None, **evidence):
        """Pairs of nodes, neither a single point, whose joint loss stops targets."""
        return self.chokepoints(targets, order=2, max_pairs=max_pairs, progress=progress,
                                _analyses=["pairs"], **evidence).pairs

    def concentration(self, **evidence):
        """Supply concentration per category: HHI over supplying firms and their countries,
        the top country and supplier with their shares."""
        return self.chokepoints([], _analyses=["concentration"], **evidence).concentration

    def structure(self, **evidence) -> dict:
        """Articulation points and bridges of the undirected dependency graph:
        ``{"articulation_points": [ids], "bridges": DataFrame}``."""
        result = self.chokepoints([], _analyses=["structure"], **evidence)
        return {"articulation_points": result.articulation_points, "bridges": result.bridges}

    def betweenness(self, *, samples: Optional[int] = None, exact_betweenness: int = 20000,
                    seed: int = 1, threads: int = 0, progress: Progress = None, **evidence):
        """Betweenness of every node (Brandes), exact up to ``exact_betweenness`` nodes and
        estimated from ``samples`` sampled sources beyond (or when given); highest first."""
        return self.chokepoints([], betweenness_samples=samples, exact_betweenness=exact_betweenness,
                                seed=seed, threads=threads, progress=progress,
                                _analyses=["betweenness"], **evidence).betweenness

    def cheapest_cut(self, target: str, *, cuttable: Optional[str] = None,
                     cost_attribute: str = "", **evidence) -> dict:
        """The cheapest set of nodes (of those ``cuttable`` selects) whose loss stops
        ``target``: ``{"target", "cut", "cost", "exact", "reason", ...}``, exact by max-flow."""
        return self.chokepoints([], min_cut=[target], cuttable=cuttable,
                                cost_attribute=cost_attribute, _analyses=["min_cut"],
                                **evidence).min_cuts[0]

    def design(self, targets: Union[None, str, Iterable[str]] = None, *, budget: int = 5,
               cuttable: Optional[str] = None, cut: str = "nodes", enforcement: float = 1.0,
               scenario: Optional[ScenarioLike] = None, exhaustive: bool = False,
               max_candidates: int = 2000, threads: int = 0,
               progress: Progress = None, candidates: Optional[str] = None) -> DesignResult:
        """Greedy sanction design: the ``budget`` cuts (``cut``: nodes, or edges out of the
        candidates) with the largest marginal loss of target capacity, optionally on top of a
        ``scenario`` already in force. ``cuttable`` is a node filter (``candidates``: its old
        name, deprecated); without it, the ``max_candidates`` nodes of the targets' upstream cone
        with the largest downstream cones; ``progress(picks, budget)``."""
        if candidates is not None:
            cuttable = _renamed(candidates, "design", "candidates", "cuttable")
        start = self.compile(scenario)._c if scenario is not None else None
        return DesignResult(self, _m.design(self._g, _ids(targets), budget, cuttable, cut,
                                            enforcement, start, exhaustive, max_candidates,
                                            threads, progress))

    def ownership(self, listed: str, *, rule: str = "ofac", threshold: Optional[float] = None,
                  inclusive: Optional[bool] = None, aggregate: Optional[bool] = None,
                  control: Optional[bool] = None, max_hops: Optional[int] = None,
                  as_of: Optional[str] = None, explain: Union[str, Iterable[str]] = (),
                  top: int = 40) -> OwnershipResult:
        """Who the nodes a filter selects (``listed``) block through ownership and control under
        ``rule`` (``ofac``, ``eu``, ``uk``, ``eu-until-2024``, ``any-stake``; the other
        arguments override the rule's fields), with the chains behind the ``explain`` ids."""
        return OwnershipResult(self, _m.ownership(self._g, listed, rule, threshold, inclusive,
                                                  aggregate, control, max_hops, as_of,
                                                  _ids(explain), top))

    # pictures

    def export(self, path: Optional[PathLike] = None, *, format: Optional[str] = None,
               focus: Union[str, Iterable[str]] = (), depth: Optional[int] = None,
               upstream: bool = False, downstream: bool = False,
               scenario: Optional[ScenarioLike] = None, chokepoints: bool = False,
               cluster_by_country: bool = False, legend: bool = True,
               title: Optional[str] = None, layout: str = "dot",
               max_nodes: int = _m.default_max_picture_nodes) -> Union[None, str, bytes]:
        """The graph, or the neighbourhood of ``focus`` within ``depth`` dependency edges (what
        it needs; ``downstream``: what needs it), as DOT, SVG, PNG, PDF, GraphML or node-link
        JSON, as ``micgraph export``: with a ``scenario`` nodes are shaded by the capacity they
        lose and cut edges drawn red and dashed; ``chokepoints`` marks single points of
        failure. ``format`` defaults to the path's extension (``svg`` without a path). Written
        to ``path`` when given, else returned (text, or bytes for png and pdf)."""
        output = "" if path is None else os.fspath(path)
        if format is None and path is None:
            format = "svg"
        compiled = self.compile(scenario)._c if scenario is not None else None
        data = self._g.export(_ids(focus), depth, upstream, downstream, compiled, chokepoints,
                              cluster_by_country, legend, title, layout, format or "", output,
                              max_nodes)
        if path is None:
            return data.decode("utf-8") if format in _TEXT_FORMATS else data
        with open(path, "wb") as out:
            out.write(data)
        return None

    def picture(self, focus: Union[str, Iterable[str]] = (), **options) -> Picture:
        """An SVG picture of the graph or a focus's neighbourhood (see :meth:`export`), shown
        inline in Jupyter."""
        return Picture(self.export(format="svg", focus=focus, **options))


# --- making graphs ---------------------------------------------------------------------------

def load(path: PathLike, *, progress: Progress = None) -> Graph:
    """Loads a graph: node-link ``.json``, a ``.mgb`` snapshot, or a CSV directory (or its
    ``nodes.csv``/``edges.csv``). Errors name the file, the line and column or the element
    (``links[12]``) and the field. ``progress(done, 1000)``."""
    return Graph(_m.load(os.fspath(path), progress))


def from_json(text: str, name: str = "<memory>") -> Graph:
    """A graph from node-link JSON text; ``name`` stands for the file in messages."""
    return Graph(_m.read_json_text(text, name))


def generate(nodes: int, *, seed: int = 1, tiers: int = 5, single_source: float = 0.15,
             progress: Progress = None) -> Graph:
    """A synthetic multi-tier supply graph, deterministic per seed (``micgraph generate``)."""
    return Graph(_m.generate(nodes, seed, tiers, single_source, progress))


_ELEMENT = re.compile(r"\b(nodes|links)\[(\d+)\]")


def from_networkx(G, name: str = "<networkx>") -> Graph:
    """A graph from a NetworkX directed graph (``DiGraph`` or ``MultiDiGraph``) whose node ids
    are strings and whose node and edge attributes are named as in the files (``kind``
    required; ``name``, ``country``, ``category``, ``tags``, ``capacity``, ``stock_months``;
    ``kind``, ``input``, ``share``, ``quality``, ``confidence``, ``view``, ``sources``,
    ``lead_time_months``, ...); other attributes are kept. ``G.graph`` becomes the metadata.
    Bad data raises :class:`ParseError` naming the node or edge."""
    if not G.is_directed():
        raise _error(ParseError, f"{name}: expected a directed graph (DiGraph or MultiDiGraph)",
                     file=name)
    nodes, node_ids = [], []
    for position, (node, data) in enumerate(G.nodes(data=True)):
        if not isinstance(node, str):
            raise _error(ParseError, f"{name}: nodes[{position}].id: expected a string id, got "
                         f"{type(node).__name__} {node!r} (relabel with "
                         "networkx.relabel_nodes(G, str))", file=name,
                         element=f"nodes[{position}]", field="id")
        record = {key: value for key, value in data.items() if key != "id"}
        record["id"] = node
        nodes.append(record)
        node_ids.append(node)
    links, ends = [], []
    edges = G.edges(keys=True, data=True) if G.is_multigraph() else G.edges(data=True)
    for edge in edges:
        source, target, data = edge[0], edge[1], edge[-1]
        record = {key: value for key, value in data.items() if key not in ("source", "target", "key")}
        record["source"], record["target"] = source, target
        links.append(record)
        ends.append((source, target))
    document = {"directed": True, "multigraph": True, "graph": dict(G.graph), "nodes": nodes,
                "links": links}
    try:
        text = json.dumps(document, default=_json_value)
    except (TypeError, ValueError) as e:
        raise _error(ParseError, f"{name}: an attribute cannot be written as JSON: {e}",
                     file=name) from None
    try:
        return Graph(_m.read_json_text(text, name))
    except ParseError as e:
        raise _placed(e, node_ids, ends) from None


def _placed(e: ParseError, node_ids: list, ends: list) -> ParseError:
    """The error with `nodes[3]` / `links[12]` named by the node's id / the edge's ends."""
    def name(match: "re.Match") -> str:
        position = int(match.group(2))
        if match.group(1) == "nodes" and position < len(node_ids):
            return f"node '{node_ids[position]}'"
        if match.group(1) == "links" and position < len(ends):
            return f"edge '{ends[position][0]}' -> '{ends[position][1]}'"
        return match.group(0)
    placed = type(e)(_ELEMENT.sub(name, str(e), count=1))
    for attribute in ("file", "line", "column", "field", "problem"):
        setattr(placed, attribute, getattr(e, attribute, None))
    placed.line = placed.column = None  # lines of the JSON made here mean nothing to the caller
    placed.element = _ELEMENT.sub(name, e.element, count=1) if e.element else None
    return placed
