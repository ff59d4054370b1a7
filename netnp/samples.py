"""Sample networks: a synthetic French association, and classic networks from networkx.

``association`` is a realistic, deterministic networked nonprofit (the same
seed and size give the same network), with a known structure planted in it:

* **hubs**: one coordinator per local group (*antenne*), tied to most of it,
  and a few widely followed journalists and bloggers;
* a **core**: the staff and the coordinators, all tied to each other;
* **clusters**: one local group per city, dense inside, sparse between;
* a **bridging periphery**: people with one or two ties to the association,
  who are central in *other* networks (another association, a union, a
  neighbourhood council);
* partner organisations, donors, media, web pages that link to each other,
  publish and mention.

Each person carries ``role`` (staff, volunteer, donor, member, journalist,
blogger, outsider) and ``cluster``; planted hubs, core members and bridges
carry ``planted`` ("hub", "core", "bridge"): ground truth for tests of the
analyses. ``size`` is the number of ties (about one node per five ties).

With ``history`` (the default), the association has four years of dated
history, 2022 to 2025: each tie is observed once a year from the year it
began (docs/model.md, "Dated observations"), so that yearly snapshots show
the network grow. Planted in it, and marked on the people concerned by
``trajectory``:

* **movers** (``trajectory`` "mover"): members of the local groups who move
  from the periphery into the core, tied to the staff and coordinators from
  2024;
* **leavers** ("leaver"): people whose ties stop after 2022 or 2023;
* **a new cluster** ("newcomer"): the last city's local group, whose ties all
  begin in 2024;
* **weak ties that strengthen**: some ties of the local groups weigh 1 a year
  until 2023 and 5 a year from 2024;
* **introductions made**: in 2025 the association gets to know journalists,
  bloggers and media (up to twelve and two), whom its earlier runs recommend
  meeting.

The classics (``karate``, ``florentine``, ``lesmis``, ``southern-women``) come
from networkx, with their published structure (Zachary's two factions in
``club``, the Medici as brokers, co-appearance weights, women × events).
"""

from __future__ import annotations

import csv
import random
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from netnp import schema
from netnp.errors import InputError
from netnp.graphwrite import Provenance, entity_row, tie_row, write_graph
from netnp.locks import import_lock
from netnp.runner import Runner

SAMPLES = {
    "association": "synthetic French association: staff, volunteers, donors, partners, media, web pages (--size ties, --seed)",
    "karate": "Zachary's karate club: 34 members of a club that split in two (club = the faction)",
    "florentine": "Padgett's Florentine families: marriage alliances; the Medici broker between the others",
    "lesmis": "Les Misérables: 77 characters, weighted by co-appearances (Knuth)",
    "southern-women": "Davis' Southern Women: 18 women × 14 social events they attended",
}
DEFAULT_SIZE = 2_000
MAX_SIZE = 1_000_000
MIN_SIZE = 200

Rows = tuple[list[dict[str, Any]], Iterator[dict[str, Any]]]

# -- the synthetic association ------------------------------------------------------
_FIRST = ("Camille", "Léa", "Manon", "Chloé", "Inès", "Jade", "Louise", "Zoé", "Lina", "Emma", "Anaïs", "Élodie",
          "Margaux", "Océane", "Agathe", "Clémence", "Hélène", "Françoise", "Noémie", "Maëlle", "Lucas", "Hugo",
          "Louis", "Théo", "Nathan", "Arthur", "Jules", "Raphaël", "Gabriel", "Mathis", "Noé", "Étienne", "Benoît",
          "François", "Jérôme", "Loïc", "Yannick", "Amine", "Karim", "Mehdi", "Youssef", "Fatou", "Aïssatou",
          "Nguyen", "Thi", "Sofia", "Pierre", "Sébastien", "Cécile", "Gaëlle")
_LAST = ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
         "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
         "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand",
         "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas", "Perrin",
         "Benali", "Diallo", "Traoré", "N'Diaye", "Le Gall", "Le Goff", "Kerbrat", "Ça Va", "Œuvray", "Hébert")
_CITIES = ("Lyon", "Lille", "Nantes", "Bordeaux", "Marseille", "Toulouse", "Strasbourg", "Rennes", "Grenoble",
           "Montpellier", "Dijon", "Angers", "Brest", "Nancy", "Rouen", "Caen", "Tours", "Limoges", "Amiens", "Metz")
