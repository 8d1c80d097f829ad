"""Time what ``yeji worker`` does every five minutes for the home pages:
keep the company's scorecards of the running month and quarter and of the
trend's months (``yeji.web.homes.home_scorecards_keep``), first with
nothing kept, then again with nothing changed.

    DATABASE_URL=postgres://… .venv/bin/python bench/keep_homes.py [--as-of D]
"""

import argparse
import datetime as dt
import os
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=None)
    parser.add_argument(
        "--forget", action="store_true", help="delete the kept scorecards first"
    )
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yeji.settings")
    import django

    django.setup()
    from django.utils import timezone

    from yeji.performance.models import ScorecardSnapshot
    from yeji.web.homes import home_scorecards_keep

    as_of = args.as_of or timezone.localdate()
    if args.forget:
        ScorecardSnapshot.objects.all().delete()
    for run in ("first", "again"):
        started = time.perf_counter()
        computed = home_scorecards_keep(as_of)
        seconds = time.perf_counter() - started
        print(f"{run}: {computed} scorecards computed in {seconds:.2f} s")


if __name__ == "__main__":
    main()
