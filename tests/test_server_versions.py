"""The session's real server runs what netnp pins: Neo4j 5.26.x with APOC and GDS."""

from netnp import health
from netnp.localserver.distribution import versions as pinned


def test_server_runs_neo4j_526_with_apoc_and_gds(runner):
    v = health.versions(runner)
    assert v.neo4j.startswith("5.26."), v
    assert v.apoc is not None and v.apoc.startswith("5.26."), v
    assert v.gds is not None and v.gds.startswith("2.13."), v


def test_local_server_runs_exactly_the_pinned_versions(own_local_server):
    from netnp.runner import Runner

    with Runner(own_local_server.connection()) as runner:
        v = health.versions(runner)
    p = pinned()
    assert (v.neo4j, v.apoc, v.gds) == (p["neo4j"], p["apoc"], p["gds"])
