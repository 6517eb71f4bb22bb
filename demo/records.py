"""Demo enterprises, projects and land modelled on the seed reports, for `manage.py load_demo`.

XB follows seed 004 (through October): 41 projects under construction (8 continuing, 33 new),
21 of them completed or producing; 33 signed for 29.94亿元; 20 negotiating; 63 conceived;
31 parcels / 1122亩 supplied; 17宗 / 1950亩 idle land (8/913 督促开工, 3/581 清收, 6/456 调查);
42 mortgage registrations financing 2.1亿元; 8 low-efficiency parcels, 389亩.
LJ follows seed 000 (through September): 227 above-scale enterprises (5 listed), the 良种场
relocation (68 enterprises, 60 moved) and the named projects.

Everything goes through the batch services (channel "system"), generated values come from a fixed
random seed, and records that exist already are left alone, so loading twice changes nothing.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from audit.models import Channel
from core import clock
from projects import batch
from projects.models import Enterprise, Industry, Mortgage, Parcel, Project
from projects.validators import CREDIT_CODE_CHARSET, credit_code_check_character

SYSTEM = {"user": None, "channel": Channel.SYSTEM}
D = datetime.date

INDUSTRIES = {
    "XB": ["新能源", "新型材料", "装备制造", "循环经济", "现代服务业"],
    "LJ": ["现代医药", "时尚休闲", "智能制造", "数字经济", "文旅商贸"],
}
# Six-digit administrative division codes used in the generated credit codes.
REGION = {"XB": "620700", "LJ": "331082"}
NAME_WORDS = ["金阳", "恒通", "瑞丰", "华晟", "中科", "天成", "博远", "鑫源", "宏基", "力诺", "信达", "隆盛", "东方", "正泰",
              "永安", "海川", "润禾", "长风", "广源", "凯达", "祥和", "泰和", "昌盛", "新航"]
NAME_SUFFIX = {
    "新能源": "新能源科技有限公司", "新型材料": "新材料有限公司", "装备制造": "装备制造有限公司", "循环经济": "环保科技有限公司",
    "现代服务业": "物流有限公司", "现代医药": "药业有限公司", "时尚休闲": "休闲用品有限公司", "智能制造": "智能科技有限公司",
    "数字经济": "信息技术有限公司", "文旅商贸": "文旅发展有限公司",
}

XB_CONTINUING = ["三木线缆", "水泥生产线", "清洁能源供热站", "风电塔筒制造", "光伏支架生产线", "汽车零部件加工", "生物质发电", "铸造产业园"]
XB_NEW = ["逆变器生产线", "电控系统", "光电大功率LED封装", "绿色照明系统", "天马啤酒花加工", "农业机械制造", "防盗门生产",
          "特种玻璃加工生产", "锂电池储能", "光伏组件", "碳化硅材料", "风机叶片", "节能电机", "高压开关柜", "轴承加工",
          "再生铝", "固废综合利用", "冷链物流中心", "电子商务产业园", "氢能装备", "硅材料深加工", "石墨电极", "保温建材",
          "输变电设备", "钢结构厂房", "智能仓储", "新能源汽车配件", "光热发电装备", "电缆附件", "玻璃纤维", "塑料管材",
          "农产品精深加工", "检验检测中心"]
XB_NEGOTIATING = ["浙江环球光伏", "龙能电力", "浙江海得", "陕西合容"] + [f"招商储备项目{i}" for i in range(1, 17)]
XB_CONCEIVED = [f"谋划项目{i}" for i in range(1, 11)]
# Key projects among the above, with a level and a leader.
XB_KEY = {"三木线缆": "province", "清洁能源供热站": "city", "逆变器生产线": "province", "电控系统": "city",
          "锂电池储能": "city", "光伏组件": "district"}
LEADERS = ["王建国", "李明", "张伟", "刘洋", "陈静", "杨帆"]


def _rng(zone_code: str) -> random.Random:
    return random.Random(f"devzone-projects-{zone_code}")


def split(total: Decimal, weights: list[float], places: str = "0.01") -> list[Decimal]:
    """Amounts in the proportions of `weights` summing exactly to `total`."""
    quantum = Decimal(places)
    whole = sum(weights)
    parts = [(total * Decimal(str(w / whole))).quantize(quantum) for w in weights[:-1]]
    return parts + [total - sum(parts, Decimal(0))]


def _credit_code(rng: random.Random, zone_code: str, used: set[str]) -> str:
    while True:
        first17 = "91" + REGION[zone_code] + "".join(rng.choice(CREDIT_CODE_CHARSET) for _ in range(9))
        code = first17 + credit_code_check_character(first17)
        if code not in used:
            used.add(code)
            return code


def load(zones: dict, year: int) -> None:
    for code, names in INDUSTRIES.items():
        zone = zones[code]
        for order, name in enumerate(names):
            if not Industry.objects.filter(zone=zone, name=name).exists():
                batch.save_one(batch.save_industries, None, {"zone": zone, "name": name, "order": order}, **SYSTEM)
    _load_xb(zones["XB"], year)
    _load_lj(zones["LJ"], year)


def _enterprises(zone, rng, count: int, *, above_scale: int, listed: int, foreign: int, high_tech: int, incubating: int = 0):
    """`count` enterprises of the zone (created once), flags spread over them."""
    industries = list(Industry.objects.filter(zone=zone))
    parks = list(zone.parks.all())
    used: set[str] = set()
    codes, new = [], []
    existing = set(Enterprise.objects.filter(zone=zone).values_list("credit_code", flat=True))
    for i in range(count):
        credit_code = _credit_code(rng, zone.code, used)
        codes.append(credit_code)
        if credit_code in existing:
            continue
        industry = industries[i % len(industries)] if i % 7 else industries[0]
        second = NAME_WORDS[(i // len(NAME_WORDS) - 1) % len(NAME_WORDS)] if i >= len(NAME_WORDS) else ""
        name = f"{zone.name[:2]}{NAME_WORDS[i % len(NAME_WORDS)]}{second}{NAME_SUFFIX[industry.name]}"
        status = Enterprise.Status.INCUBATING if i >= count - incubating else Enterprise.Status.PRODUCING
        new.append({
            "zone": zone, "park": parks[i % len(parks)], "name": name, "credit_code": credit_code, "industry": industry,
            "is_above_scale": i < above_scale, "is_listed": i < listed, "is_foreign": above_scale <= i < above_scale + foreign,
            "is_high_tech": i % 4 == 0 and i < high_tech * 4, "status": status,
            "contact_person": LEADERS[i % len(LEADERS)][0] + "经理", "contact_phone": f"0931-8{i:06d}",
        })
    _save_new(batch.save_enterprises, new)
    by_code = {e.credit_code: e for e in Enterprise.objects.filter(zone=zone, credit_code__in=codes)}
    return [by_code[code] for code in codes]


def _save_new(save, new_values: list[dict]) -> None:
    """New records in one batch through the service an import uses: the same rules and history,
    a few statements instead of a dozen a record."""
    if not new_values:
        return
    result = save([batch.RecordInput(None, values) for values in new_values], **SYSTEM)
    if not result.ok:
        raise ValueError(f"demo records refused: {[(field, message) for _item, field, message in result.errors[:3]]}")


def _projects(zone, by_name: dict[str, dict]) -> dict[str, tuple[Project, bool]]:
    """The zone's projects of these names, each with whether it was created now."""
    existing = set(Project.objects.filter(zone=zone, name__in=by_name).values_list("name", flat=True))
    _save_new(batch.save_projects, [{"zone": zone, "name": name, **values} for name, values in by_name.items() if name not in existing])
    stored = {p.name: p for p in Project.objects.filter(zone=zone, name__in=by_name)}
    return {name: (stored[name], name not in existing) for name in by_name}


