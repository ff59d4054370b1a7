"""Turning one raw input row into a row for :mod:`netnp.graphwrite`, or a :class:`FieldError`.

The same checks apply to every format: CSV cells arrive as text, GraphML, GEXF
and JSON values may already be numbers or booleans. They cover what Neo4j
itself would refuse in the middle of the write (docs/model.md, "What an import
guarantees"), so that a row that passes them is written:

* an id, alias, tie end or name longer than an index entry holds
  (:data:`~netnp.importing.limits.MAX_INDEXED_BYTES`): ``Entity.id`` and
  ``Entity.name`` are indexed (netnp/cypher/schema/). Neo4j 5.26's range
  index (``range-1.0``) holds a text of at most 8,164 bytes in one entry, and
  refuses the transaction that writes a longer one ("Property value is too
  large to index");
* a NUL character in an id, alias, tie end or name, or in an attribute name
  (Neo4j refuses it in a property key);
* a property value Neo4j cannot store: a whole number beyond 64 bits, a list
  of lists.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from netnp import model, urls
from netnp.importing.limits import MAX_INDEXED_BYTES
from netnp.importing.problems import FieldError
from netnp.importing.xmlgraph import BAD_VALUE

#: The columns a node row is read from: the model's fields, ``label`` (GraphML, GEXF and
#: JSON name a node by it when it has no ``name``) and ``url`` (a web page's URL).
_NODE_FIELDS = model.NODE_FIELDS | {"label", "url"}
#: The columns a tie row is read from: the model's fields (``directed`` among them), and
#: ``label`` (the type of an edge that has no ``type``, when it reads as one: GEXF's ``<edge label>``).
_EDGE_FIELDS = model.TIE_FIELDS | {"label"}
#: Edge attributes dropped on import: tool-specific identifiers of the edge itself.
_EDGE_DROPPED = frozenset({"id", "key"})
#: A ``type`` that says whether the tie has a direction rather than what it
#: is: Gephi's spreadsheet ``Type`` column, in any case.
_DIRECTIONS = {"directed": True, "undirected": False}
#: What a ``directed`` column or attribute may hold, in any case.
_DIRECTED_VALUES = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False, **_DIRECTIONS}
#: The whole numbers a property may hold: Neo4j's integers have 64 bits.
_INT64 = range(-(1 << 63), 1 << 63)
#: Texts of at most this many characters are at most MAX_INDEXED_BYTES long (4 bytes a character at most).
_SHORT = MAX_INDEXED_BYTES // 4


# Rows of one file share their keys: what depends on the keys alone is
# computed once per shape (the tuple of a row's keys) and kept.
@functools.lru_cache(maxsize=1024)
def _fields(shape: tuple[Any, ...], names: frozenset[str]) -> dict[str, Any]:
    """The model fields among a row's keys, matched without regard to case: field -> key."""
    found: dict[str, Any] = {}
    for key in shape:
        if isinstance(key, str):
            low = key.lower()
            if low in names and low not in found:
                found[low] = key
    return found


def _text(value: Any) -> str:
    if value is None or value == "":
        return ""
    if type(value) is str:
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _indexed(field: str, text: str) -> str:
    """An id, alias, tie end or name, which Neo4j indexes (netnp/cypher/schema/): no NUL, and
    short enough for an index entry."""
    if "\x00" in text:
        raise FieldError(field, f"{field} contains a NUL character (character {text.index(chr(0)) + 1})")
    if len(text) > _SHORT and len(text.encode("utf-8", "surrogatepass")) > MAX_INDEXED_BYTES:
        raise FieldError(field, f"{field} is longer than {MAX_INDEXED_BYTES:,} bytes (UTF-8), more than an index "
                                "entry holds")
    return text


