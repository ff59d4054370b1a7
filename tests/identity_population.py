"""A multi-source population with known identities, for the tests and the benchmark of identity matching.

Each person of an association leaves traces in several sources, as they do
once a CRM, mailboxes, social accounts and surveys are imported:

* a **CRM** row (``crm:000123``): the name as staff typed it (``DUPONT
  Jean-Pierre``, ``Mme Hélène Roux``, ``Dupont, Jean``), often an e-mail
  address and a phone number, sometimes a LinkedIn or Mastodon account;
* **e-mail senders** (their address is the id): a display name as the mail
  program shows it (full, lower case without accents, ``J.-P. Dupont``, or
  none), an address built from the name in the usual ways (``jp.dupont``,
  ``dupont.jeanpierre75``) or not at all (``lapinbleu``); some people write
  from two addresses;
* **social accounts** (``mastodon:@jpdupont@mastodon.social``,
  ``tw:@jp_dupont``): a display name, sometimes a nickname or emoji;
* a **LinkedIn** profile (``linkedin:jean-pierre-dupont-4a5b21``) with its URL;
* **survey** answers (``survey:17``): the name as the person typed it, with
  typing errors, swapped order, no accents, sometimes their address.

Names are French and other (Maghreb, West African, Portuguese, Vietnamese,
Polish, German, English), with accents, particles, compound given names,
titles and initials. Surnames follow a long-tailed distribution, as in
France, where the 200 most common surnames are about a tenth of the people:
12 % of the people have one of the common French surnames (Martin, Bernard,
Dubois…, the first ones the most common), 4 % one of a short list of other
origins (Nguyen, Diallo, Pereira…), the others one of about 80,000
generated surnames (Beaulieu, Delaroche-like). Given names are concentrated,
the first of each list the most common. Different people share names, as
they do in life. Couples sometimes share an address.
Organisations (the association's local groups, partners) have traces too:
a CRM row, a social account, a contact address. Ties join each trace to the
others of its source (e-mail to e-mail, follows between accounts), to local
groups and to events.

:func:`generate` returns the rows and the truth (which entity each node
stands for); :func:`evaluate` measures suggestions against it by the pairs of
nodes they join (Christen 2012, chapter 7).
"""

from __future__ import annotations

import csv
import random
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

FRENCH_GIVEN = (
    "Marie Jean Pierre Michel Philippe Nathalie Isabelle Catherine Sylvie Françoise Nicolas Christophe Stéphane "
    "Sandrine Valérie Christine Frédéric David Laurent Éric Thomas Julien Sébastien Céline Aurélie Émilie Camille "
    "Léa Chloé Manon Hugo Lucas Louis Gabriel Arthur Jules Inès Zoé Jade Théo Raphaël Élodie Hélène Jérôme Gérard "
    "Bernard André Jacques Daniel Alain Patrick Monique Nicole Annie Martine Brigitte Anne Claire Sophie Julie "
    "Mathieu Guillaume Antoine Benoît Olivier Vincent François Thierry Pascal Cécile Agnès Véronique Dominique "
    "Yves Noël Joël Gaëlle Maëlle Anaïs Solène Mélanie Amélie Margaux Clémence Bérénice Aurélien Maxime Baptiste "
    "Romain Quentin Adrien Florian Océane Maïwenn Loïc Gwenaël Yannick Ronan Soizic Lucie Pauline Agathe Rémi"
).split()
COMPOUND_GIVEN = ("Jean-Pierre Jean-Paul Jean-Marc Jean-Luc Jean-François Jean-Baptiste Marie-Claire Marie-Hélène "
                  "Anne-Sophie Anne-Marie Marie-Pierre Pierre-Yves Jean-Michel Marie-Christine Jean-Claude").split()
