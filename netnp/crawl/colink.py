"""Co-link analysis: the web entities that several seeds link to.

Issue Crawler (Rogers 2010) maps an issue network by keeping, around a set of
seed sites, only the sites that receive links from at least two of the seeds:
being linked by several actors of the issue is what makes a site part of it.
:func:`colink` does this on the crawled network, at the level of web
entities (pages grouped by registered domain or host), with the threshold
``min_seeds`` (K) as a parameter.

References
----------
Rogers, R. (2010). Mapping public web space with the Issuecrawler. In
C. Brossard & B. Reber (eds.), Digital Cognitive Technologies, 89-99. Wiley.
"""

from __future__ import annotations

from typing import Any

from netnp.crawl.urls import web_entity_id
from netnp.errors import InputError, NetnpError
from netnp.runner import Runner


def jobs(runner: Runner) -> list[dict[str, Any]]:
    """The crawl jobs recorded in the graph, newest first."""
    return runner.read("crawl/jobs")


def colink(runner: Runner, min_seeds: int = 2, job: str | None = None) -> dict[str, Any]:
    """The web entities linked by at least ``min_seeds`` of a crawl's seed entities.

    Parameters
    ----------
    runner : Runner
    min_seeds : int
        K: the least number of distinct seed entities linking to an entity.
    job : str, optional
        The crawl job's key (``netnp crawl`` prints it); the latest crawl by default.

    Returns
    -------
    dict
        ``job``, ``min_seeds``, ``seed_entities`` and ``entities``: one dict per
        co-linked entity with ``entity``, ``name``, ``seeds``, ``linked_by``,
        ``links``, ``is_seed`` and ``owners``, the most co-linked first.
    """
    if min_seeds < 1:
        raise InputError(f"--min-seeds must be 1 or more, not {min_seeds}")
    recorded = jobs(runner)
    if not recorded:
        raise NetnpError("no crawl is recorded in the graph; run `netnp crawl SEED_URL...` first")
    if job is None:
        chosen = recorded[0]
    else:
        matches = [j for j in recorded if j["key"] in (job, "crawl:" + job)]
        if not matches:
            known = ", ".join(j["key"] for j in recorded[:5])
            raise NetnpError(f"no crawl job '{job}' in the graph; recorded jobs: {known}")
        chosen = matches[0]
    seed_entities = sorted({web_entity_id(url, chosen["entity_mode"]) for url in chosen["seeds"]})
    if min_seeds > len(seed_entities):
        raise InputError(f"--min-seeds {min_seeds} is more than the {len(seed_entities)} seed web "
                         f"entities of crawl {chosen['key']}; nothing could qualify")
    rows = runner.read("crawl/colink", seed_entities=seed_entities, min_seeds=min_seeds)
    return {"job": chosen["key"], "min_seeds": min_seeds, "seed_entities": seed_entities, "entities": rows}
