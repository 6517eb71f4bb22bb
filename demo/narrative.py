"""Demo narrative for `manage.py load_demo`: XB's section texts, problems and plans, written
in the manner of seed 004, so the demo draft reads like a real one. Idempotent: saving the
same text again changes nothing."""

from audit.models import Channel
from zones.models import User

from reports.models import OPENING, PLAN_OVERVIEW
from reports.services import ItemText, SectionText, save_narrative

SECTIONS = {
    OPENING: SectionText("今年以来，开发区围绕年初确定的目标任务，抓项目、强基础、优服务，各项工作平稳推进"),
    "economy": SectionText("稳中求进，经济运行总体平稳", "新能源产业继续发挥支撑作用，工业生产总体平稳。"),
    "promotion": SectionText(
        "谋划先行，多措并举抓招商",
        "围绕新能源装备制造、新型材料、循环经济等重点产业谋划项目，组织小分队赴京津冀、长三角驻点招商。",
    ),
    "projects": SectionText(
        "强化服务，千方百计落项目",
        "落实项目包挂责任制，帮助企业办理前期手续、解决建设中的困难，续建项目按期复工、新建项目力促开工。",
    ),
    "land": SectionText("加强监管，规范土地管理", "按年度用地供应计划依规供地，加大闲置土地清收和土地执法力度。"),
    PLAN_OVERVIEW: SectionText(
        "",
        "明年，开发区将坚持服务为先、项目为重，推动由追求速度向追求质量转变，建设产城融合的现代化园区。",
    ),
}
PROBLEMS = [
    ItemText("项目落地难", "受经济下行影响，签约项目多、落地项目少；前期手续审批环节多、时间长。"),
    ItemText("基础设施建设资金短缺", "融资渠道狭窄，配套资金到位不及时，公共服务设施建设滞后。"),
    ItemText("管理体制尚未理顺", "相对独立的预决算管理体制还未落实。"),
]
PLANS = [
    ItemText("加快项目建设进度", "抓好续建项目竣工投产，推动已签约项目早日落地开工。"),
    ItemText("创新招商引资方式", "编制产业发展规划，突出龙头型、基地型项目，开展精准招商、以商招商。"),
    ItemText("加大基础设施投入", "完善道路、绿化、供排水等配套，续建公租房。"),
]


def load(zones: dict, year: int) -> None:
    admin = User.objects.filter(username="admin").first()
    save_narrative(zones["XB"], year, sections=SECTIONS, problems=PROBLEMS, plans=PLANS, user=admin, channel=Channel.SYSTEM)