OTHER_GIVEN = (
    "Mohamed Karim Samir Rachid Nadia Fatima Yasmina Leïla Sofiane Mehdi Amina Khadija Youssef Bilal Aïcha "
    "Mamadou Moussa Aminata Fatoumata Ibrahima Awa Ousmane Mariama Seydou Kadiatou "
    "João José Conceição António Maria Fernanda Gonçalo "
    "Minh Thi Anh Linh Duc Huong Thanh "
    "Łukasz Agnieszka Katarzyna Wojciech Małgorzata "
    "Jürgen Björn Günther Käthe "
    "James Emily Oliver Charlotte William Sarah"
).split()
FRENCH_SURNAMES = (
    "Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel Lefèvre Leroy Roux David "
    "Bertrand Morel Fournier Girard Bonnet Dupont Lambert Fontaine Rousseau Vincent Faure André Mercier Blanc Guérin "
    "Boyer Garnier Chevalier François Legrand Gauthier Garcia Perrin Robin Clément Morin Nicolas Henry Roussel "
    "Mathieu Masson Marchand Duval Denis Dumont Lemaire Noël Meyer Dufour Meunier Brun Blanchard Giraud Joly "
    "Rivière Lucas Brunet Gaillard Barbier Arnaud Martinez Gérard Roche Renard Schmitt Leroux Colin Vidal Caron "
    "Picard Fabre Aubert Lemoine Renaud Dumas Lacroix Olivier Bourgeois Benoît Leclerc Payet Rolland Leclercq "
    "Lecomte Lopez Dupuy Guillot Hubert Berger Carpentier Sanchez Dupuis Moulin Deschamps Huet Vasseur Perez "
    "Boucher Fleury Royer Klein Jacquet Poirier Marty Aubry Guyot Carré Renault Charpentier Ménard Maillard Baron "
    "Bertin Bailly Hervé Schneider Fernandez Collet Léger Bouvier Prévost Millet Perrot Cousin Germain Breton "
    "Besson Langlois Rémy Pelletier Lévêque Perrier Leblanc Barré Lebrun Marchal Weber Mallet Hamon Boulanger "
    "Jacob Monnier Michaud Rodriguez Guichard Gillet Étienne Grondin Poulain Tessier Chevallier Collin Chauvin "
    "Bouchet Lemaître Bénard Maréchal Humbert Reynaud Hoarau Perret Barthélemy Cordier Pichon Lejeune Lamy "
    "Delaunay Pasquier Carlier Laporte"
).split() + ["Le Gall", "Le Roux", "Le Goff", "Da Silva", "De la Fontaine", "d'Almeida", "Dos Santos"]
OTHER_SURNAMES = (
    "Nguyen Tran Pham Hoang Benali Haddad Mansouri Belkacem Bouzid Cherif Diallo Traoré Diop Ndiaye Koné Camara "
    "Sow Pereira Ferreira Rodrigues Gonçalves Kowalski Nowak Wiśniewski Schmidt Müller Schäfer Smith O'Brien"
).split() + ["Van der Berg", "Ben Salah"]
_SYLLABLES = (
    ["Beau", "Bel", "Bon", "Cha", "Du", "Fon", "Gra", "Lar", "Mar", "Mon", "Pa", "Ri", "Ro", "Sa", "Ta", "Ver",
     "Vil", "Bou", "Cour", "Dal", "Fer", "Gar", "Lam", "Mer", "Pon", "Ques", "Ra", "Tho", "Ar", "Bar", "Ber",
     "Cas", "Des", "Es", "Fau", "Gil", "Hu", "Jo", "Ker", "Lau", "Mi", "Nau", "Or", "Pel", "Re", "Sei", "Tal",
     "Bra", "Cla", "Dro", "Flo", "Gue", "Her", "Jau", "Lan", "Mal", "Noi", "Pra", "Rou", "Sau", "Tri", "Vau",
     "Cor", "Gau", "Ma", "Po"],
    ["", "", "", "ba", "ge", "li", "ro", "ne", "sa", "ber", "mon", "val", "ti", "del", "gou", "ra", "mé", "lan",
     "ri", "cha", "bou", "ver", "ta", "co", "ni"],
    ["chard", "court", "eau", "elin", "ier", "ot", "ard", "as", "ault", "et", "illon", "ol", "on", "oux", "rand",
     "rel", "tin", "vert", "ville", "zac", "ac", "and", "ès", "ieu", "in", "ois", "our", "ude", "aud", "enne",
     "ec", "ic", "uc", "agne", "eix", "ay", "y", "é", "ez", "ieux", "at", "eil", "ouin", "aire", "eron", "ant",
     "ais", "ide", "erie", "ange"],
)
CITIES = ("Lyon Lille Nantes Rennes Bordeaux Toulouse Marseille Grenoble Strasbourg Montpellier Dijon Brest Rouen "
          "Metz Tours Angers Caen Limoges Nancy Amiens").split()
