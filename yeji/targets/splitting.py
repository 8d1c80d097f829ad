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
    units = total / step
    if units != units.to_integral_value():
        raise SplitError(
            _("%(total)s cannot be split in whole units of %(step)s.")
            % {"total": total, "step": step}
        )
    units = int(units)

    exact = [units * w / weight_sum for w in weights]
    floors = [int(e.to_integral_value(rounding=ROUND_FLOOR)) for e in exact]
    left = units - sum(floors)
    # The largest remainders first; on a tie the part listed first.
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [(step * n).quantize(step) for n in floors]


def split_equal(total: Decimal, parts: int, *, step: Decimal = FEN) -> list[Decimal]:
    """``total`` in ``parts`` equal shares, as equal as ``step`` allows."""
    return split_largest_remainder(total, [Decimal(1)] * parts, step=step)
