"""The deadlines every fiscal year's ITA calendar starts with; the coordinator edits them per year.

E-Plan NACC: the organisation's own announcement of measures (shared/seed/takbai-ita-measures-2564.txt,
indicator 10 item 4) sets "รอบ ๖ เดือน ภายในเดือน เมษายน และรอบ ๑๒ เดือนภายใน เดือนตุลาคม": the 6-month round
(October–March) is reported within April of the same fiscal year, and the 12-month round (October–September)
within the October right after the fiscal year ends — that is, in the first month of the NEXT fiscal year
(FY2564's 12-month report is due 31 October 2021, which falls in FY2565), so it belongs to the year it reports on.

OIT: the national ITA system took OIT answers 1 March – 30 April in FY2564 and FY2565 (ita/README.md,
"How OIT is submitted", documented); later years are assumed the same until the coordinator edits them.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from core.fiscal import fiscal_year_period

from .models import DeadlineKind


@dataclass(frozen=True)
class DefaultDeadline:
    kind: str
    title: str
    description: str
    starts_on: datetime.date
    due_on: datetime.date


def default_deadlines(year_be: int) -> list[DefaultDeadline]:
    last_year_ce = fiscal_year_period(year_be).end.year  # the calendar year the fiscal year ends in
    return [
        DefaultDeadline(
            kind=DeadlineKind.OIT_SUBMISSION,
            title=str(_("Submit the OIT answers in the national ITA system, FY%(year)d") % {"year": year_be}),
            description=str(_("For each OIT item answer yes or no and give the address where it is published.")),
            starts_on=datetime.date(last_year_ce, 3, 1),
            due_on=datetime.date(last_year_ce, 4, 30),
        ),
        DefaultDeadline(
            kind=DeadlineKind.EPLAN_6_MONTHS,
            title=str(_("E-Plan NACC: 6-month report (October–March), FY%(year)d") % {"year": year_be}),
            description=str(_("Report the progress of the anti-corruption action plan in e-PlanNACC within April.")),
            starts_on=datetime.date(last_year_ce, 4, 1),
            due_on=datetime.date(last_year_ce, 4, 30),
        ),
        DefaultDeadline(
            kind=DeadlineKind.EPLAN_12_MONTHS,
            title=str(_("E-Plan NACC: 12-month report (October–September), FY%(year)d") % {"year": year_be}),
            description=str(_("Report the results of the whole year in e-PlanNACC within October.")),
            starts_on=datetime.date(last_year_ce, 10, 1),
            due_on=datetime.date(last_year_ce, 10, 31),
        ),
    ]
