"""Jobs that cannot be queued, that no longer end, or that pile up: the user is told, the row never
stays queued for ever, one user cannot fill the queue, and one zone's failed draft leaves the others."""

import datetime
import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from jobs import runner, services, tasks
from jobs.models import Job
from reports import annual

QUEUE_DOWN = "任务队列暂时不可用"


@pytest.fixture
def broker_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.run_job, "apply_async", refuse)


@pytest.fixture
def broker_silent(monkeypatch):
    """A broker that takes the job, and no worker that ever runs it."""
    monkeypatch.setattr(tasks.run_job, "apply_async", lambda *args, **kwargs: None)


def _drafts(client, zone, on_commit):
    return on_commit(client.post, reverse("jobs:drafts"), {"zones": [zone.pk], "year": 2025})


def test_a_job_the_broker_refuses_fails_at_once_with_a_message(zone, city_leader, client_for, on_commit, broker_down):
    client = client_for(city_leader)
    response = _drafts(client, zone, on_commit)
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == Job.Status.FAILED and QUEUE_DOWN in job.error and job.finished_at is not None
    page = client.get(response["Location"]).content.decode()
    assert QUEUE_DOWN in page and 'http-equiv="refresh"' not in page


def test_where_settings_allow_a_refused_job_runs_in_the_request(zone, city_leader, client_for, on_commit, broker_down,
                                                                settings):
    settings.JOBS_RUN_INLINE_WITHOUT_BROKER = True
    _drafts(client_for(city_leader), zone, on_commit)
    assert Job.objects.get().status == Job.Status.DONE


def test_one_user_may_have_three_jobs_waiting_not_more(zone, city_leader, leader, client_for, on_commit, broker_silent):
    client = client_for(city_leader)
    for _ in range(3):
        assert _drafts(client, zone, on_commit).status_code == 302
    response = _drafts(client, zone, on_commit)
    assert response.status_code == 200 and "您已有3个任务在排队或进行中" in response.content.decode()
    assert Job.objects.filter(user=city_leader).count() == 3
    # Another user's queue is their own; a finished job frees a place.
    assert _drafts(client_for(leader), zone, on_commit).status_code == 302
    Job.objects.filter(pk=Job.objects.filter(user=city_leader).first().pk).update(status=Job.Status.DONE)
    assert _drafts(client, zone, on_commit).status_code == 302


def test_the_sweeper_fails_jobs_stuck_queued_or_running_with_the_reason(zone, staff):
    now = timezone.now()
    old_queued = Job.objects.create(kind=Job.Kind.DRAFTS, user=staff)
    Job.objects.filter(pk=old_queued.pk).update(created_at=now - datetime.timedelta(minutes=31))
    fresh_queued = Job.objects.create(kind=Job.Kind.DRAFTS, user=staff)
    old_running = Job.objects.create(kind=Job.Kind.IMPORT, user=staff, status=Job.Status.RUNNING,
                                     started_at=now - datetime.timedelta(hours=4))
    fresh_running = Job.objects.create(kind=Job.Kind.IMPORT, user=staff, status=Job.Status.RUNNING, started_at=now)
    assert services.sweep_stuck(now) == 2
    states = {job.pk: (job.status, job.error) for job in Job.objects.all()}
    assert states[old_queued.pk][0] == Job.Status.FAILED and "排队超过30分钟" in states[old_queued.pk][1]
    assert states[old_running.pk][0] == Job.Status.FAILED and "运行超过180分钟" in states[old_running.pk][1]
    assert states[fresh_queued.pk][0] == Job.Status.QUEUED and states[fresh_running.pk][0] == Job.Status.RUNNING


def test_a_swept_job_keeps_its_failure_when_its_work_ends_later(zone, staff, monkeypatch):
    job = Job.objects.create(kind=Job.Kind.REMINDERS, user=staff)

    def slow(job, progress):
        services.sweep_stuck(timezone.now() + datetime.timedelta(days=1))  # the sweeper ran meanwhile
        return "done", None, ""

    monkeypatch.setitem(runner.KINDS, Job.Kind.REMINDERS, slow)
    runner.execute(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "运行超过" in job.error


def test_one_zone_failing_leaves_the_others_drafts_in_the_zip(zone, other_zone, city_leader, client_for, on_commit,
                                                              monkeypatch):
    made = annual.annual_draft

    def failing_for_lh(zone, *args, **kwargs):
        if zone.code == "LH":
            raise ValueError("All strings must be XML compatible")
        return made(zone, *args, **kwargs)

    monkeypatch.setattr(annual, "annual_draft", failing_for_lh)
    client = client_for(city_leader)
    on_commit(client.post, reverse("jobs:drafts"), {"zones": [zone.pk, other_zone.pk], "year": 2025})
    job = Job.objects.get()
    assert job.status == Job.Status.DONE
    assert "已生成1个开发区的工作总结草稿" in job.message and "临海经济开发区：未能生成（ValueError）" in job.message
    archive = zipfile.ZipFile(io.BytesIO(client.get(reverse("jobs:result", args=[job.pk])).content))
    title = annual.annual_title(zone, 2025)
    assert sorted(archive.namelist()) == sorted([f"{title}.docx", f"{title}审核依据清单.docx", "生成情况.txt"])
    assert "临海经济开发区：未能生成" in archive.read("生成情况.txt").decode()


def test_every_zone_failing_fails_the_job_naming_them(zone, city_leader, client_for, on_commit, monkeypatch):
    monkeypatch.setattr(annual, "annual_draft", lambda *args, **kwargs: 1 / 0)
    on_commit(client_for(city_leader).post, reverse("jobs:drafts"), {"zones": [zone.pk], "year": 2025})
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED and "XX经济技术开发区：未能生成（ZeroDivisionError）" in job.error
