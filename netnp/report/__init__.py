"""HTML, Markdown and JSON reports of the analysis results, in English and French.

See docs/report.md. The entry point is :func:`render_report`.
"""

from netnp.report.render import render, render_report

__all__ = ["render", "render_report"]
