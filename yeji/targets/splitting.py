"""Splitting a target into parts that add up exactly.

Money splits in fen and counts in whole units by the largest remainder
method: each part first gets the whole units its share holds, rounded down,
and the units left over go one each to the parts with the largest
remainders (the earlier part first on a tie).  So ¥100.00 in three equal
parts is 33.34, 33.33 and 33.33: never a fen lost or made up.
"""

from decimal import ROUND_FLOOR, Decimal

from django.utils.translation import gettext as _

FEN = Decimal("0.01")
UNIT = Decimal(1)


class SplitError(ValueError):
    """A split that cannot be made; the message says why, for people."""


def split_largest_remainder(
    total: Decimal, weights: list[Decimal], *, step: Decimal = FEN
) -> list[Decimal]:
    """``total`` split in proportion to ``weights``, in multiples of
    ``step`` (a fen for money, one for counts), the parts adding up to
    ``total`` exactly.

    ``total`` must itself be a multiple of ``step``; weights are not
    negative and not all zero.
    """
    if not weights:
        raise SplitError(_("There is nothing to split the target among."))
    if any(w < 0 for w in weights):
        raise SplitError(_("A share cannot be negative."))
    weight_sum = sum(weights, Decimal(0))
    if weight_sum == 0:
        raise SplitError(_("Every share is zero, so there is nothing to split by."))
    return apportion(total, [total * w / weight_sum for w in weights], step=step)


def apportion(total: Decimal, exact: list[Decimal], *, step: Decimal) -> list[Decimal]:
    """Round exact shares of ``total`` (adding up to it) to multiples of
    ``step`` that still add up to it, by the largest remainder."""
    units = total / step
    if units != units.to_integral_value():
        raise SplitError(
            _("%(total)s cannot be split in whole units of %(step)s.")
            % {"total": total, "step": step}
        )
    units = int(units)
    scaled = [e / step for e in exact]
    floors = [int(e.to_integral_value(rounding=ROUND_FLOOR)) for e in scaled]
    left = units - sum(floors)
    # The largest remainders first; on a tie the part listed first.
    order = sorted(range(len(exact)), key=lambda i: (-(scaled[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [(step * n).quantize(step) for n in floors]


def split_running(
    wholes: list[Decimal], exact: list[list[Decimal]], *, step: Decimal
) -> list[list[Decimal]] | None:
    """Split several wholes (a team's months) among the same parts (its
    members), so that each whole's parts add up to it *and* each part's
    sum over the wholes is its exact total rounded once: the running
    totals are apportioned, and each whole's parts are the differences.

    ``exact[w][p]`` is part p's exact share of whole w.  Returns
    ``parts[w][p]``, or None in the rare case where a difference would be
    negative (the caller then rounds each whole on its own).
    """
    parts: list[list[Decimal]] = []
    running_total = Decimal(0)
    running_exact = [Decimal(0)] * len(exact[0])
    previous = [Decimal(0)] * len(exact[0])
    for whole, shares in zip(wholes, exact, strict=True):
        running_total += whole
        running_exact = [r + s for r, s in zip(running_exact, shares, strict=True)]
        rounded = apportion(running_total, running_exact, step=step)
        step_parts = [r - p for r, p in zip(rounded, previous, strict=True)]
        if any(p < 0 for p in step_parts):
            return None
        parts.append(step_parts)
        previous = rounded
    return parts


def split_equal(total: Decimal, parts: int, *, step: Decimal = FEN) -> list[Decimal]:
    """``total`` in ``parts`` equal shares, as equal as ``step`` allows."""
    return split_largest_remainder(total, [Decimal(1)] * parts, step=step)
