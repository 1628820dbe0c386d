"""One way to show a number: every page, message, export and audit line formats scores here.

The core rounds a score to one decimal (``checks.engine``); showing it with that one decimal
everywhere means 96.5 is 96.5 in the flash message, on the page, in the xlsx and in the HTML review,
never 96 in one place and 97 in another.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def score_text(score: float | None) -> str:
    """A score for display: one decimal, half up ("96.5", "65.0"); "—" when unknown."""
    if score is None:
        return "—"
    return str(Decimal(str(score)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def score_value(score: float | None) -> float | None:
    """The same rounding as a number (for spreadsheet cells that should stay numeric)."""
    return None if score is None else float(score_text(score))


def percent_text(ratio: float | None) -> str:
    """A ratio 0–1 as a whole percentage, half up ("12%")."""
    if ratio is None:
        return "—"
    value = Decimal(str(ratio)) * 100
    return f"{value.quantize(Decimal('1'), rounding=ROUND_HALF_UP)}%"
