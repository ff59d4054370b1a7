"""The graph model: node kinds, the tie vocabulary, roles, provenance, and how input values are checked.

The model's names are defined here and nowhere else, and everything that
decides whether an input value is valid lives here, so that the CSV,
GraphML, GEXF and JSON readers, the sample generators, :mod:`netnp.graphwrite`,
the analyses and the report agree. This module imports nothing of netnp but
:mod:`netnp.urls` (the id of a web page), which imports nothing of netnp.
docs/model.md describes the model for analysts.

Each ``parse_*`` function returns the clean value or raises :class:`ValueError`
with a message that reads well after "file:line: field: ".
"""

from __future__ import annotations

import datetime as _dt
import math
import re

from netnp.urls import has_scheme, page_id

#: The node kinds: each node carries ``Entity`` plus exactly one of these labels.
KINDS = ("Person", "Organization", "WebPage")

#: The label every node carries; its ``id`` property is unique (netnp/cypher/schema/0001).
ENTITY_LABEL = "Entity"

#: Role labels that analyses put on nodes, in the order the results and the
#: report list them; exported, never imported.
ROLE_LABELS = ("Hub", "Core", "Periphery", "Bridge")

#: How the ``kind`` column may spell each kind (compared in lower case, without
#: spaces, ``-`` and ``_``).
KIND_SPELLINGS = {
    "person": "Person", "people": "Person", "personne": "Person",
    "organization": "Organization", "organisation": "Organization", "org": "Organization",
    "webpage": "WebPage", "page": "WebPage", "web": "WebPage", "pageweb": "WebPage",
}

#: The documented relationship types, with what they mean (source → target).
VOCABULARY = {
    "KNOWS": "a person knows another person (symmetric in meaning; stored with a direction)",
    "MEMBER_OF": "a person is a member of an organisation",
    "WORKS_FOR": "a person is on the staff of an organisation",
    "VOLUNTEERS_FOR": "a person volunteers for an organisation",
    "DONATES_TO": "a person or organisation gives money or goods to an organisation",
    "PARTNERS_WITH": "two organisations work together",
    "FOLLOWS": "an account follows another on a social network",
    "MENTIONS": "a page, post or person mentions someone or something",
    "LINKS_TO": "a web page links to another web page",
    "PUBLISHES": "a person or organisation publishes a web page (site, blog post, article)",
    "ATTENDS": "a person takes part in an event (an Organization with category 'event')",
    "EMAILS": "a person sends e-mail to another (each message a dated observation)",
}

#: Tie types symmetric in meaning: undirected when neither the tie nor an
#: analysis run says otherwise (export to Gephi).
SYMMETRIC_TYPES = frozenset({"KNOWS", "PARTNERS_WITH"})

#: The tie property that says whether a tie has a direction, as a file gave it
#: (a ``directed`` column, or Gephi's ``Type`` Directed/Undirected).
DIRECTED_PROPERTY = "directed"

#: Any relationship type must match this, documented or not; it is the only
#: check that stands between input text and a relationship type in Cypher.
TIE_TYPE = re.compile(r"^[A-Z][A-Z0-9_]*$")

#: The channel of a tie that names none; others are kept as written (lower-cased).
DEFAULT_CHANNEL = "unspecified"

#: Fields of the model, which input columns of the same name fill; never plain properties.
NODE_FIELDS = frozenset({"id", "kind", "name", "aliases"})
#: The tie properties holding a tie's dated observations, as parallel lists: each
#: observation's ISO date, weight, and key (the ``observation`` column, else the date).
OBSERVATION_FIELDS = ("observed", "observed_weight", "observed_key")
TIE_FIELDS = frozenset({"source", "target", "type", "weight", "since", "until", "channel", "directed",
                        "date", "observation", *OBSERVATION_FIELDS})


def observation_lists(found: dict[str, tuple[str, float]]) -> dict[str, list[object]]:
    """Observations by key (``key -> (date, weight)``) as the parallel lists of a tie row:
    ``observed``, ``observed_weight``, and ``observed_key`` unless every key is its date."""
    dates = [date for date, _ in found.values()]
    lists: dict[str, list[object]] = {"observed": dates, "observed_weight": [weight for _, weight in found.values()]}
    if any(key != date for key, date in zip(found, dates, strict=True)):
        lists["observed_key"] = list(found)
    return lists

#: Prefix of the properties netnp writes itself (provenance, analysis results);
#: input attributes with it are ignored, so that a round trip through Gephi does
#: not bring stale results back.
NETNP_PREFIX = "netnp_"
#: Where a node or tie came from: the keys of an import's provenance (the
#: ``$provenance`` parameter of the modules that write), each stored on every
#: node and tie it writes as the property ``netnp_<key>``: the file (or
#: ``crawl``, or a sample's name), the import's id, and its time (UTC).
PROVENANCE_KEYS = ("source", "import_id", "imported_at")
#: The provenance properties: ``netnp_source``, ``netnp_import_id``, ``netnp_imported_at``.
PROVENANCE_FIELDS = tuple(NETNP_PREFIX + key for key in PROVENANCE_KEYS)

