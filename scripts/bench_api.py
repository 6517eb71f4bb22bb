"""The API's lines of `make bench` (scripts/bench.py): a full month written through the API and
the computed figures read through it, beside the same through the entry form."""

from rest_framework.test import APIClient

from api.tokens import create_token
from zones.models import User


def bench_api(zone, year, month, full_month, time_requests, record):
    """`full_month()` gives the entry form's data of a full month, every figure changed."""
    _token, key = create_token(User.objects.get(username="bench_staff"), "bench")
    client = APIClient(HTTP_HOST="127.0.0.1")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    base = f"/api/v1/zones/{zone.code}/months/{year}/{month}/"

    def body():
        data = full_month()
        values = [{"indicator": name[2:], "value": value} for name, value in data.items() if name.startswith("v_")]
        return {"values": values, "confirm_warnings": True}

    samples, queries = time_requests(client, "put", base + "values/", body)
    record(f"API: write full month PUT ({len(body()['values'])} figures)", "zone", samples, queries=queries)
    samples, queries = time_requests(client, "get", base + "figures/")
    record("API: computed figures GET", "zone", samples, queries=queries)
