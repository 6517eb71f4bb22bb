"""The catalogue, zones, targets, the .docx downloads, and what every endpoint shares: JSON
errors, throttling per token, the schema and the docs served from our own static files."""

import io
import zipfile

import pytest
from django.core.cache import cache
from django.test import Client

from audit.models import ChangeRecord
from indicators.models import AnnualTarget

URL = "/api/v1/zones/HX/targets/2024/"


def test_catalogue_and_units(zone, leader, api_for, indicators):
    client = api_for(leader)
    shown = {i["code"]: i for i in client.get("/api/v1/catalogue/indicators/").json()}
    assert set(shown) == {code for code, i in indicators.items() if i.active}
    part = next(i for i in indicators.values() if i.parent_id and i.active)
    assert shown[part.code]["part_of"] == part.parent.code
    assert client.get("/api/v1/catalogue/categories/").json()[0]["code"]
    units = {u["unit"]: u for u in client.get("/api/v1/catalogue/units/").json()}
    assert "万元" in units["亿元"]["same_family"]


def test_zones_are_those_the_user_sees(zone, other_zone, leader, city_leader, api_for):
    assert [z["code"] for z in api_for(leader).get("/api/v1/zones/").json()] == ["HX"]
    assert [z["code"] for z in api_for(city_leader).get("/api/v1/zones/").json()] == ["HX", "LH"]
    assert [p["name"] for p in api_for(leader).get("/api/v1/zones/").json()[0]["parks"]] == ["南园", "西园"]


def test_targets_read_and_write_with_versions(zone, staff, leader, api_for):
    client = api_for(staff)
    saved = client.put(URL, {"targets": [{"indicator": "fixed_asset_investment", "value": "550000", "unit": "万元",
                                          "version": -1}]}, format="json")
    assert saved.status_code == 200, saved.json()
    target = saved.json()["targets"][0]
    assert (target["target"], target["unit"], target["version"]) == ("55", "亿元", 0)
    assert AnnualTarget.objects.get().target_value == 55
    changed = client.put(URL, {"targets": [{"indicator": "fixed_asset_investment", "value": "60", "version": 0}]}, format="json")
    assert changed.json()["result"]["changed"] == 1
    assert ChangeRecord.objects.filter(channel="api", field="target_value").count() == 2
    stale = client.put(URL, {"targets": [{"indicator": "fixed_asset_investment", "value": "70", "version": 0}]}, format="json")
    assert stale.status_code == 412 and stale.json()["field"] == "targets[0].version"
    assert stale.json()["current"]["targets"][0]["target"] == "60"
    bad = client.put(URL, {"targets": [{"indicator": "fixed_asset_investment", "value": "0"}]}, format="json")
    assert (bad.status_code, bad.json()["field"]) == (400, "targets[0].value")
    unit = client.put(URL, {"targets": [{"indicator": "fixed_asset_investment", "value": "1", "unit": "亩"}]}, format="json")
    assert (unit.status_code, unit.json()["field"]) == (400, "targets[0].unit")
    unknown = client.put(URL, {"targets": [{"indicator": "gdp", "value": "1"}, {"indicator": "nope", "value": "1"}]},
                         format="json")
    assert (unknown.status_code, unknown.json()["code"], unknown.json()["field"]) == (400, "unknown_indicator",
                                                                                       "targets[1].indicator")
    assert api_for(leader).put(URL, {"targets": [{"indicator": "gdp", "value": "1"}]}, format="json").status_code == 403
    assert api_for(leader).get(URL).json()["targets"][0]["target"] == "60"


def test_targets_of_another_zone_are_not_found(zone, outsider, api_for):
    assert api_for(outsider).get(URL).status_code == 404
    assert api_for(outsider).put(URL, {"targets": [{"indicator": "gdp", "value": "1"}]}, format="json").status_code == 404


def _is_docx(content: bytes) -> bool:
    return "word/document.xml" in zipfile.ZipFile(io.BytesIO(content)).namelist()


