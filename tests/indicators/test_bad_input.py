"""Malformed input against the monthly entry form (and its live preview): every case is
answered with a clear message and changes no stored data.

Importers and narrative text get their own corpus once those features are on main.
"""

import pytest
from django.utils.html import escape

from audit.models import ChangeRecord
from indicators.models import AnnualTarget, MonthlyValue, ZoneMonth

from tests.fingerprint import fingerprint

YEAR, MONTH = 2024, 10
FUTURE_YEAR = 2100

# (case id, field or "__all__", posted data beyond the version). One bad field per case.
CORPUS = [
    # wrong types
    ("letters", "v_tax_revenue", {"v_tax_revenue": "abc"}),
    ("chinese numerals", "v_tax_revenue", {"v_tax_revenue": "二万六千"}),
    ("number with unit", "v_tax_revenue", {"v_tax_revenue": "26362万元"}),
    ("thousands comma", "v_fixed_asset_investment", {"v_fixed_asset_investment": "22,32"}),
    ("two decimal points", "v_fixed_asset_investment", {"v_fixed_asset_investment": "22.3.2"}),
    ("percent sign", "v_fixed_asset_investment", {"v_fixed_asset_investment": "40%"}),
    ("fraction", "v_fixed_asset_investment", {"v_fixed_asset_investment": "1/2"}),
    ("hex", "v_tax_revenue", {"v_tax_revenue": "0x1F"}),
    ("NaN", "v_tax_revenue", {"v_tax_revenue": "NaN"}),
    ("infinity", "v_tax_revenue", {"v_tax_revenue": "Infinity"}),
    ("negative infinity", "v_tax_revenue", {"v_tax_revenue": "-inf"}),
    ("boolean", "v_tax_revenue", {"v_tax_revenue": "true"}),
    ("null word", "v_tax_revenue", {"v_tax_revenue": "null"}),
    ("json list", "v_tax_revenue", {"v_tax_revenue": "[1, 2]"}),
    ("double minus", "v_tax_revenue", {"v_tax_revenue": "--5"}),
    ("trailing minus", "v_tax_revenue", {"v_tax_revenue": "5-"}),
    ("null byte", "v_tax_revenue", {"v_tax_revenue": "12\x00"}),
    ("emoji", "v_tax_revenue", {"v_tax_revenue": "💰"}),
    ("sql", "v_tax_revenue", {"v_tax_revenue": "1; DROP TABLE indicators_monthlyvalue"}),
    ("script tag as value", "v_tax_revenue", {"v_tax_revenue": "<script>alert(1)</script>"}),
    # formula text where a number belongs
    ("formula =", "v_tax_revenue", {"v_tax_revenue": "=SUM(A1:A9)"}),
    ("formula +", "v_tax_revenue", {"v_tax_revenue": "+1+1"}),
    ("formula @", "v_tax_revenue", {"v_tax_revenue": "@SUM(1)"}),
    ("dde", "v_tax_revenue", {"v_tax_revenue": "=cmd|' /C calc'!A0"}),
    # huge and over-precise numbers
    ("sixteen digits", "v_tax_revenue", {"v_tax_revenue": "1" + "0" * 16}),
    ("twenty-five nines", "v_tax_revenue", {"v_tax_revenue": "9" * 25}),
    ("exponent", "v_tax_revenue", {"v_tax_revenue": "1e30"}),
    ("ten thousand digits", "v_tax_revenue", {"v_tax_revenue": "1" * 10_000}),
    ("five decimals", "v_fixed_asset_investment", {"v_fixed_asset_investment": "22.123456"}),
    ("tiny exponent", "v_fixed_asset_investment", {"v_fixed_asset_investment": "1e-30"}),
    # negative figures and counts
    ("negative amount", "v_tax_revenue", {"v_tax_revenue": "-1"}),
    ("negative cents", "v_fixed_asset_investment", {"v_fixed_asset_investment": "-0.01"}),
    ("negative count", "v_enterprises_above_scale", {"v_enterprises_above_scale": "-3"}),
    ("negative part", "v_listed_companies", {"v_listed_companies": "-1"}),
    # figures that contradict stored ones
    ("ytd below last month", "v_tax_revenue", {"v_tax_revenue": "500"}),
    ("part above whole", "v_tax_national", {"v_tax_national": "999999"}),
    ("count part above whole", "v_listed_companies", {"v_listed_companies": "500"}),
    # published growth rates
    ("growth letters", "y_tax_revenue", {"y_tax_revenue": "high"}),
    ("growth huge", "y_tax_revenue", {"y_tax_revenue": "99999999"}),
    ("growth three decimals", "y_tax_revenue", {"y_tax_revenue": "12.345"}),
    ("growth percent sign", "y_tax_revenue", {"y_tax_revenue": "12%"}),
    ("growth formula", "y_tax_revenue", {"y_tax_revenue": "=1/0"}),
    # comments
    ("comment too long", "c_tax_revenue", {"c_tax_revenue": "长" * 501}),
    ("comment null byte", "c_tax_revenue", {"c_tax_revenue": "ok\x00"}),
    # the hidden version
    ("version letters", "version", {"version": "abc"}),
    ("version negative", "version", {"version": "-1"}),
    ("version missing", "version", {"version": ""}),
    ("version from the future", "__all__", {"version": "999"}),
]

