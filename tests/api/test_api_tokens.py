"""API tokens: made on the user's own page, shown once, stored hashed, revoked, expiring; a
token acts with its user's role and zones; sessions work with DRF's CSRF check."""

import datetime
import hashlib

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import ApiToken
from api.tokens import create_token

from ..conftest import PASSWORD


def test_the_token_page_shows_the_secret_once_and_keeps_only_its_hash(staff, client_for):
    client = client_for(staff)
    response = client.post("/accounts/tokens/", {"name": "市平台对接", "expires_on": ""})
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret.startswith("dz_") and secret in response.content.decode()
    token = ApiToken.objects.get(user=staff)
    assert token.name == "市平台对接" and token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in "".join(str(v) for v in ApiToken.objects.values_list()[0])
    assert secret not in client.get("/accounts/tokens/").content.decode()


def test_the_user_menu_links_the_token_page(staff, client_for):
    assert 'href="/accounts/tokens/"' in client_for(staff).get("/accounts/password/").content.decode()


def test_an_expiry_in_the_past_is_refused(staff, client_for):
    response = client_for(staff).post("/accounts/tokens/", {"name": "x", "expires_on": "2020-01-01"})
    assert response.context["form"].errors["expires_on"]
    assert not ApiToken.objects.exists()


def _client(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def test_a_token_authenticates_and_records_its_last_use(zone, staff):
    token, key = create_token(staff, "t")
    assert _client(key).get("/api/v1/zones/").json()[0]["code"] == "HX"
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize("header", ["", "Bearer", "Bearer dz_nope_nope", "Bearer 😀", "Bearer a b", "Basic eA=="])
def test_missing_or_bad_tokens_answer_401(zone, header):
    client = APIClient()
    if header:
        client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get("/api/v1/zones/")
    assert response.status_code == 401
    assert set(response.json()) >= {"code", "message", "field"}


def test_revoked_and_expired_tokens_and_inactive_users_are_refused(zone, staff, client_for):
    token, key = create_token(staff, "t")
    client_for(staff).post(f"/accounts/tokens/{token.pk}/revoke/")
    assert _client(key).get("/api/v1/zones/").status_code == 401
    token, key = create_token(staff, "t2", expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert _client(key).get("/api/v1/zones/").status_code == 401
    token, key = create_token(staff, "t3")
    staff.is_active = False
    staff.save()
    assert _client(key).get("/api/v1/zones/").status_code == 401


def test_a_user_cannot_revoke_another_users_token(staff, reviewer, client_for):
    token, key = create_token(staff, "t")
    assert client_for(reviewer).post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_token_acts_with_its_users_zones_only(zone, other_zone, outsider):
    token, key = create_token(outsider, "t")
    assert [z["code"] for z in _client(key).get("/api/v1/zones/").json()] == ["LH"]
    assert _client(key).get("/api/v1/zones/HX/months/2024/10/").status_code == 404


def test_session_auth_needs_the_csrf_token_for_writes(zone, staff):
    client = Client(enforce_csrf_checks=True)
    assert client.login(username="staff", password=PASSWORD)
    assert client.get("/api/v1/zones/").status_code == 200
    url = "/api/v1/zones/HX/months/2024/10/values/"
    body = '{"values": [{"indicator": "gdp", "value": "1"}]}'
    refused = client.put(url, body, content_type="application/json")
    assert refused.status_code == 403
    client.get("/accounts/tokens/")
    csrf = client.cookies["csrftoken"].value
    assert client.put(url, body, content_type="application/json", HTTP_X_CSRFTOKEN=csrf).status_code == 200


def test_anonymous_requests_get_json_401_not_the_login_page(zone):
    response = Client().get("/api/v1/zones/HX/months/2024/10/values/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json()["code"] == "not_authenticated"


def test_the_token_page_in_english(staff, client_for):
    client = client_for(staff)
    client.cookies["django_language"] = "en"
    page = client.get("/accounts/tokens/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "API tokens" in page and "Create token" in page and "接口令牌" not in page
