import datetime
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.models import Channel
from core import clock
from zones.access import zone_for_user
from zones.models import Action, Zone

from indicators.models import Category

from . import annual, monthly, outline, section_services, selectors, services, verify
from .docx_builder import Heading, Image, PageBreak, Paragraph, Signature, Table, build_docx
from .docx_layout import chinese_date
from .forms import ItemFormSet, NextStepsForm, OutlineSectionForm, ReportPickForm, SectionsForm, item_initial, outline_initial
from .marks import segments
from .models import NEXT_STEPS_PREFIX, NarrativeItem

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _dated(request) -> datetime.date | None:
    """The optional ?date=YYYY-MM-DD staff set as the document's 成文日期; without one, today."""
    try:
        return datetime.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        return None


def _as_of(request) -> int | None:
    """The optional ?as_of=M of a report URL; anything but 1..12 means "latest month with data"."""
    value = request.GET.get("as_of", "")
    return int(value) if value.isdigit() and 1 <= int(value) <= 12 else None


@require_GET
def index(request):
    """Pick a zone and year; links to the preview, the narrative and the downloads."""
    zones = Zone.objects.for_user(request.user)
    today = clock.today()
    form = ReportPickForm(request.GET or None, user=request.user)
    if form.is_valid():
        zone, year = form.cleaned_data["zone"], form.cleaned_data["year"]
        as_of = form.cleaned_data["as_of"]
        query = f"?as_of={as_of}" if as_of else ""
        return redirect(reverse("reports:preview", args=[zone.code, year]) + query)
    if not request.GET:
        form = ReportPickForm(initial={"zone": zones.first(), "year": today.year}, user=request.user)
    editable = set(Zone.objects.for_user(request.user, Action.EDIT).values_list("pk", flat=True))
    rows = [{"zone": zone, "can_edit": zone.pk in editable} for zone in zones]
    # Briefings are written for the month just ended: in January, of last year's December.
    briefing = (today.replace(day=1) - datetime.timedelta(days=1))
    return render(request, "reports/index.html", {"form": form, "rows": rows, "year": today.year, "briefing_year": briefing.year})


def _preview_blocks(blocks) -> list[dict]:
    """The draft's blocks as the preview template shows them."""
    shown = []
    for block in blocks:
        if isinstance(block, Heading):
            shown.append({"kind": "heading", "level": block.level, "text": block.text, "body": segments(block.body, block.body_spans)})
        elif isinstance(block, Paragraph):
            # A note is highlighted as a whole; in the body only the unapproved figures are.
            shown.append({"kind": "paragraph", "marked": block.marked, "pieces": segments(block.text, block.spans)})
        elif isinstance(block, Table):
            rows = [{"cells": row, "part": index in block.indent_rows} for index, row in enumerate(block.rows)]
            shown.append({"kind": "table", "title": block.title, "columns": block.columns, "rows": rows})
        elif isinstance(block, Image):
            # Drawn by plotly.js in the browser: the Word picture takes a second to draw.
            shown.append({"kind": "chart", "figures": block.picture.plotly(), "caption": block.caption})
        elif isinstance(block, PageBreak):
            shown.append({"kind": "pagebreak"})
        elif isinstance(block, Signature):
            shown.append({"kind": "signature", "issuer": block.issuer, "dated": chinese_date(block.dated)})
    return shown


@require_GET
def preview(request, zone, year):
    """The draft as it is sent, and below it the 审核依据清单 that is downloaded apart."""
    zone = zone_for_user(request.user, zone)
    as_of = _as_of(request)
    draft = annual.annual_draft(zone, year, as_of)
    blocks = _preview_blocks(draft.document.blocks)
    return render(
        request,
        "reports/preview.html",
        {
            "zone": zone,
            "year": year,
            "as_of": draft.as_of,
            "title": draft.document.title,
            "blocks": blocks,
            "checklist": _preview_blocks(draft.checklist.blocks),
            "checklist_title": draft.checklist.title,
            "figures": [figure for block in blocks if block["kind"] == "chart" for figure in block["figures"]],
            "unapproved": draft.unapproved,
            # What the draft checker finds in the text as shown (reports.verify).
            "findings": verify.check_lines(verify.block_lines(draft.document.blocks), zone, year, draft.as_of),
            "approved_only": draft.approved_only,
            "can_edit": request.user.can(Action.EDIT, zone),
            "download_query": f"?as_of={as_of}" if as_of else "",
            "today": clock.today(),
        },
    )


