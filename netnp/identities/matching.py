"""Which nodes are probably one person or organisation: blocking, comparison, scores, clusters.

The method is Fellegi and Sunter's (1969): each piece of evidence that two
records agree on (an e-mail address, a name, the local part of an address
that spells the other's name, shared neighbours) weighs ``log2(m / u)`` bits,
where ``m`` is how often two records of the same person show it and ``u`` how
often two records of different people do. For names, ``u`` is taken from the
frequency of the words in the graph itself (Winkler's frequency-based
weights): two *Marie Martin* say less than two *Aurélien Tchakaloff*. The
weights add up with the prior odds that two records taken at random are the
same person (``d / N``, where ``d``, how many other records an entity has per
record, is estimated from the pairs themselves by expectation-maximisation),
and the score is the probability that the sum stands for, in [0, 1].

Comparing every pair of ``N`` records would take ``N²/2`` comparisons;
*blocking* (Christen 2012, chapter 4) compares only the records that share a
key: an e-mail address or handle, the words of their name in any order, a
surname with a first initial, the sound of a surname (Metaphone) with a first
initial, or a way of writing a name as an address (``jpdupont``). A key
shared by more than :data:`MAX_BLOCK` records compares each of them with its
:data:`WINDOW` neighbours in name order only (the sorted neighbourhood method)
if it holds the words of a name, and none of them otherwise (a common sound
or address), so the work grows with ``N``, not ``N²``.

Pairs scored at least the threshold are grouped into identities, strongest
first, with the rule that two groups are not joined when they hold two
records whose names disagree and that share no identifier (so that
*J. Martin* does not make *Jean Martin* and *Jacques Martin* one person).
Each identity is a tree of its strongest pairs, rooted at the record that
keeps the identity's id.

References
----------
Fellegi, I. P., and Sunter, A. B. (1969). A theory for record linkage.
*Journal of the American Statistical Association* 64(328), 1183–1210.
Winkler, W. E. (1989). Frequency-based matching in Fellegi–Sunter model of
record linkage. *Proceedings of the Section on Survey Research Methods*, ASA.
Christen, P. (2012). *Data Matching*. Springer (blocking: chapter 4;
evaluation: chapter 7).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

import jellyfish
import numpy as np
from rapidfuzz.distance import Levenshtein

import netnp.identities.names as names
from netnp.identities.names import Name

#: Records a blocking key may hold before its records are compared with their neighbours in name order only
#: (for the keys of :data:`WINDOWED_KEYS`), or not on this key at all (the others).
MAX_BLOCK = 30
#: Prefixes of the blocking keys whose blocks larger than :data:`MAX_BLOCK` are compared in name order: the
#: words of a name (``n:``). A large block of a sound (``p:``, ``q:``) or of an address's letters (``l:``) is a
#: common name: its records meet on their other keys, and its neighbours in name order are seldom one person.
WINDOWED_KEYS = frozenset({"n"})
#: How many neighbours in name order each record of a large block is compared with.
WINDOW = 8
#: An identifier (address, phone, handle, site) held by more records than this is shared by
#: different people (a switchboard, an organisation's site): it is neither a key nor evidence.
MAX_IDENTIFIER_HOLDERS = 6
#: A word of a name seen in no other record is taken to be held by one record in ``N``, or
#: in this many in a smaller graph: in a graph of ten records, two that share a surname
#: seen nowhere else are likely one person, as they would be in a larger population.
SMALLEST_POPULATION = 1000
#: Largest identity the grouping makes; larger ones are left as several.
MAX_IDENTITY = 25
#: Words of two names that differ by a typing error match when their Levenshtein
#: similarity is at least this (``Dupond`` and ``Dupont``: 0.83), or when one letter
#: added, dropped or changed makes one the other (``Jan`` and ``Jean``).
WORD_SIMILARITY = 0.8
#: How many more names a word matched with a typo stands for than the word alone.
TYPO_SPREAD = 3.0

#: ``m``: how often two records of the same person agree as each level says.
NAME_M = {"same name": 0.55, "initials": 0.15, "similar name": 0.15, "partial name": 0.08}
#: ``m`` of two names that disagree: with no word in common (a nickname, a maiden name, a
#: pseudonym), or with words in common and others that differ on both sides (*Jean Martin*,
#: *Jacques Martin*). ``u`` is then taken as 1, so they weigh ``log2(m)`` bits, against: two
#: people who share a surname and not their given names are more often relatives than one
#: person, whatever the surname.
DISAGREE_M = {"different names": 0.05, "names partly differ": 0.02}
#: ``m`` of an address local part (or handle) that spells the other record's name.
LOCAL_PART_M = 0.5
#: ``m`` of two records whose addresses have the same local part on different domains.
SAME_LOCAL_PART_M = 0.3
#: For identifiers: ``m``, how often two records of the same person share one when both have
#: some; and ``epsilon``, the share of the holders of an identifier that are not its owner
#: (family addresses, a shared phone). ``u`` is then ``epsilon / N``.
IDENTIFIER_EVIDENCE = {
    "email": ("same e-mail", 0.4, 1 / 100),
    "phone": ("same phone", 0.4, 1 / 20),
    "handle": ("same handle", 0.4, 1 / 100),
    "site": ("same web address", 0.3, 1 / 10),
}
#: Bounds of ``d``, how many other records an entity has per record (:meth:`Scorer.estimate_prior`).
MIN_OTHER_RECORDS = 0.05
MAX_OTHER_RECORDS = 8.0
#: Pairs whose score would be below this however many records an entity has are not kept.
LEAST_KEPT_SCORE = 1 / 128
#: Identifiers that one person seldom has several of: when two records hold some of one of
#: these types and share none, that weighs ``log2(1 - m)`` bits, against.
SINGLE_IDENTIFIER_KINDS = frozenset({"email", "phone"})
#: Shared neighbours: a neighbour of degree ``d`` weighs ``log2(NEIGHBOUR_SCALE / d)`` bits
#: (none above that degree), and all of them at most :data:`NEIGHBOURS_MOST` bits: people
#: who know each other share neighbours too, so this is weak evidence.
NEIGHBOUR_SCALE = 32.0
NEIGHBOURS_MOST = 4.0


@dataclass(frozen=True)
class LocalPart:
    """What the user part of one address or handle says of a name."""

    identifier: str
    #: The words it separates (``jean.dupont``), if it separates any.
    name: Name
    #: Its letters run together (``jeandupont``); empty when shorter than four letters.
    letters: str


@dataclass(eq=False)
class Record:
    """One node, as identity matching sees it."""

    id: str
    kind: str
    display: str | None
    #: The node's name reduced (:func:`names.parse_name`); empty if it has none.
    name: Name
    #: Identifiers, ``type:value``: ``email:ana@example.org``, ``handle:twitter:ana_d``.
    identifiers: set[str] = field(default_factory=set)
    #: The user parts of its addresses and handles.
    local_parts: list[LocalPart] = field(default_factory=list)
    #: Neighbour ids and their degrees.
    neighbours: dict[str, int] = field(default_factory=dict)
    #: Whether its id is an address or a handle (``ana@example.org``), not a CRM's or a source's own id.
    id_is_identifier: bool = False
    index: int = 0
    _forms: dict[str, tuple[tuple[str, ...], int]] | None = None

    def __post_init__(self) -> None:
        #: The types of identifiers it holds that one person rarely has several of.
        self.single_kinds = {i.partition(":")[0] for i in self.identifiers} & SINGLE_IDENTIFIER_KINDS
        #: Its names from addresses, without those equal to its name or to each other.
        self.address_names: list[tuple[Name, LocalPart]] = []
        seen = {self.name} if self.name else set()
        for part in self.local_parts:
            if part.name and part.name not in seen:
                seen.add(part.name)
                self.address_names.append((part.name, part))

    @property
    def names(self) -> list[Name]:
        """Its name and the names its addresses spell."""
        return ([self.name] if self.name else []) + [name for name, _ in self.address_names]

    @property
    def blobs(self) -> set[str]:
        return {part.letters for part in self.local_parts if part.letters}

    def forms(self) -> dict[str, tuple[tuple[str, ...], int]]:
        if self._forms is None:
            self._forms = _forms_of(self.name) if self.name.words else {}
        return self._forms

    @property
    def shown(self) -> str:
        return self.display if self.display and self.display != self.id else self.id


@lru_cache(maxsize=1 << 16)
def _forms_of(name: Name) -> dict[str, tuple[tuple[str, ...], int]]:
    """:func:`names.name_forms`, once per name (common names recur)."""
    return names.name_forms(name)


#: What a property's name says its values are.
_NETWORK_KEYS = ("twitter", "mastodon", "bluesky", "linkedin", "facebook", "instagram", "github", "threads",
                 "tiktok", "youtube")
_NETWORKS = {"tw": "twitter", "x": "twitter", "twitter": "twitter", "fb": "facebook", "facebook": "facebook",
             "ig": "instagram", "insta": "instagram", "instagram": "instagram", "li": "linkedin",
             "linkedin": "linkedin", "gh": "github", "github": "github", "bsky": "bluesky", "bluesky": "bluesky",
             "mastodon": "mastodon", "masto": "mastodon", "fediverse": "mastodon", "threads": "threads",
             "yt": "youtube", "youtube": "youtube", "tiktok": "tiktok"}


def _identifiers_of(value: Any, key: str | None) -> Iterable[tuple[str, str]]:
    """``(type, value)`` identifiers a property value (or an id, ``key`` None) holds."""
    values = value if isinstance(value, (list, tuple)) else [value]
    lowered = (key or "").lower()
    for item in values:
        if item is None:
            continue
        text = str(item).strip()
        if not text:
            continue
        email = names.email_address(text)
        if email:
            yield "email", email
            continue
        if any(word in lowered for word in ("phone", "tel", "mobile")):
            phone = names.phone_number(item)
            if phone:
                yield "phone", phone
            continue
        network = next((n for n in _NETWORK_KEYS if n in lowered), None)
        prefix = text.partition(":")[0].lower()
        if prefix in _NETWORKS and not text.lower().startswith(("http:", "https:")):
            text, network = text.partition(":")[2], _NETWORKS[prefix]
        account = names.handle(text, network) if (key is not None or "@" in text or network) else None
        if account:
            yield "handle", account
            continue
        if key is not None and names.site(text) and any(w in lowered for w in ("url", "site", "web", "homepage")):
            yield "site", names.site(text)


def _local_parts(identifiers: Iterable[str]) -> Iterable[tuple[str, str]]:
    """``(identifier, user part)`` of addresses and handles: what people build from their names."""
    for identifier in identifiers:
        kind, _, value = identifier.partition(":")
        if kind == "email":
            yield identifier, value.split("@", 1)[0]
        elif kind == "handle":
            yield identifier, value.rpartition(":")[2].split("@", 1)[0]


def make_record(row: dict[str, Any]) -> Record:
    """A :class:`Record` from a row of ``identities/candidates``."""
    kind = row["kind"]
    organisation = kind == "Organization"
    identifiers = {f"{t}:{v}" for t, v in _identifiers_of(row["id"], None)}
    id_is_identifier = bool(identifiers)
    for ref in row.get("aliases", ()):
        identifiers.update(f"{t}:{v}" for t, v in _identifiers_of(ref, None))
    for key, value in row.get("identifiers", ()):
        identifiers.update(f"{t}:{v}" for t, v in _identifiers_of(value, key))
    display = row.get("name")
    if isinstance(display, str) and names.email_address(display):
        identifiers.add(f"email:{names.email_address(display)}")
    name = names.parse_name(display if display != row["id"] else None, organisation=organisation)
    local_parts = []
    if not organisation:
        for identifier, local in sorted(_local_parts(identifiers)):
            local_name, letters = names.local_name(local)
            if local_name.words or len(letters) >= 4:
                local_parts.append(LocalPart(identifier, local_name, letters if len(letters) >= 4 else ""))
    return Record(id=row["id"], kind=kind, display=display, name=name, identifiers=identifiers,
                  local_parts=local_parts, id_is_identifier=id_is_identifier,
                  neighbours={n_id: degree for n_id, degree in row.get("neighbours", ()) if n_id is not None})


# -- frequencies -------------------------------------------------------------------
class Frequencies:
    """How common words, initials, local parts and identifiers are among the records of one kind."""

    def __init__(self, records: list[Record]):
        self.n = max(len(records), 2)
        self.floor = 1 / max(self.n, SMALLEST_POPULATION)
        self.words: Counter[str] = Counter()
        self.blobs: Counter[str] = Counter()
        self.identifiers: Counter[str] = Counter()
        letters: Counter[str] = Counter()
        for record in records:
            words = {w for name in record.names for w in name.words}
            self.words.update(words)
            letters.update(w[0] for w in words)
            self.blobs.update(record.blobs)
            self.identifiers.update(record.identifiers)
        self._name_u: dict[Name, float] = {}
        total = sum(letters.values()) or 1
        self.initials = {letter: max(count / total, 1 / 26) for letter, count in letters.items()}

    def word(self, word: str) -> float:
        """``u`` of agreeing on ``word``: the share of records that hold it, less the two compared,
        plus one record in ``max(N, SMALLEST_POPULATION)``."""
        return max(self.words.get(word, 0) - 2, 0) / self.n + self.floor

    def initial(self, letter: str) -> float:
        return self.initials.get(letter, 1 / 26)

    def name_u(self, name: Name) -> float:
        """``u`` of agreeing on every word and initial of ``name``."""
        u = self._name_u.get(name)
        if u is None:
            u = 1.0
            for word in name.words:
                u *= self.word(word)
            for letter in name.initials:
                u *= self.initial(letter)
            self._name_u[name] = u
        return u

    def identifier_usable(self, identifier: str) -> bool:
        return self.identifiers.get(identifier, 0) <= MAX_IDENTIFIER_HOLDERS


# -- comparing names ---------------------------------------------------------------
class NameMatch(NamedTuple):
    level: str
    #: ``u``: how often two records of different people agree this much (for the level's words).
    u: float
    weight: float
    left: Name
    right: Name


def compare_names(a: Name, b: Name, freq: Frequencies) -> NameMatch:
    """How two names agree, word by word (any order), with typos and initials; and what that weighs.

    Words equal in both names match first; then a word of one name that is
    two words of the other run together (``jeanpierre``); then words one
    typing error apart (:data:`WORD_SIMILARITY`); then words of one name
    with the initials of the other. The level says what is left over.
    """
    if a.sorted_words == b.sorted_words and a.sorted_initials == b.sorted_initials:
        u = freq.name_u(a)
        level = "initials" if a.initials else "same name"
        return NameMatch(level, u, math.log2(NAME_M[level] / u), a, b)
    word = freq.word
    common = set(a.words) & set(b.words)
    left = [w for w in a.words if w not in common]
    right = [w for w in b.words if w not in common]
    u = 1.0
    for w in common:
        u *= word(w)
    matched = len(common)
    fuzzy = initials = 0
    if left and right and len(left) + len(right) >= 3:
        # a word written in one piece in one name and two in the other ("jeanpierre", "jean pierre")
        for side, other in ((left, right), (right, left)):
            if len(other) < 2 or len(side) >= len(other):
                continue
            for glued in list(side):
                found = next(((x, y) for x in other for y in other if x != y and glued == x + y), None)
                if found:
                    side.remove(glued)
                    other.remove(found[0])
                    other.remove(found[1])
                    u *= word(found[0]) * word(found[1])
                    matched += 1
    if left and right:
        close = []
        for x in left:
            for y in right:
                if len(x) >= 3 and len(y) >= 3:
                    similarity = Levenshtein.normalized_similarity(x, y)
                    if similarity >= WORD_SIMILARITY or Levenshtein.distance(x, y, score_cutoff=1) <= 1:
                        close.append((similarity, x, y))
        for _, x, y in sorted(close, reverse=True):
            if x in left and y in right:
                left.remove(x)
                right.remove(y)
                u *= TYPO_SPREAD * max(word(x), word(y))
                fuzzy += 1
        matched += fuzzy
    left_initials, right_initials = list(a.initials), list(b.initials)
    if left_initials or right_initials:
        for words, letters in ((left, right_initials), (right, left_initials)):
            for w in list(words):
                if w[0] in letters:
                    words.remove(w)
                    letters.remove(w[0])
                    u *= freq.initial(w[0])
                    initials += 1
        for letter in list(left_initials):
            if letter in right_initials:
                left_initials.remove(letter)
                right_initials.remove(letter)
                u *= freq.initial(letter)
                initials += 1
    if not matched:
        return NameMatch("different names", 1.0, _DIFFERENT_NAMES_BITS, a, b)
    left_over, right_over = left or left_initials, right or right_initials
    if left_over and right_over:
        return NameMatch("names partly differ", 1.0, _PARTLY_DIFFERENT_BITS, a, b)
    if not left_over and not right_over:
        level = "similar name" if fuzzy else "initials" if initials else "same name"
    else:
        level = "partial name"
    return NameMatch(level, u, math.log2(NAME_M[level] / u), a, b)


_DIFFERENT_NAMES_BITS = math.log2(DISAGREE_M["different names"])
_PARTLY_DIFFERENT_BITS = math.log2(DISAGREE_M["names partly differ"])


def _spelt(blob: str, record: Record, freq: Frequencies) -> float | None:
    """``u`` of an address local part ``blob`` that spells ``record``'s name, or None if it does not."""
    used = record.forms().get(blob)
    if used is None:
        return None
    whole, cut = used
    u = 1.0
    for word in whole:
        u *= freq.word(word)
    return u * (1 / 12) ** cut


