"""The crawler: from seed URLs to the hyperlink network, with its state in Neo4j.

The crawl is a breadth-first search by levels: all pages at depth *d* (clicks
from the nearest seed) are fetched before any page at depth *d + 1*, so that
a page's recorded depth is its true distance from the seeds even though many
pages are fetched at once, and ``--depth N`` means exactly "within N clicks".
Within a level, each host has its own workers (``per_host`` of them, spaced
by the politeness delay), and all hosts share the global concurrency limit.

Scope: with ``follow_external=False`` (``--same-site``, the default) only the
pages of the seeds' web entities are fetched; links to other sites are
recorded, their target pages stay ``discovered``. With ``follow_external``
every linked page within the depth is fetched.

Local network: a page whose host is on a loopback, private, link-local or
other non-public address is never fetched (unless ``allow_private``, or the
host is a seed's own: :class:`~netnp.crawl.fetch.AddressPolicy`); it is
recorded with status ``refused`` and the reason. A later run of the job tries
its refused pages again, so that running it again with ``allow_private``
fetches them.

State: every page the crawl queues is written to Neo4j with status
``queued`` before it is fetched, and every fetch is written with its outcome
(``fetched``, ``redirect``, ``alias``, ``http_error``, ``not_html``,
``too_large``, ``error``, ``robots_denied``, ``refused``). A crawl stopped
by the page budget, by Ctrl-C or by :meth:`Crawler.request_stop` lets the
requests in flight finish and writes them before it stops, so that the next run with the
same seeds and scope resumes from the queued pages and fetches nothing twice.
Pages that another crawl job fetched are not fetched again either: their
recorded links are followed instead.
"""

from __future__ import annotations

import asyncio
import datetime as _dt
import hashlib
import json
import signal
import threading
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from netnp.crawl.fetch import Fetcher, FetchResult, FetchSettings
from netnp.crawl.parse import parse_html
from netnp.crawl.robots import RobotsCache, crawl_delay
from netnp.crawl.store import Batch, CrawlStore
from netnp.crawl.urls import ENTITY_MODES, InvalidURL, host_of, normalize, origin_of, resolve, web_entity_id
from netnp.errors import InputError, NetnpError
from netnp.graphwrite import Provenance
from netnp.runner import Runner

#: Statuses of pages that are not waiting to be fetched (``refused`` pages are
#: tried again by the next run, which may allow private addresses).
DONE_STATUSES = frozenset({"fetched", "redirect", "alias", "http_error", "not_html", "too_large",
                           "error", "robots_denied"})
MAX_REPORTED_ERRORS = 50


@dataclass
class CrawlOptions:
    """What to crawl and how.

    Parameters
    ----------
    seeds : list of str
        Start URLs, as given; invalid ones are reported and skipped.
    depth : int
        Largest number of clicks from a seed to a fetched page (0: the seeds only).
    max_pages : int or None
        Largest number of pages this job fetches, over all its runs.
    follow_external : bool
        Fetch pages of other sites too (else only the seeds' web entities).
    entity_mode : str
        Group pages into web entities by registered ``domain`` or by ``host``.
    obey_robots : bool
        Obey robots.txt (switch off only for sites you own).
    owners : dict
        Seed URL as given → organisation id, from a seeds file.
    owners_source : str
        Name of the seeds file, for provenance.
    """

    seeds: list[str]
    depth: int = 2
    max_pages: int | None = None
    follow_external: bool = False
    entity_mode: str = "domain"
    fetch: FetchSettings = field(default_factory=FetchSettings)
    obey_robots: bool = True
    owners: dict[str, str] = field(default_factory=dict)
    owners_source: str = "seeds"
    #: Seed URL as given → where it was given (``seeds.csv:3``), for messages.
    seed_origins: dict[str, str] = field(default_factory=dict)
    batch_size: int = 200
    flush_interval: float = 1.0

    @property
    def scope(self) -> str:
        return "follow-external" if self.follow_external else "same-site"


