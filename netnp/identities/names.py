"""Names, e-mail addresses, handles and web addresses in one spelling, for identity matching.

A person's traces spell their name in many ways: ``Jean-Pierre DUPONT``,
``M. Dupont Jean-Pierre``, ``J.-P. Dupont``, ``jean pierre dupont``, or only an
address, ``jp.dupont@orange.fr``. :func:`parse_name` reduces a display name to
its words, without accents, case, titles or punctuation, order aside, with
initials apart; :func:`local_name` does the same for the part of an e-mail
address or handle before the ``@``; :func:`name_forms` gives the ways an
address is commonly built from a name (``jpdupont``, ``dupont.j``), so that an
address can be matched to a name.

Transliteration to ASCII is :func:`anyascii.anyascii` (ISC licence), which
also covers the letters that Unicode does not decompose (``œ``, ``ß``,
``ø``, ``ł``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from urllib.parse import urlsplit

from anyascii import anyascii

from netnp import model

#: Words before a name that say how to address the person, not who they are
#: (French, English and a few others), compared without accents and dots.
TITLES = frozenset({
    "m", "mr", "mme", "mmes", "mlle", "mrs", "ms", "miss", "mx", "dr", "drs", "pr", "prof", "me", "maitre",
    "monsieur", "madame", "mademoiselle", "docteur", "professeur", "sir", "dame", "herr", "frau", "sr", "sra",
    "srta", "don", "dona", "sig", "sigra", "ing", "mgr", "rev", "pere", "soeur",
})
#: Words that belong to the next word of a surname: ``de la Fontaine`` is
#: written ``Delafontaine`` too, so they are glued to the word after them.
PARTICLES = frozenset({"de", "du", "des", "d", "le", "la", "l", "van", "von", "der", "den", "ter", "ten", "di",
                       "da", "dos", "das", "do", "del", "della", "dello", "el", "al", "mac", "mc", "st", "ste",
                       "saint", "sainte", "bin", "ibn", "ben", "abu"})
#: Words of organisation names that say what kind of body it is rather than
#: which one: ``Association Terre Solidaire`` is ``Terre Solidaire``.
ORGANISATION_WORDS = frozenset({
    "association", "asso", "assoc", "collectif", "sarl", "sas", "sasu", "sa", "scop", "scic", "eurl", "gie",
    "inc", "ltd", "llc", "plc", "gmbh", "ag", "ev", "asbl", "vzw", "ong", "ngo", "the", "les", "le", "la",
    "l", "de", "des", "du", "d", "et", "and", "of", "en", "a", "aux", "au", "pour", "for",
})
_VOWELS = frozenset("aeiouy")
_WORD_SPLIT = re.compile(r"[\s.,;:/\\|_+()\[\]{}<>\"«»“”‘’`~!?*#=&-]+")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_HANDLE = re.compile(r"^@?([a-z0-9_][a-z0-9_.\-]*)(?:@([a-z0-9\-]+(?:\.[a-z0-9\-]+)+))?$", re.IGNORECASE)
_NON_LETTERS = re.compile(r"[^a-z]+")
_DIGITS = re.compile(r"\d+")
#: Social networks whose profile addresses end in the account's handle.
_PROFILE_HOSTS = {
    "twitter.com": "twitter", "x.com": "twitter", "mobile.twitter.com": "twitter", "facebook.com": "facebook",
    "fb.com": "facebook", "m.facebook.com": "facebook", "instagram.com": "instagram", "github.com": "github",
    "linkedin.com": "linkedin", "bsky.app": "bluesky", "threads.net": "threads", "youtube.com": "youtube",
    "tiktok.com": "tiktok",
}


@dataclass(frozen=True)
class Name:
    """A name reduced to its words: ``words`` in the order written, ``initials`` the letters written alone."""

    words: tuple[str, ...]
    initials: tuple[str, ...] = ()

    @cached_property
    def sorted_words(self) -> tuple[str, ...]:
        return tuple(sorted(self.words))

    @cached_property
    def sorted_initials(self) -> tuple[str, ...]:
        return tuple(sorted(self.initials))

    @property
    def key(self) -> str:
        """The words in alphabetical order: equal for the same name in any order."""
        return " ".join(self.sorted_words)

    def __bool__(self) -> bool:
        return bool(self.words)

    def show(self) -> str:
        return " ".join(self.words + tuple(f"{i}." for i in self.initials))


@lru_cache(maxsize=1 << 17)
def _letters(piece: str) -> str:
    """The letters of one word of a name, in lower-case ASCII (words repeat: cached)."""
    return _NON_LETTERS.sub("", ascii_letters(piece))


def ascii_letters(text: str) -> str:
    """``text`` in lower-case ASCII: accents dropped, ligatures and other scripts
    transliterated, symbols and emoji removed."""
    kept = "".join(c if unicodedata.category(c)[0] in "LMN" or c in " '-.,@_" else " " for c in text)
    return anyascii(kept).lower()


def parse_name(text: str | None, *, organisation: bool = False) -> Name:
    """The words and initials of a display name.

    Accents, case and punctuation go; leading titles (``M.``, ``Mme``,
    ``Dr``…) go; particles (``de``, ``le``, ``van``…) are glued to the next
    word; a word of one letter, or of two or three capitals without a vowel
    (``JP``), is initials. For an organisation, words such as
    ``association`` or ``SARL`` go instead, and nothing is taken for initials.
    An e-mail address or a handle is not a name: it gives an empty Name.
    """
    if not text or not text.strip():
        return Name(())
    raw = text.strip()
    if _EMAIL.match(raw) or raw.startswith("@") or model.looks_like_url(raw):
        return Name(())
    pieces = [p for p in _WORD_SPLIT.split(raw.replace("'", " ' ")) if p]
    words: list[str] = []
    initials: list[str] = []
    glue = ""
    for position, piece in enumerate(pieces):
        if piece == "'":
            continue
        letters = _letters(piece)
        if not letters:
            continue
        if organisation:
            if letters not in ORGANISATION_WORDS:
                words.append(letters)
            continue
        if not words and not initials and not glue and letters in TITLES and position < len(pieces) - 1:
            continue
        is_last = position == len(pieces) - 1
        if letters in PARTICLES and not is_last:
            glue += letters
            continue
        if glue:
            words.append(glue + letters)
            glue = ""
        elif len(letters) == 1:
            initials.append(letters)
        elif piece.isupper() and len(letters) <= 3 and not (_VOWELS & set(letters)):
            initials.extend(letters)
        else:
            words.append(letters)
    if glue:
        words.append(glue)
    if organisation and not words:  # a name made only of generic words ("Association") is still a name
        words = [w for w in (_NON_LETTERS.sub("", ascii_letters(p)) for p in pieces) if w]
    return Name(tuple(words), tuple(initials))


def email_address(text: object) -> str | None:
    """``text`` as an e-mail address in lower case (``mailto:`` dropped), or None if it is none."""
    if not isinstance(text, str):
        return None
    value = text.strip().lower()
    if value.startswith("mailto:"):
        value = value[7:]
    return value if _EMAIL.match(value) and not model.looks_like_url(value) else None


def phone_number(text: object) -> str | None:
    """The last nine digits of a phone number (so ``+33 6 12…`` and ``06 12…`` meet), or None."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        text = str(int(text))
    if not isinstance(text, str):
        return None
    digits = "".join(c for c in text if c.isdigit())
    return digits[-9:] if len(digits) >= 8 else None


