"""A zone with five industrial firms on parcels, their inputs for 2025 and a 规上 scheme."""

import datetime
from decimal import Decimal

import pytest

from grading.models import EnterpriseYear, Scheme, SchemeIndicator
from projects.models import Enterprise, Parcel
from projects.validators import credit_code_check_character

YEAR = 2025


def credit_code(number: int) -> str:
    first17 = f"91330100{number:09d}"
    return first17 + credit_code_check_character(first17)


@pytest.fixture
def firms(zone):
    """Five 规上 firms, each holding one parcel of 10 亩; tax 50, 40, 30, 20, 10 万元."""
    made = []
    for i, tax in enumerate([50, 40, 30, 20, 10]):
        firm = Enterprise.objects.create(zone=zone, name=f"企业{i + 1}", credit_code=credit_code(i + 1), is_above_scale=True)
        Parcel.objects.create(zone=zone, code=f"P{i + 1}", area_mu=Decimal(10), holder=firm, status=Parcel.Status.SUPPLIED,
                              supplied_on=datetime.date(2020, 1, 1))
        EnterpriseYear.objects.create(enterprise=firm, year=YEAR, is_above_scale=True, tax=Decimal(tax), revenue=Decimal(1000),
                                      rd=Decimal(20))
        made.append(firm)
    return made


@pytest.fixture
def scheme(zone):
    """Percentile bands 20/40/20 (five firms: 1 A, 2 B, 1 C, 1 D); 亩均税收 weight 100, benchmark 5."""
    scheme = Scheme.objects.create(zone=zone, year=YEAR, name="测试办法", method=Scheme.Method.PERCENTILE,
                                   band_a=20, band_b=40, band_c=20)
    SchemeIndicator.objects.create(scheme=scheme, scale="above", code="tax_per_mu", weight=100, benchmark=5, cap_multiple=3)
    return scheme
