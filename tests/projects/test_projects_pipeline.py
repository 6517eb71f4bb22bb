"""Projects by current stage with their total investment (the dashboard's pipeline chart)."""

import datetime
from decimal import Decimal as D

from projects.models import Project
from projects.statistics import pipeline_by_stage


def test_pipeline_counts_and_sums_total_investment_in_yi_yuan(zone, other_zone):
    day = datetime.date(2025, 3, 1)
    Project.objects.bulk_create(
        [
            Project(zone=zone, name="A", stage="conceived", conceived_on=day, total_investment=D("50000")),
            Project(zone=zone, name="B", stage="conceived", conceived_on=day),
            Project(zone=zone, name="C", stage="signed", signed_on=day, total_investment=D("120000")),
            Project(zone=zone, name="D", stage="started", started_on=day, total_investment=D("30000")),
            Project(zone=other_zone, name="E", stage="started", started_on=day, total_investment=D("99999")),
        ]
    )
    stages = {s.stage: s for s in pipeline_by_stage(zone)}
    assert [s.stage for s in pipeline_by_stage(zone)] == [c for c, _label in Project.Stage.choices]
    assert (stages["conceived"].count, stages["conceived"].total_investment) == (2, D("5"))
    assert (stages["signed"].count, stages["signed"].total_investment) == (1, D("12"))
    assert (stages["started"].count, stages["started"].total_investment) == (1, D("3"))
    assert (stages["producing"].count, stages["producing"].total_investment) == (0, D("0"))
    assert stages["negotiating"].label == "洽谈"