# -- comparing records -------------------------------------------------------------
class Evidence(NamedTuple):
    """One piece of evidence: what agrees (or not), on what, and its weight in bits.

    ``detail`` is text, or the two names or records compared, shown only
    when the evidence is written out.
    """

    what: str
    detail: Any
    bits: float

    def text(self) -> str:
        detail = self.detail
        if isinstance(detail, tuple):
            detail = " ~ ".join(x.show() if isinstance(x, Name) else x.shown if isinstance(x, Record) else str(x)
                                for x in detail)
        elif isinstance(detail, Name):
            detail = detail.show()
        return f"{self.what}: {detail}" if detail else self.what


@dataclass
class Pair:
    a: Record
    b: Record
    #: The weight of the evidence, in bits (without the prior).
    bits: float
    #: The evidence, or None until :meth:`Scorer.explain` finds it again (pairs scored in bulk keep their weight only).
    evidence: list[Evidence] | None = None
    score: float = 0.0

    def evidence_text(self) -> str:
        return "; ".join(e.text() for e in self.evidence or ())


def _logistics(bits: np.ndarray) -> np.ndarray:
    """:func:`_logistic` of each element."""
    clipped = np.clip(bits, -60.0, 60.0)
    scores = 1.0 / (1.0 + np.exp2(-clipped))
    scores[bits > 60] = 1.0
    scores[bits < -60] = 0.0
    return scores


