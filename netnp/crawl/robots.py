"""robots.txt, fetched once per origin through the crawler's own HTTP client.

Rules are read and matched as RFC 9309 says:

* the crawler obeys the group whose ``User-agent`` names its product token
  (the user agent up to its first ``/``; several groups naming it are merged),
  else the ``*`` group, else nothing;
* among the group's ``Allow`` and ``Disallow`` rules that match a URL's path
  and query, the longest (most specific) one wins, and ``Allow`` wins a tie;
  ``*`` matches any characters and a final ``$`` anchors the end;
* an empty ``Disallow:`` disallows nothing.

:mod:`urllib.robotparser` is not used for matching: it applies the first
matching rule rather than the longest, and knows neither ``*`` nor ``$``.

What a missing or broken robots.txt means (RFC 9309, section 2.3.1):

* 2xx: the file's rules apply;
* 4xx (404, 403, …): no rules, everything may be crawled;
* 5xx: everything is disallowed, since the site's wishes cannot be known;
* no answer at all: the host is unreachable, and its pages are recorded as errors.

A ``Crawl-delay`` line (not part of RFC 9309, but widely used) raises the
politeness delay for that host; fractions of a second are allowed.

References
----------
Koster, M., Illyes, G., Zeller, H., Sassman, L. (2022). RFC 9309, Robots Exclusion Protocol.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import unquote, urlsplit

#: robots.txt larger than this is cut (RFC 9309 asks crawlers to read at least 500 KiB).
MAX_ROBOTS_BYTES = 512 * 1024


@dataclass
class Group:
    """The rules of one group: ``(allow, pattern)`` pairs and the Crawl-delay."""

    agents: list[str] = field(default_factory=list)
    rules: list[tuple[bool, str]] = field(default_factory=list)
    crawl_delay: float | None = None


def parse_robots(text: str) -> list[Group]:
    """The groups of a robots.txt, in order; lines outside any group are ignored."""
    groups: list[Group] = []
    current: Group | None = None
    in_rules = False
    for raw in text[:MAX_ROBOTS_BYTES].splitlines():
        line = raw.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        name, value = (part.strip() for part in line.split(":", 1))
        name = name.lower()
        if name == "user-agent":
            if current is None or in_rules:
                current = Group()
                groups.append(current)
                in_rules = False
            current.agents.append(value.lower())
        elif current is not None and name in ("allow", "disallow"):
            in_rules = True
            if value:
                current.rules.append((name == "allow", value))
        elif current is not None and name == "crawl-delay":
            in_rules = True
            try:
                current.crawl_delay = max(0.0, float(value))
            except ValueError:
                pass
    return groups


def _product_token(user_agent: str) -> str:
    return user_agent.split("/")[0].strip().lower()


def group_for(groups: list[Group], user_agent: str) -> Group | None:
    """The rules that apply to ``user_agent``: the groups naming its product
    token, merged; else the ``*`` group(s); else None."""
    token = _product_token(user_agent)
    named = [g for g in groups if any(a != "*" and a == token for a in g.agents)]
    if not named:
        named = [g for g in groups if any(a != "*" and a in token for a in g.agents)]
    if not named:
        named = [g for g in groups if "*" in g.agents]
    if not named:
        return None
    merged = Group(agents=[a for g in named for a in g.agents])
    for g in named:
        merged.rules.extend(g.rules)
        if g.crawl_delay is not None and merged.crawl_delay is None:
            merged.crawl_delay = g.crawl_delay
    return merged


@lru_cache(maxsize=4096)
def _pattern(rule: str) -> re.Pattern[str]:
    anchored = rule.endswith("$")
    body = unquote(rule[:-1] if anchored else rule)
    regex = ".*".join(re.escape(part) for part in body.split("*"))
    return re.compile(regex + ("$" if anchored else ""), re.DOTALL)


def is_allowed(group: Group | None, url: str) -> bool:
    """RFC 9309 matching: the longest matching rule wins; Allow wins ties."""
    if group is None or not group.rules:
        return True
    parts = urlsplit(url)
    path = unquote(parts.path or "/") + (f"?{unquote(parts.query)}" if parts.query else "")
    best_length, allowed = -1, True
    for allow, rule in group.rules:
        if _pattern(rule).match(path):
            length = len(rule)
            if length > best_length or (length == best_length and allow):
                best_length, allowed = length, allow
    return allowed


def crawl_delay(text: str, user_agent: str) -> float | None:
    """The Crawl-delay that applies to ``user_agent`` in a robots.txt, in seconds."""
    group = group_for(parse_robots(text), user_agent)
    return group.crawl_delay if group else None


@dataclass
class RobotsRules:
    """The rules of one origin."""

    groups: list[Group] | None
    text: str = ""
    allow_all: bool = False
    disallow_all: bool = False
    reason: str = ""
    #: Set when the server could not be reached at all: why.
    unreachable: str | None = None
    _by_agent: dict[str, Group | None] = field(default_factory=dict, repr=False)

    def _group(self, user_agent: str) -> Group | None:
        if user_agent not in self._by_agent:
            self._by_agent[user_agent] = group_for(self.groups or [], user_agent)
        return self._by_agent[user_agent]

    def allowed(self, url: str, user_agent: str) -> bool:
        if self.disallow_all:
            return False
        if self.allow_all or not self.groups:
            return True
        return is_allowed(self._group(user_agent), url)

    def crawl_delay(self, user_agent: str) -> float | None:
        group = self._group(user_agent) if self.groups else None
        return group.crawl_delay if group else None


def rules_from_response(status: int | None, text: str | None, error: str | None = None) -> RobotsRules:
    """The rules for a robots.txt answer (``status`` None when the request failed)."""
    if status is None:
        return RobotsRules(None, disallow_all=True, unreachable=error or "no answer",
                           reason=f"host unreachable ({error}): its pages are not crawled")
    if 200 <= status < 300:
        return RobotsRules(parse_robots(text or ""), text or "")
    if 400 <= status < 500:
        return RobotsRules(None, allow_all=True)
    return RobotsRules(None, disallow_all=True, reason=f"robots.txt answered HTTP {status}: nothing crawled")


class RobotsCache:
    """The rules of each origin, fetched once (concurrent callers wait for the one fetch)."""

    def __init__(self, fetch_robots, user_agent: str, obey: bool = True):
        #: ``async fetch_robots(origin) -> (status | None, text | None, error | None)``
        self._fetch = fetch_robots
        self.user_agent = user_agent
        self.obey = obey
        self._rules: dict[str, RobotsRules] = {}
        self._pending: dict[str, asyncio.Future] = {}

    async def rules(self, origin: str) -> RobotsRules:
        if origin in self._rules:
            return self._rules[origin]
        if origin in self._pending:
            return await asyncio.shield(self._pending[origin])
        future = asyncio.get_running_loop().create_future()
        self._pending[origin] = future
        try:
            status, text, error = await self._fetch(origin)
            rules = rules_from_response(status, text, error)
        except Exception as exc:  # never let robots.txt stop the crawl
            rules = rules_from_response(None, None, f"{type(exc).__name__}: {exc}")
        if not self.obey and not rules.unreachable:
            rules = RobotsRules(None, allow_all=True)
        self._rules[origin] = rules
        del self._pending[origin]
        future.set_result(rules)
        return rules
