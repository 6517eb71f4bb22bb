"""The draft checker: reads a generated draft's text back and finds what an office would send back.

It knows nothing of how the draft was generated. Each sentence is parsed into figures (a number
with its unit, the indicator it names, the month it is dated by), directions (增长/下降, 超/低于
序时进度, 提高/回落, 拉动/拉低) and judgements (主要指标保持增长, 发挥支撑作用), and each is
recomputed from the database through indicators.statistics; the wording rules (截至, one money unit
per sentence, no sentence twice) are checked on the text itself.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import cached_property
from decimal import Decimal

import docx

from indicators import selectors as indicator_selectors
from indicators import statistics as st
from indicators.models import ZoneMonth
from projects import land_statistics, statistics as record_statistics

from .docx_builder import Heading, Paragraph
from .models import ReportStyle
from .report_data import CHECKLIST_HEADING
from .sources import OVERLAPS, record_value, states_records

# The kinds of finding, as the preview names them.
WORDING, UNIT, PRECISION, REPEAT, JUDGEMENT, FIGURE, COMPARISON, RANK = (
    "用词", "单位", "精度", "重复", "判断", "数字", "比较", "排名",
)
NUMBER = r"(\d+(?:\.\d+)?)"
AMOUNT = re.compile(NUMBER + r"(亿元|万元|千元|万美元|亿美元|元|亩|个(?!百分点)|家|宗|条|户)")
MONEY_UNIT = re.compile(r"\d(亿元|万元|千元|元)")
AS_OF_DEADLINE = re.compile(r"截止(\d+月|目前|年底|今年)")
SENTENCE_MONTH = re.compile(r"截至(\d+)月底|(?<![比与])1-(\d+)月|(\d+)月末|(?<![\d-])(1)月累计")  # 1月累计: January's span (statistics.month_span)
OWN_MONTH = re.compile(r"（截至(\d+)月底）")
TARGET = re.compile(r"占年度目标任务" + NUMBER + r"(亿元|万元|万美元|个|家|亩|条)的" + NUMBER + "%")
GROWTH = re.compile(r"同比(增长|下降)" + NUMBER + "%|与上年同期持平")
WARNING = re.compile(r"低于序时进度超过" + NUMBER + "个百分点")
HEADING = re.compile(r"（[一二三四五六七八九十]+）(.+)。")
GAP = re.compile(r"(超|低于)序时进度" + NUMBER + "个百分点|与序时进度持平")
PULL = re.compile(r"(拉动增长|拉低)" + NUMBER + "个百分点")
CHANGE = re.compile(r"比1-(\d+)月(提高|回落)" + NUMBER + r"个百分点|降幅比1-(\d+)月(扩大|收窄)" + NUMBER + r"个百分点|(?:增速|降幅)与1-(\d+)月持平")
RANK_PLACE = re.compile(r"增速居(全市|全省|全区)第(\d+)位|增速在已报送的(\d+)个开发区中居第(\d+)位")
LAST_YEAR = re.compile(r"较去年同期(提高|回落)" + NUMBER + "个百分点|增速与去年同期持平")
# A segment without an indicator's name still speaks of the one before it when it opens so.
CONTINUING = re.compile(r"^(1-\d+月累计|\d+月末共有|累计)")  # 累计<its report verb>


@dataclass(frozen=True)
class Finding:
    kind: str
    sentence: str
    message: str


def docx_lines(content: bytes) -> list[str]:
    """The body paragraphs of a .docx up to the checklist (tables are the appendix, not sentences)."""
    lines = []
    for paragraph in docx.Document(io.BytesIO(content)).paragraphs:
        if paragraph.text.strip() == CHECKLIST_HEADING:
            break
        lines.append(paragraph.text)
    return lines


def block_lines(blocks) -> list[str]:
    """The same lines from a draft's blocks, as the preview shows them."""
    lines = []
    for block in blocks:
        if isinstance(block, Heading):
            if block.text == CHECKLIST_HEADING:
                break
            lines.append(block.text + (block.body or ""))
        elif isinstance(block, Paragraph):
            lines.append(block.text)
    return lines


def sentences(line: str) -> list[str]:
    return [s + "。" for s in re.split(r"[。！？]", line) if s.strip()]


def _month(match: re.Match | None) -> int | None:
    return int(next(g for g in match.groups() if g)) if match else None


