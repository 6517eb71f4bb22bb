"""Two example schemes, to be edited: each is marked 示例 and says so on its page.

Modelled on the kind of rules county governments publish for 亩均效益综合评价 (Zhejiang's
county 规上 weighted-indicator schemes, and the percentile banding A 25% / B 45% / C 25% / D 5%
found in Zhejiang, Shandong and Anhui rules). The weights, benchmarks and caps below are
illustrative values, not any county's text: each zone enters its own from its published rules.
"""

from django.db import transaction

from .models import Scheme, SchemeIndicator

ABOVE, BELOW = SchemeIndicator.Scale.ABOVE, SchemeIndicator.Scale.BELOW

EXAMPLES = {
    "weighted": {
        "name": "示例：规上企业六项指标加权评价（按分数线分档）",
        "method": Scheme.Method.THRESHOLD, "score_a": 100, "score_b": 70, "score_c": 45,
        "min_land_mu": 3, "emission_names": "COD,NOx",
        "note": "示例办法，请按本地印发的评价办法修改指标、权重、基准值与分数线。"
                "规上企业按六项指标加权计分；规下企业按亩均税收单项计分。用地3亩以下、投产不满一年的企业不定等级。",
        "indicators": [
            (ABOVE, "tax_per_mu", 40, 20, 2), (ABOVE, "value_added_per_mu", 20, 80, 2),
            (ABOVE, "value_added_per_energy", 10, 2, 2), (ABOVE, "value_added_per_emission", 10, 400, 2),
            (ABOVE, "labour_productivity", 10, 25, 2), (ABOVE, "rd_intensity", 10, 3, 2),
            (BELOW, "tax_per_mu", 100, 8, 2),
        ],
    },
    "percentile": {
        "name": "示例：亩均税收、亩均营业收入按比例分档",
        "method": Scheme.Method.PERCENTILE, "band_a": 25, "band_b": 45, "band_c": 25, "min_land_mu": 3,
        "note": "示例办法，请按本地印发的评价办法修改。规上、规下企业分别排序，A类前25%，B类其后45%，C类其后25%，其余5%为D类。",
        "indicators": [
            (ABOVE, "tax_per_mu", 60, 20, 3), (ABOVE, "revenue_per_mu", 40, 400, 3),
            (BELOW, "tax_per_mu", 70, 8, 3), (BELOW, "tax_per_kwh", 30, 0.5, 3),
        ],
    },
}


@transaction.atomic
def install_example(zone, year: int, kind: str) -> Scheme:
    """The example scheme `kind` for the zone's year (kept as it is if the year has a scheme)."""
    existing = Scheme.objects.filter(zone=zone, year=year).first()
    if existing is not None:
        return existing
    spec = {key: value for key, value in EXAMPLES[kind].items() if key != "indicators"}
    scheme = Scheme.objects.create(zone=zone, year=year, is_example=True, **spec)
    SchemeIndicator.objects.bulk_create([
        SchemeIndicator(scheme=scheme, scale=scale, code=code, weight=weight, benchmark=benchmark, cap_multiple=cap, order=order)
        for order, (scale, code, weight, benchmark, cap) in enumerate(EXAMPLES[kind]["indicators"])
    ])
    return scheme
