"""API clients that authenticate with a token of the role fixtures' users."""

import pytest
from rest_framework.test import APIClient

from api.tokens import create_token


@pytest.fixture
def api_for(db):
    """api_for(user): an APIClient sending a fresh token of `user`; `.token` is the ApiToken."""

    def make(user, name="test"):
        token, key = create_token(user, name)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
        client.token, client.key = token, key
        return client

    return make


@pytest.fixture
def month_url():
    def url(zone, year, month, tail=""):
        return f"/api/v1/zones/{zone.code}/months/{year}/{month}/{tail}"

    return url