def _property_names(keys: tuple[Any, ...]) -> tuple[Any, ...]:
    """``keys``, the names of a row's properties, if Neo4j takes them all (none holds a NUL)."""
    for key in keys:
        if "\x00" in key:
            shown = key.replace("\x00", "\\0")
            raise FieldError(shown, f"the attribute name '{shown}' holds a NUL character (shown as \\0), which "
                                    "Neo4j refuses in a property name")
    return keys


def _storable(properties: dict[str, Any]) -> None:
    """Raise if a property value is one Neo4j cannot store; texts, the common case, are not looked at."""
    for key, value in properties.items():
        kind = type(value)
        if kind is str or value is None:
            continue
        if kind is int and value not in _INT64:
            raise FieldError(key, f"{key} {value} is beyond the 64-bit whole numbers Neo4j stores")
        if kind is list:
            for item in value:
                if type(item) is list:
                    raise FieldError(key, f"{key} is a list of lists; Neo4j stores a list of texts, numbers or booleans")
                if type(item) is int and item not in _INT64:
                    raise FieldError(key, f"{key} holds {item}, beyond the 64-bit whole numbers Neo4j stores")


def _check_shape(raw: dict[Any, Any]) -> None:
    if None in raw:
        extra = raw[None]
        raise FieldError("-", f"{len(extra)} more cell(s) than the header has columns (a missing quote, or a stray delimiter?)")
    if "_not_an_object" in raw:
        raise FieldError("-", f"expected an object, found {raw['_not_an_object']!r}")
    if BAD_VALUE in raw:
        bad = raw[BAD_VALUE]
        if getattr(bad, "reason", None) is None:  # a column of that name, which a NUL character can make
            raise FieldError("-", f"column name {BAD_VALUE!r} contains a NUL character")
        raise FieldError(bad.attr, bad.reason)


def node_row(raw: dict[Any, Any], default_kind: str | None) -> dict[str, Any]:
    """An entity row (``id, kind, name, properties, aliases``) from one input node."""
    _check_shape(raw)
    shape = tuple(raw)
    keys = _fields(shape, _NODE_FIELDS)
    node_id = _text(raw.get(keys["id"])) if "id" in keys else ""
    if not node_id:
        raise FieldError("id", "missing id")
    try:
        if "kind" in keys and _text(raw[keys["kind"]]):
            kind = model.parse_kind(_text(raw[keys["kind"]]))
        elif default_kind:
            kind = model.parse_kind(default_kind)
        else:
            kind = model.parse_kind("")
    except ValueError as exc:
        raise FieldError("kind", str(exc)) from None
    name_key = keys.get("name") if "name" in keys and _text(raw[keys["name"]]) else keys.get("label")
    name = _text(raw.get(name_key)) if name_key else ""
    aliases = model.parse_aliases(raw.get(keys["aliases"])) if "aliases" in keys else []
    former_id = None
    if kind == "WebPage":
        url_field = "url" if "url" in keys and _text(raw[keys["url"]]) else "id"
        try:
            canonical = model.normalise_url(_text(raw[keys[url_field]]))
        except ValueError as exc:
            raise FieldError(url_field, f"a web page's id is its URL: {exc}") from None
        if canonical != node_id:
            aliases.append(node_id)
        former = urls.former_page_id(_text(raw[keys[url_field]]))
        if former is not None and former not in (canonical, node_id):
            former_id = former
        node_id = canonical
    _indexed(url_field if kind == "WebPage" else "id", node_id)
    if name:
        _indexed(name_key.lower(), name)
    clean = model.clean_property
    properties = {key: clean(raw[key]) for key in _node_property_keys(shape, name_key)}
    if "label" in keys and name_key != keys["label"] and _text(raw[keys["label"]]) == name:
        del properties[keys["label"]]  # the label that Gephi and yEd show, written beside the name (netnp's GraphML)
    _storable(properties)
    row = {"id": node_id, "kind": kind, "name": name or node_id, "properties": properties}
    aliases = [_indexed("aliases", a) for a in dict.fromkeys(aliases) if a != node_id]
    if aliases:
        row["aliases"] = aliases
    if former_id is not None:
        row["former_id"] = former_id  # the importer folds a node still stored under it
    return row