def _logistic(bits: float) -> float:
    if bits > 60:
        return 1.0
    if bits < -60:
        return 0.0
    return 1.0 / (1.0 + 2.0 ** -bits)


class Scorer:
    """Compares two records of one kind and weighs the evidence."""

    def __init__(self, records: list[Record]):
        self.freq = Frequencies(records)
        #: The prior log-odds that two records are one entity: ``log2(d / N)``, where ``d``
        #: is how many other records an entity has per record (:meth:`estimate_prior`).
        self.prior = -math.log2(self.freq.n)
        #: The least weight of a pair worth keeping, however many records an entity has.
        self.least_kept_bits = -math.log2(1 / LEAST_KEPT_SCORE - 1) - math.log2(MAX_OTHER_RECORDS / self.freq.n)
        #: Weight of each shared identifier type, in bits.
        self.identifier_bits = {kind: math.log2(m / (eps / self.freq.n)) for kind, (_, m, eps) in
                                IDENTIFIER_EVIDENCE.items()}

    def name_evidence(self, a: Record, b: Record, shared: set[str]) -> tuple[Evidence | None, bool]:
        """The strongest agreement of the two records' names and addresses, and whether their names disagree.

        The user parts of ``shared`` identifiers are left out: they say the
        same of both records. When both records have a name and the names
        share words but differ in others on both sides (*Jean Martin* and
        *Jacques Martin*, *Nathalie Roux* and *Nathalie Morel*), that is the
        evidence, whatever their addresses spell: people of one family share
        words of their names, and an address. Names with no word in common
        (a nickname) give way to an address that spells the other's name.
        """
        freq = self.freq
        best: Evidence | None = None
        disagree = False
        if a.name.words and b.name.words:
            match = compare_names(a.name, b.name, freq)
            best = Evidence(match.level, a.name if match.level == "same name" else (a, b), match.weight)
            if match.level == "names partly differ":
                return best, True
            disagree = match.level == "different names"
        if not a.local_parts and not b.local_parts:
            return best, disagree
        theirs = ([(b.name, None)] if b.name.words else []) + \
            [(name, part) for name, part in b.address_names if part.identifier not in shared]
        for x, x_part in ([(a.name, None)] if a.name.words else []) + \
                [(name, part) for name, part in a.address_names if part.identifier not in shared]:
            for y, y_part in theirs:
                if x_part is None and y_part is None:
                    continue
                match = compare_names(x, y, freq)
                if match.level in NAME_M and (best is None or match.weight > best.bits):
                    best = Evidence(f"{match.level} (from an address)", (x, y), match.weight)
        left = [part.letters for part in a.local_parts if part.letters and part.identifier not in shared]
        right = [part.letters for part in b.local_parts if part.letters and part.identifier not in shared]
        for letters_list, other in ((left, b), (right, a)):
            for letters in letters_list:
                u = _spelt(letters, other, freq)
                if u is not None:
                    bits = math.log2(LOCAL_PART_M / u)
                    if best is None or bits > best.bits:
                        best = Evidence("e-mail local part matches the name", (letters, other), bits)
        for letters in set(left) & set(right):
            bits = math.log2(SAME_LOCAL_PART_M / (max(freq.blobs.get(letters, 0) - 2, 1) * TYPO_SPREAD / freq.n))
            if best is None or bits > best.bits:
                best = Evidence("same e-mail local part", letters, bits)
        return best, disagree and best is not None and best.what == "different names"

    def compare(self, a: Record, b: Record) -> Pair:
        evidence: list[Evidence] = []
        shared = a.identifiers & b.identifiers
        kinds: set[str] = set()
        if shared:
            shared = {i for i in shared if self.freq.identifier_usable(i)}
            by_kind: dict[str, list[str]] = defaultdict(list)
            for identifier in sorted(shared):
                kind, _, value = identifier.partition(":")
                by_kind[kind].append(value)
            for kind, values in by_kind.items():
                evidence.append(Evidence(IDENTIFIER_EVIDENCE[kind][0], ", ".join(values),
                                         self.identifier_bits[kind]))
            kinds = set(by_kind)
        for kind in a.single_kinds & b.single_kinds:
            if kind not in kinds:
                what, m, _ = IDENTIFIER_EVIDENCE[kind]
                evidence.append(Evidence(f"different {what.removeprefix('same ')}", "", math.log2(1 - m)))
        name, _ = self.name_evidence(a, b, shared)
        if name is not None:
            evidence.append(name)
        if not shared and (name is None or name.bits + NEIGHBOURS_MOST < self.least_kept_bits):
            # too weak to be kept whatever the neighbours say: not worth looking them up
            return Pair(a, b, sum(e.bits for e in evidence), evidence, 0.0)
        if a.neighbours and b.neighbours:
            common = a.neighbours.keys() & b.neighbours.keys()
            if common:
                bits = sum(max(0.0, math.log2(NEIGHBOUR_SCALE / max(a.neighbours[c], 1))) for c in common)
                if bits > 0:
                    evidence.append(Evidence("shared neighbours", f"{len(common)}", min(bits, NEIGHBOURS_MOST)))
        bits = sum(e.bits for e in evidence)
        return Pair(a, b, bits, evidence, _logistic(self.prior + bits))

    def explain(self, pair: Pair) -> Pair:
        """``pair`` with its evidence, compared again if it was kept without it."""
        if pair.evidence is None:
            pair.evidence = self.compare(pair.a, pair.b).evidence
        return pair

    def estimate_prior(self, pairs: list[Pair], rounds: int = 50) -> float:
        """Estimate ``d``, the other records of an entity per record, from the pairs, and score them.

        The expectation-maximisation step of Fellegi–Sunter for the share of
        matches (Jaro 1989), with ``m`` and ``u`` held: the expected number
        of matching pairs is the sum of their probabilities, which gives
        ``d = 2 × Σ p / N``, which gives new probabilities, until ``d``
        settles. Pairs that were not compared count as non-matches.
        """
        n = self.freq.n
        d = 1.0
        bits = np.fromiter((p.bits for p in pairs), dtype=np.float64, count=len(pairs))
        for _ in range(rounds):
            prior = math.log2(d / n)
            expected = float(_logistics(prior + bits).sum())
            new = min(max(2 * expected / n, MIN_OTHER_RECORDS), MAX_OTHER_RECORDS)
            if abs(new - d) < 1e-3 * d:
                d = new
                break
            d = new
        self.prior = math.log2(d / n)
        for pair, score in zip(pairs, _logistics(self.prior + bits).tolist(), strict=True):
            pair.score = score
        return d

    def conflict(self, a: Record, b: Record) -> bool:
        """Whether two records cannot be one person: their names disagree and they share no identifier."""
        shared = a.identifiers & b.identifiers
        if shared:
            return False
        _, disagree = self.name_evidence(a, b, shared)
        return disagree


