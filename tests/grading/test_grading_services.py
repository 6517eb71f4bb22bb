"""The evaluation's writes: scoring runs on stored inputs, land from parcels, 公示, objections
with evidence, corrections rerunning the scoring, 定稿 locking, rights."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.services import history_for
from grading import services
from grading.models import EnterpriseYear, GradeResult, Grading, Objection, Scheme
from projects.models import EnterpriseFigure
from zones.access import RightsRefused

from .conftest import YEAR

TOMORROW = datetime.date.today() + datetime.timedelta(days=1)


def grades(grading):
    return {r.enterprise.name: r.grade for r in grading.results.select_related("enterprise")}


def test_scoring_reads_the_inputs_and_the_land_the_firms_hold(zone, firms, scheme, staff):
    grading = services.run_grading(zone, YEAR, user=staff, channel="form")
    assert grades(grading) == {"企业1": "A", "企业2": "B", "企业3": "B", "企业4": "C", "企业5": "D"}
    first = grading.results.get(enterprise=firms[0])
    assert first.land_mu == Decimal("10.00") and first.total == Decimal("100.0000") and first.rank == 1
    assert first.breakdown == {"value_tax_per_mu": 5.0, "score_tax_per_mu": 100.0}
    assert grading.runs == 1 and grading.status == Grading.Status.DRAFT
    # Each firm's new grade is in its enterprise record's history.
    assert [c.new_value for c in history_for(firms[4])] == ["D"]


def test_a_land_override_replaces_the_parcels_and_needs_its_reason(zone, firms, scheme, staff):
    with pytest.raises(ValidationError) as error:
        services.save_enterprise_year(firms[4], YEAR, {"land_mu_override": Decimal(2)}, user=staff, channel="form")
    assert "手工指定用地面积须说明原因" in str(error.value)
    services.save_enterprise_year(firms[4], YEAR, {"land_mu_override": Decimal(2), "land_override_reason": "部分宗地出租"},
                                  user=staff, channel="form")
    grading = services.run_grading(zone, YEAR, user=staff, channel="form")
    assert grading.results.get(enterprise=firms[4]).land_mu == Decimal(2)  # 10 万元 / 2 亩 = 5: now tied first
    assert grades(grading)["企业5"] == "A"


def test_inputs_saved_while_the_year_is_open_rescore_it(zone, firms, scheme, staff):
    services.run_grading(zone, YEAR, user=staff, channel="form")
    services.save_enterprise_year(firms[4], YEAR, {"tax": Decimal(45)}, user=staff, channel="form")
    grading = Grading.objects.get()
    assert grading.runs == 2 and grades(grading)["企业5"] == "B"


def test_monthly_figures_fill_what_the_inputs_lack(zone, firms, scheme, staff):
    EnterpriseYear.objects.filter(enterprise=firms[0]).update(tax=None)
    EnterpriseYear.objects.filter(enterprise=firms[1]).delete()
    for firm, month, tax in [(firms[0], 11, 70), (firms[0], 12, 80), (firms[1], 12, 33), (firms[2], 12, 999)]:
        EnterpriseFigure.objects.create(enterprise=firm, year=YEAR, month=month, tax_ytd=Decimal(tax), output_ytd=Decimal(500))
    assert services.fill_from_monthly_figures(zone, YEAR, user=staff, channel="form") == 3
    inputs = {row.enterprise.name: row for row in EnterpriseYear.objects.select_related("enterprise")}
    assert inputs["企业1"].tax == 80  # the latest month's 1-N月累计
    assert inputs["企业2"].tax == 33 and inputs["企业2"].is_above_scale  # created, 规上 from the enterprise
    assert inputs["企业3"].tax == 30 and inputs["企业3"].output == 500  # entered tax kept, output filled


def test_undetermined_firms_are_listed_with_their_reason(zone, firms, scheme, staff):
    services.save_enterprise_year(firms[0], YEAR, {"exemption": EnterpriseYear.Exemption.NEW}, user=staff, channel="form")
    services.save_enterprise_year(firms[1], YEAR, {"tax": None}, user=staff, channel="form")
    grading = services.run_grading(zone, YEAR, user=staff, channel="form")
    first, second = grading.results.get(enterprise=firms[0]), grading.results.get(enterprise=firms[1])
    assert (first.grade, first.reason, second.grade, second.reason) == ("U", "new", "U", "missing")
    assert grading.results.get(enterprise=firms[2]).group_size == 3


def test_no_scheme_no_scoring(zone, firms, staff):
    with pytest.raises(ValidationError, match="尚未制定2025年的评价办法"):
        services.run_grading(zone, YEAR, user=staff, channel="form")


def test_consecutive_years_in_d_count_the_final_years_before(zone, firms, scheme, staff, reviewer):
    earlier = Scheme.objects.create(zone=zone, year=YEAR - 1, name="上年办法", band_a=20, band_b=40, band_c=20)
    earlier.indicators.create(scale="above", code="tax_per_mu", weight=100, benchmark=5)
    for firm, tax in zip(firms, [50, 40, 30, 20, 10]):
        EnterpriseYear.objects.create(enterprise=firm, year=YEAR - 1, is_above_scale=True, tax=Decimal(tax))
    last_year = services.run_grading(zone, YEAR - 1, user=staff, channel="form")
    services.publish(last_year, TOMORROW, user=reviewer, channel="form")
    services.finalise(last_year, user=reviewer, channel="form")
    grading = services.run_grading(zone, YEAR, user=staff, channel="form")
    assert grading.results.get(enterprise=firms[4]).consecutive_d == 2
    assert grading.results.get(enterprise=firms[3]).consecutive_d == 0


def evidence(name="证明.pdf", size=100):
    return SimpleUploadedFile(name, b"%PDF" + b"x" * (size - 4), content_type="application/pdf")


def test_objection_correction_rerun_and_final_lock(zone, firms, scheme, staff, reviewer):
    grading = services.run_grading(zone, YEAR, user=staff, channel="form")
    services.publish(grading, TOMORROW, user=reviewer, channel="form")
    objection = services.record_objection(grading, firms[4], received_on=datetime.date.today(), claim="税收漏计一笔",
                                          evidence=evidence("../../etc/完税证明.pdf"), user=staff, channel="form")
    assert objection.evidence_name == "完税证明.pdf" and bytes(objection.evidence).startswith(b"%PDF")
    with pytest.raises(ValidationError, match="还有未处理的异议"):
        services.finalise(grading, user=reviewer, channel="form")
    services.save_enterprise_year(firms[4], YEAR, {"tax": Decimal(35)}, user=staff, channel="form")  # the correction
    # During 公示 the correction alone changes no grade: staff cannot rescore; the decision does.
    assert grades(Grading.objects.get(pk=grading.pk))["企业5"] == "D"
    with pytest.raises(ValidationError, match="已公示，只能通过处理异议重新评分"):
        services.run_grading(zone, YEAR, user=staff, channel="form")
    services.decide_objection(objection, Objection.Decision.UPHELD, "补录完税证明所列税款", user=staff, channel="form")
    grading.refresh_from_db()
    assert grades(grading)["企业5"] == "B" and grades(grading)["企业3"] == "C"
    services.finalise(grading, user=reviewer, channel="form")
    assert [c.new_value for c in history_for(grading) if c.field == "status"] == ["final", "published"]
    # Final: inputs, scoring and objections of the year are refused, whatever the channel.
    with pytest.raises(ValidationError, match="已定稿"):
        services.save_enterprise_year(firms[0], YEAR, {"tax": Decimal(1)}, user=staff, channel="form")
    with pytest.raises(ValidationError, match="已定稿"):
        services.run_grading(zone, YEAR, user=staff, channel="form")
    with pytest.raises(ValidationError, match="只有公示期间"):
        services.record_objection(grading, firms[0], received_on=datetime.date.today(), claim="x", user=staff, channel="form")
    assert EnterpriseYear.objects.get(enterprise=firms[0]).tax == 50


@pytest.mark.parametrize("name, size, message", [
    ("证明.exe", 100, "须为 PDF、图片"),
    ("证明.pdf", 6 * 1024 * 1024, "证明材料过大"),
])
def test_evidence_of_the_wrong_type_or_size_is_refused(zone, firms, scheme, staff, reviewer, name, size, message):
    grading = services.run_grading(zone, YEAR, user=staff, channel="form")
    services.publish(grading, TOMORROW, user=reviewer, channel="form")
    with pytest.raises(ValidationError, match=message):
        services.record_objection(grading, firms[0], received_on=datetime.date.today(), claim="异议",
                                  evidence=evidence(name, size), user=staff, channel="form")
    assert not Objection.objects.exists()


def test_rights(zone, firms, scheme, staff, reviewer, leader, outsider):
    for user in (outsider, leader):
        with pytest.raises(RightsRefused):
            services.run_grading(zone, YEAR, user=user, channel="form")
        with pytest.raises(RightsRefused):
            services.save_enterprise_year(firms[0], YEAR, {"tax": Decimal(1)}, user=user, channel="form")
    grading = services.run_grading(zone, YEAR, user=staff, channel="form")
    with pytest.raises(RightsRefused):
        services.publish(grading, TOMORROW, user=staff, channel="form")  # publishing is the reviewer's
    services.publish(grading, TOMORROW, user=reviewer, channel="form")
    with pytest.raises(RightsRefused):
        services.record_objection(grading, firms[0], received_on=datetime.date.today(), claim="x", user=outsider, channel="form")
    assert GradeResult.objects.count() == 5 and EnterpriseYear.objects.get(enterprise=firms[0]).tax == 50


def test_a_zone_without_inputs_scores_to_an_empty_list(zone, scheme, staff):
    grading = services.run_grading(zone, YEAR, user=staff, channel="form")
    assert grading.runs == 1 and not grading.results.exists()
    with pytest.raises(ValidationError, match="尚无评价结果"):
        services.publish(grading, TOMORROW, user=None, channel="form")