# Months that cannot be entered: (case id, year, month) -> a month-level message.
BAD_MONTHS = [
    ("future month", FUTURE_YEAR, 1),
    ("next year", FUTURE_YEAR, 12),
]


@pytest.fixture
def stored(zone, enter, set_target):
    """A month with figures around it, so contradictions have something to contradict."""
    # Last year's September too: a month's own figure is known only after the month before it.
    enter(zone, YEAR - 1, MONTH - 1, {"tax_revenue": 0, "fixed_asset_investment": 0})
    enter(zone, YEAR - 1, MONTH, {"tax_revenue": 20000, "fixed_asset_investment": 18})
    enter(zone, YEAR, MONTH - 1, {"tax_revenue": 1000, "fixed_asset_investment": 20, "enterprises_above_scale": 100})
    enter(zone, YEAR, MONTH, {"tax_revenue": 26362, "tax_national": 10000, "fixed_asset_investment": 22.32,
                              "enterprises_above_scale": 120, "listed_companies": 3})
    set_target(zone, YEAR, "tax_revenue", 3, unit="亿元")
    return zone


def _state():
    return fingerprint(MonthlyValue, ZoneMonth, ChangeRecord, AnnualTarget)


def _post(client, zone, data, year=YEAR, month=MONTH, path=""):
    """Post the month's form as the page shows it, with `data` typed over it."""
    url = f"/entry/{zone.code}/{year}/{month}/"
    page = client.get(url)
    shown = {}
    if page.status_code == 200:
        form = page.context["form"]
        shown = {name: "" if form[name].value() is None else form[name].value() for name in form.fields}
    # Warnings confirmed, so that only the bad input itself can stop the save.
    return client.post(url + path, {**shown, "confirm_warnings": "on", **data})


def _cases(rows):
    return [
        pytest.param(*row[1:], id=row[0])
        for row in rows
    ]


def test_corpus_has_at_least_fifty_inputs():
    assert len(CORPUS) + len(BAD_MONTHS) >= 50


@pytest.mark.parametrize("field, data", _cases(CORPUS))
def test_bad_input_is_refused_with_a_message_and_changes_nothing(stored, staff, client_for, field, data):
    client = client_for(staff)
    before = _state()
    response = _post(client, stored, data)
    assert response.status_code == 200, "a bad input must come back to the form, not redirect as saved"
    form = response.context["form"]
    errors = form.errors.get(field)
    assert errors, f"no message at {field}: {form.errors}"
    assert all(str(e).strip() for e in errors)
    # The message is on the page, next to the form the user is filling in.
    assert escape(str(errors[0])) in response.content.decode()
    assert _state() == before


@pytest.mark.parametrize("field, data", [c[1:] for c in CORPUS if c[1] != "version"],
                         ids=[c[0] for c in CORPUS if c[1] != "version"])
def test_live_preview_reports_bad_input_without_storing(stored, staff, client_for, field, data):
    before = _state()
    response = _post(client_for(staff), stored, data, path="preview/")
    assert response.status_code == 200
    payload = response.json()
    code = field[2:] if field != "__all__" else None
    messages = payload["errors"] + (payload["rows"][code]["errors"] if code else [])
    if field.startswith("c_"):
        return  # comments are not previewed; the save refuses them (above)
    if field == "__all__":
        return  # the version is checked when saving, not while typing
    assert messages, payload
    assert _state() == before


