"""Languages of the report: message catalogs, and numbers and dates per locale.

The report's templates are written in English; each other language has a
gettext catalog, ``locale/<lang>/LC_MESSAGES/messages.po``, read directly at
run time (no compile step that an editable install could skip). Numbers,
percentages and dates are formatted with Babel's CLDR data for the language
(``0.139`` is ``0,139`` in French, ``12.5%`` is ``12,5 %``).

References
----------
Babel documentation, "Number Formatting" and "Date and Time":
https://babel.pocoo.org/en/latest/
"""

from __future__ import annotations

import datetime as _dt
import gettext
import io
import math
from functools import cache
from pathlib import Path

from babel import Locale, dates, numbers
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from netnp.errors import NetnpError

LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("en", "fr")


def check_language(lang: str) -> str:
    """Return ``lang`` if the report speaks it; raise a one-line error otherwise."""
    if lang not in LANGUAGES:
        raise NetnpError(f"unknown report language '{lang}'; choose one of {', '.join(LANGUAGES)}")
    return lang


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The gettext translations of ``lang``, read from its ``.po`` catalog."""
    check_language(lang)
    po = LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
    if not po.exists():
        return gettext.NullTranslations()
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer)


class Formatter:
    """Numbers, percentages and dates written the way readers of ``lang`` expect."""

    def __init__(self, lang: str):
        self.lang = check_language(lang)
        self.locale = Locale.parse(lang)

    def number(self, value: float | int | None, digits: int = 3) -> str:
        """A number with at most ``digits`` decimals; an en dash when missing."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "–"
        if isinstance(value, bool):
            value = int(value)
        if isinstance(value, int) or digits == 0:
            return numbers.format_decimal(round(value), format="#,##0", locale=self.locale)
        return numbers.format_decimal(value, format="#,##0." + "#" * digits, locale=self.locale)

    def percent(self, value: float | None, digits: int = 1) -> str:
        """A share between 0 and 1 as a percentage (``0.125`` is ``12.5%``)."""
        if value is None:
            return "–"
        # The locale's own pattern ("12.5%", "12,5 %"), with at most ``digits`` decimals.
        return numbers.format_percent(round(float(value), digits + 2), locale=self.locale, decimal_quantization=False)

    def datetime(self, value: str | _dt.datetime | None) -> str:
        """An ISO time (or datetime) as a long, readable date and time in UTC."""
        if value is None or value == "":
            return "–"
        if isinstance(value, str):
            try:
                value = _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                return value
        if value.tzinfo is None:
            value = value.replace(tzinfo=_dt.UTC)
        return dates.format_datetime(value, format="long", tzinfo=_dt.UTC, locale=self.locale)