_OTHER_NETWORKS = ("Collectif Vélo en Ville", "Syndicat des Locataires", "Conseil de quartier", "AMAP des Pentes",
                   "Club de foot des Gones", "Chorale À Cœur Joie", "Réseau Éducation Sans Frontières",
                   "Université populaire", "Tiers-lieu La Friche", "Fédération des parents d'élèves")
_PARTNER_KINDS = (("Fondation", "foundation"), ("Mairie de", "public body"), ("Association", "association"),
                  ("Coopérative", "company"), ("Banque alimentaire de", "association"), ("Centre social de", "association"))
_MEDIA = ("Le Courrier du Rhône", "La Voix du Nord-Est", "Ouest Solidaire", "Radio Quartiers", "Le Petit Journal des Assos",
          "Sud Infos", "L'Écho des Alpes", "Mediacités Libres")
_ASSO = ("org:asso", "Terre Solidaire — Association loi 1901")
#: Id of the synthetic association: the focal organisation of its recommendations.
FOCUS_ID = _ASSO[0]
_SITE = "https://www.terre-solidaire.example.org"


def _slug(text: str) -> str:
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_text).split())


#: The years of the association's history, and how often a tie begins in each (before the planted changes).
HISTORY_YEARS = (2022, 2023, 2024, 2025)
_START_WEIGHTS = (55, 20, 15, 10)