@pytest.mark.parametrize("year, month", [c[1:] for c in BAD_MONTHS], ids=[c[0] for c in BAD_MONTHS])
def test_future_months_are_refused(stored, staff, client_for, year, month):
    before = _state()
    response = _post(client_for(staff), stored, {"v_tax_revenue": "1"}, year=year, month=month)
    assert response.status_code == 200
    assert "不能填报未来月份" in response.content.decode()
    assert _state() == before


@pytest.mark.parametrize("year, month", [(YEAR, 0), (YEAR, 13), (YEAR, 99), (0, 1), (1999, 1), (2101, 1), (99999, 1)])
def test_impossible_periods_do_not_exist(stored, staff, client_for, year, month):
    before = _state()
    response = _post(client_for(staff), stored, {"v_tax_revenue": "1"}, year=year, month=month)
    assert response.status_code == 404
    assert _state() == before


def test_a_jump_needs_confirmation_and_is_not_saved_without_it(stored, staff, client_for):
    before = _state()
    response = _post(client_for(staff), stored, {"v_fixed_asset_investment": "2000", "confirm_warnings": ""})
    assert response.status_code == 200
    assert "相差超过3倍" in response.content.decode()
    assert _state() == before


def test_script_in_a_comment_is_stored_as_text_and_shown_escaped(stored, staff, client_for):
    script = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    client = client_for(staff)
    response = _post(client, stored, {"v_tax_revenue": "26362", "c_tax_revenue": script})
    assert response.status_code == 302
    value = MonthlyValue.objects.get(zone=stored, indicator__code="tax_revenue", year=YEAR, month=MONTH)
    assert value.comment == script
    page = client.get(f"/entry/{stored.code}/{YEAR}/{MONTH}/").content.decode()
    assert script not in page and "<img src=x" not in page
    assert escape(script) in page or "&lt;script&gt;" in page


def test_formula_text_in_a_comment_is_kept_verbatim(stored, staff, client_for):
    client = client_for(staff)
    response = _post(client, stored, {"v_tax_revenue": "26362", "c_tax_revenue": "=HYPERLINK(\"http://x\")"})
    assert response.status_code == 302
    value = MonthlyValue.objects.get(zone=stored, indicator__code="tax_revenue", year=YEAR, month=MONTH)
    assert value.comment == "=HYPERLINK(\"http://x\")"


# --- the same corpus through the API (api/views_months.py): 400 at the field, or 412 for a version

API_KEYS = {"v": "value", "y": "published_yoy", "c": "comment"}
API_VERSIONS = {"version letters": '"abc"', "version negative": '"-1"', "version from the future": '"999"'}


@pytest.mark.parametrize("field, data", [c[1:] for c in CORPUS if c[1] != "version" and c[1] != "__all__"],
                         ids=[c[0] for c in CORPUS if c[1] != "version" and c[1] != "__all__"])
def test_the_api_refuses_bad_input_at_the_field_and_changes_nothing(stored, staff, api_for, field, data):
    kind, code = field.split("_", 1)
    before = _state()
    response = api_for(staff).put(f"/api/v1/zones/{stored.code}/months/{YEAR}/{MONTH}/values/", {
        "values": [{"indicator": code, API_KEYS[kind]: data[field]}], "confirm_warnings": True}, format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["field"] == f"values[0].{API_KEYS[kind]}" and body["message"].strip()
    assert _state() == before


@pytest.mark.parametrize("if_match", API_VERSIONS.values(), ids=API_VERSIONS.keys())
def test_the_api_refuses_a_version_that_is_not_the_months(stored, staff, api_for, if_match):
    before = _state()
    response = api_for(staff).put(f"/api/v1/zones/{stored.code}/months/{YEAR}/{MONTH}/values/", {
        "values": [{"indicator": "tax_revenue", "value": "26400"}]}, format="json", HTTP_IF_MATCH=if_match)
    assert response.status_code == 412
    assert _state() == before


@pytest.mark.parametrize("year, month", [c[1:] for c in BAD_MONTHS], ids=[c[0] for c in BAD_MONTHS])
def test_the_api_refuses_future_months(stored, staff, api_for, year, month):
    response = api_for(staff).put(f"/api/v1/zones/{stored.code}/months/{year}/{month}/values/", {
        "values": [{"indicator": "tax_revenue", "value": "1"}]}, format="json")
    assert (response.status_code, response.json()["code"]) == (400, "future")
