"""Installs the default indicator catalogue: the figures the seed year-end reports quote."""

from django.db import migrations

CATEGORIES = [
    # code, Chinese, English, order
    ("economy", "经济运行", "Economic performance", 10),
    ("promotion", "招商引资", "Investment promotion", 20),
    ("projects", "项目建设", "Project construction", 30),
    ("land", "土地管理", "Land management", 40),
    ("safety", "安全生产", "Work safety", 50),
]

# code, Chinese, English, unit, kind, category, parent, decimals, headline
INDICATORS = [
    ("gdp", "地区生产总值", "Gross regional product", "亿元", "flow", "economy", None, 2, False),
    ("industrial_output", "规上工业总产值", "Industrial output above designated size", "亿元", "flow", "economy", None, 2, True),
    ("industrial_value_added", "规上工业增加值", "Industrial value added above designated size", "亿元", "flow", "economy", None, 2, False),
    ("total_output", "各业总产值", "Total output, all sectors", "亿元", "flow", "economy", None, 2, True),
    ("total_output_new_energy", "其中新能源产业产值", "of which: new-energy industry output", "亿元", "flow", "economy", "total_output", 2, False),
    ("fixed_asset_investment", "固定资产投资", "Fixed-asset investment", "亿元", "flow", "economy", None, 2, True),
    ("tax_revenue", "税收收入", "Tax revenue", "万元", "flow", "economy", None, 0, True),
    ("tax_national", "其中国税", "of which: national tax", "万元", "flow", "economy", "tax_revenue", 0, False),
    ("tax_local", "其中地税", "of which: local tax", "万元", "flow", "economy", "tax_revenue", 0, False),
    ("tax_new_energy", "其中新能源企业税收", "of which: tax from new-energy enterprises", "万元", "flow", "economy", "tax_revenue", 0, False),
    ("general_budget_revenue", "一般公共预算收入", "General public budget revenue", "亿元", "flow", "economy", None, 2, False),
    ("import_export", "进出口总额", "Imports and exports", "亿元", "flow", "economy", None, 2, False),
    ("retail_sales", "社会消费品零售总额", "Retail sales of consumer goods", "亿元", "flow", "economy", None, 2, False),
    ("enterprises_above_scale", "规上工业企业", "Industrial enterprises above designated size", "家", "stock", "economy", None, 0, False),
    ("listed_companies", "其中上市公司", "of which: listed companies", "家", "stock", "economy", "enterprises_above_scale", 0, False),
    ("foreign_investment", "实际利用外资", "Foreign direct investment actually used", "万美元", "flow", "promotion", None, 2, True),
    ("signed_projects", "签约项目", "Projects signed", "个", "flow", "promotion", None, 0, False),
    ("signed_amount", "签约资金", "Amount signed", "亿元", "flow", "promotion", None, 2, False),
    ("new_projects_started", "新开工项目", "New projects started", "个", "flow", "projects", None, 0, False),
    ("key_project_investment", "重点项目完成投资", "Investment completed in key projects", "亿元", "flow", "projects", None, 2, False),
    ("infrastructure_investment", "基础设施投资", "Infrastructure investment", "万元", "flow", "projects", None, 0, True),
    ("land_supplied_area", "供应土地面积", "Land supplied", "亩", "flow", "land", None, 2, False),
    ("safety_hazards_found", "排查安全隐患", "Safety hazards found", "条", "flow", "safety", None, 0, False),
    ("safety_hazards_rectified", "其中已整改", "of which: rectified", "条", "flow", "safety", "safety_hazards_found", 0, False),
]


def install(apps, schema_editor):
    Category = apps.get_model("indicators", "Category")
    Indicator = apps.get_model("indicators", "Indicator")
    categories = {}
    for code, name_zh, name_en, order in CATEGORIES:
        categories[code], _ = Category.objects.get_or_create(
            code=code, defaults={"name_zh": name_zh, "name_en": name_en, "order": order}
        )
    created = {}
    for order, (code, name_zh, name_en, unit, kind, category, parent, decimals, headline) in enumerate(INDICATORS):
        created[code], _ = Indicator.objects.get_or_create(
            code=code,
            defaults={
                "name_zh": name_zh,
                "name_en": name_en,
                "unit": unit,
                "kind": kind,
                "entry_mode": "ytd",
                "category": categories[category],
                "parent": created.get(parent),
                "decimals": decimals,
                "is_headline": headline,
                "order": order * 10,
            },
        )


def uninstall(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    Category = apps.get_model("indicators", "Category")
    codes = [row[0] for row in INDICATORS]
    Indicator.objects.filter(code__in=codes, parent__isnull=False).delete()
    Indicator.objects.filter(code__in=codes).delete()
    Category.objects.filter(code__in=[row[0] for row in CATEGORIES], indicators__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0002_initial")]
    operations = [migrations.RunPython(install, uninstall)]
