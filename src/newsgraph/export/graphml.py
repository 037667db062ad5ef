"""GraphML of the actor network, readable by networkx, Gephi, Cytoscape and yEd.

Every node has a ``label`` (its name: the attribute Gephi and yEd show) beside ``name``.

Nodes are canonical entities (:mod:`newsgraph.graph.entities`) plus, for event participants never
resolved to an entity, a node per actor code ("RUS/GOV") or normalised text (``kind`` tells them
apart). Edges, in one directed graph:

* ``kind="event"``: actor → recipient, one edge per (actor, recipient, event type), with the
  number of aggregated events, their mentions and sources, the mean Goldstein score and the
  CAMEO root code;
* ``kind="cooccurrence"``: two entities named in the same article, one edge per pair, weighted by
  the number of articles. The relation has no direction, but networkx refuses a GraphML file that
  mixes directed and undirected edges, so it is written once, from the smaller node id to the
  larger: read it as undirected.
  Only an article's :data:`MAX_COOCCURRING` most mentioned entities take part, so one long article
  cannot add thousands of pairs, and pairs seen in fewer than ``min_cooccurrence`` articles are
  left out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import combinations
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from ..article import Article
from . import Target, as_list, graph_of, open_text

MAX_COOCCURRING = 25

_NODE_KEYS = (("label", "string"), ("name", "string"), ("type", "string"), ("kind", "string"), ("country", "string"),
              ("sector", "string"), ("wikidata", "string"), ("article_count", "int"), ("mention_count", "int"),
              ("lat", "double"), ("lon", "double"))
_EDGE_KEYS = (("kind", "string"), ("event_type", "string"), ("cameo_root", "string"), ("events", "int"),
              ("mentions", "int"), ("sources", "int"), ("goldstein", "double"), ("weight", "int"))


def write_graphml(articles: Iterable[Article], out: Target, graph: Any = None, min_cooccurrence: int = 1) -> int:
    """Write the network; return the number of edges."""
    articles = as_list(articles)
    graph = graph_of(articles, graph)
    nodes = _entity_nodes(graph)
    events = _event_edges(graph, nodes)
    pairs = _cooccurrence(articles, graph, min_cooccurrence)
    with open_text(out) as handle:
        handle.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                     '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n')
        for prefix, target, keys in (("n", "node", _NODE_KEYS), ("e", "edge", _EDGE_KEYS)):
            for name, kind in keys:
                handle.write(f'  <key id="{prefix}_{name}" for="{target}" attr.name="{name}" attr.type="{kind}"/>\n')
        handle.write('  <graph id="newsgraph" edgedefault="directed">\n')
        for nid, attrs in nodes.items():  # "label" is the attribute Gephi and yEd show on a node
            handle.write(f"    <node id={quoteattr(nid)}>{_data('n', {'label': attrs['name'], **attrs})}</node>\n")
        count = 0
        for (source, target, etype), attrs in events.items():
            handle.write(f"    <edge id=\"e{count}\" source={quoteattr(source)} target={quoteattr(target)}>"
                         f"{_data('e', {'kind': 'event', 'event_type': etype, **attrs})}</edge>\n")
            count += 1
        for (a, b), weight in pairs.items():
            handle.write(f"    <edge id=\"e{count}\" source={quoteattr(a)} target={quoteattr(b)}>"
                         f"{_data('e', {'kind': 'cooccurrence', 'weight': weight})}</edge>\n")
            count += 1
        handle.write("  </graph>\n</graphml>\n")
    return count


def _data(prefix: str, attrs: dict[str, Any]) -> str:
    return "".join(f'<data key="{prefix}_{k}">{escape(_text(v))}</data>' for k, v in attrs.items()
                   if v is not None and v != "")


def _text(value: Any) -> str:
    text = str(value)
    # XML 1.0 forbids most control characters even when escaped
    return "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 0x20)


def _entity_nodes(graph: Any) -> dict[str, dict[str, Any]]:
    return {n.id: {"name": n.name, "type": n.type, "kind": "entity", "country": n.country, "sector": n.sector,
                   "wikidata": n.kb.get("wikidata"), "article_count": n.article_count,
                   "mention_count": n.mention_count, "lat": n.lat, "lon": n.lon}
            for n in graph.entities.nodes.values()}


def _endpoint(p: dict[str, Any], graph: Any, nodes: dict[str, dict[str, Any]]) -> str:
    """The node of one event participant, adding a code or text node when it has no entity."""
    if p.get("node_id"):
        nid = graph.entities.resolve(p["node_id"])
        if nid in nodes:
            return nid
    key = p["key"] if not p.get("node_id") else "t:" + (p.get("name") or "")
    if key not in nodes:
        kind = "text" if key.startswith("t:") else "code"
        # a code node ("RUS/GOV") is named by the first text that stood for it; its code is in country/sector
        nodes[key] = {"name": p.get("name") or key, "type": "ACTOR", "kind": kind,
                      "country": p.get("country"), "sector": p.get("sector")}
    return key


def _event_edges(graph: Any, nodes: dict[str, dict[str, Any]]) -> dict[tuple[str, str, str], dict[str, Any]]:
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    scores: dict[tuple[str, str, str], list[float]] = defaultdict(list)
    for agg in graph.events.events.values():
        for actor in agg.actors:
            for recipient in agg.recipients:
                key = (_endpoint(actor, graph, nodes), _endpoint(recipient, graph, nodes), agg.type)
                edge = edges.setdefault(key, {"cameo_root": (agg.cameo_code or "")[:2], "events": 0,
                                              "mentions": 0, "sources": 0})
                edge["events"] += 1
                edge["mentions"] += agg.num_mentions
                edge["sources"] += agg.num_sources
                if agg.goldstein is not None:
                    scores[key].append(agg.goldstein)
    for key, values in scores.items():
        edges[key]["goldstein"] = round(sum(values) / len(values), 2)
    return edges


def _cooccurrence(articles: list[Article], graph: Any, minimum: int) -> Counter:
    pairs: Counter = Counter()
    for article in articles:
        weights: Counter = Counter()
        for e in article.entities:
            nid = graph.entities.node_of(article.id, e.id)
            if nid:
                weights[nid] += e.mentions or 1
        top = sorted(weights, key=lambda n: (-weights[n], n))[:MAX_COOCCURRING]
        pairs.update(combinations(sorted(top), 2))
    return Counter({pair: n for pair, n in pairs.items() if n >= minimum})