def handle(text: object, network: str | None = None) -> str | None:
    """A social account in one spelling, ``network:user`` or ``user@instance``, or None.

    ``@ana_d`` with ``network`` "twitter" gives ``twitter:ana_d``;
    ``@ana@mastodon.social`` (a fediverse account) gives
    ``ana@mastodon.social``; a profile address gives the same as the handle it
    shows (``https://twitter.com/ana_d``, ``https://mastodon.social/@ana``).
    """
    if not isinstance(text, str) or not text.strip():
        return None
    value = text.strip()
    if model.looks_like_url(value):
        return _profile_handle(value)
    prefix, _, rest = value.partition(":")
    if rest and prefix.isalpha() and not rest.startswith("//"):
        network, value = prefix.lower(), rest
    match = _HANDLE.match(value)
    if not match:
        return None
    user, instance = match.group(1).lower(), match.group(2)
    if instance:
        return f"{user}@{instance.lower()}"
    if not value.startswith("@") and network is None:
        return None
    return f"{network or 'handle'}:{user}"


def _profile_handle(url: str) -> str | None:
    try:
        parts = urlsplit(model.normalise_url(url))
    except ValueError:
        return None
    host = (parts.hostname or "").removeprefix("www.")
    segments = [s for s in parts.path.split("/") if s]
    if not segments:
        return None
    if segments[0].startswith("@") and len(segments) == 1:  # a fediverse profile: https://instance/@user
        return f"{segments[0][1:].lower()}@{host}"
    network = _PROFILE_HOSTS.get(host)
    if network is None:
        return None
    if network == "linkedin" and len(segments) >= 2 and segments[0] in ("in", "company"):
        return f"linkedin:{segments[1].lower()}"
    if network != "linkedin" and len(segments) == 1:
        return f"{network}:{segments[0].lstrip('@').lower()}"
    return None


