"""Rendering the analysis results as one self-contained report: HTML, Markdown or JSON.

It renders a results document and reads nothing from the graph:
:mod:`netnp.report.data` reads the document a report shows.

The HTML file holds everything it needs (styles, the network view's script,
its data, the charts as inline SVG) and makes no network request: a Content
Security Policy in the page forbids any, and only the page's own script,
identified by its SHA-256 hash, may run. Every value from the graph is
escaped (Jinja2 autoescaping for HTML, a Markdown escape for Markdown), so
that a name such as ``<img src=x onerror=alert(1)>`` shows as text.

The templates are package data, in ``netnp/report/templates/``; their
texts are English, translated through gettext catalogs (:mod:`netnp.report.i18n`).
"""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import json
import os
import re
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from netnp.errors import NetnpError
from netnp.model import ROLE_LABELS
from netnp.report.i18n import Formatter, check_language, translations
from netnp.report.view import BACKBONE_NODES, ordered_roles, report_view

#: The report's templates and the assets they inline, shipped inside the package.
TEMPLATES = resources.files("netnp.report") / "templates"
FORMATS = ("html", "md", "json")
REQUIRED_KEYS = ("run", "summary", "nodes", "communities", "weak_ties", "recommendations")


_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")


def md_escape(value: Any) -> str:
    """Text safe to place in Markdown: no markup, no raw HTML, on one line.

    ``<``, ``>`` and ``&`` become HTML entities (which Markdown shows as the
    characters), Markdown's special characters are backslash-escaped.
    """
    if value is None:
        return ""
    if isinstance(value, Markup):
        return str(value)
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"\s+", " ", text)
    return _MD_SPECIAL.sub(r"\\\1", text)


def _environment(lang: str, fmt: str) -> Environment:
    fmt_numbers = Formatter(lang)
    if fmt == "md":
        env = Environment(loader=PackageLoader("netnp.report", "templates"), autoescape=False, finalize=md_escape,
                          extensions=["jinja2.ext.i18n"], undefined=StrictUndefined,
                          trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    else:
        env = Environment(loader=PackageLoader("netnp.report", "templates"), autoescape=True,
                          extensions=["jinja2.ext.i18n"], undefined=StrictUndefined,
                          trim_blocks=True, lstrip_blocks=True)
    env.install_gettext_translations(translations(lang), newstyle=True)
    env.filters["num"] = fmt_numbers.number
    env.filters["pct"] = fmt_numbers.percent
    env.filters["dt"] = fmt_numbers.datetime
    env.filters["roles"] = ordered_roles
    env.globals["tr"] = translations(lang).gettext
    env.globals["ROLE_LABELS"] = ROLE_LABELS
    return env


def _asset(name: str) -> str:
    return (TEMPLATES / name).read_text(encoding="utf-8")


def check_document(document: Any) -> dict[str, Any]:
    """Refuse a document that is not an analysis results document, in one line."""
    if not isinstance(document, dict):
        raise NetnpError("the report needs an analysis results document (a JSON object); see docs/analysis-results.md")
    missing = [key for key in REQUIRED_KEYS if key not in document]
    if missing:
        raise NetnpError(f"the analysis results document lacks {', '.join(missing)}; run `netnp analyze all` first")
    grown = document.get("growth")
    if grown is not None and not (isinstance(grown, dict) and isinstance(grown.get("runs"), list)
                                  and isinstance(grown.get("steps"), list) and len(grown["runs"]) >= 2
                                  and all(isinstance(grown.get(k), dict) for k in ("overall", "last"))):
        raise NetnpError("the results document's growth part is not one netnp wrote (runs, steps, overall, last); "
                         "see docs/report.md#growth")
    return document


def render(document: dict[str, Any], lang: str = "en", fmt: str = "html", *,
           ties: list[dict[str, Any]] | None = None, provenance: list[dict[str, Any]] | None = None,
           generated_at: _dt.datetime | None = None, limit: int = BACKBONE_NODES) -> str:
    """The report's text.

    Parameters
    ----------
    document : dict
        The analysis results document (docs/analysis-results.md).
    lang : {"en", "fr"}
        Language of the texts, numbers and dates.
    fmt : {"html", "md", "json"}
        Output format; ``json`` is the document itself.
    ties : list of dict, optional
        Ties among the top nodes (source, target, weight), for the network
        view; without them the view shows the nodes only. A ``ties`` key in
        the document serves when this is not given.
    provenance : list of dict, optional
        Imports that wrote the data (source, import_id, imported_at,
        entities, ties); a ``provenance`` key in the document serves too.
    generated_at : datetime, optional
        When the report was made; now by default.
    limit : int
        The most nodes the network view draws (its backbone).
    """
    check_language(lang)
    if fmt not in FORMATS:
        raise NetnpError(f"unknown report format '{fmt}'; choose one of {', '.join(FORMATS)}")
    check_document(document)
    if fmt == "json":
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if ties is None:
        ties = document.get("ties")
    if provenance is None:
        provenance = document.get("provenance")
    view = report_view(document, ties, limit=limit, with_network=fmt == "html")
    context = {
        "doc": document, "view": view, "lang": lang, "provenance": provenance or [],
        "generated_at": (generated_at or _dt.datetime.now(_dt.UTC)).isoformat(timespec="seconds"),
    }
    env = _environment(lang, fmt)
    if fmt == "md":
        return env.get_template("report.md.j2").render(context)
    script = _asset("network.js")
    if "</script" in script.lower():
        raise NetnpError("netnp/report/templates/network.js must not contain '</script'")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    context.update(script=Markup(script), css=Markup(_asset("report.css")), script_hash=f"sha256-{digest}")
    return env.get_template("report.html.j2").render(context)


def check_target(path: str | Path) -> Path:
    """The report's path, once checked that a file can go there; raises
    :class:`NetnpError` otherwise, so that callers can check before long work."""
    target = Path(path)
    if not target.parent.is_dir():
        raise NetnpError(f"cannot write {target}: folder {target.parent} does not exist")
    if target.is_dir():
        raise NetnpError(f"cannot write {target}: it is a folder; give a file name, e.g. {target / 'report.html'}")
    return target


def render_report(document: dict[str, Any], path: str | os.PathLike[str], lang: str = "en", fmt: str = "html", *,
                  limit: int = BACKBONE_NODES, generated_at: _dt.datetime | None = None) -> Path:
    """Render the report of a results document into ``path``; return the path written.

    Parameters
    ----------
    document : dict
        The analysis results document (docs/analysis-results.md), with the
        optional ``ties`` and ``provenance`` of :func:`render`;
        :func:`netnp.report.data.report_document` reads it from an analysed graph.
    path : path-like
        The file to write; it is replaced at once when complete, so that a
        failure leaves no half-written report.
    lang : {"en", "fr"}
        Language of the report.
    fmt : {"html", "md", "json"}
        Output format.
    limit : int
        The most nodes the network view draws.
    generated_at : datetime, optional
        When the report was made; now by default.

    Examples
    --------
    >>> document = report_document(runner, focus="org:asso")  # doctest: +SKIP
    >>> render_report(document, "rapport.html", lang="fr")  # doctest: +SKIP
    """
    text = render(document, lang, fmt, generated_at=generated_at, limit=limit)
    target = check_target(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".netnp-report-", dir=target.parent)
    except OSError as exc:
        raise NetnpError(f"cannot write {target}: {exc.strerror}") from None
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise NetnpError(f"cannot write {target}: {exc.strerror or exc}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target.resolve()