def _places(number: str) -> int:
    return len(number.split(".")[1]) if "." in number else 0


class Checker:
    """The figures of one zone and year as the database holds them, and the findings of one draft."""

    def __init__(self, zone, year: int, as_of: int):
        self.zone, self.year, self.as_of = zone, year, as_of
        self.style = ReportStyle.for_zone(zone)
        self.catalogue = [indicator for indicator, _depth in indicator_selectors.catalogue()]
        self.by_pk = {i.pk: i for i in self.catalogue}
        self.table = indicator_selectors.ValueTable.load([zone.pk], [year - 2, year - 1, year, year + 1])
        self.statuses = dict(ZoneMonth.objects.filter(zone=zone, year=year).values_list("month", "status"))
        names = {}
        for indicator in self.catalogue:
            # The drafts' short name too (Indicator.short_name: the seeds' 税收 for 税收收入).
            for name in (indicator.name_zh, indicator.name_zh.removeprefix("其中"), indicator.short_name):
                if name:
                    names[name] = indicator
        self.names = sorted(names.items(), key=lambda item: -len(item[0]))
        self.exact = {indicator.name_zh: indicator for indicator in self.catalogue}
        self.findings: list[Finding] = []
        self.stated: dict[int, int] = {}  # indicator pk: the month the draft states it at

    # --- what the database says ------------------------------------------------------------

    @cached_property
    def projects(self):
        return record_statistics.project_summary(self.zone, self.year, self.as_of)

    @cached_property
    def land(self):
        return land_statistics.land_summary(self.zone, self.year, self.as_of)

    @cached_property
    def peers(self) -> tuple[object, list[int], indicator_selectors.ValueTable | None]:
        """The zone's rank group as its 报告格式 declares it, its members, and their figures."""
        group = self.style.rank_group
        members = sorted(group.members.values_list("pk", flat=True)) if group else []
        if self.zone.pk not in members or len(members) < 2:
            return None, [], None
        return group, members, indicator_selectors.ValueTable.load(members, [self.year - 1, self.year])

    def figures(self, indicator, month: int) -> st.IndicatorFigures:
        return self.table.figures(self.zone.pk, indicator.pk, self.year, month, latest_available=False)

    def ytd(self, indicator, month: int) -> Decimal | None:
        """The 1-N月 figure the draft may state: the indicator's, or the records' where they are
        the zone's one source for it (reports.sources)."""
        own = self.figures(indicator, month).ytd_value
        if indicator.code in OVERLAPS:
            record = record_value(indicator.code, self.projects, self.land)
            if record is not None and states_records(self.style.uses_records, record, own):
                return record
        return own

    def growth(self, indicator, month: int) -> Decimal | None:
        return st.reported_growth(indicator, self.figures(indicator, month))

    def growth_places(self, indicator, month: int) -> int:
        return st.growth_places(self.figures(indicator, month), self.style.growth_places)

    # --- findings --------------------------------------------------------------------------

    def find(self, kind: str, sentence: str, message: str) -> None:
        self.findings.append(Finding(kind, sentence, message))

    def same(self, value: Decimal | None, shown: str, sentence: str, what: str, kind: str = FIGURE) -> bool:
        """Whether `value` reads as `shown` at its decimals; a finding when not."""
        if value is None or st.quantize(value, _places(shown)) != Decimal(shown):
            self.find(kind, sentence, f"{what}为{shown}，按数据应为{st.format_number(value, _places(shown)) if value is not None else '无数据'}")
            return False
        return True

    def name_in(self, text: str):
        """The indicator the text names (the longest name found), or None."""
        return next((indicator for name, indicator in self.names if name in text), None)

    # --- the checks ------------------------------------------------------------------------

    def check_lines(self, lines: list[str]) -> list[Finding]:
        seen: set[tuple] = set()
        for line in lines:
            current, month = None, None
            for sentence in sentences(line):
                self.check_wording(sentence)
                # Under an indicator's heading a sentence speaks of that indicator (the 月报's analyses).
                key = (current.pk if current else None, sentence.strip())
                if len(sentence) > 8 and key in seen:
                    self.find(REPEAT, sentence, "同一句话出现两次")
                seen.add(key)
                heading = HEADING.fullmatch(sentence)
                if heading and heading.group(1) in self.exact:
                    current = self.exact[heading.group(1)]  # "（三）固定资产投资。": the paragraph speaks of it
                    continue
                if sentence.startswith("目标任务："):
                    self.check_next_targets(sentence)
                    continue
                month = _month(SENTENCE_MONTH.search(sentence)) or month
                self.check_figures(sentence, current, month or self.as_of)
        for sentence in (s for line in lines for s in sentences(line)):
            self.check_judgements(sentence)
        return self.findings

    def check_wording(self, sentence: str) -> None:
        if AS_OF_DEADLINE.search(sentence):
            self.find(WORDING, sentence, "表示“截至某时”应写“截至”，“截止”用于截止日期")
        if "下拉" in sentence:
            self.find(WORDING, sentence, "部分拉低整体增速应写“拉低”")
        units = set(MONEY_UNIT.findall(sentence))
        if len(units) > 1:
            self.find(UNIT, sentence, f"一句中混用金额单位：{'、'.join(sorted(units))}")

    def check_figures(self, sentence: str, paragraph_indicator, month: int) -> None:
        current = paragraph_indicator
        for segment in re.split(r"[，；、]", sentence.rstrip("。")):
            own = OWN_MONTH.search(segment)
            dated = None if own else SENTENCE_MONTH.match(segment)
            month = _month(dated) or month  # "截至6月底，" dates what follows it
            at = int(own.group(1)) if own else month
            named = self.name_in(segment)
            amount = AMOUNT.search(segment)
            if named is not None:
                current = named
            elif amount and not CONTINUING.search(segment) and not TARGET.search(segment) and not RANK_PLACE.search(segment):
                current = None  # a figure of something the catalogue does not name (records)
                continue
            if current is None:
                continue
            if amount and not TARGET.search(segment) and not GAP.search(segment) and not RANK_PLACE.search(segment):
                self.check_amount(current, amount, at, sentence)
            self.check_segment(current, segment, at, sentence)

    def check_amount(self, indicator, amount: re.Match, month: int, sentence: str) -> None:
        number, unit = amount.groups()
        if st.unit_family(unit) != st.unit_family(indicator.unit):
            return
        self.stated.setdefault(indicator.pk, month)
        value = self.ytd(indicator, month)
        what = f"{indicator.name_zh}（{month}月）"
        if not self.same(st.convert(value, indicator.unit, unit), number, sentence, what):
            return
        if unit != indicator.unit:
            places = self.style.amount_places
        else:
            places = self.figures(indicator, month).ytd_places
        if places is not None and _places(number) != places and indicator.code not in OVERLAPS:
            self.find(PRECISION, sentence, f"{what}{number}{unit}应保留{places}位小数")

    def check_segment(self, indicator, segment: str, month: int, sentence: str) -> None:
        figures = self.figures(indicator, month)
        what = f"{indicator.name_zh}（{month}月）"
        if target := TARGET.search(segment):
            number, unit, percent = target.groups()
            self.same(st.convert(figures.annual_target, indicator.unit, unit), number, sentence, f"{what}年度目标")
            self.same(st.completion_percent(self.ytd(indicator, month), figures.annual_target), percent, sentence, f"{what}完成率")
        if growth := GROWTH.search(segment):
            self.check_direction(self.growth(indicator, month), growth, "增长", sentence, f"{what}同比", "%")
        if gap := GAP.search(segment):
            gap_value = st.progress_gap_points(st.completion_percent(self.ytd(indicator, month), figures.annual_target), month)
            self.check_direction(gap_value, gap, "超", sentence, f"{what}与序时进度之差", "个百分点")
        if warning := WARNING.search(segment):
            completion = st.completion_percent(self.ytd(indicator, month), figures.annual_target)
            gap_value = st.progress_gap_points(completion, month)
            if gap_value is None or gap_value >= -Decimal(warning.group(1)):
                self.find(FIGURE, sentence, f"{what}并未低于序时进度{warning.group(1)}个百分点以上")
        if pull := PULL.search(segment):
            self.check_pull(indicator, month, pull, sentence)
        if last_year := LAST_YEAR.search(segment):
            rate = self.growth(indicator, month)
            before = st.reported_growth(indicator, self.table.figures(self.zone.pk, indicator.pk, self.year - 1, month, latest_available=False))
            change = rate - before if rate is not None and before is not None else None
            self.check_direction(change, last_year, "提高", sentence, f"{what}增速较去年同期", "个百分点")
        if change := CHANGE.search(segment):
            self.check_change(indicator, month, change, sentence)
        if rank := RANK_PLACE.search(segment):
            self.check_rank(indicator, month, rank, sentence)

    def check_direction(self, value: Decimal | None, match: re.Match, up: str, sentence: str, what: str, unit: str) -> None:
        """增长/下降 X (or 持平) against the value's sign and size as shown."""
        if match.group(1) is None:  # 持平
            if value is None or st.quantize(value, 1) != 0:
                self.find(FIGURE, sentence, f"{what}写作持平，按数据为{st.format_number(value, 1)}{unit}")
            return
        word, number = match.group(1), match.group(2)
        if value is None:
            self.find(FIGURE, sentence, f"{what}无数据可依")
            return
        signed = Decimal(number) if word.startswith(up) else -Decimal(number)
        if st.quantize(value, _places(number)) != signed:
            self.find(FIGURE, sentence, f"{what}写作{word}{number}{unit}，按数据应为{st.format_number(value, _places(number))}{unit}")

    def check_pull(self, part, month: int, match: re.Match, sentence: str) -> None:
        whole = self.by_pk.get(part.parent_id)
        if whole is None:
            self.find(FIGURE, sentence, f"{part.name_zh}不是某项指标的组成部分，不能写拉动")
            return
        part_figures, whole_figures = self.figures(part, month), self.figures(whole, month)
        points = st.pull_points(part_figures.ytd_value, part_figures.last_year_ytd, whole_figures.last_year_ytd)
        self.check_direction(points, match, "拉动", sentence, f"{part.name_zh}对{whole.name_zh}增长的拉动", "个百分点")

    def check_change(self, indicator, month: int, match: re.Match, sentence: str) -> None:
        """比1-N月提高/回落 (降幅扩大/收窄, 持平): N is the month before, approved, and the change is right."""
        groups = match.groups()
        previous = int(next(g for g in (groups[0], groups[3], groups[6]) if g))
        what = f"{indicator.name_zh}比1-{previous}月"
        if self.statuses.get(previous) != ZoneMonth.Status.APPROVED:
            self.find(COMPARISON, sentence, f"{what}：{previous}月数据未经审核通过，不能作为比较的依据")
            return
        now, before = self.growth(indicator, month), self.growth(indicator, previous)
        if now is None or before is None or previous != month - 1:
            self.find(COMPARISON, sentence, f"{what}：无可比的上月累计增速")
            return
        change = now - before
        if groups[6]:
            ok = st.quantize(change, 1) == 0
        elif groups[0]:
            ok = st.quantize(change, _places(groups[2])) == (Decimal(groups[2]) if groups[1] == "提高" else -Decimal(groups[2]))
        else:
            # 降幅收窄: the growth rose towards zero.
            ok = st.quantize(change, _places(groups[5])) == (Decimal(groups[5]) if groups[4] == "收窄" else -Decimal(groups[5]))
        if not ok:
            self.find(COMPARISON, sentence, f"{what}的增速变化按数据为{st.format_number(change, 1)}个百分点")

    def check_rank(self, indicator, month: int, match: re.Match, sentence: str) -> None:
        """增速居全市第N位 / 在已报送的N个开发区中居第M位: the order of the growth of the zone's rank
        group's members at the month, as shown; the scope word and the count of those reported."""
        group, members, table = self.peers
        what = f"{indicator.name_zh}（{month}月）增速排名"
        if group is None:
            self.find(RANK, sentence, f"{what}：报告格式未指定本开发区所在的排名分组，不应写排名")
            return
        rates = {
            zone_id: st.reported_growth(indicator, table.figures(zone_id, indicator.pk, self.year, month, latest_available=False))
            for zone_id in members
        }
        reported = sum(1 for rate in rates.values() if rate is not None)
        place = st.rank_of(self.zone.pk, rates, self.growth_places(indicator, month))
        scope, shown_place, shown_reported, partial_place = match.groups()
        if scope is not None and (scope != group.word or reported < len(members)):
            self.find(RANK, sentence, f"{what}：分组“{group.name}”为{group.word}，{len(members)}个开发区中{reported}个已报送")
        elif shown_reported is not None and (int(shown_reported) != reported or reported == len(members)):
            self.find(RANK, sentence, f"{what}：分组“{group.name}”{len(members)}个开发区中{reported}个已报送")
        if place != int(shown_place or partial_place):
            self.find(RANK, sentence, f"{what}：按数据应为{f'第{place}位' if place else '无位次'}")

    def check_next_targets(self, sentence: str) -> None:
        """目标任务：… states next year's targets."""
        for segment in re.split(r"[，；、]", sentence.removeprefix("目标任务：").rstrip("。")):
            indicator, amount = self.name_in(segment), AMOUNT.search(segment)
            if indicator is None or amount is None or st.unit_family(amount.group(2)) != st.unit_family(indicator.unit):
                continue
            target = self.table.targets.get((self.zone.pk, indicator.pk, self.year + 1))
            self.same(st.convert(target, indicator.unit, amount.group(2)), amount.group(1), sentence, f"{indicator.name_zh}{self.year + 1}年目标")

    # --- judgements --------------------------------------------------------------------------

    def headline_rates(self) -> dict[str, Decimal]:
        """The headline indicators' growth as the draft states them (each at the month it is
        stated at, else its latest with data), rounded as shown."""
        rates = {}
        for indicator in self.catalogue:
            if not indicator.is_headline or indicator.parent_id:
                continue
            month = self.stated.get(indicator.pk) or self.table.figures(self.zone.pk, indicator.pk, self.year, self.as_of).month
            rate = self.growth(indicator, month) if month else None
            if rate is not None:
                rates[indicator.name_zh] = st.quantize(rate, self.growth_places(indicator, month))
        return rates

    def check_judgements(self, sentence: str) -> None:
        if not any(word in sentence for word in ("主要指标", "发挥支撑作用")):
            return
        rates = self.headline_rates()
        if "主要指标保持增长" in sentence and (not rates or any(rate <= 0 for rate in rates.values())):
            fell = [name for name, rate in rates.items() if rate <= 0]
            self.find(JUDGEMENT, sentence, "“主要指标保持增长”要求每项主要指标都增长" + (f"，{'、'.join(fell)}未增长" if fell else ""))
        if "主要指标同比下降" in sentence and (not rates or any(rate >= 0 for rate in rates.values())):
            self.find(JUDGEMENT, sentence, "“主要指标同比下降”要求每项主要指标都下降")
        if "有增有降" in sentence:
            named = sentence.split("有增有降", 1)[1].split("同比下降")[0]
            wrong = [name for name, rate in rates.items() if name in named and rate >= 0]
            if wrong or not any(rate < 0 for rate in rates.values()) or all(rate < 0 for rate in rates.values()):
                self.find(JUDGEMENT, sentence, "“有增有降”与各项主要指标的增速不符")
        if "发挥支撑作用" in sentence:
            self.check_support(sentence)

    def check_support(self, sentence: str) -> None:
        """A part 发挥支撑作用 only when it grew and lifted its whole."""
        subject = sentence.split("发挥支撑作用")[0]
        parts = [i for i in self.catalogue if i.parent_id and i.name_zh.removeprefix("其中").removesuffix("产值") in subject]
        if not parts:
            self.find(JUDGEMENT, sentence, "“发挥支撑作用”没有可依据的分项指标")
            return
        part = parts[0]
        whole = self.by_pk[part.parent_id]
        month = self.stated.get(part.pk) or self.table.figures(self.zone.pk, part.pk, self.year, self.as_of).month
        if not month:
            self.find(JUDGEMENT, sentence, f"“发挥支撑作用”：{part.name_zh}无数据")
            return
        part_figures, whole_figures = self.figures(part, month), self.figures(whole, month)
        rate = self.growth(part, month)
        points = st.pull_points(part_figures.ytd_value, part_figures.last_year_ytd, whole_figures.last_year_ytd)
        if rate is None or rate <= 0 or points is None or points <= 0:
            self.find(JUDGEMENT, sentence, f"“发挥支撑作用”要求{part.name_zh.removeprefix('其中')}增长并拉动{whole.name_zh}增长")


def check_lines(lines: list[str], zone, year: int, as_of: int) -> list[Finding]:
    """The findings in a draft's body lines for `zone`, `year`, figures as of month `as_of`."""
    return Checker(zone, year, as_of).check_lines(lines)


def check_docx(content: bytes, zone, year: int, as_of: int) -> list[Finding]:
    """The findings in a generated .docx, read back as an office would read it."""
    return check_lines(docx_lines(content), zone, year, as_of)
