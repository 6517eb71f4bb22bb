"""Exact query counts of a page, with the SQL shown when a count is not the one expected."""

from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext


def page_queries(client, url, params=None) -> list[str]:
    """The SQL of one GET of `url` computed afresh (the page cache emptied first: tests that write
    rows straight to the database bypass the services that raise the data version)."""
    caches["default"].clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return [query["sql"] for query in captured.captured_queries]


def assert_queries(expected: int, **measured: list[str]) -> None:
    """Each measurement (named by its data size, e.g. rows_3=…, rows_30=…) ran exactly `expected`
    queries: the same at every size, so the count does not grow with the rows."""
    for size, queries in measured.items():
        listing = "\n".join(f"{n}. {sql}" for n, sql in enumerate(queries, 1))
        assert len(queries) == expected, f"{size}: {len(queries)} queries, expected {expected}:\n{listing}"
