"""Jobs run inline without a broker (settings.CELERY_TASK_ALWAYS_EAGER): drafts for several zones
as a zip, a large import through a job, failures that show their error and change nothing, the
scheduled reminders and clean-up."""

import io
import re
import zipfile

from django.urls import reverse

from audit.models import ChangeRecord
from dataio import registry
from dataio.models import PendingUpload
from indicators import workflow
from indicators.models import MonthlyValue, ZoneMonth
from jobs import progress, tasks
from jobs.models import Job
from notifications.models import Notification
from tests.fingerprint import fingerprint
from reports import annual
from tests.conftest import BLANKS_EXPLAINED
from tests.reports.support import docx_text

CSV = "zone,indicator,year,month,value\nHX,tax_revenue,2025,10,26362\nHX,fixed_asset_investment,2025,10,22.32\n"


def test_drafts_for_several_zones_as_one_zip(zone, other_zone, city_leader, client_for, on_commit, enter):
    enter(zone, 2025, 10, {"tax_revenue": 26362})
    client = client_for(city_leader)
    assert 'name="zones"' in client.get(reverse("jobs:drafts")).content.decode()
    response = on_commit(client.post, reverse("jobs:drafts"), {"zones": [zone.pk, other_zone.pk], "year": 2025})
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == Job.Status.DONE and job.percent == 100 and job.rows_done == job.rows_total == 2
    status = client.get(reverse("jobs:status", args=[job.pk])).json()
    assert status["finished"] and status["percent"] == 100
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "已生成2个开发区的工作总结草稿" in page and 'http-equiv="refresh"' not in page
    archive = zipfile.ZipFile(io.BytesIO(client.get(reverse("jobs:result", args=[job.pk])).content))
    # Each zone's draft, and its 审核依据清单 beside it rather than inside it.
    title = annual.annual_title(zone, 2025)
    assert sorted(archive.namelist()) == sorted(
        f"{annual.annual_title(each, 2025)}{suffix}.docx" for each in (zone, other_zone) for suffix in ("", "审核依据清单")
    )
    assert "不随文报送" in docx_text(archive.read(f"{title}审核依据清单.docx"))
    draft = docx_text(archive.read(f"{title}.docx"))
    assert "完成税收2.64亿元" in draft and "审核依据清单" not in draft and "不随文报送" not in draft


def test_drafts_only_for_zones_the_user_sees(zone, other_zone, leader, client_for, on_commit):
    response = on_commit(client_for(leader).post, reverse("jobs:drafts"), {"zones": [other_zone.pk], "year": 2025})
    assert response.status_code == 200 and "error" in response.content.decode()
    assert not Job.objects.exists()