def site(text: object) -> str | None:
    """A web address without its scheme, ``www.`` and trailing ``/``, or None if it is not one."""
    if not isinstance(text, str) or not text.strip():
        return None
    try:
        parts = urlsplit(model.normalise_url(text.strip()))
    except ValueError:
        return None
    host = (parts.hostname or "").removeprefix("www.")
    path = parts.path.rstrip("/")
    return host + path + (f"?{parts.query}" if parts.query else "")


def local_name(local: str) -> tuple[Name, str]:
    """What the part of an address before the ``@`` says of a name: the words it
    separates (``jean.dupont`` gives jean, dupont), and its letters run together
    (``jeandupont``), digits dropped."""
    text = _DIGITS.sub(" ", local.lower())
    pieces = [p for p in re.split(r"[._\-+]+", text) if p]
    letters = _NON_LETTERS.sub("", "".join(pieces))
    if len(pieces) >= 2:
        words: list[str] = []
        initials: list[str] = []
        for piece in pieces:
            letters_of = _letters(piece)
            if len(letters_of) == 1 or (len(letters_of) <= 3 and not (_VOWELS & set(letters_of))):
                initials.extend(letters_of)  # "j.dupont", "jp.dupont"
            elif letters_of:
                words.append(letters_of)
        return Name(tuple(words), tuple(initials)), letters
    return Name(()), letters


def name_forms(name: Name, most_words: int = 4) -> dict[str, tuple[tuple[str, ...], int]]:
    """The ways an address's local part is built from ``name``, letters only.

    Each form maps to what of the name it uses: ``(words, initials)``, the
    words written whole and how many words are cut to their initial. With
    surname ``dupont`` and given names ``jean pierre``, the forms are
    ``jeanpierredupont``, ``dupontjeanpierre``, ``jpdupont``, ``dupontjp``,
    ``jeandupont``, ``jdupont``, ``dupontj``, ``jeanpierred``, ``jeand``…
    Any word may be the surname (names come in either order); the given
    names are run together in their order or the reverse.
    """
    words = list(name.words[:most_words])
    forms: dict[str, tuple[tuple[str, ...], int]] = {}
    if len(words) + len(name.initials) < 2:
        return forms

    def add(form: str, whole: tuple[str, ...], initials: int) -> None:
        if len(form) >= 4 and form not in forms:
            forms[form] = (whole, initials)

    for surname in words:
        others = [w for w in words if w != surname] + list(name.initials)
        if not others:
            continue
        full = [w for w in others if len(w) > 1]
        letters = "".join(w[0] for w in others)
        cut = len(others) - len(full)  # initials written as such in the name
        for order in {tuple(full), tuple(reversed(full))}:
            joined = "".join(order)
            if joined:
                add(joined + surname, (*order, surname), cut)
                add(surname + joined, (*order, surname), cut)
                add(joined + surname[0], tuple(order), cut + 1)
        add(letters + surname, (surname,), len(others))
        add(surname + letters, (surname,), len(others))
        add(others[0][0] + surname, (surname,), 1)
        add(surname + others[0][0], (surname,), 1)
        if len(others[0]) > 1:
            add(others[0] + surname, (others[0], surname), 0)
            add(surname + others[0], (others[0], surname), 0)
    return forms
