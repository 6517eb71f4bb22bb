from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports import annual
from zones.models import Zone


class Command(BaseCommand):
    help = "Write a zone's year-end summary draft (the same .docx as the browser export)."

    def add_arguments(self, parser):
        parser.add_argument("--zone", required=True, help="zone code, e.g. XB")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--as-of", dest="as_of", type=int, choices=range(1, 13), metavar="M",
                            help="month the figures run to (default: each figure's latest approved month)")
        parser.add_argument("--out", required=True, help="path of the .docx to write")

    def handle(self, *args, zone, year, as_of, out, **options):
        found = Zone.objects.filter(code=zone).first()
        if found is None:
            raise CommandError(f"no zone with code {zone!r}")
        content = annual.annual_docx(found, year, as_of)
        Path(out).write_bytes(content)
        self.stdout.write(f"{annual.annual_title(found, year)}: {out} ({len(content)} bytes)")
