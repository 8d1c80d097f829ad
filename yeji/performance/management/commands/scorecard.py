"""``yeji scorecard``: the scorecards of a period, or why one rep's is what
it is."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from yeji.performance.explain import (
    EmployeeNotOnScorecard,
    UnknownMetric,
    scorecard_explain,
)
from yeji.performance.periods import PeriodError, period_parse
from yeji.performance.render import explanation_text, scorecard_csv, scorecard_table
from yeji.performance.scorecard import (
    TeamNotFound,
    scorecard_as_json,
    scorecard_compute,
)
from yeji.performance.scoring import TemplateNotFound


class Command(BaseCommand):
    help = (
        "Print the scorecard of every rep for a period (a year 2026, a quarter "
        "2026-Q3, a month 2026-07, or --from/--to), or with --explain the records "
        "and scores behind one rep's figures."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", help="2026, 2026-Q3 or 2026-07")
        parser.add_argument(
            "--from", dest="start", metavar="DATE", help="first day of a custom range"
        )
        parser.add_argument(
            "--to", dest="end", metavar="DATE", help="last day of a custom range"
        )
        parser.add_argument(
            "--as-of",
            metavar="DATE",
            help="count up to this date (default: today in the company's time zone)",
        )
        parser.add_argument(
            "--team", metavar="CODE", help="only this team and the teams below it"
        )
        parser.add_argument(
            "--template",
            metavar="NAME",
            help="scorecard template (default: the default one)",
        )
        parser.add_argument(
            "--format", choices=["table", "json", "csv"], default="table"
        )
        parser.add_argument(
            "--explain", metavar="EMPLOYEE_NO", help="explain this rep's figures"
        )
        parser.add_argument(
            "--metric", metavar="NAME", help="with --explain: only this metric"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["metric"] and not options["explain"]:
            raise CommandError(_("--metric goes with --explain EMPLOYEE_NO."))
        try:
            period = period_parse(
                options["period"],
                start=options["start"],
                end=options["end"],
                as_of=options["as_of"],
            )
            if options["explain"]:
                explanation = scorecard_explain(
                    period=period,
                    employee_no=options["explain"],
                    template=options["template"],
                    metric=options["metric"],
                )
                self.stdout.write(explanation_text(explanation), ending="")
                return
            card = scorecard_compute(
                period=period, template=options["template"], team_code=options["team"]
            )
        except (
            PeriodError,
            TemplateNotFound,
            TeamNotFound,
            EmployeeNotOnScorecard,
            UnknownMetric,
        ) as error:
            raise CommandError(str(error)) from error

        if options["format"] == "json":
            text = (
                json.dumps(scorecard_as_json(card), ensure_ascii=False, indent=2) + "\n"
            )
        elif options["format"] == "csv":
            text = scorecard_csv(card)
        else:
            text = scorecard_table(card)
        self.stdout.write(text, ending="")
