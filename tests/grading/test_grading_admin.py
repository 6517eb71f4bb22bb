"""Schemes in the admin: edited with history, locked once an evaluation that used them is final;
the example schemes; the English UI."""

import datetime

from django.urls import reverse
from django.utils import translation

from audit.services import history_for
from grading import services
from grading.examples import EXAMPLES, install_example
from grading.models import Scheme

from .conftest import YEAR


def management(prefix, total=0):
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(total), f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000"}


def test_an_administrator_edits_a_scheme_with_history_until_it_is_final(zone, firms, scheme, administrator, staff, reviewer,
                                                                         client_for):
    client = client_for(administrator)
    url = reverse("admin:grading_scheme_change", args=[scheme.pk])
    indicator = scheme.indicators.get()
    data = {"zone": zone.pk, "year": YEAR, "name": "修订后的办法", "method": "percentile", "band_a": "20", "band_b": "40",
            "band_c": "20", "min_land_mu": "0", "emission_names": "", "note": "",
            **management("indicators", 1), "indicators-0-id": indicator.pk, "indicators-0-scheme": scheme.pk,
            "indicators-0-scale": "above", "indicators-0-code": "tax_per_mu", "indicators-0-weight": "100",
            "indicators-0-benchmark": "5", "indicators-0-cap_multiple": "3", "indicators-0-order": "0"}
    bad = client.post(url, {**data, "band_c": "50"})
    assert "A、B、C类比例之和不能超过100%" in bad.content.decode()
    assert client.post(url, data).status_code == 302
    assert [(c.field, c.new_value, c.channel) for c in history_for(Scheme.objects.get())] == [("name", "修订后的办法", "admin")]
    grading = services.run_grading(zone, YEAR, user=staff, channel="form")
    services.publish(grading, datetime.date.today(), user=reviewer, channel="form")
    services.finalise(grading, user=reviewer, channel="form")
    client.post(url, {**data, "name": "定稿后修改"})
    assert Scheme.objects.get().name == "修订后的办法"


def test_the_example_schemes_are_marked_and_grade(zone, firms, staff):
    weighted = install_example(zone, YEAR, "weighted")
    assert weighted.is_example and weighted.name.startswith("示例") and weighted.indicators.filter(scale="above").count() == 6
    assert sum(w for scale, _code, w, _b, _c in EXAMPLES["weighted"]["indicators"] if scale == "above") == 100
    assert install_example(zone, YEAR, "percentile") == weighted  # the year's scheme is kept
    grading = services.run_grading(zone, YEAR, user=staff, channel="form")
    # The fixture's firms lack most of the six inputs: 不定等级, missing inputs.
    assert set(grading.results.values_list("reason", flat=True)) == {"missing"}
    other = install_example(zone, YEAR + 1, "percentile")
    assert other.method == "percentile" and (other.band_a, other.band_b, other.band_c) == (25, 45, 25)


def test_the_pages_in_english(zone, firms, scheme, staff, client_for):
    services.run_grading(zone, YEAR, user=staff, channel="form")
    client = client_for(staff)
    with translation.override("en"):
        client.cookies["django_language"] = "en"
        html = client.get(reverse("grading:overview", args=[zone.code, YEAR]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Grade A" in html and "Total score" in html