#: Separator of several aliases in one cell.
ALIAS_SEPARATOR = "|"


def parse_kind(value: str | None) -> str:
    """The label for a kind as written in a file: person, organization, webpage (any case)."""
    text = (value or "").strip()
    if not text:
        raise ValueError("missing kind; use person, organization or webpage")
    if text in KINDS:
        return text
    key = re.sub(r"[\s_\-]", "", text.lower())
    try:
        return KIND_SPELLINGS[key]
    except KeyError:
        raise ValueError(f"unknown kind {text!r}; use person, organization or webpage") from None


def parse_type(value: str | None) -> str:
    """A relationship type, checked against ``^[A-Z][A-Z0-9_]*$``; never changed."""
    text = (value or "").strip()
    if not text:
        raise ValueError("missing type")
    if not TIE_TYPE.fullmatch(text):
        raise ValueError(f"type {text!r} must match ^[A-Z][A-Z0-9_]*$ (for example KNOWS or MEMBER_OF)")
    return text


def parse_weight(value: object) -> float:
    """A tie weight: a finite number ≥ 0; empty means 1. Accepts a decimal comma (``1,5``)."""
    if value is None or value == "":
        return 1.0
    if type(value) is str:
        try:
            number = float(value)
        except ValueError:
            pass
        else:
            if math.isfinite(number) and number >= 0:
                return number
            raise ValueError(f"weight {value!r} must be a finite number >= 0")
        if not value.strip():
            return 1.0
    if isinstance(value, bool):
        raise ValueError(f"weight {value!r} is not a number")
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = str(value).strip()
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"weight {str(value)!r} is not a number") from None
    if not math.isfinite(number) or number < 0:
        raise ValueError(f"weight {value!r} must be a finite number >= 0")
    return number


_DMY = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_ISO_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:[T ].*)?$")


def parse_date(value: object, field: str = "date") -> str | None:
    """An ISO date ``YYYY-MM-DD``, or None when empty.

    Accepts ``2021-09-01``, ``2021-09`` and ``2021`` (the first day), a date-time
    (its date), and the French ``01/09/2021`` (day first).
    """
    if value is None or value == "":
        return None
    if isinstance(value, str) and len(value) == 10:
        try:
            return _dt.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if hasattr(value, "to_native"):  # neo4j.time.Date / DateTime
        return parse_date(value.to_native(), field)
    text = str(value).strip()
    if not text:
        return None
    try:
        match = _DMY.match(text)
        if match:
            day, month, year = (int(g) for g in match.groups())
            return _dt.date(year, month, day).isoformat()
        match = _ISO_PARTIAL.match(text)
        if match:
            year, month, day = match.groups()
            return _dt.date(int(year), int(month or 1), int(day or 1)).isoformat()
    except ValueError:
        pass
    raise ValueError(f"{field} {text!r} is not a date; write YYYY-MM-DD (or DD/MM/YYYY)")


def parse_channel(value: object) -> str:
    text = str(value).strip().lower() if value is not None else ""
    return text or DEFAULT_CHANNEL


def parse_aliases(value: object) -> list[str]:
    """Aliases from a cell (``a|b|c``) or a list; empty entries dropped."""
    if value is None:
        return []
    items = value if isinstance(value, (list, tuple)) else str(value).split(ALIAS_SEPARATOR)
    return [str(a).strip() for a in items if str(a).strip()]




def looks_like_url(text: str) -> bool:
    text = text.strip()
    return has_scheme(text) or text.lower().startswith("www.")


#: The id of a web page: its URL in one canonical spelling, the one the crawler
#: gives it too (RFC 3986, section 6; ``http://`` added when no scheme is
#: given; trailing ``/`` and query order kept). Raises :class:`ValueError`
#: (:class:`netnp.urls.InvalidURL`) saying why a text is not a page's URL.
normalise_url = page_id


def property_key_ok(key: str, fields: frozenset[str] = NODE_FIELDS) -> bool:
    """Whether an input column may become a property: not one of the model's
    ``fields`` (in any case), and not netnp's own (``netnp_…``)."""
    return bool(key.strip()) and key.lower() not in fields and not key.lower().startswith(NETNP_PREFIX)


def clean_property(value: object) -> object:
    """A value Neo4j can store: text, number, boolean, or a list of one of them.

    Empty text becomes None, which removes the property on update, so that
    clearing a cell in a spreadsheet clears the property in the graph.
    """
    if value is None:
        return None
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, (bool, int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            return str(value)
        return value
    if isinstance(value, (list, tuple)):
        items = [clean_property(v) for v in value]
        items = [v for v in items if v is not None]
        if items and len({type(v) for v in items}) > 1:
            return [str(v) for v in items]
        return items or None
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    return str(value)