def docx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX)
    # RFC 6266 with UTF-8 for the Chinese file name, ASCII fallback for old clients.
    response["Content-Disposition"] = f"attachment; filename=\"report.docx\"; filename*=UTF-8''{quote(filename)}"
    return response


def draft_response(draft, checklist: bool) -> HttpResponse:
    """The draft to send, or its 审核依据清单 as a document of its own."""
    if checklist:
        return docx_response(build_docx(draft.checklist), draft.checklist_name)
    return docx_response(build_docx(draft.document), draft.document_name)


@require_GET
def download(request, zone, year, checklist=False):
    zone = zone_for_user(request.user, zone)
    draft = annual.annual_draft(zone, year, _as_of(request), dated=_dated(request))
    return draft_response(draft, checklist)


@require_GET
def monthly_download(request, zone, year, month=None, checklist=False):
    """The 月报 of `month`, or without one of the latest approved month (or its checklist)."""
    zone = zone_for_user(request.user, zone)
    draft = monthly.monthly_draft(zone, year, month, dated=_dated(request))
    return draft_response(draft, checklist)


@require_http_methods(["GET", "POST"])
def narrative(request, zone, year):
    """Edit the section texts, problems and plans of a zone's report (read-only for viewers)."""
    zone = zone_for_user(request.user, zone)
    can_edit = request.user.can(Action.EDIT, zone)
    sections, items = selectors.narrative(zone, year)
    if request.method == "POST":
        # save_narrative refuses users who may not edit the zone (RightsRefused: 403).
        form = SectionsForm(request.POST, sections=sections)
        problems = ItemFormSet(request.POST, prefix="problems")
        plans = ItemFormSet(request.POST, prefix="plans")
        if form.is_valid() and problems.is_valid() and plans.is_valid():
            try:
                changed = services.save_narrative(
                    zone, year, sections=form.sections(), problems=problems.items(), plans=plans.items(),
                    user=request.user, channel=Channel.FORM, expected_fingerprint=form.cleaned_data["fingerprint"],
                )
            except services.NarrativeConflict:
                form.add_error(
                    None,
                    _("保存失败：在您编辑期间，其他人已修改并保存了本年的文字。您的输入仍在下方，请打开新窗口核对最新内容后再保存。"),
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("已保存，修改了%(n)s处。") % {"n": changed})
                return redirect("reports:narrative", zone=zone.code, year=year)
    else:
        form = SectionsForm(sections=sections, initial={"fingerprint": services.narrative_fingerprint(zone, year)})
        problems = ItemFormSet(prefix="problems", initial=item_initial(items[NarrativeItem.Kind.PROBLEM]))
        plans = ItemFormSet(prefix="plans", initial=item_initial(items[NarrativeItem.Kind.PLAN]))
    return render(
        request,
        "reports/narrative.html",
        {
            "zone": zone,
            "year": year,
            "form": form,
            "problems": problems,
            "plans": plans,
            "can_edit": can_edit,
            "can_copy": can_edit and selectors.has_narrative(zone, year - 1),
        },
    )


@require_http_methods(["GET", "POST"])
def next_steps(request, zone, year, month):
    """The 下一步 of a month's 月报, written by staff (read-only for viewers)."""
    zone = zone_for_user(request.user, zone)
    key = f"{NEXT_STEPS_PREFIX}{month}"
    saved = selectors.narrative(zone, year)[0].get(key)
    form = NextStepsForm(request.POST or None, initial={"text": saved.text if saved else ""})
    if request.method == "POST" and form.is_valid():
        # save_next_steps refuses users who may not edit the zone (RightsRefused: 403).
        try:
            services.save_next_steps(zone, year, month, form.cleaned_data["text"], user=request.user, channel=Channel.FORM)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("text", message)
        else:
            messages.success(request, _("已保存%(month)s月月报的下一步工作。") % {"month": month})
            return redirect("reports:next_steps", zone=zone.code, year=year, month=month)
    return render(request, "reports/next_steps.html", {
        "zone": zone, "year": year, "month": month, "form": form, "can_edit": request.user.can(Action.EDIT, zone),
    })


