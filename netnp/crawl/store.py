"""The crawl's state and results in Neo4j, through the :class:`~netnp.runner.Runner`.

Everything the crawler knows lives in the graph, written batch by batch in
single transactions (``crawl/record_batch``), so that an interrupted crawl
resumes from the graph alone (``crawl/crawl_state``). These functions are
synchronous; the crawler calls them from a worker thread. Each write of pages,
links and owners holds the import lock (:mod:`netnp.locks`) while it runs, so
that it never meets an import's or a sample's writes: a crawl batch waits for
an import, and an import waits for a crawl batch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from netnp import schema
from netnp.graphwrite import Provenance
from netnp.locks import import_lock
from netnp.runner import Runner


@dataclass
class Batch:
    """Crawl results not written yet."""

    discovered: list[dict[str, Any]] = field(default_factory=list)
    pages: list[dict[str, Any]] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)
    redirects: list[dict[str, Any]] = field(default_factory=list)
    fetched: int = 0

    def __len__(self) -> int:
        return len(self.discovered) + len(self.pages) + len(self.links) + len(self.redirects)


class CrawlStore:
    """Reads and writes one crawl job's state."""

    def __init__(self, runner: Runner, job_key: str, provenance: Provenance):
        self.runner = runner
        self.job_key = job_key
        self.provenance = provenance

    def ensure_schema(self) -> None:
        """Apply the schema migrations not applied yet (``netnp/cypher/schema/``), among them the web entities' unique id."""
        schema.apply_schema(self.runner)

    def start(self, job: dict[str, Any]) -> dict[str, Any]:
        """Create or take up the job; returns its previous status and pages fetched so far."""
        return self.runner.write("crawl/start_job", job={"key": self.job_key, **job}).rows[0]

    def state(self) -> list[dict[str, Any]]:
        """Every page a crawl queued or handled: id, status, depth, in_job."""
        return list(self.runner.stream("crawl/crawl_state", job=self.job_key))

    def record(self, batch: Batch) -> None:
        """Write one batch in one transaction."""
        if not len(batch) and not batch.fetched:
            return
        with import_lock(self.runner, "netnp crawl"):
            self.runner.write(
                "crawl/record_batch", job=self.job_key, discovered=batch.discovered, pages=batch.pages,
                links=batch.links, redirects=batch.redirects, fetched=batch.fetched,
                provenance=self.provenance.as_param(),
            )

    def stored_links(self, urls: list[str]) -> list[dict[str, Any]]:
        return self.runner.read("crawl/stored_links", urls=urls)

    def finish(self, status: str) -> None:
        self.runner.write("crawl/finish_job", job=self.job_key, status=status)

    def aggregate(self) -> dict[str, Any]:
        return self.runner.write("crawl/aggregate_web_entities").rows[0]

    def summary(self) -> dict[str, int]:
        return {row["status"]: row["pages"] for row in self.runner.read("crawl/job_summary", job=self.job_key)}

    def non_organizations(self, ids: list[str]) -> list[dict[str, Any]]:
        return self.runner.read("crawl/find_non_organizations", ids=ids)

    def declare_owners(self, rows: list[dict[str, Any]], source: str) -> int:
        provenance = Provenance(source, import_id=self.job_key).as_param()
        with import_lock(self.runner, "netnp crawl"):
            result = self.runner.write("crawl/declare_owners", rows=rows, provenance=provenance)
        return int(result.rows[0]["owners"]) if result.rows else 0