@dataclass
class CrawlReport:
    """What one run of a crawl did."""

    job: str
    status: str = "running"
    resumed: bool = False
    previous_status: str | None = None
    seeds: list[str] = field(default_factory=list)
    pages_fetched: int = 0
    job_pages_fetched: int = 0
    requests: int = 0
    links: int = 0
    seconds: float = 0.0
    outcomes: dict[str, int] = field(default_factory=dict)
    queued_left: int = 0
    warnings: list[str] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    entities: dict[str, Any] = field(default_factory=dict)
    owners: int = 0

    @property
    def pages_per_second(self) -> float:
        return self.pages_fetched / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        data = {k: v for k, v in vars(self).items()}
        data["pages_per_second"] = round(self.pages_per_second, 2)
        data["seconds"] = round(self.seconds, 3)
        return data


def job_key(seeds: list[str], options: CrawlOptions) -> str:
    """The key of the crawl job for these (normalised) seeds and scope: running
    the same crawl again finds the same job, and resumes it."""
    identity = json.dumps([sorted(set(seeds)), options.depth, options.scope, options.entity_mode])
    return "crawl:" + hashlib.sha256(identity.encode()).hexdigest()[:12]


class Crawler:
    """One run of a crawl job. Use :func:`crawl` unless you need :meth:`request_stop`."""

    def __init__(
        self,
        runner: Runner,
        options: CrawlOptions,
        *,
        on_progress: Callable[[int, int], None] | None = None,
        on_warning: Callable[[str], None] | None = None,
    ):
        if options.depth < 0:
            raise InputError(f"--depth must be 0 or more, not {options.depth}")
        if options.max_pages is not None and options.max_pages < 1:
            raise InputError(f"--max-pages must be 1 or more, not {options.max_pages}")
        if options.entity_mode not in ENTITY_MODES:
            raise InputError(f"unknown web entity mode '{options.entity_mode}'; use one of {', '.join(ENTITY_MODES)}")
        self.runner = runner
        self.options = options
        self.on_progress = on_progress
        self.on_warning = on_warning
        self._stop = threading.Event()
        self._stop_reason: str | None = None

    # -- public ---------------------------------------------------------------------
    def request_stop(self) -> None:
        """Stop soon: no new request starts; those in flight finish and are recorded.
        Safe to call from any thread."""
        self._stop_reason = self._stop_reason or "interrupted"
        self._stop.set()

    def run(self, *, handle_signals: bool = False) -> CrawlReport:
        """Crawl; with ``handle_signals``, Ctrl-C (SIGINT) and SIGTERM stop the crawl
        cleanly (a second Ctrl-C aborts at once)."""
        try:
            return asyncio.run(self._main(handle_signals))
        except asyncio.CancelledError:
            raise KeyboardInterrupt from None

    # -- setup ----------------------------------------------------------------------
    def _warn(self, message: str) -> None:
        self.report.warnings.append(message)
        if self.on_warning:
            self.on_warning(message)

    def _prepare_seeds(self) -> list[str]:
        seeds: list[str] = []
        self._owner_rows: list[tuple[str, str]] = []
        for raw in self.options.seeds:
            try:
                url = normalize(raw)
            except InvalidURL as exc:
                where = self.options.seed_origins.get(raw)
                self._warn(f"{where + ': ' if where else ''}seed '{raw}' skipped: not a valid URL: {exc}")
                continue
            if url not in seeds:
                seeds.append(url)
            if self.options.owners.get(raw):
                self._owner_rows.append((url, self.options.owners[raw]))
        if not seeds:
            raise InputError("no valid seed URL to crawl; give absolute http:// or https:// URLs")
        return seeds

    def _entity(self, url: str) -> str:
        return web_entity_id(url, self.options.entity_mode)

    def _in_scope(self, url: str) -> bool:
        return self.options.follow_external or self._entity(url) in self._scope

    # -- main -----------------------------------------------------------------------
    async def _main(self, handle_signals: bool) -> CrawlReport:
        opts = self.options
        began = time.monotonic()
        self.report = CrawlReport(job="")
        seeds = self._prepare_seeds()
        key = job_key(seeds, opts)
        self.report.job, self.report.seeds = key, seeds
        self.store = CrawlStore(self.runner, key, Provenance("crawl", import_id=key))
        if self._owner_rows:
            self._check_owners()
        await asyncio.to_thread(self.store.ensure_schema)
        job = await asyncio.to_thread(self.store.start, {
            "seeds": seeds, "depth": opts.depth, "scope": opts.scope, "entity_mode": opts.entity_mode,
            "max_pages": opts.max_pages, "user_agent": opts.fetch.user_agent,
        })
        self.report.previous_status = job["previous_status"]
        self.report.resumed = job["previous_status"] is not None
        self._job_fetched = int(job["pages_fetched"] or 0)

        self._batch = Batch()
        self._flush_lock = asyncio.Lock()
        self._failure: BaseException | None = None
        self._outcomes: Counter[str] = Counter()
        self._seen: set[str] = set()          # handled or queued by this job
        self._recorded: set[str] = set()      # written as a node during this run
        self._done_elsewhere: dict[str, str] = {}  # handled by another job: url -> status
        self._levels: dict[int, list[str]] = defaultdict(list)
        self._scope = {self._entity(s) for s in seeds}
        self._robots_warned: set[str] = set()
        self._warned_seeds: set[str] = set()
        self._flush_soon = asyncio.Event()
        self._closing = False

        await self._load_state(seeds)
        if self._owner_rows:
            await self._flush()  # the seed pages exist before their owners point to them
            if self._failure is not None:
                raise self._failure
            self.report.owners = await asyncio.to_thread(self._declare_owners)
        if handle_signals:
            self._install_signals()
        flusher = asyncio.create_task(self._flush_periodically())
        try:
            async with Fetcher(opts.fetch, seed_hosts=(urlsplit(s).hostname for s in seeds)) as fetcher:
                self.fetcher = fetcher
                self.robots = RobotsCache(self._fetch_robots, opts.fetch.user_agent, opts.obey_robots)
                await self._expand_scope_from_stored_redirects(seeds)
                await self._crawl_levels()
                self.report.requests = fetcher.requests
        finally:
            self._closing = True
            self._flush_soon.set()
            await asyncio.gather(flusher, return_exceptions=True)
            if self._failure is None:
                await self._flush()
        if self._failure is not None:
            await asyncio.to_thread(self._finish_quietly, "interrupted")
            raise self._failure

        left = sum(len(v) for v in self._levels.values())
        self.report.queued_left = left
        status = "done" if left == 0 else ("stopped" if self._stop_reason == "max_pages" else "interrupted")
        await asyncio.to_thread(self.store.finish, status)
        self.report.entities = await asyncio.to_thread(self.store.aggregate)
        self.report.status = status
        self.report.outcomes = dict(self._outcomes)
        self.report.job_pages_fetched = self._job_fetched
        self.report.seconds = time.monotonic() - began
        return self.report

    def _finish_quietly(self, status: str) -> None:
        try:
            self.store.finish(status)
        except NetnpError:
            pass

    def _install_signals(self) -> None:
        loop = asyncio.get_running_loop()
        main = asyncio.current_task()

        def on_signal() -> None:
            if self._stop.is_set() and main is not None:
                main.cancel()  # second Ctrl-C: abort now
            self.request_stop()

        for sig in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(sig, on_signal)
            except (NotImplementedError, RuntimeError, ValueError):
                pass

    def _check_owners(self) -> None:
        ids = sorted({org for _, org in self._owner_rows})
        wrong = self.store.non_organizations(ids)
        if wrong:
            first = wrong[0]
            raise InputError(f"{self.options.owners_source}: field 'organization_id': '{first['id']}' is a "
                             f"{'/'.join(first['labels'])}, not an Organization, so it cannot own a web site")

    def _declare_owners(self) -> int:
        rows = [{"url": url, "entity": self._entity(url), "entity_mode": self.options.entity_mode,
                 "organization_id": org} for url, org in self._owner_rows]
        return self.store.declare_owners(rows, self.options.owners_source)

    async def _load_state(self, seeds: list[str]) -> None:
        rows = await asyncio.to_thread(self.store.state)
        for row in rows:
            url, status, in_job = row["id"], row["status"], row["in_job"]
            depth = row["depth"] if row["depth"] is not None else 0
            if in_job:
                self._seen.add(url)
                if status in ("queued", "refused") and depth <= self.options.depth:
                    self._levels[depth].append(url)
            elif status in DONE_STATUSES:
                self._done_elsewhere[url] = status
        for seed in seeds:
            if seed not in self._seen:
                self._queue(seed, 0)

    async def _expand_scope_from_stored_redirects(self, seeds: list[str]) -> None:
        """On a resumed crawl, the sites that seeds redirected to are in scope again."""
        frontier = [s for s in seeds if s in self._seen]
        for _ in range(self.options.fetch.max_redirects):
            if not frontier:
                return
            rows = await asyncio.to_thread(self.store.stored_links, frontier)
            frontier = [r["target"] for r in rows if r["type"] == "REDIRECTS_TO"
                        and self._entity(r["target"]) not in self._scope]
            self._scope.update(self._entity(t) for t in frontier)

    # -- frontier -------------------------------------------------------------------
    def _discover(self, url: str, depth: int, queue: bool) -> None:
        """Record a page found through a link or a redirect (once per run)."""
        if queue or url not in self._recorded:
            self._recorded.add(url)
            self._batch.discovered.append({
                "id": url, "host": host_of(url), "entity": self._entity(url),
                "entity_mode": self.options.entity_mode, "depth": depth, "queue": queue,
            })

    def _queue(self, url: str, depth: int) -> None:
        self._seen.add(url)
        self._discover(url, depth, True)
        self._levels[depth].append(url)

    def _found(self, url: str, depth: int, *, follow: bool) -> None:
        """A link to ``url`` seen on a page at ``depth - 1``: queue it or just record it."""
        if url in self._seen:
            return
        if follow and depth <= self.options.depth and self._in_scope(url):
            self._queue(url, depth)
        else:
            self._discover(url, depth, False)

    # -- levels ---------------------------------------------------------------------
    def _stopping(self) -> bool:
        return self._stop.is_set() or self._failure is not None

    def _reserve(self) -> bool:
        """Take one page from the budget; False (and stop) when it is spent."""
        budget = self.options.max_pages
        if budget is not None and self._job_fetched >= budget:
            self._stop_reason = self._stop_reason or "max_pages"
            self._stop.set()
            return False
        self._job_fetched += 1
        return True

    async def _crawl_levels(self) -> None:
        while not self._stopping():
            pending = sorted(d for d, urls in self._levels.items() if urls)
            if not pending or pending[0] > self.options.depth:
                self._levels.clear()
                return
            depth = pending[0]
            urls = self._levels.pop(depth)
            by_host: dict[str, deque[str]] = defaultdict(deque)
            for url in urls:
                by_host[host_of(url)].append(url)
            workers = [
                self._host_worker(queue, depth)
                for queue in by_host.values()
                for _ in range(min(self.options.fetch.per_host, len(queue)))
            ]
            await asyncio.gather(*workers)
            left = [u for q in by_host.values() for u in q]
            if left:  # stopped within the level: these stay queued
                self._levels[depth] = left + self._levels.get(depth, [])

    async def _host_worker(self, queue: deque[str], depth: int) -> None:
        while queue and not self._stopping():
            url = queue.popleft()
            try:
                handled = await self._process(url, depth)
            except Exception as exc:  # a bug must not lose the rest of the crawl
                self._error(url, f"internal error: {type(exc).__name__}: {exc}")
                handled = True
            if not handled:
                queue.appendleft(url)
                return
            if len(self._batch.pages) >= self.options.batch_size:
                self._flush_soon.set()
                if len(self._batch.pages) >= 4 * self.options.batch_size:
                    await self._flush()  # back-pressure: Neo4j is slower than the web

    # -- one page -------------------------------------------------------------------
    async def _process(self, url: str, depth: int, hops: int = 0) -> bool:
        """Fetch one queued page and record what came of it; False if the budget is spent."""
        if url in self._done_elsewhere:
            await self._expand_stored(url, depth)
            return True
        host = host_of(url)
        refusal = self.fetcher.policy.refusal(url)
        if refusal is not None:
            self._refuse(url, depth, refusal)
            return True
        rules = await self.robots.rules(origin_of(url))
        refusal = self.fetcher.policy.refusal(url) if rules.unreachable else None
        if refusal is not None:  # the host's name resolved to a refused address when robots.txt was asked for
            self._refuse(url, depth, refusal)
            return True
        if rules.reason and not rules.unreachable and origin_of(url) not in self._robots_warned:
            self._robots_warned.add(origin_of(url))
            self._warn(f"{origin_of(url)}: {rules.reason}")
        if rules.unreachable:
            self._page_row(url, depth, "error", error=f"host unreachable: {rules.unreachable}")
            self._error(url, f"host unreachable: {rules.unreachable}")
            return True
        if not rules.allowed(url, self.options.fetch.user_agent):
            self._page_row(url, depth, "robots_denied", error="disallowed by robots.txt")
            return True
        if not self._reserve():
            return False
        result = await self.fetcher.get(url, host)
        if result.outcome == "refused":  # nothing was fetched, nor taken from the budget
            self._job_fetched -= 1
            self._refuse(url, depth, result.error or "refused")
            return True
        self._batch.fetched += 1
        self.report.pages_fetched += 1
        self._progress()
        if result.outcome == "redirect":
            await self._redirect(url, depth, hops, result)
        elif result.outcome == "fetched":
            self._page(url, depth, result)
        else:
            self._page_row(url, depth, result.outcome, result, error=result.error)
            if result.outcome == "error":
                self._error(url, result.error or "failed")
        return True

    async def _redirect(self, url: str, depth: int, hops: int, result: FetchResult) -> None:
        target = resolve(result.location or "", url)
        if target is None:
            self._page_row(url, depth, "error", result, error=f"redirect to an invalid URL: {result.location!r}")
            self._error(url, f"redirect to an invalid URL: {result.location!r}")
            return
        self._page_row(url, depth, "redirect", result)
        if depth == 0 and hops == 0:
            self._scope.add(self._entity(target))  # a seed that moved: its new site is in scope
        new = target not in self._seen
        if new:
            follow = self._in_scope(target) and hops < self.options.fetch.max_redirects
            if follow:
                self._seen.add(target)
                self._discover(target, depth, True)
            else:
                self._discover(target, depth, False)
        self._batch.redirects.append({"source": url, "target": target, "kind": "http", "http_status": result.status})
        if new and target in self._seen:
            if not await self._process(target, depth, hops + 1):
                self._levels[depth].append(target)  # budget spent: stays queued

    def _page(self, url: str, depth: int, result: FetchResult) -> None:
        parsed = parse_html(result.text or "", url)
        source = url
        canonical = parsed.canonical
        if canonical and canonical != url and host_of(canonical) == host_of(url):
            self._batch.redirects.append({"source": url, "target": canonical, "kind": "canonical",
                                          "http_status": result.status})
            if canonical not in self._seen:
                self._seen.add(canonical)
                self._recorded.add(canonical)
                self._page_row(canonical, depth, "fetched", result, title=parsed.title)
                source = canonical
                status = "alias"
            else:
                source = None  # the canonical page was crawled already: its links are recorded
                status = "alias"
            self._page_row(url, depth, status, result, title=parsed.title, canonical=canonical)
        else:
            self._page_row(url, depth, "fetched", result, title=parsed.title)
        if source is None:
            return
        for target, weight in parsed.links.items():
            if target == source:
                continue
            self._found(target, depth + 1, follow=not parsed.nofollow)
            self._batch.links.append({"source": source, "target": target, "weight": weight})
            self.report.links += 1

    async def _expand_stored(self, url: str, depth: int) -> None:
        """Follow the recorded links of a page another crawl fetched, without fetching it."""
        rows = await asyncio.to_thread(self.store.stored_links, [url])
        for row in rows:
            if row["type"] == "REDIRECTS_TO":
                if row["target"] not in self._seen and self._in_scope(row["target"]):
                    self._queue(row["target"], depth)
            else:
                self._found(row["target"], depth + 1, follow=True)
        self._outcomes["already_crawled"] += 1

    def _page_row(self, url: str, depth: int, status: str, result: FetchResult | None = None, *,
                  title: str | None = None, error: str | None = None, canonical: str | None = None) -> None:
        self._outcomes[status] += 1
        self._recorded.add(url)
        self._batch.pages.append({
            "id": url, "host": host_of(url), "entity": self._entity(url), "entity_mode": self.options.entity_mode,
            "depth": depth, "status": status,
            "http_status": result.status if result else None,
            "content_type": result.content_type if result else None,
            "title": title, "error": error, "canonical": canonical,
            "bytes": result.bytes if result else None,
            "fetch_ms": round(result.elapsed * 1000) if result else None,
            "fetched_at": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        })

    def _refuse(self, url: str, depth: int, reason: str) -> None:
        self._page_row(url, depth, "refused", error=reason)
        self._error(url, f"refused: {reason}")

    def _error(self, url: str, message: str) -> None:
        if len(self.report.errors) < MAX_REPORTED_ERRORS:
            self.report.errors.append({"url": url, "error": message})
        if url in self.report.seeds and url not in self._warned_seeds:
            self._warned_seeds.add(url)
            self._warn(f"seed {url}: {message}; the crawl goes on with the other pages")

    def _progress(self) -> None:
        if self.on_progress:
            queued = sum(len(v) for v in self._levels.values())
            self.on_progress(self.report.pages_fetched, queued)

    async def _fetch_robots(self, origin: str) -> tuple[int | None, str | None, str | None]:
        status, text, error = await self.fetcher.get_text(origin + "/robots.txt", host_of(origin + "/"))
        if status is not None and 200 <= status < 300 and text and self.options.obey_robots:
            self.fetcher.set_crawl_delay(host_of(origin + "/"), crawl_delay(text, self.options.fetch.user_agent))
        return status, text, error

    # -- writing --------------------------------------------------------------------
    async def _flush(self) -> None:
        async with self._flush_lock:
            batch, self._batch = self._batch, Batch()
            if not len(batch) and not batch.fetched:
                return
            try:
                await asyncio.to_thread(self.store.record, batch)
            except Exception as exc:
                self._failure = self._failure or exc
                self._stop.set()

    async def _flush_periodically(self) -> None:
        while not self._closing:
            try:
                await asyncio.wait_for(self._flush_soon.wait(), timeout=self.options.flush_interval)
            except TimeoutError:
                pass
            self._flush_soon.clear()
            await self._flush()


def crawl(
    runner: Runner,
    options: CrawlOptions,
    *,
    on_progress: Callable[[int, int], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
    handle_signals: bool = False,
) -> CrawlReport:
    """Crawl from ``options.seeds`` and record the hyperlink network in Neo4j.

    Returns the run's :class:`CrawlReport`. Invalid seeds and unreachable hosts
    are reported (``report.warnings``, ``report.errors``) and do not stop the
    crawl; only a crawl with no valid seed at all raises :class:`InputError`.
    """
    return Crawler(runner, options, on_progress=on_progress, on_warning=on_warning).run(handle_signals=handle_signals)