def test_others_cannot_follow_or_download_a_job(zone, city_leader, staff, client_for, on_commit):
    on_commit(client_for(city_leader).post, reverse("jobs:drafts"), {"zones": [zone.pk], "year": 2025})
    job = Job.objects.get()
    client = client_for(staff)
    for name in ("jobs:detail", "jobs:status", "jobs:result"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404


def _preview(client, text=CSV):
    upload = io.BytesIO(text.encode())
    upload.name = "values.csv"
    page = client.post("/data/", {"kind": "values", "file": upload}).content.decode()
    return page, re.search(r'name="token" value="(\w+)"', page).group(1)


def test_a_large_import_runs_as_a_job(zone, staff, client_for, on_commit, settings):
    settings.IMPORT_JOB_MIN_BYTES = 10
    client = client_for(staff)
    page, token = _preview(client)
    assert f'action="{reverse("jobs:import_confirm")}"' in page
    response = on_commit(client.post, reverse("jobs:import_confirm"), {"kind": "values", "token": token})
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == Job.Status.DONE and job.rows_done == 2 and "新增2行" in job.message
    assert MonthlyValue.objects.count() == 2 and not PendingUpload.objects.exists()


def test_small_imports_stay_in_the_request(zone, staff, client_for):
    page, _token = _preview(client_for(staff))
    assert f'action="{reverse("dataio:confirm")}"' in page


def test_a_failed_import_job_shows_its_error_and_changes_nothing(zone, staff, reviewer, client_for, on_commit, settings, enter):
    settings.IMPORT_JOB_MIN_BYTES = 10
    client = client_for(staff)
    _page, token = _preview(client)
    # Between preview and confirm the month is submitted: its figures are locked.
    enter(zone, 2025, 10, {"tax_revenue": 1})
    workflow.submit(ZoneMonth(zone=zone, year=2025, month=10), staff, BLANKS_EXPLAINED)
    before = fingerprint(MonthlyValue, ZoneMonth, ChangeRecord)
    on_commit(client.post, reverse("jobs:import_confirm"), {"kind": "values", "token": token})
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED and job.error.startswith("未导入任何数据")
    assert fingerprint(MonthlyValue, ZoneMonth, ChangeRecord) == before
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert 'data-role="error"' in page and "未导入任何数据" in page
    assert client.get(reverse("jobs:result", args=[job.pk])).status_code == 403
    status = client.get(reverse("jobs:status", args=[job.pk])).json()
    assert status["finished"] and status["status"] == "failed" and status["error"].startswith("未导入任何数据")
    # It failed writing, after checking both rows: the row keeps how far it got, the cache nothing.
    assert job.rows_done == job.rows_total == 2 and progress.read(job.pk) == {}


MONTHS_CSV = "zone,indicator,year,month,value\n" + "".join(f"HX,tax_revenue,2025,{m},{100 * m}\n" for m in range(1, 9))


def test_a_running_import_job_reports_rows_and_percent(zone, staff, client_for, on_commit, settings, monkeypatch):
    """Progress is kept outside the import's transaction, and the status page reads it while the job runs."""
    settings.IMPORT_JOB_MIN_BYTES = 10
    monkeypatch.setattr(registry, "PROGRESS_EVERY", 3)
    client = client_for(staff)
    _page, token = _preview(client, MONTHS_CSV)
    kept, seen = progress.keep, []

    def keep_and_look(job_id, figures):
        kept(job_id, figures)
        row = Job.objects.get(pk=job_id)
        seen.append((figures, client.get(reverse("jobs:status", args=[job_id])).json(), row.rows_done))

    monkeypatch.setattr(progress, "keep", keep_and_look)
    on_commit(client.post, reverse("jobs:import_confirm"), {"kind": "values", "token": token})
    job = Job.objects.get()
    assert job.status == Job.Status.DONE and job.percent == 100 and job.rows_done == job.rows_total == 8
    reported = [(f["stage"], f["rows_done"], f["percent"]) for f, _status, _row in seen]
    assert reported == [("checking", 0, 0), ("checking", 0, 0), ("checking", 3, 33), ("checking", 6, 67),
                        ("writing", 8, 90), ("", 8, 99)]
    for figures, status, row_rows_done in seen:
        assert status["status"] == "running" and not status["finished"]
        assert {k: status[k] for k in figures} == figures and row_rows_done == 0  # from the cache, not the row
    assert seen[3][1]["stage_label"] == "正在检查" and seen[4][1]["stage_label"] == "正在写入"
    assert progress.read(job.pk) == {} and MonthlyValue.objects.count() == 8


def test_the_job_row_status_wins_over_the_cache(zone, staff, client_for):
    client = client_for(staff)
    job = Job.objects.create(kind=Job.Kind.IMPORT, user=staff, status=Job.Status.RUNNING)
    progress.keep(job.pk, {"percent": 45, "rows_done": 500, "rows_total": 1000, "stage": "checking"})
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "正在检查 · 45% · 已处理500 / 1000" in page and 'aria-valuenow="45"' in page
    assert client.get(reverse("jobs:status", args=[job.pk])).json()["rows_done"] == 500
    # Finished while an entry stayed behind (a worker gone before deleting it): the row decides.
    Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE, percent=100, rows_done=1000, rows_total=1000)
    status = client.get(reverse("jobs:status", args=[job.pk])).json()
    assert status["finished"] and status["percent"] == 100 and status["stage_label"] == ""


def test_an_expired_token_fails_the_job(zone, staff, client_for, on_commit):
    on_commit(client_for(staff).post, reverse("jobs:import_confirm"), {"kind": "values", "token": "nope"})
    assert Job.objects.get().error == "导入已过期或已完成，请重新上传文件。"


def test_a_job_found_running_was_interrupted_and_is_failed(zone, staff):
    job = Job.objects.create(kind=Job.Kind.REMINDERS, status=Job.Status.RUNNING)
    tasks.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "中断" in job.error


def test_the_scheduled_jobs(zone, staff, settings):
    settings.DEVZONE_TODAY = "2026-03-06"
    tasks.send_reminders()
    tasks.clear_expired_uploads()
    reminders, cleanup = Job.objects.order_by("pk")
    assert reminders.status == cleanup.status == Job.Status.DONE
    assert reminders.message == "新发送1条提醒、0份每周摘要，发出0封邮件。" and Notification.objects.count() == 1
    assert settings.CELERY_BEAT_SCHEDULE["send-reminders"]["task"] == "jobs.send_reminders"


def test_the_job_page_refreshes_itself_without_javascript(zone, staff, client_for):
    job = Job.objects.create(kind=Job.Kind.IMPORT, user=staff)
    page = client_for(staff).get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page and "排队中" in page