@functools.lru_cache(maxsize=1024)
def _node_property_keys(shape: tuple[Any, ...], name_key: Any) -> tuple[Any, ...]:
    """The keys of a node row of this shape that become node properties: not the model's
    fields, nor the column the name came from (``label`` when ``name`` is empty)."""
    return _property_names(tuple(key for key in shape
                                 if key != name_key and isinstance(key, str) and model.property_key_ok(key)))


@functools.lru_cache(maxsize=1024)
def _edge_shape(shape: tuple[Any, ...]) -> tuple[dict[str, Any], tuple[Any, ...]]:
    """The model fields' keys and the property keys of edge rows of this shape."""
    keys = _fields(shape, _EDGE_FIELDS)
    props = _property_names(tuple(k for k in shape if isinstance(k, str) and k.lower() not in _EDGE_DROPPED
                                  and model.property_key_ok(k, model.TIE_FIELDS)))
    return keys, props


def edge_row(raw: dict[Any, Any], default_type: str | None) -> dict[str, Any]:
    """A tie row (``source, target, type, weight, channel, since, until, properties``),
    endpoints not yet resolved."""
    _check_shape(raw)
    keys, prop_keys = _edge_shape(tuple(raw))
    get = raw.get
    source = _text(get(keys.get("source")))
    if not source:
        raise FieldError("source", "missing source")
    target = _text(get(keys.get("target")))
    if not target:
        raise FieldError("target", "missing target")
    if len(source) > _SHORT or len(target) > _SHORT or "\x00" in source or "\x00" in target:
        _indexed("source", source)
        _indexed("target", target)
    type_text = _text(get(keys.get("type")))
    directed = _DIRECTIONS.get(type_text.lower())
    if directed is not None:
        type_text = ""  # the relationship type comes from the label or --type
    if "directed" in keys:
        directed = _directed(raw[keys["directed"]], directed)
    used_label = False
    if not type_text and "label" in keys and model.TIE_TYPE.fullmatch(_text(raw[keys["label"]])):
        type_text, used_label = _text(raw[keys["label"]]), True
    try:
        tie_type = model.parse_type(type_text or default_type)
    except ValueError as exc:
        raise FieldError("type", str(exc)) from None
    try:
        weight = model.parse_weight(get(keys.get("weight")))
    except ValueError as exc:
        raise FieldError("weight", str(exc)) from None
    try:
        since = _date(get(keys.get("since")), "since")
    except ValueError as exc:
        raise FieldError("since", str(exc)) from None
    try:
        until = _date(get(keys.get("until")), "until")
    except ValueError as exc:
        raise FieldError("until", str(exc)) from None
    if since and until and until < since:
        raise FieldError("until", f"until {until} is before since {since}")
    observed = None
    if "date" in keys or "observed" in keys or "observation" in keys:
        observed = _observations(raw, keys, weight)
    clean = model.clean_property
    properties = {k: clean(raw[k]) for k in prop_keys}
    if properties:
        _storable(properties)
    if used_label:
        properties.pop(keys["label"], None)
    if directed is not None or "directed" in keys:
        properties[model.DIRECTED_PROPERTY] = directed  # None (an empty cell) removes it, as for other properties
    row = {
        "source": source, "target": target, "type": tie_type, "weight": weight,
        "channel": model.parse_channel(get(keys.get("channel"))),
        "since": since, "until": until, "properties": properties,
    }
    if observed:
        row.update(observed)
    return row


@functools.lru_cache(maxsize=10_000)
def _date_text(text: str, field: str) -> str | None:
    return model.parse_date(text, field)


