"""What one client may send and hold: bodies past the upload limit (413), JSON nested beyond
reason or not JSON (400), at most ten active tokens a user, and a throttle that does not fail the
API while the shared cache is away."""

import json

import pytest
from django.core.cache import caches
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from api import throttling
from api.models import ApiToken
from api.tokens import MAX_ACTIVE_TOKENS, create_token
from projects.models import Enterprise


def _post(client, body: bytes, **extra):
    return client.generic("POST", "/api/v1/enterprises/", body, content_type="application/json", **extra)


def test_a_body_past_the_upload_limit_answers_413(zone, staff, api_for, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    client = api_for(staff)
    big = json.dumps({"zone": "HX", "name": "甲" * 2000}).encode()
    response = _post(client, big)
    assert response.status_code == 413 and response.json()["code"] == "too_large"
    # The same without a declared length (a chunked body): read up to the limit, then refused.
    response = _post(client, big, CONTENT_LENGTH="")
    assert response.status_code in (400, 413)
    assert not Enterprise.objects.exists()


@pytest.mark.parametrize("body", [
    b"[" * 50_000 + b"]" * 50_000,
    b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
    json.dumps({"zone": "HX", "name": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["x"]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}).encode(),
    b'{"zone": "HX", "name": ',
    b"\xff\xfe not utf-8",
    b'{"zone": "HX", "name": "x", "capital": NaN}',
], ids=["deep array", "deep object", "nested past the limit", "truncated", "not utf-8", "NaN"])
def test_json_nested_beyond_reason_or_broken_answers_400(zone, staff, api_for, body):
    response = _post(api_for(staff), body)
    assert response.status_code == 400, response.content[:200]
    assert response.json()["code"] == "parse_error"
    assert not Enterprise.objects.exists()


def test_at_most_ten_active_tokens_a_user(staff, client_for):
    for n in range(MAX_ACTIVE_TOKENS):
        create_token(staff, f"system {n}")
    page = client_for(staff).post(reverse("api_tokens"), {"name": "one more"})
    assert page.status_code == 200 and "每个用户最多可有10个有效令牌" in page.content.decode()
    assert ApiToken.objects.filter(user=staff).count() == MAX_ACTIVE_TOKENS
    # A revoked token frees its place.
    token = ApiToken.objects.filter(user=staff).first()
    assert client_for(staff).post(reverse("api_token_revoke", args=[token.pk])).status_code == 302
    assert client_for(staff).post(reverse("api_tokens"), {"name": "one more"}).status_code == 200
    assert ApiToken.objects.filter(user=staff, revoked_at__isnull=True).count() == MAX_ACTIVE_TOKENS


def test_a_token_name_passes_the_text_rule(staff, client_for):
    page = client_for(staff).post(reverse("api_tokens"), {"name": "对接\x01平台"})
    assert "U+0001" in page.content.decode() and not ApiToken.objects.exists()


class _AwayCache:
    """The shared cache as it is while Redis does not answer."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

        return fail


def test_with_the_shared_cache_away_the_throttle_counts_in_the_process(zone, staff, api_for, settings, monkeypatch):
    settings.API_THROTTLE_RATE = "3/min"
    client = api_for(staff)
    monkeypatch.setattr(throttling.UserRateThrottle, "cache", _AwayCache())
    assert [client.get("/api/v1/zones/").status_code for _ in range(3)] == [200] * 3
    assert client.get("/api/v1/zones/").status_code == 429  # still limited, by this process's count
    caches["process"].clear()