# -- blocking ----------------------------------------------------------------------
def blocking_keys(record: Record, freq: Frequencies) -> set[str]:
    """The keys that bring ``record`` together with the records it may be.

    ``i:`` an identifier; ``n:`` the words of a name in any order; ``p:``
    how each word of a name sounds (Metaphone, so that ``Dupond`` meets
    ``Dupont``), as a surname, with the first two letters of another word
    (the given name; a typo in it is caught by the key of the given name's
    sound with the surname's first letters); ``q:`` the same with an initial
    (``J. Dupont``), which meets ``r:``, the same with the first letter of
    another word; ``l:`` the letters of an address's local part, which meet
    ``f:``, the ways of writing the record's name as one (``jpdupont``), when
    some record's address is written so.
    """
    keys = {f"i:{i}" for i in record.identifiers if freq.identifier_usable(i)}
    for name in record.names:
        words = name.words
        if len(words) + len(name.initials) >= 2:
            keys.add(f"n:{name.key}|{''.join(name.sorted_initials)}")
        for position, word in enumerate(words):
            if len(word) < 3:
                continue
            sound = _sound(word)
            for at, other in enumerate(words):
                if at != position:
                    keys.add(f"p:{sound}|{other[:2]}")
                    keys.add(f"r:{sound}|{other[0]}")
            for letter in name.initials:
                keys.add(f"q:{sound}|{letter}")
    for blob in record.blobs:
        keys.add(f"l:{blob}")
    if record.name.words:
        keys.update(f"f:{form}" for form in record.forms().keys() & freq.blobs.keys())
    return keys


