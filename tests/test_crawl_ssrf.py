"""The crawler stays out of the local network: no link, redirect or host name
makes it fetch a loopback, private, link-local or other non-public address.

The sites are :class:`SiteServer` on 127.0.0.1. Host names are answered by
:class:`TableResolver`, a resolver given to the crawler in place of the
system's, as a DNS server under an attacker's control would answer: the
seed's name, ``public.example``, and ``internal.example`` both resolve to
127.0.0.1. The seed's own host may be crawled (a seed on a local address is
crawled, as the other crawl tests do on 127.0.0.1); every other way to
127.0.0.1 or another local address must be refused, and the page counted by
the server at ``/secret`` never asked for.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys

import pytest
from aiohttp.abc import AbstractResolver, ResolveResult
from testsite import SiteServer

from netnp.crawl import CrawlOptions, FetchSettings, crawl
from netnp.crawl.fetch import AddressPolicy, AddressRefused, _CheckingResolver, non_public
from netnp.runner import Runner

FAST = dict(delay=0.0, per_host=4, concurrency=16, timeout=5.0, connect_timeout=2.0, retries=0, backoff=0.05)


class TableResolver(AbstractResolver):
    """Answers host names from a table; each name may have a list of answers, given in turn."""

    def __init__(self, table: dict[str, list[list[str]]]):
        self.table = {name: list(answers) for name, answers in table.items()}
        self.asked: list[str] = []

    async def resolve(self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET) -> list[ResolveResult]:
        self.asked.append(host)
        answers = self.table.get(host)
        if not answers:
            raise OSError(f"unknown host {host}")
        addresses = answers.pop(0) if len(answers) > 1 else answers[0]
        return [{"hostname": host, "host": a, "port": port, "family": socket.AF_INET6 if ":" in a else socket.AF_INET,
                 "proto": 0, "flags": socket.AI_NUMERICHOST} for a in addresses]

    async def close(self) -> None:
        pass


def crawl_with(runner: Runner, seeds: list[str], resolver: TableResolver, **fetch: object):
    settings = FetchSettings(**{**FAST, **fetch}, resolver=lambda: resolver)
    return crawl(runner, CrawlOptions(seeds=seeds, depth=2, follow_external=True, fetch=settings))


def pages(runner: Runner) -> dict[str, dict]:
    return {row["id"]: row for row in runner.read("crawl/pages")}


@pytest.fixture
def site():
    with SiteServer() as server:
        yield server


# -- the addresses ----------------------------------------------------------------------
@pytest.mark.parametrize("address, kind", [
    ("127.0.0.1", "loopback"), ("127.8.9.10", "loopback"), ("::1", "loopback"),
    ("10.0.0.1", "private"), ("172.16.5.4", "private"), ("172.31.255.255", "private"), ("192.168.1.1", "private"),
    ("fc00::1", "private"), ("169.254.169.254", "link-local"), ("fe80::1", "link-local"),
    ("224.0.0.1", "multicast"), ("ff02::1", "multicast"), ("0.0.0.0", "unspecified"), ("::", "unspecified"),
    ("100.64.0.1", "shared"), ("100.127.255.254", "shared"), ("240.0.0.1", "reserved"),
    ("::ffff:127.0.0.1", "loopback"), ("::ffff:10.0.0.1", "private"), ("::ffff:169.254.169.254", "link-local"),
    ("64:ff9b::a00:1", "private"), ("2002:a00:1::1", "private"),
    ("93.184.216.34", None), ("172.32.0.1", None), ("100.128.0.1", None), ("2606:4700:4700::1111", None),
    ("::ffff:8.8.8.8", None), ("64:ff9b::808:808", None),
])
def test_which_addresses_are_off_limits(address, kind):
    found = non_public(address)
    assert (found is None) if kind is None else (kind in found)


def test_a_name_is_checked_on_every_answer_it_resolves_to():
    resolver = TableResolver({
        "rebind.example": [["93.184.216.34"], ["127.0.0.1"]],
        "mixed.example": [["127.0.0.1", "93.184.216.34", "10.0.0.1"]],
        "seed.example": [["10.0.0.5", "10.0.0.6"]],
        "other.example": [["10.0.0.5"]],
    })
    checking = _CheckingResolver(resolver, AddressPolicy(seed_hosts=["seed.example"]))

    async def addresses(host: str) -> list[str]:
        return [answer["host"] for answer in await checking.resolve(host, 80)]

    async def check() -> None:
        # a name that answers a public address, then a loopback one, is refused the second time
        assert await addresses("rebind.example") == ["93.184.216.34"]
        with pytest.raises(AddressRefused, match="rebind.example resolves to 127.0.0.1, a loopback address"):
            await addresses("rebind.example")
        # only the public answers of a mixed answer are connected to
        assert await addresses("mixed.example") == ["93.184.216.34"]
        # a seed on private addresses is crawled; another name on the same address is not
        assert await addresses("seed.example") == ["10.0.0.5", "10.0.0.6"]
        with pytest.raises(AddressRefused, match="other.example resolves to 10.0.0.5, a private address"):
            await addresses("other.example")

    asyncio.run(check())


def test_a_seed_on_a_public_address_gives_no_pass_to_its_later_answers():
    policy = AddressPolicy(seed_hosts=["seed.example"])
    assert policy.allowed("seed.example", ["93.184.216.34"]) == ["93.184.216.34"]
    with pytest.raises(AddressRefused):
        policy.allowed("seed.example", ["127.0.0.1"])
    assert AddressPolicy(allow_private=True).allowed("x.example", ["127.0.0.1"]) == ["127.0.0.1"]
    assert AddressPolicy(seed_hosts=["127.0.0.1"]).refusal("http://127.0.0.1:8000/a") is None
    assert "is a loopback address" in AddressPolicy(seed_hosts=["127.0.0.1"]).refusal("http://[::1]:8000/a")


# -- the crawler ------------------------------------------------------------------------
def test_links_redirects_and_names_into_the_local_network_are_refused(runner, site):
    port = site.port
    seed = f"http://public.example:{port}/"
    refused = {
        f"http://127.0.0.1:{port}/secret": "127.0.0.1 is a loopback address",
        "http://10.0.0.1/": "10.0.0.1 is a private address",
        f"http://[::1]:{port}/secret": "::1 is a loopback address",
        "http://169.254.169.254/latest/meta-data": "169.254.169.254 is a link-local address",
        f"http://[::ffff:7f00:1]:{port}/secret": "::ffff:7f00:1 is a loopback address",
        f"http://internal.example:{port}/secret": "internal.example resolves to 127.0.0.1, a loopback address",
        f"http://cgnat.example:{port}/secret": "cgnat.example resolves to 100.64.0.1, a shared",
    }
    site.html("/", [*refused, "/moved", "/about"])
    site.redirect("/moved", f"http://127.0.0.1:{port}/secret?via=redirect")
    refused[f"http://127.0.0.1:{port}/secret?via=redirect"] = "127.0.0.1 is a loopback address"
    site.html("/about", [])
    site.html("/secret", [])
    resolver = TableResolver({"public.example": [["127.0.0.1"]], "internal.example": [["127.0.0.1"]],
                              "cgnat.example": [["100.64.0.1"]]})

    report = crawl_with(runner, [seed], resolver)

    assert site.counts["/secret"] == site.counts["/secret?via=redirect"] == 0
    assert site.counts["/"] == site.counts["/about"] == site.counts["/moved"] == 1
    found = pages(runner)
    assert {url: row["status"] for url, row in found.items() if row["status"] != "refused"} == {
        seed: "fetched", f"http://public.example:{port}/about": "fetched", f"http://public.example:{port}/moved": "redirect"}
    assert {url for url, row in found.items() if row["status"] == "refused"} == set(refused)
    for url, reason in refused.items():
        assert reason in found[url]["error"] and "--allow-private" in found[url]["error"], (url, found[url]["error"])
    assert report.outcomes["refused"] == len(refused) and report.pages_fetched == 3
    assert {e["url"] for e in report.errors} == set(refused)
    assert set(resolver.asked) == {"public.example", "internal.example", "cgnat.example"}


def test_allow_private_lets_local_addresses_through(runner, site):
    port = site.port
    site.html("/", [f"http://127.0.0.1:{port}/secret", f"http://internal.example:{port}/secret", "/moved"])
    site.redirect("/moved", f"http://127.0.0.1:{port}/secret?via=redirect")
    site.html("/secret", [])
    site.html("/secret?via=redirect", [])
    resolver = TableResolver({"public.example": [["127.0.0.1"]], "internal.example": [["127.0.0.1"]]})

    report = crawl_with(runner, [f"http://public.example:{port}/"], resolver, allow_private=True)

    assert site.counts["/secret"] == 2 and site.counts["/secret?via=redirect"] == 1
    assert "refused" not in report.outcomes
    found = pages(runner)
    assert found[f"http://internal.example:{port}/secret"]["status"] == "fetched"
    assert found[f"http://127.0.0.1:{port}/secret?via=redirect"]["status"] == "fetched"


def test_the_cli_refuses_then_allows_private_addresses(runner, neo4j_settings, site):
    """`netnp crawl` with the system's resolver: `localhost` is another host on the seed's
    loopback address, refused until the same crawl runs again with --allow-private."""
    env = {**os.environ, "NEO4J_URI": neo4j_settings.uri, "NEO4J_USERNAME": neo4j_settings.user,
           "NEO4J_PASSWORD": neo4j_settings.password}
    if neo4j_settings.database:
        env["NEO4J_DATABASE"] = neo4j_settings.database
    secret = f"http://localhost:{site.port}/secret"
    site.html("/", [secret])
    site.html("/secret", [])

    def netnp(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "netnp", "crawl", site.url("/"), "--follow-external",
                               "--delay", "0", *args], env=env, capture_output=True, text=True, timeout=120)

    refused = netnp()
    assert refused.returncode == 0, refused.stderr
    assert f"Failed: {secret}: refused: localhost resolves to" in refused.stderr
    assert "--allow-private" in refused.stderr and "Traceback" not in refused.stderr
    assert site.counts["/secret"] == 0 and pages(runner)[secret]["status"] == "refused"

    allowed = netnp("--allow-private")
    assert allowed.returncode == 0, allowed.stderr
    assert site.counts["/secret"] == 1 and site.counts["/"] == 1
    assert pages(runner)[secret]["status"] == "fetched"