@require_POST
def narrative_copy(request, zone, year):
    """Start this year's narrative from last year's, where this year's is still empty."""
    zone = zone_for_user(request.user, zone)  # the service refuses users who may not edit it (403)
    changed = services.start_from_previous_year(zone, year, user=request.user, channel=Channel.FORM)
    if changed:
        messages.success(request, _("已从%(year)s年复制%(n)s处文字，请逐段修改。") % {"year": year - 1, "n": changed})
    else:
        messages.info(request, _("没有可复制的内容：上一年没有文字，或本年各处已填写。"))
    return redirect("reports:narrative", zone=zone.code, year=year)


# The outline page's move buttons: how many places each moves a section.
MOVES = {"up": -1, "down": 1}
# Every button of the outline page; anything else posted is refused (400), never taken as a save.
OUTLINE_ACTIONS = {*MOVES, "remove", "restore", "add", "save"}


def _outline_action(request, zone, year, action: str, key: str, entry) -> OutlineSectionForm | None:
    """Run one button of the outline page; the bound form when it has errors to show, else None."""
    user, channel = request.user, Channel.FORM
    if action in MOVES:
        section_services.move_section(zone, year, key, MOVES[action], user=user, channel=channel)
        return None
    if action == "remove":
        section_services.remove_section(zone, year, key, user=user, channel=channel)
        messages.success(request, _("已删除章节。") if entry is None or entry.is_own else _("本节今年不写，可在页面下方恢复。"))
        return None
    if action == "restore":
        section_services.restore_section(zone, year, key, user=user, channel=channel)
        return None
    form = OutlineSectionForm(request.POST, own=entry is None or entry.is_own)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if action == "add":
                section_services.add_section(zone, year, title=data["title"], text=data["text"], inserts=data["inserts"], user=user, channel=channel)
                messages.success(request, _("已添加章节“%(title)s”。") % {"title": data["title"]})
            else:
                section_services.update_section(
                    zone, year, key, title=data["title"], text=data["text"], inserts=data["inserts"], user=user, channel=channel,
                )
                messages.success(request, _("已保存章节。"))
            return None
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
    return form


@require_http_methods(["GET", "POST"])
def sections(request, zone, year):
    """Shape 一、工作总结: add, rename, reorder and remove sections and choose their record sentences."""
    zone = zone_for_user(request.user, zone)
    can_edit = request.user.can(Action.EDIT, zone)
    entries = outline.entries(list(Category.objects.all()), selectors.narrative(zone, year)[0])
    by_key = {entry.key: entry for entry in entries}
    failed, failed_key = None, None
    if request.method == "POST":
        # The services refuse users who may not edit the zone (RightsRefused: 403).
        action, key = request.POST.get("action", ""), request.POST.get("key", "")
        if action not in OUTLINE_ACTIONS:
            return HttpResponseBadRequest(_("未知的操作。"))
        entry = by_key.get(key)
        if action != "add" and entry is None:
            messages.error(request, _("这个章节已不存在，请刷新页面。"))
            return redirect("reports:sections", zone=zone.code, year=year)
        failed = _outline_action(request, zone, year, action, key, entry)
        if failed is None:
            return redirect(reverse("reports:sections", args=[zone.code, year]) + (f"#section-{key}" if key else ""))
        failed_key = key if action != "add" else None
    rows = [
        {
            "entry": entry,
            "form": failed if entry.key == failed_key else OutlineSectionForm(initial=outline_initial(entry), own=entry.is_own),
        }
        for entry in entries
    ]
    return render(
        request,
        "reports/sections.html",
        {
            "zone": zone,
            "year": year,
            "shown": [row for row in rows if not row["entry"].hidden],
            "hidden": [row for row in rows if row["entry"].hidden],
            "add_form": failed if failed is not None and failed_key is None else OutlineSectionForm(own=True),
            "can_edit": can_edit,
        },
    )
