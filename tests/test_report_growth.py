"""The report's Growth section on a real server: the sample association with four years of history, analysed
year by year, reported in HTML and Markdown, in English and French; its figures are those of netnp.growth.series."""

from __future__ import annotations

import json
import os

import pytest

from netnp import database, schema
from netnp.analysis import Scope, run_analysis
from netnp.growth import series
from netnp.report import render, report_document
from netnp.samples import FOCUS_ID, load_sample

pytestmark = pytest.mark.neo4j

YEARS = ("2022", "2023", "2024", "2025")


@pytest.fixture(scope="module")
def grown(session_runner):
    """The sample association, with one analysis run per year 2022-2025 (as `netnp snapshots --every year`)."""
    runner = session_runner
    database.reset(runner)
    schema.apply_schema(runner)
    load_sample(runner, "association")
    for year in YEARS:
        run_analysis(runner, "all", Scope(since=f"{year}-01-01", until=f"{year}-12-31"), focus=FOCUS_ID, label=year)
    yield runner
    database.reset(runner)


def test_scratch(grown):
    document = report_document(grown, focus=FOCUS_ID)
    with open("/tmp/rg/doc.json", "w") as fh:
        json.dump({k: document[k] for k in ("growth",)}, fh, indent=1, default=str)
    with open("/tmp/rg/series.json", "w") as fh:
        json.dump(series(grown), fh, indent=1, default=str)


def test_scratch_render(grown):
    document = report_document(grown, focus=FOCUS_ID)
    for lang in ("en", "fr"):
        open(f"/tmp/rg/r-{lang}.html", "w").write(render(document, lang, "html"))
        open(f"/tmp/rg/r-{lang}.md", "w").write(render(document, lang, "md"))