@lru_cache(maxsize=1 << 18)
def _sound(word: str) -> str:
    return jellyfish.metaphone(word)


#: Blocking keys that pair their records with those of another key only (``q:`` with
#: ``r:``, ``l:`` with ``f:``), and the keys that pair with nothing else.
_ASYMMETRIC = {"q": "r", "l": "f"}
_PASSIVE = frozenset(_ASYMMETRIC.values())


def candidate_pairs(records: list[Record], freq: Frequencies,
                    on_progress: Callable[[int], None] | None = None) -> set[tuple[int, int]]:
    """Pairs of record indexes to compare: those that share a blocking key.

    A key held by more than :data:`MAX_BLOCK` records pairs each with its
    :data:`WINDOW` next ones in the order of their names only, if it is a
    key of :data:`WINDOWED_KEYS`, and none otherwise. The keys
    ``r:`` and ``f:`` pair records only with those of ``q:`` and ``l:``
    (a name with the initials or an address that they stand for), not with
    each other: two full names meet on their words already.
    """
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, record in enumerate(records):
        for key in blocking_keys(record, freq):
            blocks[key].append(i)
        if on_progress and i % 10_000 == 9_999:
            on_progress(10_000)
    if on_progress:
        on_progress(len(records) % 10_000)
    pairs: set[tuple[int, int]] = set()
    add = pairs.add

    def name_order(i: int) -> tuple[str, str]:
        return records[i].name.key, min(records[i].blobs, default="")

    for key, members in blocks.items():
        prefix = key[0]
        if prefix in _PASSIVE:
            continue
        passive = blocks.get(_ASYMMETRIC[prefix] + key[1:], ()) if prefix in _ASYMMETRIC else ()
        if passive:
            holders = set(members)
            passive = [i for i in passive if i not in holders]
        if len(members) + len(passive) < 2:
            continue
        if len(members) + len(passive) <= MAX_BLOCK:
            for x, i in enumerate(members):
                for j in members[x + 1:]:
                    add((i, j) if i < j else (j, i))
                for j in passive:
                    add((i, j) if i < j else (j, i))
        elif prefix in WINDOWED_KEYS:
            holders = set(members)
            ordered = sorted(members + list(passive), key=name_order)
            for x, i in enumerate(ordered):
                for j in ordered[x + 1:x + 1 + WINDOW]:
                    if i in holders or j in holders:
                        add((i, j) if i < j else (j, i))
    return pairs