def _progress(project: Project, year: int, through: int, rng: random.Random, planned: Decimal, month_share: float,
              pending: dict[str, list]) -> None:
    """Monthly investment from the start month (or January) through `through`, added to `pending`."""
    first = project.started_on.month if project.started_on.year == year else 1
    pending["years"].append({"project": project, "year": year, "planned_investment": planned})
    stages = ["场地平整", "基础施工", "主体施工", "主体封顶", "设备安装", "调试"]
    for month in range(first, through + 1):
        # Winter months and the odd idle month invest nothing: they show on the leaders' table.
        idle = month in (1, 2) or rng.random() < 0.08
        amount = Decimal(0) if idle else (planned * Decimal(str(month_share * rng.uniform(0.7, 1.3)))).quantize(Decimal("1"))
        step = stages[min(len(stages) - 1, (month - first) * len(stages) // max(1, through - first + 1))]
        text = "本月未形成实物工作量" if idle else f"{step}，完成月度计划"
        pending["progress"].append({"project": project, "year": year, "month": month, "investment": amount, "physical_progress": text})


def _save_progress(pending: dict[str, list]) -> None:
    _save_new(batch.save_project_years, pending["years"])
    _save_new(batch.save_progress, pending["progress"])


def _load_xb(zone, year: int) -> None:
    rng = _rng("XB")
    firms = _enterprises(zone, rng, 120, above_scale=86, listed=2, foreign=3, high_tech=10)
    industries = {i.name: i for i in Industry.objects.filter(zone=zone)}
    parks = list(zone.parks.all())
    last_year = year - 1
    pending = {"years": [], "progress": []}

    # 8 续建: started last year; 5 of them completed this year.
    continuing = {}
    for i, name in enumerate(XB_CONTINUING):
        started = D(last_year, 4 + i, 10)
        completed = D(year, 5 + i, 20) if i < 5 else None
        values = {
            "park": parks[i % 2], "enterprise": firms[i], "industry": industries["新能源" if i % 2 else "装备制造"],
            "stage": "producing" if completed and i < 3 else ("completed" if completed else "started"),
            "conceived_on": D(year - 2, 9, 1), "negotiating_on": D(year - 2, 11, 1), "signed_on": D(last_year, 2, 1),
            "started_on": started, "completed_on": completed, "producing_on": D(year, 8 + i, 1) if completed and i < 3 else None,
            "signed_amount": Decimal(8000 + 1000 * i), "total_investment": Decimal(12000 + 1500 * i),
            "investment_before_records": Decimal(3000 + 500 * i),
            "is_key": name in XB_KEY, "level": XB_KEY.get(name, ""), "responsible_leader": LEADERS[i % len(LEADERS)],
            "responsible_unit": "经济发展局", "description": f"{name}项目建设",
        }
        continuing[f"{name}项目"] = values
    for i, (project, created) in enumerate(_projects(zone, continuing).values()):
        if created:
            _progress(project, year, 10, rng, Decimal(4000 + 500 * i), 0.1, pending)

    # 33 新建: signed and started this year for 29.94亿元; 16 of them completed, 12 producing.
    amounts = split(Decimal("299400"), [rng.uniform(0.4, 2.0) for _ in XB_NEW], "1")
    new = {}
    for i, name in enumerate(XB_NEW):
        signed = D(year, 1 + i % 8, 5 + i % 20)
        started = D(year, min(10, signed.month + 1), 10)
        completed = D(year, 10, 15) if i < 16 else None
        producing = D(year, 10, 30) if i < 12 else None
        values = {
            "park": parks[i % 2], "enterprise": firms[8 + i], "industry": industries[list(industries)[i % len(industries)]],
            "stage": "producing" if producing else ("completed" if completed else "started"),
            "conceived_on": D(year, 1, 3), "negotiating_on": D(year, 1, 4), "signed_on": signed, "started_on": started,
            "completed_on": completed, "producing_on": producing,
            "signed_amount": amounts[i], "total_investment": amounts[i],
            "is_key": name in XB_KEY, "level": XB_KEY.get(name, ""), "responsible_leader": LEADERS[i % len(LEADERS)],
            "responsible_unit": "招商局" if i % 2 else "经济发展局", "description": f"建设{name}",
        }
        new[f"{name}项目"] = values
    for i, (project, created) in enumerate(_projects(zone, new).values()):
        if created:
            _progress(project, year, 10, rng, (amounts[i] * Decimal("0.5")).quantize(Decimal("1")), 0.12, pending)

    # 20 洽谈 and 10 谋划, conceived this year (with the 33 signed: 63 conceived).
    early = {}
    for i, name in enumerate(XB_NEGOTIATING):
        conceived = D(year, 1 + i % 6, 8)
        early[name] = {
            "stage": "negotiating", "conceived_on": conceived, "negotiating_on": conceived + datetime.timedelta(days=20 + i),
            "industry": industries["新能源"], "total_investment": Decimal(20000 + 2500 * i), "responsible_unit": "招商局",
        }
    for i, name in enumerate(XB_CONCEIVED):
        early[name] = {"stage": "conceived", "conceived_on": D(year, 3 + i % 7, 1), "industry": industries["循环经济"],
                       "description": "围绕产业链谋划"}
    _projects(zone, early)
    _save_progress(pending)
    _problems(zone, year)
    _land_xb(zone, year, rng, firms)


def _problems(zone, year: int) -> None:
    """One key project with an overdue problem, one resolved, one open and not yet due."""
    today = clock.today()
    cases = [
        ("逆变器生产线项目", "供电线路未接入，影响设备调试", "供电公司、经济发展局", D(year, 9, 30), None),
        ("三木线缆项目", "二期用地规划调整尚未批复", "自然资源局", D(year, 7, 31), D(year, 7, 20)),
        ("电控系统项目", "环评批复尚未下达", "生态环境局", today + datetime.timedelta(days=30), None),
    ]
    for project_name, text, owner, deadline, resolved in cases:
        project = Project.objects.filter(zone=zone, name=project_name).first()
        if project is None or project.problems.exists():
            continue
        problem = batch.save_one(batch.save_problems, None, {"project": project, "raised_year": year, "raised_month": 9,
                                                              "description": text, "owner": owner, "deadline": deadline}, **SYSTEM)
        if resolved:
            batch.resolve_problem(problem, resolved_on=resolved, resolution="已协调解决", **SYSTEM)


def _parcels(zone, by_code: dict[str, dict]) -> list[Parcel]:
    """The zone's parcels of these codes, in their order, created where missing."""
    existing = set(Parcel.objects.filter(zone=zone, code__in=by_code).values_list("code", flat=True))
    _save_new(batch.save_parcels, [{"zone": zone, "code": code, **values} for code, values in by_code.items() if code not in existing])
    stored = {p.code: p for p in Parcel.objects.filter(zone=zone, code__in=by_code).select_related("holder")}
    return [stored[code] for code in by_code]


def _land_xb(zone, year: int, rng: random.Random, firms: list[Enterprise]) -> None:
    parks = list(zone.parks.all())
    new_projects = list(Project.objects.filter(zone=zone, started_on__year=year).order_by("name"))
    methods = ["listing", "listing", "agreement", "auction", "tender"]
    parcels = {}
    # 31 parcels supplied this year: 1122亩.
    for i, area in enumerate(split(Decimal("1122"), [rng.uniform(0.5, 1.8) for _ in range(31)])):
        supplied = D(year, 1 + i % 10, 6 + i % 20)
        project = new_projects[i] if i < len(new_projects) else None
        started = project.started_on if project and project.started_on >= supplied else None
        parcels[f"XB{year}-{i + 1:03d}"] = {
            "park": parks[i % 2], "area_mu": area, "use": "industrial" if i % 6 else "warehouse",
            "supply_method": methods[i % len(methods)], "price": (area * Decimal("9.6")).quantize(Decimal("0.01")),
            "contract_start_on": D(year, min(12, supplied.month + 3), 1), "supplied_on": supplied,
            "started_on": started, "status": "started" if started else "supplied",
            "holder": project.enterprise if project else firms[60 + i], "project": project,
        }
    # 17宗 1950亩 of idle land supplied years ago, by disposal stage.
    for stage, n, total in [("urged", 8, "913"), ("recovery", 3, "581"), ("investigation", 6, "456")]:
        for i, area in enumerate(split(Decimal(total), [rng.uniform(0.6, 1.6) for _ in range(n)])):
            supplied = D(year - 4 + i % 2, 3 + i, 1)
            parcels[f"XZ-{stage[:3].upper()}-{i + 1:02d}"] = {
                "park": parks[i % 2], "area_mu": area, "use": "industrial", "supply_method": "listing",
                "contract_start_on": D(supplied.year, supplied.month + 2, 1), "supplied_on": supplied,
                "status": "supplied", "idle_stage": stage, "holder": firms[90 + (i % 30)],
                "note": "圈而不建，已下达闲置土地调查通知书" if stage == "investigation" else "",
            }
    # 3 candidates: a year past the contract start without starting, not yet confirmed.
    for i in range(3):
        parcels[f"XB{year - 2}-C{i + 1:02d}"] = {
            "park": parks[i % 2], "area_mu": Decimal(35 + 10 * i), "use": "industrial", "supply_method": "listing",
            "contract_start_on": D(year - 2, 6 + i, 1), "supplied_on": D(year - 2, 3 + i, 1), "status": "supplied",
            "holder": firms[100 + i],
        }
    # Built-up land of producing enterprises: 50 parcels, 8 of them low-efficiency (389亩).
    low = split(Decimal("389"), [rng.uniform(0.6, 1.5) for _ in range(8)])
    held = []
    for i in range(50):
        supplied = D(year - 8 + i % 5, 1 + i % 12, 1)
        held.append(f"XB-OLD-{i + 1:03d}")
        parcels[held[-1]] = {
            "park": parks[i % 2], "area_mu": low[i] if i < 8 else Decimal(20 + (i * 7) % 120),
            "use": "industrial", "supply_method": methods[i % len(methods)], "supplied_on": supplied,
            "started_on": supplied + datetime.timedelta(days=120), "completed_on": supplied + datetime.timedelta(days=600),
            "status": "completed", "holder": firms[10 + i], "is_low_efficiency": i < 8,
        }
    # 6 reserve parcels.
    for i in range(6):
        parcels[f"XB-CB-{i + 1:02d}"] = {"park": parks[i % 2], "area_mu": Decimal(80 + 15 * i), "use": "industrial"}
    stored = dict(zip(parcels, _parcels(zone, parcels)))
    held = [stored[code] for code in held]
    # 42 mortgage registrations this year financing 21000万元, one per land user.
    registered = set(Mortgage.objects.filter(parcel__zone=zone, registered_on__year=year).values_list("certificate_no", flat=True))
    mortgages = []
    for i, amount in enumerate(split(Decimal("21000"), [rng.uniform(0.5, 1.5) for _ in range(42)])):
        certificate = f"XB他项{year}{i + 1:04d}"
        if certificate not in registered:
            mortgages.append({"parcel": held[i], "registered_on": D(year, 1 + i % 10, 3 + i % 25), "certificate_no": certificate,
                              "creditor": ["工商银行", "农业银行", "建设银行", "农商银行"][i % 4], "amount": amount})
    _save_new(batch.save_mortgages, mortgages)
    # Tax and output of the land users, January to October (1-N月累计, 万元).
    figures = []
    for i, parcel in enumerate(held):
        figures += _enterprise_figures(parcel.holder, year, 10, rng, tax_year=Decimal(30 + (i * 37) % 400), output_year=Decimal(800 + (i * 613) % 9000))
    _save_new(batch.save_enterprise_figures, figures)


def _enterprise_figures(enterprise, year: int, through: int, rng: random.Random, *, tax_year: Decimal, output_year: Decimal) -> list[dict]:
    """The months of tax and output to create (none when the year has figures already)."""
    if enterprise.figures.filter(year=year).exists():
        return []
    tax = output = Decimal(0)
    months = []
    for month in range(1, through + 1):
        tax += (tax_year / 12 * Decimal(str(rng.uniform(0.8, 1.2)))).quantize(Decimal("0.01"))
        output += (output_year / 12 * Decimal(str(rng.uniform(0.8, 1.2)))).quantize(Decimal("0.01"))
        months.append({"enterprise": enterprise, "year": year, "month": month, "tax_ytd": tax, "output_ytd": output})
    return months


def _load_lj(zone, year: int) -> None:
    rng = _rng("LJ")
    firms = _enterprises(zone, rng, 260, above_scale=227, listed=5, foreign=12, high_tech=30, incubating=21)
    industries = {i.name: i for i in Industry.objects.filter(zone=zone)}
    parks = {p.name: p for p in zone.parks.all()}
    hq, udg, pharma = parks.get("总部经济商务区"), parks.get("联东U谷智能制造产业园"), parks.get("江南医谷")
    projects = [
        ("华海制药科技产业园一期", {"park": pharma, "industry": industries["现代医药"], "stage": "producing", "signed_on": D(year - 3, 3, 1),
                                 "started_on": D(year - 3, 6, 1), "completed_on": D(year - 1, 10, 1), "producing_on": D(year - 1, 12, 1),
                                 "total_investment": Decimal(150000), "investment_before_records": Decimal(120000)}),
        ("华海制剂科技产业园二期", {"park": pharma, "industry": industries["现代医药"], "stage": "signed", "signed_on": D(year, 4, 1),
                                 "signed_amount": Decimal(200000), "total_investment": Decimal(200000), "description": "供地筹备中"}),
        ("永强高端家居产业园一期", {"park": udg, "industry": industries["时尚休闲"], "stage": "started", "signed_on": D(year - 1, 11, 1),
                                 "started_on": D(year, 3, 18), "total_investment": Decimal(80000), "is_key": True, "level": "city",
                                 "description": "高端轻奢伞及相关配套项目"}),
        ("联东U谷·智能制造产业园三期", {"park": udg, "industry": industries["智能制造"], "stage": "started", "signed_on": D(year - 2, 5, 1),
                                      "started_on": D(year - 1, 4, 1), "total_investment": Decimal(60000), "investment_before_records": Decimal(30000)}),
        ("熊出没欢乐港湾酒店", {"park": hq, "industry": industries["文旅商贸"], "stage": "started", "signed_on": D(year - 1, 9, 1),
                             "started_on": D(year, 5, 6), "total_investment": Decimal(45000), "is_key": True, "level": "district"}),
        ("佩弦湖生态环境综合治理项目（一期）", {"park": hq, "industry": industries["文旅商贸"], "stage": "started", "signed_on": D(year - 1, 6, 1),
                                        "started_on": D(year, 6, 1), "total_investment": Decimal(120000), "is_key": True, "level": "city",
                                        "description": "园林景观、绿化、桥梁、朱自清纪念馆、咖啡馆、智慧公园"}),
        ("浙东数字经济产业园", {"park": hq, "industry": industries["数字经济"], "stage": "negotiating", "negotiating_on": D(year, 2, 1),
                             "description": "已形成投资合作协议初稿，待上会"}),
    ]
    pending = {"years": [], "progress": []}
    named = {}
    for i, (name, values) in enumerate(projects):
        values = {"conceived_on": D(min(year - 1, (values.get("signed_on") or D(year, 1, 1)).year - 1), 6, 1),
                  "responsible_leader": LEADERS[i % len(LEADERS)], "responsible_unit": "开发区管委会", "enterprise": firms[i], **values}
        if values.get("negotiating_on") and values["negotiating_on"] < values["conceived_on"]:
            values["conceived_on"] = values["negotiating_on"]
        named[name] = values
    for project, created in _projects(zone, named).values():
        if created and project.stage == "started":
            _progress(project, year, 9, rng, (project.total_investment * Decimal("0.3")).quantize(Decimal("1")), 0.1, pending)
    _save_progress(pending)
    cases = [
        ("XX中学迁建工程（良种场）", {"kind": "relocation", "started_on": D(year - 1, 9, 1), "enterprises_total": 68, "enterprises_moved": 60,
                                   "note": "涉及良种场68家企业，已完成搬迁腾空60家"}),
        ("国庆片区企业收储", {"kind": "acquisition", "started_on": D(year, 2, 1), "enterprises_total": 15, "enterprises_moved": 12,
                          "note": "基本完成企业收储协议签订"}),
        ("闸头区块住宅房屋征收", {"kind": "relocation", "enterprises_total": 0, "households_total": 20, "households_moved": 0,
                             "note": "计划明年完成20户住宅房屋征收"}),
    ]
    for name, values in cases:
        if not zone.relocation_cases.filter(name=name).exists():
            batch.save_one(batch.save_relocation_cases, None, {"zone": zone, "name": name, **values}, **SYSTEM)
    parcels, figures = {}, []
    for i in range(12):
        parcels[f"LJ-{i + 1:03d}"] = {
            "park": [hq, udg, pharma][i % 3], "area_mu": Decimal(25 + 11 * i), "use": "industrial" if i % 3 else "commercial",
            "supply_method": "listing", "supplied_on": D(year - 5 + i % 4, 1 + i, 1), "started_on": D(year - 4 + i % 4, 1 + i, 1),
            "completed_on": D(year - 3 + i % 4, 1 + i, 1) if i % 4 < 3 else None,
            "status": "completed" if i % 4 < 3 else "started", "holder": firms[20 + i],
        }
        figures += _enterprise_figures(firms[20 + i], year, 9, rng, tax_year=Decimal(200 + 97 * i), output_year=Decimal(5000 + 1300 * i))
    parcels["LJ-HQ3"] = {"park": hq, "area_mu": Decimal("48.6"), "use": "commercial", "note": "总部经济商务区三期地块"}
    _parcels(zone, parcels)
    _save_new(batch.save_enterprise_figures, figures)
