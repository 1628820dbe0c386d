"""What scripts/setup.sh compiles: every module a command or a server imports has its bytecode cache.

Where PYTHONDONTWRITEBYTECODE is set (this machine and its CI), a module without a cache is compiled
again by every process that imports it; setup.sh compiles site-packages minus the packages it names as
never imported. This checks that list against what the entry points really import.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Imports what ``mingjing check`` on a report, ``mingjing serve``'s workers and the web app's analysis
# import, then lists the loaded modules whose cache file is missing.
PROBE = """
import json, os, sys
import django
django.setup()
import mingjing.cli, mingjing.facade, mingjing_web.wsgi, mingjing_web.analysis
from mingjing.cli import main
from mingjing.samples import demo_members
try:
    main(["check", str(demo_members()[2].path), "--format", "json"], standalone_mode=False)
except SystemExit:
    pass
missing = sorted(
    name
    for name, module in list(sys.modules.items())
    if (getattr(module, "__file__", None) or "").endswith(".py")
    and getattr(module, "__cached__", None)
    and not os.path.exists(module.__cached__)
)
print("MISSING " + json.dumps(missing))
"""


def test_what_commands_and_servers_import_is_compiled(tmp_path: Path) -> None:
    if not (ROOT / ".venv" / ".mingjing-setup").exists() or Path(sys.prefix).resolve() != ROOT / ".venv":
        pytest.skip("runs in the .venv that scripts/setup.sh made")
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONDONTWRITEBYTECODE": "1",
        "DJANGO_SETTINGS_MODULE": "mingjing_web.settings",
        "MINGJING_DATA_DIR": str(tmp_path),
        "SECRET_KEY": "bytecode-probe-" + "x" * 40,
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    line = next((x for x in done.stdout.splitlines() if x.startswith("MISSING ")), None)
    assert line is not None, done.stderr[-2000:]
    assert json.loads(line[len("MISSING ") :]) == []
