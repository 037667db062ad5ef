"""The cross-article step on Spark: the local graph step's own code, run on parts that cannot interact.

Every rule of :mod:`newsgraph.graph` is incremental and order-dependent (an entity joins the node
an earlier one made, an article the group of an earlier copy), so running it on parts of the data
gives the local result only when no decision in one part can look at another. Each step below cuts
the data by a key that no decision crosses, replays the local code on each part in input order
(the order of the per-article Parquet files), and writes the rows of ``newsgraph export parquet``:

1. **Entities.** Every entity has merge keys: its identity KB ids, the name key of its name and of
   each alias, and its surname (a full-name person). The merge rule only ever finds a node through
   one of these (``choose_node``: by KB id, by name key, by surname; ``absorbs``: by the surname's
   name key), so entities whose keys are not connected never meet. The driver joins the distinct
   key sets into connected components (a union-find over one small tuple per distinct entity, not
   per mention); each part replays the store's own :class:`~newsgraph.store.writer.Writer` and the
   graph's :class:`~newsgraph.graph.entities.EntityIndex` over its articles' entities, in input
   order, in a private in-memory SQLite. Name keys are taken without the entity type (a node found
   through its KB id keeps the type of the entity that made it), which only makes parts larger.
2. **Near-duplicates.** The project's MinHash signatures, cut into the LSH bands of
   :mod:`newsgraph.graph.duplicates`; articles sharing a band bucket are candidate pairs (the only
   pairs the index ever compares), their components are the parts, and each part replays
   :class:`~newsgraph.graph.duplicates.DuplicateIndex`. An article without a shared bucket has no copy.
3. **Stories** are one sequential pass, in one task: the rule weighs words by their document
   frequency over every earlier article and updates the centroids it compares with, so no key
   splits it. It reads only the title, body, day, outlet and entity nodes of each article.
4. **Aggregated events.** Two mentions can only aggregate when their :func:`event_key` (type,
   polarity, participant nodes, anchor) is equal; parts by key replay
   :class:`~newsgraph.graph.events.EventAggregator`, with each article's nodes as the entity step
   saw them and its copy group from the duplicate step.

The per-article tables carry the store's node of each entity (``entities.graph_id``, ``quotes.
speaker_graph_id``, …); a task computed them over its own file only, so the few that the whole
input decides otherwise are re-pointed in their files afterwards.

On Spark, every stage and task is a fixed cost (a JVM round trip, the rows pickled to and from a
Python worker) that a small input feels more than its work. So up to :data:`ONE_TASK_ARTICLES`
articles the four steps run as one part in one task (each part is then the whole input: the local
graph step itself, replayed in input order). Beyond, three Spark jobs over the articles, read and
parsed once and kept: the merge-key sets and LSH buckets to the driver, which cuts the parts; one
shuffle taking every article's entities and near-duplicate candidates to their parts; one more
joining each article with its nodes and copy group, for the story pass and the event parts.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Iterator
from pathlib import Path
from typing import Any

from ..article import Article, Entity
from ..graph.duplicates import DuplicateIndex, _bands, signature
from ..graph.entities import EntityIndex, identity, surname_of
from ..graph.events import EventAggregator, action_place, event_key, source_of
from ..graph.stories import StoryIndex
from ..knowledge.normalize import name_key
from .tasks import _cell, _task_db, columns
from .tasks import schema as table_schema

#: The cross-article tables of ``newsgraph export parquet``, written by this step.
GRAPH_TABLES = ("graph_entities", "graph_aliases", "graph_kb", "graph_surnames", "graph_entity_days",
                "duplicate_groups", "duplicate_members", "stories", "story_articles",
                "graph_events", "graph_event_participants", "graph_event_mentions")
_ENTITY_TABLES = GRAPH_TABLES[:5]

#: Up to this many articles the four steps run as one part in one Spark task: the partitioned plan
#: costs a fixed few seconds (eight stages, two shuffles) that the work, about 10 ms an article in
#: one core, only repays on more cores from about a thousand articles on.
ONE_TASK_ARTICLES = 1000

#: Per-article columns that hold the node of one of the article's entities: table → (entity id
#: column, node column) pairs.
NODE_COLUMNS = {"entities": [("id", "graph_id")], "quotes": [("speaker_entity_id", "speaker_graph_id")],
                "events": [("place", "place_graph_id"), ("action_place", "action_place_graph_id")],
                "counts": [("place", "place_graph_id")], "event_participants": [("entity_id", "graph_id")]}

#: Article fields each step needs; the rest is left out of what goes through Spark's shuffles.
_LISTS = ("authors", "captions", "tags", "embeds", "disclosures", "mentions", "entities", "quotes", "events",
          "dates", "counts", "amounts", "themes", "stage_notes")


def _graph_schema() -> dict[str, list[tuple[str, str]]]:
    """The graph tables' columns (read once per process by :func:`.tasks.schema`)."""
    return table_schema(GRAPH_TABLES)