def test_the_year_end_draft_and_the_briefing_download_as_docx(investment_to_october, leader, outsider, api_for):
    client = api_for(leader)
    draft = client.get("/api/v1/zones/HX/reports/2025/annual/?as_of=10")
    assert draft.status_code == 200 and _is_docx(draft.content)
    assert "attachment" in draft["Content-Disposition"]
    briefing = client.get("/api/v1/zones/HX/reports/2025/10/briefing/")
    assert briefing.status_code == 200 and _is_docx(briefing.content)
    assert client.get("/api/v1/zones/HX/reports/2025/annual/?as_of=13").status_code == 400
    refused = api_for(outsider).get("/api/v1/zones/HX/reports/2025/annual/",
                                    HTTP_ACCEPT="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    assert refused.status_code == 404 and refused["Content-Type"] == "application/json"


def test_each_document_s_checklist_downloads_beside_it(investment_to_october, leader, outsider, api_for):
    from urllib.parse import unquote

    from tests.reports.support import docx_text

    client = api_for(leader)
    for document, checklist in (("annual/?as_of=10", "annual/checklist/?as_of=10"), ("10/briefing/", "10/briefing/checklist/")):
        sent = client.get(f"/api/v1/zones/HX/reports/2025/{document}")
        notes = client.get(f"/api/v1/zones/HX/reports/2025/{checklist}")
        assert notes.status_code == 200 and unquote(notes["Content-Disposition"]).endswith("审核依据清单.docx")
        assert "不随文报送" in docx_text(notes.content) and "不随文报送" not in docx_text(sent.content)
    assert client.get("/api/v1/zones/HX/reports/2025/annual/checklist/?as_of=0").status_code == 400
    assert api_for(outsider).get("/api/v1/zones/HX/reports/2025/10/briefing/checklist/").status_code == 404
    schema = client.get("/api/v1/schema/").content.decode()
    assert "/reports/{year}/annual/checklist/" in schema and "/briefing/checklist/" in schema


def test_the_drafts_rank_in_the_zones_group_whoever_asks(zone, other_zone, enter, leader, city_leader, api_for, today):
    from reports.models import ReportStyle
    from tests.reports.support import docx_text
    from zones.models import PeerGroup

    today("2025-11-20")
    for each, this_year in ((zone, "21"), (other_zone, "23")):
        enter(each, 2024, 10, {"fixed_asset_investment": "20"})
        enter(each, 2025, 10, {"fixed_asset_investment": this_year})
    group = PeerGroup.objects.create(name="全市开发区")
    group.members.set([zone, other_zone])
    ReportStyle.objects.create(zone=zone, rank_group=group)
    texts = [docx_text(api_for(user).get("/api/v1/zones/HX/reports/2025/annual/?as_of=10").content) for user in (leader, city_leader)]
    assert texts[0] == texts[1] and "同比增长5.0%，增速居全市第2位" in texts[0]


def test_throttled_per_user_across_their_tokens_with_retry_after(zone, staff, reviewer, api_for, settings):
    settings.API_THROTTLE_RATE = "3/min"
    first, second = api_for(staff, "one"), api_for(staff, "two")
    assert [first.get("/api/v1/zones/").status_code for _ in range(2)] == [200] * 2
    assert second.get("/api/v1/zones/").status_code == 200
    throttled = first.get("/api/v1/zones/")
    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) > 0
    assert throttled.json()["code"] == "throttled"
    # Another token of the same user buys no more requests; another user has their own budget.
    assert second.get("/api/v1/zones/").status_code == 429
    assert api_for(reviewer).get("/api/v1/zones/").status_code == 200
    cache.clear()
    assert first.get("/api/v1/zones/").status_code == 200


def test_unknown_methods_and_media_types_answer_json(zone, staff, api_for):
    client = api_for(staff)
    deleted = client.delete("/api/v1/zones/")
    assert deleted.status_code == 405 and deleted.json()["code"] == "method_not_allowed"
    form = client.put("/api/v1/zones/HX/months/2024/10/values/", "values=1", content_type="application/x-www-form-urlencoded")
    assert form.status_code == 415
    assert client.get("/api/v1/zones/", HTTP_ACCEPT="text/csv").status_code == 406


def test_the_schema_and_the_docs_are_served_from_our_static_files(zone, staff, client_for):
    client = client_for(staff)
    schema = client.get("/api/v1/schema/?format=json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/zones/{zone}/months/{year}/{month}/values/" in paths
    put = paths["/api/v1/zones/{zone}/months/{year}/{month}/values/"]["put"]
    assert {"400", "403", "404", "409", "412", "423", "429"} <= set(put["responses"])
    for page in ("/api/v1/docs/", "/api/v1/redoc/"):
        html = client.get(page).content.decode()
        assert "/static/drf_spectacular_sidecar/" in html
        assert "https://" not in html and "http://" not in html.replace("http://testserver", "")
    swagger_script = client.get("/api/v1/docs/?script=")
    assert swagger_script.status_code == 200
    csp = client.get("/api/v1/docs/")["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "worker-src 'self' blob:" in csp


def test_the_schema_needs_a_login(zone):
    assert Client().get("/api/v1/schema/").status_code == 401


@pytest.mark.parametrize("path", ["/api/v1/nope/", "/api/v1/zones/hx/months/2024/10/", "/api/v1/zones/HX/months/1999/10/",
                                  "/api/v1/zones/HX/months/2024/13/", "/api/v1/enterprises/99999999999999999999999/",
                                  "/api/v1/zones/HX%00/targets/2024/", "/api/v1/zones/HX/months/2024/10"])
def test_any_other_address_under_the_api_is_a_json_404(zone, staff, api_for, path):
    response = api_for(staff).get(path)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_zone_code_in_a_body_is_checked_before_any_query(zone, staff, api_for):
    response = api_for(staff).post("/api/v1/parcels/", {"zone": "HX\x00", "code": "P", "area_mu": "1"}, format="json")
    assert response.status_code == 400 and response.json()["field"] == "zone"
