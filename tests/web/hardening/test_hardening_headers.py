"""Headers and settings of issue 14.4: CSP without inline script, Secure cookies over HTTPS, deploy check."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
TEMPLATES = ROOT / "src" / "mingjing_web"
STRONG_KEY = "kT3v9Qm2Zx7LpR4sW8yB1nC6dF0gH5jA-uE2oI9rY3tU7wQ4eS1aD6fG8hJ0kL5zX"


def test_pages_carry_a_csp_without_inline_script(cast, login) -> None:  # type: ignore[no-untyped-def]
    client = login(cast.admin)
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_login_page_has_csp_and_nosniff(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/login/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_template_has_inline_script_or_handlers() -> None:
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
    handler = re.compile(r"\son[a-z]+\s*=|javascript:|\sstyle\s*=", re.I)
    offenders = []
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text("utf-8")
        if inline_script.search(text) or handler.search(text):
            offenders.append(str(template.relative_to(ROOT)))
    assert offenders == []


def _settings_probe(env: dict[str, str], code: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("MINGJING_", "SECURE_"))}
    environment.pop("SECRET_KEY", None)
    environment.update({"DJANGO_SETTINGS_MODULE": "mingjing_web.settings", **env})
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=environment, cwd=ROOT, timeout=120
    )


def test_https_mode_makes_cookies_secure_and_sends_hsts(tmp_path: Path) -> None:
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS)"
    )
    secure = _settings_probe({"MINGJING_HTTPS": "1", "MINGJING_DATA_DIR": str(tmp_path)}, code)
    plain = _settings_probe({"MINGJING_DATA_DIR": str(tmp_path)}, code)
    assert secure.stdout.split() == ["True", "True", "True", "31536000"], secure.stderr
    assert plain.stdout.split() == ["False", "False", "False", "0"], plain.stderr


@pytest.mark.slow
def test_deploy_check_is_clean_with_production_settings(tmp_path: Path) -> None:
    env = {
        "MINGJING_PRODUCTION": "1",
        "MINGJING_HTTPS": "1",
        "SECRET_KEY": STRONG_KEY,
        "ALLOWED_HOSTS": "mingjing.example.org",
        "MINGJING_DATA_DIR": str(tmp_path),
    }
    code = "import sys; from django.core.management import execute_from_command_line as run; run(sys.argv)"
    result = _settings_probe(
        env, code.replace("sys.argv", "['x', 'check', '--deploy', '--fail-level', 'WARNING']")
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "key",
    [
        "",
        "short-key",
        "a" * 60,
        "django-insecure-" + "q8w7e6r5t4y3u2i1o0p9" * 3,
        "change-me-to-50-or-more-random-characters-please!!",
    ],
)
def test_production_refuses_a_weak_secret_key_in_chinese(tmp_path: Path, key: str) -> None:
    env = {"MINGJING_PRODUCTION": "1", "MINGJING_DATA_DIR": str(tmp_path), "SECRET_KEY": key}
    result = _settings_probe(env, "import django; django.setup()")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr and "请用 python -c" in result.stderr


def test_production_starts_with_a_strong_key(tmp_path: Path) -> None:
    env = {"MINGJING_PRODUCTION": "1", "MINGJING_DATA_DIR": str(tmp_path), "SECRET_KEY": STRONG_KEY}
    result = _settings_probe(env, "import django; django.setup(); print('ok')")
    assert result.stdout.strip() == "ok", result.stderr


def test_the_cli_says_a_weak_key_in_one_chinese_sentence(tmp_path: Path) -> None:
    env = {"MINGJING_PRODUCTION": "1", "MINGJING_DATA_DIR": str(tmp_path), "SECRET_KEY": "secret"}
    code = "from mingjing.cli import main; main(['serve', '--port', '8999'])"
    result = _settings_probe(env, code)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("错误：网页服务的配置有误：SECRET_KEY 只有 6 个字符")
