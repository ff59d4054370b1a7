"""Seeds files: the URLs to start from, and which organisation owns each site.

A seeds file is a CSV file with a header line and the columns ``url`` and
``organization_id`` (the id of an Organization; it may be left empty)::

    url,organization_id
    https://www.example.org/,org:asso
    https://blog.example.net/,org:partner
    https://news.example.com/,

Blank lines and lines starting with ``#`` are ignored.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from netnp.errors import InputError

REQUIRED = ("url",)
COLUMNS = ("url", "organization_id")


@dataclass(frozen=True)
class Seed:
    """One seeds-file line: the URL as written, and its owner (or None)."""

    url: str
    organization_id: str | None
    line: int


def read_seeds(path: Path) -> list[Seed]:
    """The seeds of a CSV seeds file.

    Raises
    ------
    InputError
        When the file cannot be read or lacks the ``url`` column. Invalid URLs
        are not refused here: the crawler reports them and goes on.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"{path}: cannot read the seeds file: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: the seeds file is not UTF-8 text") from None
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1)
             if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        raise InputError(f"{path}: the seeds file is empty; it needs a header line 'url,organization_id'")
    reader = csv.reader([line for _, line in lines])
    header = [h.strip().lower() for h in next(reader)]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputError(f"{path}:{lines[0][0]}: the header needs a 'url' column "
                         f"(columns: {', '.join(COLUMNS)}); it has {', '.join(header) or 'none'}")
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        raise InputError(f"{path}:{lines[0][0]}: unknown column(s) {', '.join(unknown)}; "
                         f"a seeds file has the columns {', '.join(COLUMNS)}")
    url_at = header.index("url")
    org_at = header.index("organization_id") if "organization_id" in header else None
    seeds = []
    for (lineno, _), row in zip(lines[1:], reader, strict=False):
        if len(row) > len(header):
            raise InputError(f"{path}:{lineno}: {len(row)} fields for {len(header)} columns "
                             "(quote a URL that contains a comma)")
        url = row[url_at].strip() if url_at < len(row) else ""
        org = (row[org_at].strip() if org_at is not None and org_at < len(row) else "") or None
        if not url:
            raise InputError(f"{path}:{lineno}: field 'url' is empty")
        seeds.append(Seed(url, org, lineno))
    return seeds
