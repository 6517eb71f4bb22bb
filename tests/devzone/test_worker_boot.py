"""A gunicorn worker's boot-time objects are frozen out of the cycle collector's scans."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_booted_worker_is_frozen_and_later_cycles_are_still_collected():
    script = (
        "import gc, devzone.wsgi; frozen = gc.get_freeze_count()\n"
        "class Node: pass\n"
        "a, b = Node(), Node(); a.other, b.other = b, a; del a, b\n"
        "print(frozen > 50000, gc.collect() >= 2)"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True"]