def _date(value: Any, field: str) -> str | None:
    """:func:`netnp.model.parse_date`, remembering the texts it read (a file names the same days again and again)."""
    return _date_text(value, field) if type(value) is str else model.parse_date(value, field)


def _observations(raw: dict[Any, Any], keys: dict[str, Any], weight: float) -> dict[str, list[Any]] | None:
    """The dated observations of an edge row, None when it has none. One
    observation is its ``date`` and, when its key is not that date,
    ``observation`` (its weight is the row's); several are the parallel lists
    ``observed`` (dates), ``observed_weight`` and, when a key is not its date,
    ``observed_key``, one item per distinct key (the last item given for a key
    wins). The tie modules take either form as it is: a single observation
    holds no list, so its row, which the garbage collector need not track,
    costs the import hardly more than an undated one.

    A ``date`` (with its ``observation`` key and the row's ``weight``) is one
    observation; the lists ``observed``, ``observed_weight`` and
    ``observed_key`` (as :func:`netnp.exporting.export_graph` writes them) are
    many.
    """
    text = _text(raw.get(keys.get("date"))) if "date" in keys else ""
    name = _text(raw.get(keys.get("observation"))) if "observation" in keys else ""
    date = None
    if text:
        try:
            date = _date(text, "date")
        except ValueError as exc:
            raise FieldError("date", str(exc)) from None
    elif name:
        raise FieldError("date", f"observation {name!r} has no date; an observation needs one")
    if "observed" not in keys:  # the usual row: one observation, or none
        if date is None:
            return None
        return {"date": date, "observation": name} if name and name != date else {"date": date}
    found: dict[str, tuple[str, float]] = {}
    dates = _listed(raw[keys["observed"]], "observed")
    weights = _listed(raw[keys["observed_weight"]], "observed_weight") if "observed_weight" in keys else []
    names = _listed(raw[keys["observed_key"]], "observed_key") if "observed_key" in keys else []
    for field, values in (("observed_weight", weights), ("observed_key", names)):
        if values and len(values) != len(dates):
            raise FieldError(field, f"{field} has {len(values)} item(s), observed has {len(dates)}")
    for i, value in enumerate(dates):
        try:
            each_date = model.parse_date(value, "observed")
        except ValueError as exc:
            raise FieldError("observed", str(exc)) from None
        try:
            each = model.parse_weight(weights[i]) if weights else 1.0
        except ValueError as exc:
            raise FieldError("observed_weight", str(exc)) from None
        if each_date is None:
            raise FieldError("observed", f"observed item {i + 1} is empty; each observation needs a date")
        found[(_text(names[i]) if names else "") or each_date] = (each_date, each)
    if date is not None:
        found[name or date] = (date, weight)
    return model.observation_lists(found) if found else None


def _listed(value: Any, field: str) -> list[Any]:
    """A list field of an edge row: a list (JSON), a JSON array in a text (GraphML, GEXF, CSV), or ``a|b|c``."""
    if value is None or isinstance(value, list):
        return value or []
    text = _text(value)
    if not text:
        return []
    if text.startswith("["):
        try:
            items = json.loads(text)
        except ValueError:
            raise FieldError(field, f"{field} is not a JSON list: {text[:40]!r}") from None
        if not isinstance(items, list):
            raise FieldError(field, f"{field} is not a JSON list")
        return items
    return text.split(model.ALIAS_SEPARATOR)


def _directed(value: Any, from_type: bool | None) -> bool | None:
    """A ``directed`` cell as a boolean (None when empty), checked against what
    the ``type`` column said (``from_type``)."""
    text = _text(value)
    if not text:
        return from_type
    directed = _DIRECTED_VALUES.get(text.lower())
    if directed is None:
        raise FieldError("directed", f"directed {text!r} is not true or false")
    if from_type is not None and directed != from_type:
        said = "Directed" if from_type else "Undirected"
        raise FieldError("directed", f"directed {text!r} contradicts type {said!r}")
    return directed
