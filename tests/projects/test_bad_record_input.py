"""Malformed input against the record forms (enterprise, project, parcel, relocation case,
industry): every case is answered on the form with a message and changes no stored record."""

import re

import pytest

from audit.models import ChangeRecord
from projects.models import Enterprise, Industry, Parcel, Project, RelocationCase

from tests.fingerprint import fingerprint

VALID_CODE = "91330100000000001C"  # a GB 32100 code with its check character

# (case id, create URL, fields typed over the form's valid data)
CORPUS = [
    ("enterprise without a name", "/enterprises/new/", {"name": ""}),
    ("enterprise name of blanks", "/enterprises/new/", {"name": "   "}),
    ("enterprise name too long", "/enterprises/new/", {"name": "企" * 201}),
    ("credit code too short", "/enterprises/new/", {"credit_code": "9133010000000000"}),
    ("credit code too long", "/enterprises/new/", {"credit_code": VALID_CODE + "1"}),
    ("credit code bad check character", "/enterprises/new/", {"credit_code": VALID_CODE[:-1] + "E"}),
    ("credit code with I", "/enterprises/new/", {"credit_code": "I1330100000000001C"}),
    ("credit code with O", "/enterprises/new/", {"credit_code": "91330100000000O01C"}),
    ("credit code in Chinese", "/enterprises/new/", {"credit_code": "统一社会信用代码统一社会信用代码统一"}),
    ("credit code with a script", "/enterprises/new/", {"credit_code": "<script>alert(1)</script>"}),
    ("enterprise status unknown", "/enterprises/new/", {"status": "bankrupt"}),
    ("enterprise zone of another user", "/enterprises/new/", {"zone": "OTHER"}),
    ("enterprise zone not a number", "/enterprises/new/", {"zone": "abc"}),
    ("enterprise park of another zone", "/enterprises/new/", {"park": "OTHER_PARK"}),
    ("enterprise phone too long", "/enterprises/new/", {"contact_phone": "1" * 200}),
    ("project without a name", "/projects/new/", {"name": ""}),
    ("project name too long", "/projects/new/", {"name": "项" * 201}),
    ("project stage unknown", "/projects/new/", {"stage": "dreaming"}),
    ("project level unknown", "/projects/new/", {"level": "galactic"}),
    ("project date impossible", "/projects/new/", {"conceived_on": "2025-13-01"}),
    ("project date as text", "/projects/new/", {"signed_on": "去年春天"}),
    ("project date of 31 February", "/projects/new/", {"signed_on": "2025-02-31"}),
    ("project started without a start date", "/projects/new/", {"stage": "started"}),
    ("project completed without dates", "/projects/new/", {"stage": "completed"}),
    ("project investment letters", "/projects/new/", {"total_investment": "很多"}),
    ("project investment negative", "/projects/new/", {"total_investment": "-5"}),
    ("project investment huge", "/projects/new/", {"total_investment": "9" * 30}),
    ("project investment five decimals", "/projects/new/", {"total_investment": "1.12345"}),
    ("project investment NaN", "/projects/new/", {"total_investment": "NaN"}),
    ("project signed amount formula", "/projects/new/", {"signed_amount": "=1+1"}),
    ("project enterprise of another zone", "/projects/new/", {"enterprise": "OTHER_ENTERPRISE"}),
    ("project leader too long", "/projects/new/", {"responsible_leader": "领" * 51}),
    ("parcel without a code", "/land/new/", {"code": ""}),
    ("parcel area missing", "/land/new/", {"area_mu": ""}),
    ("parcel area negative", "/land/new/", {"area_mu": "-1"}),
    ("parcel area letters", "/land/new/", {"area_mu": "三十亩"}),
    ("parcel area three decimals", "/land/new/", {"area_mu": "12.345"}),
    ("parcel area infinite", "/land/new/", {"area_mu": "Infinity"}),
    ("parcel use unknown", "/land/new/", {"use": "moon base"}),
    ("parcel supplied without a date", "/land/new/", {"status": "supplied"}),
    ("parcel started without supply", "/land/new/", {"status": "started"}),
    ("parcel idle while reserve", "/land/new/", {"idle_stage": "investigation"}),
    ("parcel price negative", "/land/new/", {"price": "-100"}),
    ("parcel holder of another zone", "/land/new/", {"holder": "OTHER_ENTERPRISE"}),
    ("relocation without a name", "/relocation/new/", {"name": ""}),
    ("relocation moved above total", "/relocation/new/", {"enterprises_total": "5", "enterprises_moved": "6"}),
    ("relocation negative total", "/relocation/new/", {"enterprises_total": "-1"}),
    ("relocation households letters", "/relocation/new/", {"households_total": "许多"}),
    ("relocation kind unknown", "/relocation/new/", {"kind": "teleport"}),
    ("industry without a name", "/industries/new/", {"name": ""}),
    ("industry order letters", "/industries/new/", {"order": "first"}),
    ("industry order huge", "/industries/new/", {"order": "9" * 30}),
]

VALID = {
    "/enterprises/new/": {"name": "华光电子", "credit_code": VALID_CODE, "status": "producing"},
    "/projects/new/": {"name": "光伏组件项目", "stage": "conceived", "conceived_on": "2025-03-01", "investment_before_records": "0"},
    "/land/new/": {"code": "XB-99", "area_mu": "30", "use": "industrial", "status": "reserve"},
    "/relocation/new/": {"name": "良种场", "kind": "relocation", "enterprises_total": "5", "enterprises_moved": "3",
                         "households_total": "0", "households_moved": "0"},
    "/industries/new/": {"name": "新能源", "order": "1"},
}


def test_corpus_size():
    assert len(CORPUS) >= 50


@pytest.fixture
def others(other_zone):
    """Records of a zone the staff user may not edit, for the cross-zone cases."""
    park = other_zone.parks.create(name="北园")
    enterprise = Enterprise.objects.create(zone=other_zone, name="临海船舶")
    return {"OTHER": str(other_zone.pk), "OTHER_PARK": str(park.pk), "OTHER_ENTERPRISE": str(enterprise.pk)}


def _state():
    return fingerprint(Enterprise, Project, Parcel, RelocationCase, Industry, ChangeRecord)


def _post(client, zone, url, typed, others):
    # The version the form carries (a new record's form says there is none yet).
    version = re.search(r'name="version" value="(-?\d+)"', client.get(url).content.decode()).group(1)
    data = {"zone": str(zone.pk), "version": version, **VALID[url]}
    data.update({field: others.get(value, value) for field, value in typed.items()})
    return client.post(url, data)


@pytest.mark.parametrize("url", sorted(VALID))
def test_the_valid_data_saves(zone, staff, client_for, others, url):
    response = _post(client_for(staff), zone, url, {}, others)
    assert response.status_code == 302, response.context["form"].errors if response.context else response


@pytest.mark.parametrize("url, typed", [pytest.param(*case[1:], id=case[0]) for case in CORPUS])
def test_bad_record_input_is_refused_on_the_form_and_changes_nothing(zone, staff, client_for, others, url, typed):
    before = _state()
    response = _post(client_for(staff), zone, url, typed, others)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors, "no message for the bad input"
    assert all(message.strip() for messages in form.errors.values() for message in messages)
    assert _state() == before