def slim(article: Article, keep: Iterable[str] = (), text: bool = False, **lists: Any) -> Article:
    """The article with only the lists named in ``keep`` (and ``lists`` replaced), its text when
    ``text``: ids, URLs, source, dates and dateline always stay (the day and the outlet)."""
    kept = set(keep)
    changes: dict[str, Any] = {name: [] for name in _LISTS if name not in kept}
    changes.update(lists)
    if not text:
        changes["text"] = ""
    return dataclasses.replace(article, **changes)


def bucket(key: Any, parts: int) -> int:
    """A part number for ``key`` that every process computes alike (``hash`` of a str is not)."""
    digest = hashlib.blake2b(repr(key).encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % parts


def components(groups: Iterable[Iterable[Hashable]]) -> dict[Hashable, Hashable]:
    """Union-find: each item of the groups → the root of the connected component it is in."""
    parent: dict[Hashable, Hashable] = {}

    def find(x: Hashable) -> Hashable:
        root = parent.setdefault(x, x)
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    for group in groups:
        items = list(group)
        first = find(items[0])
        for other in items[1:]:
            root = find(other)
            if root != first:
                parent[root] = first
    return {x: find(x) for x in parent}


# -- reading the per-article output (executor side) -----------------------------------------------
def read_task(out: str, task: int) -> Iterator[tuple[tuple[int, int], Article, dict[str, str | None]]]:
    """``((task, row), Article, {entity id: node the task gave it})`` for each article of a task."""
    import pyarrow.parquet as pq

    folder, part = Path(out), f"part-{task:05d}-0.parquet"
    nodes: dict[str, dict[str, str | None]] = {}
    for batch in pq.ParquetFile(folder / "entities" / part).iter_batches(columns=["article_id", "id", "graph_id"]):
        for row in batch.to_pylist():
            nodes.setdefault(row["article_id"], {})[row["id"]] = row["graph_id"]
    number = 0
    for batch in pq.ParquetFile(folder / "articles" / part).iter_batches(batch_size=256, columns=["id", "json"]):
        for row in batch.to_pylist():
            yield (task, number), Article.from_dict(json.loads(row["json"])), nodes.get(row["id"], {})
            number += 1


def _write(out: str, table: str, part: int, cols: list[tuple[str, str]], rows: Iterable[tuple]) -> None:
    from .job import _write_part

    values = [tuple(_cell(v, kind) for v, (_, kind) in zip(row, cols)) for row in rows]
    _write_part(Path(out) / table, part, cols, values)


# -- 1. entities -----------------------------------------------------------------------------------
def merge_keys(e: Entity) -> list[tuple[str, ...]]:
    """Every key through which the merge rule can find a node for ``e`` or give ``e``'s node to
    another entity: identity KB ids, name keys of its names, its surname."""
    keys: list[tuple[str, ...]] = [("kb", scheme, value) for scheme, value in identity(e)]
    keys += [("name", name_key(alias)) for alias in dict.fromkeys((e.name, *e.aliases))]
    surname = surname_of(e)
    if surname:
        keys.append(("name", surname))
    return keys


def entity_items(item: tuple, part_of: dict[tuple, int]) -> Iterator[tuple[int, tuple]]:
    """One article → (part, (order, the article with that part's entities only, task nodes))."""
    order, article, nodes = item
    by_part: dict[int, list[Entity]] = {}
    for e in article.entities:
        by_part.setdefault(part_of[merge_keys(e)[0]], []).append(e)
    for part, entities in by_part.items():
        yield part, (order, slim(article, entities=entities), nodes)


def entity_part(part: int, items: Iterable[tuple], out: str) -> Iterator[tuple]:
    """Replay the store's writer and the graph's EntityIndex over one part, in input order; write
    the part's entity tables and yield, per article, ``("a", article id, {entity id: [graph node
    at the time, its name then, store node at the end]}, story nodes)``, ``("moved", task, article
    id, entity id, node)`` where the store's node differs from the task's, and the graph's final
    nodes and redirects (for the GDELT export)."""
    from ..store.writer import Writer

    conn = _task_db()
    writer = Writer(conn, batch_size=1 << 30)
    index = EntityIndex()
    seen: list[tuple[tuple[int, int], Article, dict[str, str | None], dict[str, list], list[str]]] = []
    for order, article, nodes in sorted(items, key=lambda item: item[0]):
        local = index.add_article(article)
        outlet = source_of(article)
        story = sorted(n for n in set(local.values()) if not outlet or index.nodes[n].name != outlet)
        seen.append((order, article, nodes, {e: [n, index.nodes[n].name] for e, n in local.items()}, story))
        writer.add(article, article.id, article.id, "")
        writer.flush()
    final: dict[tuple[str, str], str] = {(a, e): g for a, e, g in conn.execute(
        "SELECT article_id, id, graph_id FROM entities")}
    for order, article, nodes, local, story in seen:
        for eid, entry in local.items():
            entry.append(final[(article.id, eid)])
            if final[(article.id, eid)] != nodes.get(eid):
                yield "moved", order[0], article.id, eid, final[(article.id, eid)]
        yield "a", article.id, local, story
    for table in _ENTITY_TABLES:
        _write(out, table, part, *_table(conn, table))
    conn.close()
    for node in index.nodes.values():
        yield "node", node.id, node.to_row()
    for old in index._redirect:
        yield "redirect", old, index.resolve(old)


def _table(conn: sqlite3.Connection, table: str) -> tuple[list[tuple[str, str]], list[tuple]]:
    cols = columns(conn, table)
    names = ", ".join(f'"{c}"' for c, _ in cols)
    return cols, conn.execute(f'SELECT {names} FROM "{table}"').fetchall()


# -- 2. near-duplicates ---------------------------------------------------------------------------
def band_keys(item: tuple) -> Iterator[tuple[int, str]]:
    """(LSH bucket, article id) for each band of the article's MinHash signature."""
    _, article, _ = item
    sig = signature(article.text)
    if sig is not None:
        for band, key in enumerate(_bands(sig)):
            yield bucket((band, key), 1 << 62), article.id


def duplicate_part(part: int, items: Iterable[tuple], out: str) -> Iterator[tuple[str, str]]:
    """Replay the DuplicateIndex over one part in input order; write its groups and members and
    yield (article id, its copy group key as the local step saw it when the article came)."""
    index = DuplicateIndex()
    for _, article in sorted(items, key=lambda item: item[0]):
        index.add(article)
        yield article.id, index.group_key(article.id)
    schema = _graph_schema()
    groups = list(index.groups.values())
    _write(out, "duplicate_groups", part, schema["duplicate_groups"],
           [(g.id, g.representative, len(g.members)) for g in groups])
    _write(out, "duplicate_members", part, schema["duplicate_members"],
           [(g.id, m, g.similarity.get(m)) for g in groups for m in g.members])


# -- 3. stories ------------------------------------------------------------------------------------
def story_part(items: Iterable[tuple], out: str) -> Iterator[int]:
    """The one sequential pass: every article, in input order (sorted by Spark, which spills to
    disk rather than hold every article in memory), with its story nodes."""
    index = StoryIndex()
    for _, article, nodes in items:
        index.add(article, nodes or (), source_of(article))
    schema = _graph_schema()
    rows = [s.to_row() for s in index.stories.values()]
    _write(out, "stories", 0, schema["stories"], [(r["id"], r["title"], r["first_seen"], r["last_seen"],
                                                  r["num_articles"], r["num_sources"]) for r in rows])
    _write(out, "story_articles", 0, schema["story_articles"], [(r["id"], a) for r in rows for a in r["articles"]])
    yield len(rows)


# -- 4. aggregated events --------------------------------------------------------------------------
def event_items(item: tuple, parts: int) -> Iterator[tuple[int, tuple]]:
    """One article with its nodes and copy group → (part, (order, the article with that part's
    events only, nodes, group)) by aggregation key."""
    order, article, local, group = item
    by_part: dict[int, list] = {}
    for ev in article.events:
        key = event_key(ev, _node_of(local), group)
        by_part.setdefault(bucket((key[0], key[1], sorted(key[2]), sorted(key[3]), key[4]), parts), []).append(ev)
    for part, events in by_part.items():
        yield part, (order, dataclasses.replace(article, events=events), local, group)


def _node_of(local: dict[str, list]) -> Any:
    return lambda eid: local[eid][0] if eid in local else None


def event_part(part: int, items: Iterable[tuple], out: str) -> Iterator[dict[str, Any]]:
    """Replay the EventAggregator over one part in input order; write the part's aggregated events
    with the store's nodes of their places and participants; yield each aggregate's row."""
    index = EventAggregator()
    places: dict[str, Counter] = {}
    actions: dict[str, Counter] = {}
    participants: set[tuple[str, str, str]] = set()
    mentions = []
    for _, article, local, group in sorted(items, key=lambda item: item[0]):
        names = {entry[0]: entry[1] for entry in local.values()}
        store = {eid: entry[2] for eid, entry in local.items()}
        ids = index.add(article, node_of=_node_of(local), names=names.get, group=group)
        for ev, agg in zip(article.events, ids, strict=True):
            mentions.append((agg, article.id, ev.id))
            place, where = store.get(ev.place or ""), store.get(action_place(article, ev) or "")
            if place:
                places.setdefault(agg, Counter())[place] += 1
            if where:
                actions.setdefault(agg, Counter())[where] += 1
            participants.update((agg, role, store[p.entity_id]) for role, people in
                                (("actor", ev.actors), ("recipient", ev.recipients))
                                for p in people if store.get(p.entity_id or ""))
    schema = _graph_schema()
    rows = []
    for agg in index.events.values():
        place = _top(places.get(agg.id))
        values = {"id": agg.id, "type": agg.type, "cameo": agg.cameo_code, "quad_class": agg.quad_class,
                  "place_graph_id": place, "day": agg.day, "num_mentions": agg.num_mentions,
                  "num_sources": agg.num_sources, "num_articles": agg.num_articles, "first_seen": agg.first_seen,
                  "last_seen": agg.last_seen, "goldstein": agg.goldstein, "avg_tone": agg.avg_tone,
                  "action_place_graph_id": place or _top(actions.get(agg.id))}
        rows.append(tuple(values[c] for c, _ in schema["graph_events"]))
    _write(out, "graph_events", part, schema["graph_events"], rows)
    _write(out, "graph_event_mentions", part, schema["graph_event_mentions"], mentions)
    _write(out, "graph_event_participants", part, schema["graph_event_participants"], sorted(participants))
    yield from index.rows()


def _top(counts: Counter | None) -> str | None:
    """The store's choice: the most cited, the smallest id on a tie."""
    return min(counts, key=lambda k: (-counts[k], k)) if counts else None


# -- the driver ------------------------------------------------------------------------------------
def keys_and_buckets(item: tuple) -> Iterator[tuple[tuple, tuple[str, ...]]]:
    """What the driver needs to cut the parts, as (key, article ids): each distinct merge-key set
    of the article's entities (no ids: only the distinct sets are wanted) and each LSH bucket."""
    for keys in {tuple(merge_keys(e)) for e in item[1].entities}:
        yield ("keys", keys), ()
    for key, aid in band_keys(item):
        yield ("bucket", key), (aid,)


def _gather(ids: list[str], more: tuple[str, ...]) -> list[str]:
    ids.extend(more)
    return ids


def part_items(item: tuple, part_of: dict[tuple, int], copy_part: dict[str, int]) -> Iterator[tuple[int, tuple]]:
    """One article → its entity items by part, and its near-duplicate item when it shares a bucket."""
    for part, value in entity_items(item, part_of):
        yield part, ("entities", value)
    order, article, _ = item
    if article.id in copy_part:
        yield copy_part[article.id], ("copies", (order, slim(article, text=True)))


def graph_part(part: int, items: Iterable[tuple], out: str) -> Iterator[tuple]:
    """One part of steps 1 and 2, which cut the data by different keys into the same part numbers:
    the part's entities replayed, then its near-duplicates, each apart from the other."""
    entities, copies = [], []
    for kind, value in items:
        (entities if kind == "entities" else copies).append(value)
    yield from entity_part(part, entities, out)
    for aid, group in duplicate_part(part, copies, out):
        yield "group", aid, group


def with_parts(values: Iterable[tuple]) -> tuple:
    """An article and what the parts decided for it → (order, article, {entity id: [graph node,
    name, store node]}, story nodes, copy group)."""
    local: dict[str, list] = {}
    story: set[str] = set()
    group = None
    for value in values:
        if value[0] == "article":
            order, article, _ = value[1]
        elif value[0] == "a":
            local.update(value[1])
            story.update(value[2])
        else:
            group = value[1]
    return order, article, local, sorted(story), group or article.id


def in_one_task(out: str, tasks: list[int]) -> Iterator[tuple]:
    """The four steps over the whole input as one part (each part the whole input, which is the
    local graph step itself), in input order: writes part 0 of every graph table, gives the
    per-article tables the nodes the whole input decided (:func:`repoint`), and yields the entity
    step's final nodes and redirects, ``("event", row)`` per aggregated event and ``("rows",
    table, count)`` per graph table."""
    import pyarrow.parquet as pq

    items = [item for task in tasks for item in read_task(out, task)]
    decided: dict[str, tuple[dict[str, list], list[str]]] = {}
    moved = []
    entities = [value for item in items for _, value in entity_items(item, defaultdict(int))]
    for record in entity_part(0, entities, out):
        if record[0] == "a":
            decided[record[1]] = (record[2], record[3])
        elif record[0] == "moved":
            moved.append(record[1:])
        else:
            yield record
    repoint(Path(out), moved)
    groups = dict(duplicate_part(0, [(order, slim(article, text=True)) for order, article, _ in items], out))
    for _ in story_part([(order, slim(article, text=True), decided.get(article.id, ({}, []))[1])
                         for order, article, _ in items], out):
        pass
    with_events = [(order, slim(article, keep=("entities", "mentions", "events")),
                    decided.get(article.id, ({}, []))[0], groups.get(article.id) or article.id)
                   for order, article, _ in items if article.events]
    for row in event_part(0, [value for item in with_events for _, value in event_items(item, 1)], out):
        yield "event", row
    for table in GRAPH_TABLES:
        yield "rows", table, pq.ParquetFile(Path(out) / table / "part-00000-0.parquet").metadata.num_rows


@dataclasses.dataclass
class GraphRun:
    """What the cross-article step leaves for the exports: the aggregated events' rows and the
    graph's final nodes (RDDs), and the articles in input order; the rows of the graph tables
    when the step counted them (else unknown); :meth:`release` frees what it keeps in Spark's memory."""

    articles: Any
    events: Any
    nodes: Any
    redirects: Any
    kept: list = dataclasses.field(default_factory=list)
    rows: dict[str, int] = dataclasses.field(default_factory=dict)

    def release(self) -> None:
        for kept in self.kept:
            kept.unpersist()


def cross_article(spark: Any, out: Path, tasks: list[int], parts: int, size: int | None = None,
                  one_task: int = ONE_TASK_ARTICLES) -> GraphRun:
    """Run the four steps over the per-article tables in ``out`` and write the graph tables;
    ``size`` articles (when known) up to ``one_task`` run as one part in one task.

    Else three Spark jobs: the articles are read and parsed once (in at most ``parts`` tasks) and
    kept; (1) the merge-key sets and LSH buckets go to the driver, which cuts the parts; (2) one
    shuffle takes every article's entities and near-duplicate candidates to their parts; (3) each
    article is joined with its nodes and copy group in one more shuffle, then goes to the story
    pass and to its event parts."""
    sc = spark.sparkContext
    target = str(out)
    if size is not None and size <= one_task:
        return _one_task(sc, out, tasks)
    slices = max(1, min(len(tasks), parts))
    articles = sc.parallelize(tasks, slices).flatMap(lambda t: read_task(target, t)).persist()

    sc.setJobDescription("graph 1/3: merge keys and near-duplicate candidates")
    found = (articles.flatMap(keys_and_buckets).combineByKey(list, _gather, list.__add__, parts)
             .filter(lambda kv: kv[0][0] == "keys" or len(set(kv[1])) > 1).collect())
    roots = components(key[1] for key, _ in found if key[0] == "keys")
    part_of = sc.broadcast({key: bucket(root, parts) for key, root in roots.items()})
    edges = {tuple(sorted(set(ids))) for key, ids in found if key[0] == "bucket"}
    copy_part = sc.broadcast({aid: bucket(root, parts) for aid, root in components(edges).items()})

    sc.setJobDescription("graph 2/3: entities and near-duplicates by part")
    by_part = (articles.flatMap(lambda item: part_items(item, part_of.value, copy_part.value))
               .partitionBy(parts, lambda p: p).values()
               .mapPartitionsWithIndex(lambda p, items: graph_part(p, items, target)).persist())
    moved = by_part.filter(lambda r: r[0] == "moved").map(lambda r: r[1:]).collect()

    sc.setJobDescription("graph 3/3: stories and aggregated events")
    decided = by_part.filter(lambda r: r[0] in ("a", "group")).map(lambda r: (r[1], (r[0], *r[2:])))
    joined = (articles.map(lambda item: (item[1].id, ("article", item))).union(decided)
              .groupByKey(parts).mapValues(with_parts).values().persist())
    stories = (joined.map(lambda j: (j[0], slim(j[1], text=True), j[3]))
               .sortBy(lambda item: item[0], numPartitions=1)
               .mapPartitions(lambda items: story_part(items, target)))
    events = (joined.filter(lambda j: j[1].events)
              .map(lambda j: (j[0], slim(j[1], keep=("entities", "mentions", "events")), j[2], j[4]))
              .flatMap(lambda item: event_items(item, parts))
              .partitionBy(parts, lambda p: p).values()
              .mapPartitionsWithIndex(lambda p, items: event_part(p, items, target)).persist())
    sc.union([stories, events]).count()
    joined.unpersist()
    sc.setJobDescription(None)
    repoint(out, moved)
    nodes = by_part.filter(lambda r: r[0] == "node").map(lambda r: (r[1], r[2]))
    redirects = by_part.filter(lambda r: r[0] == "redirect").map(lambda r: (r[1], r[2]))
    return GraphRun(articles, events, nodes, redirects, kept=[articles, by_part, events])


def _one_task(sc: Any, out: Path, tasks: list[int]) -> GraphRun:
    """The four steps in one Spark task, which also re-points the per-article tables and counts
    the graph tables' rows; its records (a few per article) come to the driver in one pass, and
    what the exports read of them goes back as small RDDs."""
    target = str(out)
    sc.setJobDescription("graph: the four steps in one task")
    records = sc.parallelize([0], 1).mapPartitions(lambda _: in_one_task(target, tasks)).collect()
    sc.setJobDescription(None)
    articles = sc.parallelize(tasks, max(1, len(tasks))).flatMap(lambda t: read_task(target, t))
    kinds: dict[str, list] = {"event": [], "node": [], "redirect": []}
    rows = {}
    for r in records:
        if r[0] == "event":
            kinds["event"].append(r[1])
        elif r[0] == "rows":
            rows[r[1]] = r[2]
        else:
            kinds[r[0]].append((r[1], r[2]))
    return GraphRun(articles, *(sc.parallelize(kinds[kind], 1) for kind in ("event", "node", "redirect")), rows=rows)


def repoint(out: Path, moved: list[tuple[int, str, str, str]]) -> None:
    """Give the per-article tables the store's node wherever the whole input decided another node
    than the entity's own task did (a name met with a country in one file and without in another)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .job import _replace

    by_task: dict[int, dict[tuple[str, str], str]] = {}
    for task, aid, eid, node in moved:
        by_task.setdefault(task, {})[(aid, eid)] = node
    for task, nodes in by_task.items():
        for table, pairs in NODE_COLUMNS.items():
            path = out / table / f"part-{task:05d}-0.parquet"
            frame = pq.ParquetFile(path).read()  # not read_table: its dataset module costs 0.04 s to import
            articles, changed = frame["article_id"].to_pylist(), False
            for source, target in pairs:
                old = frame[target].to_pylist()
                new = [nodes.get((a, e), g) if e else g for a, e, g in zip(articles, frame[source].to_pylist(), old)]
                if new != old:
                    frame = frame.set_column(frame.column_names.index(target), target, pa.array(new, pa.string()))
                    changed = True
            if changed:
                _replace(path, frame)
