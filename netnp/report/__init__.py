"""HTML, Markdown and JSON reports of the analysis results, in English and French.

See docs/report.md. :func:`report_document` reads what a report shows from an
analysed graph; :func:`render_report` renders a results document into a file.
"""

from netnp.report.data import report_document
from netnp.report.render import render, render_report

__all__ = ["render", "render_report", "report_document"]