class _Association:
    """Builds the synthetic network: nodes in memory (about size / 5), ties streamed."""

    def __init__(self, size: int, seed: int, history: bool = True):
        self.size, self.rnd = size, random.Random(seed)
        self.history = random.Random(seed + 1_000_003) if history else None
        self.entities: list[dict[str, Any]] = []
        self.people: list[str] = []
        self.by_cluster: dict[str, list[str]] = {}
        self.hubs: dict[str, str] = {}
        self.core: list[str] = []
        self.bridges: list[tuple[str, str]] = []
        self.outsiders: dict[str, list[str]] = {}
        self.celebrities: list[str] = []
        self.partners: list[str] = []
        self.media: list[str] = []
        self.pages: list[str] = []
        self.asso_pages: list[str] = []
        self.page_owner: dict[str, str] = {}
        self.movers: list[str] = []
        self.leavers: dict[str, int] = {}
        self.newcomers: set[str] = set()
        self._build_nodes()
        if self.history is not None:
            self._plant_history()

    # -- nodes ----------------------------------------------------------------------
    def _person(self, pid: str, role: str, cluster: str, planted: str | None = None) -> str:
        r = self.rnd
        name = f"{r.choice(_FIRST)} {r.choice(_LAST)}"
        props: dict[str, Any] = {"role": role, "cluster": cluster, "joined": r.randint(1998, 2025)}
        if planted:
            props["planted"] = planted
        self.entities.append(entity_row(pid, "Person", name, **props))
        self.people.append(pid)
        return pid

    def _org(self, oid: str, name: str, category: str, city: str) -> str:
        self.entities.append(entity_row(oid, "Organization", name, category=category, city=city))
        return oid

    def _page(self, url: str, title: str, owner: str, section: str) -> str:
        self.entities.append(entity_row(url, "WebPage", title, section=section))
        self.pages.append(url)
        self.page_owner[url] = owner
        return url

    def _build_nodes(self) -> None:
        r = self.rnd
        n_people = max(40, self.size // 6)
        n_clusters = min(len(_CITIES), max(3, n_people // 150))
        cities = list(_CITIES[:n_clusters])
        n_other = min(len(_OTHER_NETWORKS), max(2, n_clusters // 2))
        self._org(*_ASSO, category="association", city="Paris")
        # Staff and one coordinator (hub) per city: the core.
        n_staff = max(3, n_people // 100)
        for i in range(n_staff):
            self.core.append(self._person(f"p:staff{i}", "staff", "siège", "core"))
        for city in cities:
            hub = self._person(f"p:coord-{_slug(city)}", "volunteer", city, "hub")
            self.hubs[city] = hub
            self.core.append(hub)
            self.by_cluster[city] = [hub]
        # Other networks, each with its own organisation and members.
        n_outsiders = max(10, n_people // 8)
        for k in range(n_other):
            name = _OTHER_NETWORKS[k]
            self._org(f"org:other{k}", name, "association", r.choice(cities))
            self.outsiders[name] = []
        other_names = list(self.outsiders)
        for i in range(n_outsiders):
            net = other_names[i % len(other_names)]
            self.outsiders[net].append(self._person(f"p:out{i}", "outsider", net))
        # Bridges: peripheral in the association, central in another network.
        for k, net in enumerate(other_names):
            city = cities[k % len(cities)]
            pid = self._person(f"p:bridge{k}", "member", city, "bridge")
            self.bridges.append((pid, net))
            self.by_cluster[city].append(pid)
        # Journalists and bloggers: widely followed (celebrity hubs).
        n_media = min(len(_MEDIA), max(2, n_clusters // 2))
        for k in range(n_media):
            self.media.append(self._org(f"org:media{k}", _MEDIA[k], "media", cities[k % len(cities)]))
        n_writers = max(4, n_people // 60)
        for i in range(n_writers):
            role = "journalist" if i % 2 == 0 else "blogger"
            pid = self._person(f"p:{role}{i}", role, "médias")
            self.celebrities.append(pid)
        # Volunteers, donors and members of the local groups.
        rest = n_people - len(self.people)
        for i in range(max(0, rest)):
            city = cities[min(int(r.paretovariate(1.2)) - 1, n_clusters - 1)] if r.random() < 0.5 else r.choice(cities)
            role = r.choices(("volunteer", "donor", "member"), weights=(40, 30, 30))[0]
            self.by_cluster[city].append(self._person(f"p:{i}", role, city))
        # Partner organisations.
        n_partners = max(4, n_people // 40)
        for i in range(n_partners):
            prefix, category = _PARTNER_KINDS[i % len(_PARTNER_KINDS)]
            city = cities[i % len(cities)]
            name = f"{prefix} {city}" if prefix.endswith("de") else f"{prefix} {r.choice(_LAST)} {city}"
            self.partners.append(self._org(f"org:partner{i}", name, category, city))
        # Web pages: the association's site, blogs, press articles.
        self.asso_pages.append(self._page(_SITE + "/", "Terre Solidaire — accueil", _ASSO[0], "site"))
        for city in cities:
            self.asso_pages.append(self._page(f"{_SITE}/antennes/{_slug(city)}", f"Antenne de {city}", _ASSO[0], "site"))
        for topic in ("nous-soutenir", "benevolat", "actualites", "rapport-annuel-2024", "contact"):
            self.asso_pages.append(self._page(f"{_SITE}/{topic}", topic.replace("-", " ").capitalize(), _ASSO[0], "site"))
        n_posts = max(6, self.size // 40)
        for i in range(n_posts):
            if i % 3 == 0 and self.media:
                owner = self.media[i % len(self.media)]
                url = f"https://www.{_slug(_MEDIA[self.media.index(owner)])}.example.com/article/{1000 + i}"
                self._page(url, f"Article {1000 + i}", owner, "press")
            else:
                owner = self.celebrities[i % len(self.celebrities)]
                url = f"https://blog-{_slug(owner)}.example.net/{2015 + i % 11}/billet-{i}"
                self._page(url, f"Billet {i}", owner, "blog")

    def _plant_history(self) -> None:
        """Choose the movers, the leavers and the new local group, and mark them with ``trajectory``."""
        h = self.history
        assert h is not None
        planted = {e["id"] for e in self.entities if e["properties"].get("planted")}
        cities = list(self.by_cluster)
        if len(cities) >= 3:
            self.newcomers = {pid for pid in self.by_cluster[cities[-1]] if pid not in planted}
        regular = [pid for city in cities[:-1] for pid in self.by_cluster[city]
                   if pid not in planted and pid not in self.newcomers]
        h.shuffle(regular)
        n_movers = max(3, len(self.people) // 150)
        self.movers = sorted(regular[:n_movers])
        for pid in regular[n_movers:n_movers + max(4, len(self.people) // 15)]:
            self.leavers[pid] = h.choice((2022, 2023))
        trajectory = {**dict.fromkeys(self.movers, "mover"), **dict.fromkeys(self.leavers, "leaver"),
                      **dict.fromkeys(self.newcomers, "newcomer")}
        for entity in self.entities:
            if entity["id"] in trajectory:
                entity["properties"]["trajectory"] = trajectory[entity["id"]]

    def _observed(self, row: dict[str, Any]) -> Iterator[dict[str, Any]]:
        """A tie as one dated row per year it was active: the rows of its observations."""
        h = self.history
        assert h is not None
        ends = (row["source"], row["target"])
        first = HISTORY_YEARS[0] if any(e in self.core for e in ends) and all(e in self.core or e == _ASSO[0]
                                                                             for e in ends) \
            else h.choices(HISTORY_YEARS, _START_WEIGHTS)[0]
        if any(e in self.newcomers for e in ends):
            first = max(first, 2024)
        first = max(first, row.get("first_year", first))
        last = min([HISTORY_YEARS[-1], *(self.leavers[e] for e in ends if e in self.leavers)])
        first = min(first, last)
        strengthens = row["type"] == "KNOWS" and row["weight"] <= 2 and first <= 2023 and last >= 2024 \
            and h.random() < 0.2
        fields = {k: row[k] for k in ("source", "target", "type", "channel")}
        for year in range(first, last + 1):
            weight = (5.0 if year >= 2024 else 1.0) if strengthens else row["weight"]
            date = f"{year}-{h.randint(1, 12):02d}-{h.randint(1, 28):02d}"
            yield tie_row(**fields, weight=weight, date=date, **row["properties"])

    # -- ties -------------------------------------------------------------------------
    def ties(self) -> Iterator[dict[str, Any]]:
        """The tie rows: one per tie, or with history one per tie and year it was active."""
        if self.history is None:
            yield from self._ties()
            return
        for row in self._ties():
            yield from self._observed(row)

    def _ties(self) -> Iterator[dict[str, Any]]:
        r = self.rnd
        seen: set[tuple[str, str, str, str]] = set()
        count = 0

        def tie(source: str, target: str, type_: str, channel: str, weight: float = 1.0, **props: Any):
            nonlocal count
            key = (source, target, type_, channel)
            if source == target or key in seen or count >= self.size:
                return None
            if (source in self.newcomers and target in self.leavers) or (
                    target in self.newcomers and source in self.leavers):
                return None  # one arrived after the other left: they never met
            seen.add(key)
            count += 1
            first_year = props.pop("first_year", None)
            if first_year is not None:  # a tie of the history only: dated by its observations, drawing nothing
                return {**tie_row(source, target, type_, weight=weight, channel=channel, **props),
                        "first_year": first_year}
            since = f"{r.randint(2010, 2025)}-{r.randint(1, 12):02d}-01" if r.random() < 0.6 else None
            return tie_row(source, target, type_, weight=weight, channel=channel, since=since, **props)

        asso = _ASSO[0]
        structural: list[Any] = []
        # The core: staff and coordinators all know each other, mostly by e-mail.
        for i, a in enumerate(self.core):
            for b in self.core[i + 1:]:
                structural.append(tie(a, b, "KNOWS", "email", float(r.randint(3, 10))))
            structural.append(tie(a, asso, "WORKS_FOR" if a.startswith("p:staff") else "VOLUNTEERS_FOR", "offline", 5.0))
        # Members of the local groups belong to the association.
        role_type = {"volunteer": "VOLUNTEERS_FOR", "donor": "DONATES_TO", "member": "MEMBER_OF"}
        for entity in self.entities:
            props = entity["properties"]
            if entity["kind"] == "Person" and props.get("role") in role_type and props.get("planted") is None:
                weight = float(r.choice((1, 1, 2, 3, 5))) if props["role"] == "donor" else 1.0
                structural.append(tie(entity["id"], asso, role_type[props["role"]], "offline", weight))
        # Bridges: one tie to their city's hub, central in their other network.
        for pid, net in self.bridges:
            city = next(c for c, members in self.by_cluster.items() if pid in members)
            structural.append(tie(pid, self.hubs[city], "KNOWS", "event", 1.0))
            structural.append(tie(pid, asso, "MEMBER_OF", "offline"))
            structural.append(tie(pid, f"org:other{list(self.outsiders).index(net)}", "MEMBER_OF", "offline", 3.0))
            for other in self.outsiders[net]:
                structural.append(tie(pid, other, "KNOWS", r.choice(("offline", "facebook", "email")), 2.0))
        # Movers: from 2024, members of a local group who work with the staff and coordinators.
        for i, pid in enumerate(self.movers):
            for other in self.core[:16] + self.movers[i + 1:]:
                structural.append(tie(pid, other, "KNOWS", "email", 3.0, first_year=2024))
        # In 2025 the association meets the writers and media it was introduced to: introductions that happened.
        if self.history is not None:
            for pid in self.celebrities[:12] + self.media[:2]:
                kind = "KNOWS" if pid.startswith("p:") else "PARTNERS_WITH"
                structural.append(tie(asso, pid, kind, "email", 2.0, first_year=2025))
        # Other networks are dense inside and belong to their organisation.
        for k, members in enumerate(self.outsiders.values()):
            for pid in members:
                structural.append(tie(pid, f"org:other{k}", "MEMBER_OF", "offline"))
        # Partners, media, pages.
        for org in self.partners:
            structural.append(tie(asso, org, "PARTNERS_WITH", "offline", float(r.randint(1, 5))))
        for k, pid in enumerate(self.celebrities):
            if pid.startswith("p:journalist") and self.media:
                structural.append(tie(pid, self.media[k % len(self.media)], "WORKS_FOR", "offline"))
        for url, owner in self.page_owner.items():
            structural.append(tie(owner, url, "PUBLISHES", "web"))
        for url in self.asso_pages[1:]:
            structural.append(tie(self.asso_pages[0], url, "LINKS_TO", "web"))
            structural.append(tie(url, self.asso_pages[0], "LINKS_TO", "web"))
        for row in structural:
            if row is not None:
                yield row
        # Fill up to size with the everyday ties, where the planted structure shows.
        cities = list(self.by_cluster)
        city_weights = [len(self.by_cluster[c]) for c in cities]
        other_nets = list(self.outsiders)
        choices = ("cluster", "hub", "between", "other", "follow", "mention", "link", "partner")
        weights = (40, 22, 3, 10, 12, 6, 4, 3)
        bridges = {pid for pid, _ in self.bridges}
        attempts = 0
        while count < self.size and attempts < self.size * 20:
            attempts += 1
            what = r.choices(choices, weights)[0]
            row = None
            if what in ("cluster", "hub", "between"):
                city = r.choices(cities, city_weights)[0]
                members = self.by_cluster[city]
                a = r.choice(members)
                if what == "hub":
                    b = self.hubs[city]
                elif what == "between":
                    b = r.choice(self.by_cluster[r.choice(cities)])
                else:
                    b = r.choice(members)
                if a in bridges or b in bridges:
                    continue  # bridges stay peripheral in the association
                row = tie(a, b, "KNOWS", r.choice(("offline", "offline", "email", "facebook", "phone")),
                          float(r.randint(1, 5)))
            elif what == "other":
                members = self.outsiders[r.choice(other_nets)]
                row = tie(r.choice(members), r.choice(members), "KNOWS", r.choice(("offline", "facebook")),
                          float(r.randint(1, 4)))
            elif what == "follow":
                a = r.choice(self.people)
                b = r.choice(self.celebrities) if r.random() < 0.6 else r.choice(self.core)
                row = tie(a, b, "FOLLOWS", "twitter")
            elif what == "mention":
                page = r.choice(self.pages)
                target = r.choice((asso, r.choice(self.core), r.choice(self.people), r.choice(self.partners)))
                row = tie(page, target, "MENTIONS", "web")
            elif what == "link":
                row = tie(r.choice(self.pages), r.choice(self.asso_pages + self.pages), "LINKS_TO", "web")
            else:
                a, b = r.sample(self.partners, 2) if len(self.partners) > 1 else (asso, self.partners[0])
                row = tie(a, b, "PARTNERS_WITH", "offline")
            if row is not None:
                yield row


def association(size: int = DEFAULT_SIZE, seed: int = 7, history: bool = True) -> Rows:
    """The synthetic association: (entity rows, tie rows streamed); ``size`` ties.

    With ``history``, each tie comes as one row per year it was active, each a
    dated observation (see the module's docstring); without, one undated row.
    """
    if not MIN_SIZE <= size <= MAX_SIZE:
        raise InputError(f"--size must be between {MIN_SIZE} and {MAX_SIZE:,} ties, not {size}")
    net = _Association(size, seed, history)
    return net.entities, net.ties()


# -- classic networks ------------------------------------------------------------
def _classic(name: str) -> Rows:
    import networkx as nx

    entities: list[dict[str, Any]] = []
    ties: list[dict[str, Any]] = []
    if name == "karate":
        g = nx.karate_club_graph()
        entities = [entity_row(f"karate:{n}", "Person", f"Member {n}", club=d["club"], number=n) for n, d in g.nodes(data=True)]
        ties = [tie_row(f"karate:{a}", f"karate:{b}", "KNOWS", weight=d.get("weight", 1), channel="offline")
                for a, b, d in g.edges(data=True)]
    elif name == "florentine":
        g = nx.florentine_families_graph()
        entities = [entity_row(f"florentine:{n}", "Organization", n, category="family") for n in g.nodes]
        ties = [tie_row(f"florentine:{a}", f"florentine:{b}", "PARTNERS_WITH", channel="marriage")
                for a, b in g.edges]
    elif name == "lesmis":
        g = nx.les_miserables_graph()
        entities = [entity_row(f"lesmis:{n}", "Person", n) for n in g.nodes]
        ties = [tie_row(f"lesmis:{a}", f"lesmis:{b}", "KNOWS", weight=d.get("weight", 1), channel="book")
                for a, b, d in g.edges(data=True)]
    elif name == "southern-women":
        g = nx.davis_southern_women_graph()
        for n, d in g.nodes(data=True):
            if d["bipartite"] == 0:
                entities.append(entity_row(f"davis:{n}", "Person", n))
            else:
                entities.append(entity_row(f"davis:{n}", "Organization", f"Event {n}", category="event"))
        women = set(g.graph["top"])
        ties = [tie_row(f"davis:{a}", f"davis:{b}", "ATTENDS", channel="event") if a in women
                else tie_row(f"davis:{b}", f"davis:{a}", "ATTENDS", channel="event") for a, b in g.edges]
    return entities, iter(ties)


def sample_rows(name: str, size: int | None = None, seed: int = 7, history: bool = True) -> Rows:
    """Entity rows and tie rows of a sample, for :func:`netnp.graphwrite.write_graph`
    (``history`` applies to the association)."""
    if name == "association":
        return association(size or DEFAULT_SIZE, seed, history)
    if name not in SAMPLES:
        raise InputError(f"unknown sample {name!r}; choose one of {', '.join(SAMPLES)}")
    if size is not None:
        raise InputError(f"--size applies to the synthetic 'association' only; {name} has a fixed size")
    return _classic(name)


def load_sample(runner: Runner, name: str = "association", *, size: int | None = None, seed: int = 7,
                history: bool = True, on_rows: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Load a sample into the graph (merged, so loading it again changes nothing); returns counts
    (``rows``: the tie rows, one per tie, or with ``history`` one per observation)."""
    entities, ties = sample_rows(name, size, seed, history)
    schema.apply_schema(runner)
    counted = {"rows": 0}

    def counting() -> Iterator[dict[str, Any]]:
        for row in ties:
            counted["rows"] += 1
            yield row

    source = f"sample:{name}" + (f"?size={size or DEFAULT_SIZE}&seed={seed}" + ("" if history else "&history=no")
                                 if name == "association" else "")
    with import_lock(runner, f"netnp sample {name}"):  # as an import: other writers and analyses wait
        counters = write_graph(runner, entities, counting(), Provenance(source), on_rows=on_rows,
                               entity_count=len(entities))
    return {"sample": name, "nodes": len(entities), "rows": counted["rows"], "counters": counters}


def write_sample_csv(name: str, folder: Path | str, *, size: int | None = None, seed: int = 7,
                     history: bool = True) -> dict[str, Any]:
    """Write a sample as ``nodes.csv`` and ``edges.csv`` (the files ``netnp import`` reads),
    one line per observation with ``history``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    entities, ties = sample_rows(name, size, seed, history)
    node_columns = list(dict.fromkeys(k for e in entities for k in e["properties"]))
    nodes_path, edges_path = folder / "nodes.csv", folder / "edges.csv"
    with nodes_path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "kind", "name", *node_columns])
        for e in entities:
            writer.writerow([e["id"], e["kind"].lower(), e["name"], *(_cell(e["properties"].get(c)) for c in node_columns)])
    count = 0
    with edges_path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        dated = name == "association" and history
        writer.writerow(["source", "target", "type", "weight", "since", "until", "channel", *(["date"] if dated else [])])
        for t in ties:
            # a row of the history is one observation: its date is the only one the row holds
            date = [next(iter(t["observed"].values()))[0]] if dated else []
            writer.writerow([t["source"], t["target"], t["type"], _cell(t["weight"]), t["since"] or "", t["until"] or "",
                             t["channel"], *date])
            count += 1
    return {"sample": name, "nodes": len(entities), "rows": count, "files": [str(nodes_path), str(edges_path)]}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