MAIL_DOMAINS = ("gmail.com orange.fr free.fr laposte.net hotmail.fr yahoo.fr sfr.fr outlook.com protonmail.com "
                "wanadoo.fr").split()
INSTANCES = ("mastodon.social", "framapiaf.org", "piaille.fr", "mamot.fr", "mastodon.xyz")
PARTNERS = [
    ("Secours Populaire Français", "SPF", "secourspopulaire.fr"),
    ("Fondation Abbé Pierre", "FAP", "fondation-abbe-pierre.fr"),
    ("Emmaüs Solidarité", "Emmaüs", "emmaus-solidarite.org"),
    ("Restos du Cœur", "Les Restos", "restosducoeur.org"),
    ("La Cimade", "Cimade", "lacimade.org"),
    ("Greenpeace France", "Greenpeace", "greenpeace.fr"),
    ("Ligue des droits de l'Homme", "LDH", "ldh-france.org"),
    ("Amnesty International France", "Amnesty France", "amnesty.fr"),
    ("Petits Frères des Pauvres", "Petits Frères", "petitsfreresdespauvres.fr"),
    ("France Nature Environnement", "FNE", "fne.asso.fr"),
]
NICKNAMES = ("lapinbleu", "zebulon", "tournesol", "kiwi", "mistral", "bidouille", "pingouin", "caramel",
             "jardinier", "velo", "grenouille", "papillon")
_KEYBOARD = {c: n for c, n in zip("azertyuiopqsdfghjklmwxcvbn", "zaeryutoipsqfdhgkjmlxwvcnb", strict=True)}


