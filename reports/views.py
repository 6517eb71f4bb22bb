import datetime
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.models import Channel
from zones.access import zone_for_user
from zones.models import Action, Zone

from . import annual, monthly, selectors, services
from .docx_builder import Heading, Image, PageBreak, Paragraph, Table
from .forms import ItemFormSet, ReportPickForm, SectionsForm, item_initial
from .models import NarrativeItem

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _as_of(request) -> int | None:
    """The optional ?as_of=M of a report URL; anything but 1..12 means "latest month with data"."""
    value = request.GET.get("as_of", "")
    return int(value) if value.isdigit() and 1 <= int(value) <= 12 else None


@require_GET
def index(request):
    """Pick a zone and year; links to the preview, the narrative and the downloads."""
    zones = Zone.objects.for_user(request.user)
    today = timezone.localdate()
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
    # Briefings are written for the month just ended, which is what staff have entered.
    briefing = (today.replace(day=1) - datetime.timedelta(days=1))
    return render(
        request,
        "reports/index.html",
        {"form": form, "rows": rows, "year": today.year, "briefing_year": briefing.year, "briefing_month": briefing.month},
    )


def _preview_blocks(blocks) -> list[dict]:
    """The draft's blocks as the preview template shows them."""
    shown = []
    for block in blocks:
        if isinstance(block, Heading):
            shown.append({"kind": "heading", "level": block.level, "text": block.text, "body": block.body})
        elif isinstance(block, Paragraph):
            shown.append({"kind": "paragraph", "text": block.text, "marked": block.marked})
        elif isinstance(block, Table):
            rows = [{"cells": row, "part": index in block.indent_rows} for index, row in enumerate(block.rows)]
            shown.append({"kind": "table", "title": block.title, "columns": block.columns, "rows": rows})
        elif isinstance(block, Image):
            # Drawn by plotly.js in the browser: the Word picture takes a second to draw.
            shown.append({"kind": "chart", "figures": block.picture.plotly(), "caption": block.caption})
        elif isinstance(block, PageBreak):
            shown.append({"kind": "pagebreak"})
    return shown


@require_GET
def preview(request, zone, year):
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
            "figures": [figure for block in blocks if block["kind"] == "chart" for figure in block["figures"]],
            "unapproved": draft.unapproved,
            "can_edit": request.user.can(Action.EDIT, zone),
            "download_query": f"?as_of={as_of}" if as_of else "",
        },
    )


def docx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX)
    # RFC 6266 with UTF-8 for the Chinese file name, ASCII fallback for old clients.
    response["Content-Disposition"] = f"attachment; filename=\"report.docx\"; filename*=UTF-8''{quote(filename)}"
    return response


@require_GET
def download(request, zone, year):
    zone = zone_for_user(request.user, zone)
    content = annual.annual_docx(zone, year, _as_of(request))
    return docx_response(content, f"{annual.annual_title(zone, year)}.docx")


@require_GET
def monthly_download(request, zone, year, month):
    zone = zone_for_user(request.user, zone)
    content = monthly.monthly_docx(zone, year, month)
    return docx_response(content, f"{monthly.monthly_title(zone, year, month)}.docx")


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