# -- grouping ----------------------------------------------------------------------
@dataclass
class Identity:
    """Records that stand for one person or organisation: ``root`` keeps its id, each other
    record points to the record it was matched with (its parent in the tree of strongest pairs)."""

    root: Record
    links: list[tuple[Record, Record, Pair]]  # (record, parent, the pair that joined them)


def _rank(record: Record) -> tuple[Any, ...]:
    """Which record of an identity keeps its id: one with a name, whose id is not an address or a
    handle (a CRM's id rather than an e-mail address), tied to most, with most identifiers."""
    return (not record.name, record.id_is_identifier, -len(record.neighbours), -len(record.identifiers), record.id)


def group(pairs: list[Pair], scorer: Scorer) -> list[Identity]:
    """Identities from scored pairs, strongest pair first (Kruskal's maximum spanning forest),
    never joining two groups that hold records in :meth:`Scorer.conflict`."""
    parent: dict[int, int] = {}
    members: dict[int, list[Record]] = {}

    def find(i: int) -> int:
        while parent.get(i, i) != i:
            parent[i] = parent.get(parent[i], parent[i])
            i = parent[i]
        return i

    kept: list[Pair] = []
    for pair in sorted(pairs, key=lambda p: (-p.score, p.a.id, p.b.id)):
        ra, rb = find(pair.a.index), find(pair.b.index)
        if ra == rb:
            continue
        left, right = members.get(ra, [pair.a]), members.get(rb, [pair.b])
        if len(left) + len(right) > MAX_IDENTITY:
            continue
        if any(scorer.conflict(x, y) for x in left for y in right):
            continue
        parent[rb] = ra
        members[ra] = left + right
        members.pop(rb, None)
        kept.append(pair)
    edges: dict[int, list[tuple[Record, Pair]]] = defaultdict(list)
    for pair in kept:
        edges[pair.a.index].append((pair.b, pair))
        edges[pair.b.index].append((pair.a, pair))
    identities = []
    for root_index, group_members in members.items():
        if find(root_index) != root_index:
            continue
        root = min(group_members, key=_rank)
        links: list[tuple[Record, Record, Pair]] = []
        seen, stack = {root.index}, [root]
        while stack:
            node = stack.pop()
            for other, pair in sorted(edges[node.index], key=lambda e: e[0].id):
                if other.index not in seen:
                    seen.add(other.index)
                    links.append((other, node, pair))
                    stack.append(other)
        identities.append(Identity(root, links))
    identities.sort(key=lambda identity: identity.root.id)
    return identities