def plain(text: str) -> str:
    """``text`` without accents (as many people type, and as addresses are written)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).replace(
        "œ", "oe").replace("Œ", "Oe").replace("ł", "l").replace("Ł", "L").replace("ß", "ss")


def _slug(text: str) -> str:
    return "".join(c for c in plain(text).lower() if c.isalnum())


@dataclass
class Person:
    key: str
    given: str
    surname: str
    title: str
    city: str
    addresses: list[str] = field(default_factory=list)


@dataclass
class Population:
    """Rows to import (``nodes``, ``edges``) and ``truth``: the entity each node id stands for."""

    nodes: list[dict[str, str]] = field(default_factory=list)
    edges: list[dict[str, str]] = field(default_factory=list)
    truth: dict[str, str] = field(default_factory=dict)

    def write_csv(self, folder: Path) -> tuple[Path, Path]:
        folder.mkdir(parents=True, exist_ok=True)
        columns = list(dict.fromkeys(k for row in self.nodes for k in row))
        nodes, edges = folder / "nodes.csv", folder / "edges.csv"
        with nodes.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=columns)
            writer.writeheader()
            writer.writerows(self.nodes)
        with edges.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=["source", "target", "type", "channel"])
            writer.writeheader()
            writer.writerows(self.edges)
        return nodes, edges


class _Generator:
    def __init__(self, people: int, seed: int):
        self.rng = random.Random(seed)
        self.people = people
        self.population = Population()
        self.ids: set[str] = set()
        self.addresses: set[str] = set()
        self.handles: set[str] = set()
        #: The CRM rows that have an address, by the person's surname.
        self.crm_by_surname: dict[str, list[dict[str, str]]] = defaultdict(list)
        rng = self.rng
        tail = {a + b + c for a in _SYLLABLES[0] for b in _SYLLABLES[1] for c in _SYLLABLES[2]}
        self.tail = sorted(tail)
        rng.shuffle(self.tail)
        self.given = FRENCH_GIVEN + COMPOUND_GIVEN
        # Zipf-like weights: the first names of each list are the most common
        self.given_weights = [1 / (i + 3) for i in range(len(self.given))]
        self.surname_weights = [1 / (i + 2) for i in range(len(FRENCH_SURNAMES))]

    # -- names ----------------------------------------------------------------------
    def person_name(self) -> tuple[str, str]:
        rng = self.rng
        if rng.random() < 0.12:
            given = rng.choice(OTHER_GIVEN)
            surname = rng.choice(OTHER_SURNAMES) if rng.random() < 0.25 else rng.choice(self.tail)
        else:
            given = rng.choices(self.given, self.given_weights)[0]
            roll = rng.random()
            if roll < 0.12:
                surname = rng.choices(FRENCH_SURNAMES, self.surname_weights)[0]
            elif roll < 0.14:
                surname = rng.choice(OTHER_SURNAMES)
            else:
                surname = rng.choice(self.tail)
        return given, surname

    def typo(self, word: str) -> str:
        rng = self.rng
        if len(word) < 4:
            return word
        i = rng.randrange(1, len(word) - 1)
        roll = rng.random()
        if roll < 0.3:
            return word[:i] + word[i + 1:]
        if roll < 0.55:
            return word[:i] + word[i + 1] + word[i] + word[i + 2:]
        if roll < 0.8:
            c = word[i].lower()
            return word[:i] + _KEYBOARD.get(c, c) + word[i + 1:]
        return word[:i] + word[i] + word[i:]

    def initials(self, given: str) -> str:
        parts = given.split("-")
        if len(parts) > 1:
            return self.rng.choice(["-".join(p[0] + "." for p in parts), "".join(p[0] for p in parts)])
        return given[0] + "."

    def crm_name(self, p: Person) -> str:
        roll = self.rng.random()
        if roll < 0.45:
            return f"{p.given} {p.surname}"
        if roll < 0.7:
            return f"{p.surname.upper()} {p.given}"
        if roll < 0.85:
            return f"{p.title} {p.given} {p.surname}"
        return f"{p.surname}, {p.given}"

    def display_name(self, p: Person) -> str:
        roll = self.rng.random()
        if roll < 0.4:
            return f"{p.given} {p.surname}"
        if roll < 0.5:
            return f"{p.given} {p.surname.upper()}"
        if roll < 0.65:
            return plain(f"{p.given} {p.surname}").lower()
        if roll < 0.8:
            return f"{self.initials(p.given)} {p.surname}"
        return ""

    def survey_name(self, p: Person) -> str:
        rng = self.rng
        given, surname = p.given, p.surname
        if rng.random() < 0.4:
            given, surname = plain(given), plain(surname)
        if rng.random() < 0.3:
            if rng.random() < 0.5:
                surname = self.typo(surname)
            else:
                given = self.typo(given)
        if "-" in given and rng.random() < 0.3:
            given = given.replace("-", " ")
        name = f"{surname} {given}" if rng.random() < 0.3 else f"{given} {surname}"
        roll = rng.random()
        return name.lower() if roll < 0.2 else name.upper() if roll < 0.3 else name

    def local_part(self, p: Person) -> str:
        rng = self.rng
        given = _slug(p.given.split("-")[0]) if rng.random() < 0.3 else _slug(p.given)
        initials = "".join(part[0] for part in _slug_parts(p.given))
        surname = _slug(p.surname)
        forms = [f"{given}.{surname}", f"{given}.{surname}", f"{initials}.{surname}", f"{initials}{surname}",
                 f"{given}{surname}", f"{surname}.{given}", f"{given}.{surname}{rng.randrange(10, 99)}",
                 f"{surname}{initials}", f"{rng.choice(NICKNAMES)}{rng.randrange(1, 999)}"]
        weights = [3, 2, 1.5, 1.5, 1, 1, 1, 0.5, 1]
        return rng.choices(forms, weights)[0]

    def new_address(self, p: Person, domain: str | None = None) -> str:
        for _ in range(20):
            address = f"{self.local_part(p)}@{domain or self.rng.choice(MAIL_DOMAINS)}"
            if address not in self.addresses:
                self.addresses.add(address)
                return address
        address = f"{_slug(p.surname)}.{len(self.addresses)}@{self.rng.choice(MAIL_DOMAINS)}"
        self.addresses.add(address)
        return address

    def handle(self, p: Person) -> str:
        rng = self.rng
        initials = "".join(part[0] for part in _slug_parts(p.given))
        forms = [f"{_slug(p.given)}{_slug(p.surname)}", f"{initials}{_slug(p.surname)}",
                 f"{_slug(p.given)}_{_slug(p.surname)}", f"{_slug(p.surname)}{initials}",
                 f"{rng.choice(NICKNAMES)}{rng.randrange(1, 99)}"]
        for _ in range(20):
            chosen = rng.choices(forms, [2, 2, 1, 1, 1.5])[0]
            if chosen not in self.handles:
                break
            forms[-1] = f"{rng.choice(NICKNAMES)}{rng.randrange(1, 9999)}"
        self.handles.add(chosen)
        return chosen

    # -- rows -----------------------------------------------------------------------
    def node(self, entity: str, id: str, kind: str, name: str = "", **properties: str) -> str | None:
        if id in self.ids:
            return None
        self.ids.add(id)
        self.population.nodes.append({"id": id, "kind": kind, "name": name, **properties})
        self.population.truth[id] = entity
        return id

    def tie(self, source: str, target: str, type: str, channel: str = "") -> None:
        self.population.edges.append({"source": source, "target": target, "type": type, "channel": channel})

    def generate(self) -> Population:
        rng = self.rng
        groups = max(3, min(len(CITIES), self.people // 150))
        cities = list(CITIES[:groups])
        group_org, group_social, events = {}, {}, {}
        self.node("org:asso", "org:asso", "organization", "Terre Solidaire", website="https://www.terre-solidaire.org")
        for city in cities:
            key = f"org:ts-{city.lower()}"
            group_org[city] = self.node(key, key, "organization", f"Terre Solidaire {city}",
                                        website=f"https://www.terre-solidaire.org/{city.lower()}")
            group_social[city] = self.node(key, f"mastodon:@ts_{city.lower()}@mastodon.social", "organization",
                                           rng.choice([f"Terre Solidaire – {city}", f"TS {city}",
                                                       f"Terre Solidaire ({city})"]))
            self.tie(group_org[city], "org:asso", "MEMBER_OF")
            events[city] = [self.node(f"event:{city}:{y}", f"event:{city.lower()}-{y}", "organization",
                                      f"Forum {city} {y}", category="event") for y in (2023, 2024)]
        for n, (name, short, domain) in enumerate(PARTNERS[:max(3, self.people // 300)]):
            key = f"org:partner-{n}"
            self.node(key, key, "organization", name, website=f"https://www.{domain}")
            self.node(key, f"contact@{domain}", "organization", rng.choice([name, short, ""]))
            self.node(key, f"tw:@{_slug(short)}", "organization", rng.choice([name, short]),
                      url=f"https://twitter.com/{_slug(short)}")
            self.tie(key, "org:asso", "PARTNERS_WITH")

        people: list[Person] = []
        by_city: dict[str, list[dict[str, str]]] = defaultdict(list)
        for n in range(self.people):
            given, surname = self.person_name()
            title = rng.choice(["M.", "Mme", "Dr", "Mme", "M."])
            p = Person(f"P{n}", given, surname, title, rng.choice(cities))
            people.append(p)
            traces = self.person_traces(p, n, group_org, events)
            for source, id in traces:
                by_city[p.city].append({"source": source, "id": id})
        # ties between the traces of people of one local group, source by source
        for city, traces in by_city.items():
            mails = [t["id"] for t in traces if t["source"] == "mail"]
            socials = [t["id"] for t in traces if t["source"] == "social"]
            for mail in mails:
                for other in rng.sample(mails, min(len(mails), rng.randint(1, 4))):
                    if other != mail:
                        self.tie(mail, other, "KNOWS", "email")
            for social in socials:
                self.tie(social, group_social[city], "FOLLOWS", "mastodon")
                for other in rng.sample(socials, min(len(socials), rng.randint(0, 3))):
                    if other != social:
                        self.tie(social, other, "FOLLOWS", "mastodon")
        return self.population

    def person_traces(self, p: Person, n: int, group_org: dict[str, str],
                      events: dict[str, list[str]]) -> list[tuple[str, str]]:
        rng = self.rng
        traces: list[tuple[str, str]] = []
        primary = self.new_address(p)
        p.addresses.append(primary)
        if rng.random() < 0.25:
            p.addresses.append(self.new_address(p, rng.choice([f"{c.lower()}.fr" for c in CITIES] + MAIL_DOMAINS)))
        handle = self.handle(p) if rng.random() < 0.3 else None
        instance = rng.choice(INSTANCES)
        linkedin = f"{_slug_dash(p.given)}-{_slug_dash(p.surname)}-{rng.randrange(16**5):05x}" \
            if rng.random() < 0.2 else None
        if rng.random() < 0.7:
            props = {"city": p.city}
            if rng.random() < 0.8:
                props["email"] = rng.choice(p.addresses)
            if rng.random() < 0.5:
                props["phone"] = f"0{rng.randint(6, 7)} {rng.randint(10, 99)} {rng.randint(10, 99)} " \
                                 f"{rng.randint(10, 99)} {rng.randint(10, 99)}"
            if linkedin and rng.random() < 0.4:
                props["linkedin"] = f"https://www.linkedin.com/in/{linkedin}"
            if handle and rng.random() < 0.4:
                props["mastodon"] = f"@{handle}@{instance}"
            id = self.node(p.key, f"crm:{n:06d}", "person", self.crm_name(p), **props)
            if id and "email" in props:
                self.crm_by_surname[p.surname].append(self.population.nodes[-1])
            if id:
                traces.append(("crm", id))
                self.tie(id, group_org[p.city], "MEMBER_OF")
                if rng.random() < 0.3:
                    self.tie(id, "org:asso", "DONATES_TO")
                if rng.random() < 0.3:
                    self.tie(id, rng.choice(events[p.city]), "ATTENDS")
        for address in p.addresses:
            if rng.random() < (0.6 if address == primary else 0.8):
                id = self.node(p.key, address, "person", self.display_name(p))
                if id:
                    traces.append(("mail", id))
        if handle:
            name = rng.choices([f"{p.given} {p.surname}", f"{p.given} {p.surname} 🌱",
                                f"{self.initials(p.given)} {p.surname}", f"{p.given} {p.surname[0]}.",
                                rng.choice(NICKNAMES).capitalize()], [4, 1, 1, 1, 1.5])[0]
            id = self.node(p.key, f"mastodon:@{handle}@{instance}", "person", name)
            if id:
                traces.append(("social", id))
        if linkedin:
            id = self.node(p.key, f"linkedin:{linkedin}", "person", f"{p.given} {p.surname}",
                           url=f"https://www.linkedin.com/in/{linkedin}")
            if id:
                traces.append(("linkedin", id))
                self.tie(id, "org:asso", "FOLLOWS", "linkedin")
        if rng.random() < 0.3:
            props = {"email": rng.choice(p.addresses)} if rng.random() < 0.4 else {}
            id = self.node(p.key, f"survey:{n}", "person", self.survey_name(p), **props)
            if id:
                traces.append(("survey", id))
                self.tie(id, rng.choice(events[p.city]), "ATTENDS")
        return traces


def _slug_parts(given: str) -> list[str]:
    return [_slug(part) for part in given.replace(" ", "-").split("-") if _slug(part)]


def _slug_dash(text: str) -> str:
    return "-".join(_slug(part) for part in text.replace("'", " ").split() if _slug(part))


def generate(people: int, seed: int = 1, couples: float = 0.02) -> Population:
    """A population of ``people`` people (and their organisations), with the truth.

    ``couples`` is the share of the CRM rows with an address that give the
    address of another person of the same surname instead (a couple writing
    from one address): two nodes that share an address and are not one person.
    """
    generator = _Generator(people, seed)
    population = generator.generate()
    rng = random.Random(seed)
    for rows in generator.crm_by_surname.values():
        for a, b in zip(rows[::2], rows[1::2], strict=False):
            if rng.random() < couples * 2 and population.truth[a["id"]] != population.truth[b["id"]]:
                b["email"] = a["email"]
    return population


@dataclass
class Quality:
    precision: float
    recall: float
    true_pairs: int
    found_pairs: int
    correct_pairs: int


def clusters_of(pairs: Iterable[tuple[str, str]]) -> list[set[str]]:
    """The groups of ids that pairs (alias, id) join, transitively, as folding them would."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    for a, b in pairs:
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra
    groups: dict[str, set[str]] = defaultdict(set)
    for x in list(parent):
        groups[find(x)].add(x)
    return [g for g in groups.values() if len(g) > 1]


def evaluate(pairs: Iterable[tuple[str, str]], truth: dict[str, str]) -> Quality:
    """Pairwise precision and recall of the identities that ``pairs`` make, against ``truth``.

    A pair of nodes is *found* when the suggestions put both in one identity,
    and *true* when both stand for one entity; precision is the share of
    found pairs that are true, recall the share of true pairs found.
    """
    sizes = Counter(truth.values())
    true_pairs = sum(k * (k - 1) // 2 for k in sizes.values())
    found = correct = 0
    for cluster in clusters_of(pairs):
        found += len(cluster) * (len(cluster) - 1) // 2
        for k in Counter(truth[x] for x in cluster).values():
            correct += k * (k - 1) // 2
    return Quality(precision=correct / found if found else 1.0, recall=correct / true_pairs if true_pairs else 1.0,
                   true_pairs=true_pairs, found_pairs=found, correct_pairs=correct)
