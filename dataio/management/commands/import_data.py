"""python manage.py import_data KIND PATH [--dry-run] [--user NAME]

Exit status 0 only when everything was applied (or, with --dry-run, would be); otherwise
nothing is applied and every bad row is listed with its row number, column and reason.
Without --user the import runs as the system, with access to every zone.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dataio.registry import STATUS_LABELS, all_kinds, get_kind
from dataio.services import run_import
from zones.models import User


class Command(BaseCommand):
    help = "导入开发区、园区、年度目标、月度数据等（.xlsx 或 .csv）"

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=[kind.name for kind in all_kinds()])
        parser.add_argument("path")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")
        parser.add_argument("--user", help="以该用户的权限导入，并记入修改记录")

    def handle(self, kind, path, dry_run=False, user=None, **options):
        actor = None
        if user:
            actor = User.objects.filter(username=user, is_active=True).first()
            if actor is None:
                raise CommandError(f"用户不存在或已停用：{user}")
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"文件不存在：{path}")
        report = run_import(get_kind(kind), file.read_bytes(), file.name, actor, apply=not dry_run)
        counts = report.counts
        self.stdout.write("，".join(f"{STATUS_LABELS[status]} {n}" for status, n in counts.items()))
        for issue in report.warnings:
            self.stdout.write(f"提示 {issue}")
        for issue in report.errors:
            self.stderr.write(f"错误 {issue}")
        if not report.ok:
            raise CommandError(f"有{len(report.errors)}处错误，未导入任何数据。", returncode=1)
        if dry_run:
            self.stdout.write(self.style.SUCCESS("检查通过（--dry-run，未写入）。"))
        else:
            self.stdout.write(self.style.SUCCESS("已全部导入。"))
