"""Markdown tables of two `make bench` runs, city and province, with how each figure grows.

    python scripts/bench_table.py [bench-results-city.json] [bench-results-province.json]

Prints, per page, the median and p95 at each size, the queries, and the province figures over
the city's (a zone's page reads a zone of the same size in both sets: what grows there comes from
the other zones, or from a busier machine, which the request floor's growth shows).
"""

import json
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def rows(path: Path) -> dict:
    data = json.loads(path.read_text())
    return data, {(r["name"], r["size"]): r for r in data["results"]}


def ms(value) -> str:
    return "" if value is None else f"{value:,.1f}"


def main(city_path: Path, province_path: Path):
    city, city_rows = rows(city_path)
    province, province_rows = rows(province_path)
    print("| page | size | city median | city p95 | province median | province p95 | queries (city / province) | growth of the median | growth of p95 |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for key, c in city_rows.items():
        p = province_rows.get(key, {})
        if "p95_ms" not in c:
            continue
        growth = [f"{p[k] / c[k]:.1f}×" if k in p else "" for k in ("median_ms", "p95_ms")]
        queries = f"{c.get('queries', '')} / {p.get('queries', '')}" if "queries" in c else ""
        print(f"| {key[0]} | {key[1]} | {ms(c['median_ms'])} | {ms(c['p95_ms'])} | {ms(p.get('median_ms'))} | {ms(p.get('p95_ms'))} "
              f"| {queries} | {growth[0]} | {growth[1]} |")
    print()
    print("| import (100,000 values) | city s | city rows/s | province s | province rows/s |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for key, c in city_rows.items():
        if "rows_per_s" in c:
            p = province_rows.get(key, {})
            print(f"| {key[0]} ({key[1]}) | {c['seconds']} | {c['rows_per_s']:,.0f} | {p.get('seconds', '')} | {p.get('rows_per_s', 0):,.0f} |")
    print()
    print("| ratio | city | province |")
    print("| --- | ---: | ---: |")
    for name, value in city["ratios"].items():
        print(f"| {name} | {value}× | {province['ratios'].get(name, '')}× |")


if __name__ == "__main__":
    args = [Path(a) for a in sys.argv[1:]] or [BASE_DIR / "bench-results-city.json", BASE_DIR / "bench-results-province.json"]
    main(*args)
