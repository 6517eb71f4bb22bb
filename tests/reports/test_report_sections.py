"""Sections staff shape: add, rename, reorder, remove per zone and year, with record sentences;
last year's structure is copied; the outline feeds preview, .docx and the command alike."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from audit.models import ChangeRecord
from projects.models import RelocationCase
from reports import annual, section_services
from reports.models import NarrativeSection
from reports.services import start_from_previous_year
from tests.reports.support import YEAR, docx_text
from zones.access import RightsRefused

SECTIONS = reverse("reports:sections", args=["HX", YEAR])
RELOCATION_SENTENCE = "涉及搬迁企业5家，已完成搬迁腾空3家"


@pytest.fixture
def relocating(zone, enter):
    RelocationCase.objects.create(zone=zone, name="东片区", enterprises_total=5, enterprises_moved=3)
    # A figure in each category, so that each has a section (one with nothing to say is left out).
    enter(zone, YEAR, 10, {"general_budget_revenue": "2", "signed_projects": 2, "new_projects_started": 1, "land_supplied_area": "30"})
    return zone


def headings(zone, year=YEAR) -> list[str]:
    text = docx_text(annual.annual_docx(zone, year, 10))
    start = text.index("一、")
    end = min(text.find(mark, start) % len(text) for mark in ("\n二、", "\n附表", "\n审核依据清单"))
    return [line.split("。")[0] for line in text[start:end].splitlines() if line.startswith("（")]


def add_relocation(zone, user, year=YEAR):
    return section_services.add_section(
        zone, year, title="征迁收储", text="全力推进东片区征迁。", inserts=["relocation"], user=user, channel="form",
    )


def test_an_added_section_carries_its_record_sentence_once_and_moves(relocating, staff):
    section = add_relocation(relocating, staff)
    assert headings(relocating) == ["（一）经济运行", "（二）招商引资", "（三）项目建设", "（四）土地管理", "（五）征迁收储"]
    text = docx_text(annual.annual_docx(relocating, YEAR, 10))
    assert f"（五）征迁收储。{RELOCATION_SENTENCE}。全力推进东片区征迁。" in text
    assert text.count(RELOCATION_SENTENCE) == 1  # no longer in 土地管理
    # 安全生产 (no figures yet, so not in the draft) stands between 土地管理 and the new section.
    for _ in range(4):
        assert section_services.move_section(relocating, YEAR, section.key, -1, user=staff, channel="form")
    assert not section_services.move_section(relocating, YEAR, "economy", -1, user=staff, channel="form")
    assert headings(relocating)[:3] == ["（一）经济运行", "（二）征迁收储", "（三）招商引资"]
    # Its creation at place 6, then four moves.
    assert ChangeRecord.objects.filter(object_id=section.pk, field="position", channel="form").count() == 5


def test_rename_remove_and_restore(relocating, staff):
    section_services.update_section(relocating, YEAR, "promotion", title="多措并举抓招商", text="", inserts=[], user=staff, channel="form")
    section_services.remove_section(relocating, YEAR, "land", user=staff, channel="form")
    assert headings(relocating) == ["（一）经济运行", "（二）多措并举抓招商", "（三）项目建设"]
    section_services.restore_section(relocating, YEAR, "land", user=staff, channel="form")
    assert "（四）土地管理" in headings(relocating)
    own = add_relocation(relocating, staff)
    section_services.remove_section(relocating, YEAR, own.key, user=staff, channel="form")
    assert not NarrativeSection.objects.filter(key=own.key).exists()
    assert ChangeRecord.objects.filter(object_id=own.pk, field="lead", old_value="征迁收储", new_value="").exists()


def test_bad_input_and_other_zones_are_refused(relocating, staff, outsider, leader):
    with pytest.raises(ValidationError) as error:
        section_services.add_section(relocating, YEAR, title=" ", inserts=["weather"], user=staff, channel="form")
    assert set(error.value.message_dict) == {"title", "inserts"}
    for user in (outsider, leader):
        with pytest.raises(RightsRefused):
            add_relocation(relocating, user)
    assert not NarrativeSection.objects.exists()


def test_copy_from_last_year_keeps_the_structure(relocating, staff):
    section = add_relocation(relocating, staff, YEAR - 1)
    section_services.move_section(relocating, YEAR - 1, section.key, -4, user=staff, channel="form")
    section_services.remove_section(relocating, YEAR - 1, "projects", user=staff, channel="form")
    assert start_from_previous_year(relocating, YEAR, user=staff, channel="form") > 0
    assert headings(relocating) == ["（一）经济运行", "（二）征迁收储", "（三）招商引资", "（四）土地管理"]
    assert "全力推进东片区征迁。" in docx_text(annual.annual_docx(relocating, YEAR, 10))
    assert start_from_previous_year(relocating, YEAR, user=staff, channel="form") == 0


def test_the_page_adds_moves_and_shows_errors_next_to_the_field(relocating, staff, leader, client_for, tmp_path):
    client = client_for(staff)
    response = client.post(SECTIONS, {"action": "add", "title": "", "text": "留着的正文", "inserts": ["relocation"]})
    assert response.status_code == 200
    body = response.content.decode()
    assert '<span class="error">请填写章节标题</span>' in body
    assert "留着的正文" in body and 'value="relocation" id="insert-new-relocation" checked' in body
    assert client.post(SECTIONS, {"action": "add", "title": "征迁收储", "inserts": ["relocation"]}).status_code == 302
    key = NarrativeSection.objects.get(lead="征迁收储").key
    for _ in range(4):
        assert client.post(SECTIONS, {"action": "up", "key": key}).status_code == 302
    page = client_for(leader).get(SECTIONS).content.decode()
    assert page.index("征迁收储") < page.index("招商引资") and "保存本节" not in page
    assert client_for(leader).post(SECTIONS, {"action": "up", "key": key}).status_code == 403
    # The preview, the download and the command share the outline.
    preview = client_for(leader).get(reverse("reports:preview", args=["HX", YEAR]) + "?as_of=10").content.decode()
    assert preview.index("（二）征迁收储。") < preview.index("（三）招商引资。")
    out = tmp_path / "draft.docx"
    call_command("annual_report", zone="HX", year=YEAR, as_of=10, out=str(out), stdout=io.StringIO())
    download = client_for(leader).get(reverse("reports:download", args=["HX", YEAR]) + "?as_of=10").content
    assert docx_text(out.read_bytes()) == docx_text(download)
    assert docx_text(download).index("（二）征迁收储。" + RELOCATION_SENTENCE) < docx_text(download).index("（三）招商引资。")


def test_an_unknown_action_is_refused_and_saves_nothing(relocating, staff, client_for):
    key = section_services.add_section(relocating, YEAR, title="征迁收储", user=staff, channel="form").key
    response = client_for(staff).post(SECTIONS, {"action": "delete-everything", "key": key, "title": "改过的标题"})
    assert response.status_code == 400
    assert NarrativeSection.objects.get(key=key).lead == "征迁收储"


def test_the_outline_page_is_refused_to_outsiders(relocating, outsider, client_for):
    assert client_for(outsider).get(SECTIONS).status_code == 404


def test_the_outline_page_queries_do_not_grow_with_the_sections(relocating, staff, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(staff)
    add_relocation(relocating, staff)
    with CaptureQueriesContext(connection) as one:
        assert client.get(SECTIONS).status_code == 200
    for title in ("机构机制", "城市多元业态", "党的建设"):
        section_services.add_section(relocating, YEAR, title=title, user=staff, channel="form")
    section_services.remove_section(relocating, YEAR, "land", user=staff, channel="form")
    with CaptureQueriesContext(connection) as four:
        assert client.get(SECTIONS).status_code == 200
    assert len(four) == len(one)
