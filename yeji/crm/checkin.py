"""Visit check-in: how far a visit's location was from the customer, whether
that is at the customer, and the purge of locations kept too long.

Locations are WGS-84 degrees, as browsers and phones give them.  The
distance is the great-circle (haversine) distance on a sphere of the
WGS-84 mean radius: within a few metres of the ellipsoid's at the
distances that matter here (hundreds of metres).
"""

import datetime as dt
import logging
import math
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from yeji.crm.keeping_models import KeepingSettings
from yeji.crm.models import Visit
from yeji.crm.rules import keeping_settings

logger = logging.getLogger(__name__)

# The mean radius of the WGS-84 ellipsoid, (2a + b) / 3, in metres.
EARTH_RADIUS_M = 6_371_008.8


def distance_m(
    lat1: Decimal | float,
    lon1: Decimal | float,
    lat2: Decimal | float,
    lon2: Decimal | float,
) -> Decimal:
    """The haversine distance in metres between two WGS-84 points, to a
    tenth of a metre."""
    phi1, phi2 = math.radians(float(lat1)), math.radians(float(lat2))
    d_phi = phi2 - phi1
    d_lambda = math.radians(float(lon2) - float(lon1))
    h = (
        math.sin(d_phi / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    )
    metres = 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))
    return Decimal(str(round(metres, 1)))


def at_customer(visit: Visit, rules: KeepingSettings | None = None) -> bool | None:
    """Whether the visit checked in at the customer: within the company's
    distance of its address.  None when it cannot be told (no location of
    the visit or of the customer)."""
    if visit.distance_m is None:
        return None
    rules = rules or keeping_settings()
    return visit.distance_m <= rules.check_in_distance_m


def locations_purge(*, now: dt.datetime | None = None, dry_run: bool = False) -> int:
    """Forget the location of every visit checked in longer ago than the
    company's ``location_retention_days``; the distance stays, so the visit
    still shows whether it was made at the customer.  Returns how many
    visits lost (or would lose) their location.  One write."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=keeping_settings().location_retention_days)
    old = Visit.objects.filter(latitude__isnull=False, visited_at__lt=cutoff)
    if dry_run:
        return old.count()
    with transaction.atomic():
        count = old.update(
            latitude=None, longitude=None, location_accuracy=None, location_source=""
        )
    logger.info("Visit locations purged", extra={"count": count})
    return count
