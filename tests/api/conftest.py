import pytest


@pytest.fixture
def month_url():
    def url(zone, year, month, tail=""):
        return f"/api/v1/zones/{zone.code}/months/{year}/{month}/{tail}"

    return url
