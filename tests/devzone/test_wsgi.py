"""gunicorn's entry point loads the views while the worker boots, not in its first request."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_importing_the_wsgi_application_loads_every_view():
    script = (
        "import sys; import devzone.wsgi; "
        "print(all(m in sys.modules for m in ('dashboard.views', 'reports.views', 'dataio.views', 'openpyxl')))"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"
