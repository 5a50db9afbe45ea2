"""`relais report metrics` as a support lead uses it: text, JSON, PNG charts, an HTML page that
a real browser renders, and one clear line for bad input or nothing to report."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from matplotlib import image as mpimg

from bot.cli import main
from bot.config import Settings
from bot.db import Database
from bot.reports import metrics
from bot.reports.metrics import Period
from tests.conftest import PostgresTemplate
from tests.unit.test_metrics import NOW, SINCE, UNTIL, _service_history

PERIOD = ["--since", "2026-11-01", "--until", "2026-11-30"]


def run(*args: str) -> Any:
    return CliRunner().invoke(main, ["report", "metrics", *args])


@pytest.fixture
def seeded(settings: Settings) -> Settings:
    db = Database(settings.effective_database_url())
    db.upgrade()
    with db.session() as session:
        _service_history(session)
    db.dispose()
    return settings


def test_the_text_report_shows_every_section_with_its_counts(seeded: Settings) -> None:
    result = run(*PERIOD)
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("Support metrics: 2026-11-01 to 2026-11-30")
    for section in ("Self-service", "Service", "Knowledge (KCS)", "Voice of the customer"):
        assert f"\n{section}\n" in out
    assert "SLA breach rate: 37.5% (3/8)*" in out
    assert "    P1: 100.0% (1/1)*" in out
    assert "Link rate: 66.7% (4/6)*" in out
    assert "CSAT (4-5 of 1-5): 66.7% (2/3)*" in out
    assert "Time to first human response: median 30 min, p90 18 h (n=6)*" in out
    assert "T-00001 P3 2/5 “took forever to understand me”" in out
    assert "* small sample (fewer than 30)" in out


def test_french_labels(seeded: Settings) -> None:
    result = run(*PERIOD, "--lang", "fr")
    assert result.exit_code == 0, result.output
    assert "Taux de dépassement des SLA: 37,5 % (3/8)*" in result.output
    assert "Voix du client" in result.output


def test_json_carries_numerator_denominator_and_small_sample(seeded: Settings) -> None:
    result = run(*PERIOD, "--json", "--by", "month")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["service"]["sla_breach"] == {
        "value": 0.375,
        "numerator": 3,
        "denominator": 8,
        "small_sample": True,
    }
    assert data["voice_of_the_customer"]["watermelon"]["met_sla_rated_low"][0]["ticket"] == (
        "T-00001"
    )
    assert [t["bucket"] for t in data["trends"]] == ["2026-11"]
    assert data["empty"] is False


def test_png_and_html_files(seeded: Settings, tmp_path: Path) -> None:
    page, charts = tmp_path / "report.html", tmp_path / "charts"
    result = run(*PERIOD, "--html", str(page), "--png", str(charts))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in charts.iterdir()) == [
        "csat.png",
        "radar.png",
        "sla.png",
        "trends.png",
    ]
    trends = mpimg.imread(charts / "trends.png")
    assert trends.shape[1] > 600 and trends[..., :3].std() > 0.05  # a drawing, not a blank
    html = page.read_text(encoding="utf-8")
    assert html.count('src="data:image/png;base64,') == 4
    assert "http://" not in html and "https://" not in html.replace("https://slack.com", "")
    assert "took forever to understand me" in html


def _chromium() -> str | None:
    return next(
        (p for n in ("chromium", "chromium-browser", "google-chrome") if (p := shutil.which(n))),
        None,
    )


@pytest.mark.skipif(
    _chromium() is None,
    reason="Chromium is not installed (scripts/install-chromium installs Debian's package)",
)
def test_the_html_page_renders_in_a_real_browser(seeded: Settings, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    assert run(*PERIOD, "--html", str(page)).exit_code == 0
    browser = _chromium()
    assert browser is not None
    flags = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    flags += ["--window-size=1200,2400", f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run(
        [
            *flags,
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=5000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert 'data-charts-loaded="4"' in dom.stdout, dom.stderr[-2000:]
    console = [line for line in dom.stderr.splitlines() if ":CONSOLE" in line or "ERR_" in line]
    assert console == []
    shot = tmp_path / "shot.png"
    subprocess.run(
        [*flags, f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=120
    )
    pixels = mpimg.imread(shot)[..., :3]
    assert pixels.shape[:2] == (2400, 1200)
    not_white = (pixels < 0.9).any(axis=2).mean()
    assert not_white > 0.05, f"the screenshot is nearly blank ({not_white:.1%} drawn)"


def test_the_same_history_gives_the_same_report_on_sqlite_and_postgresql(
    tmp_path: Path, postgres_template: PostgresTemplate | None
) -> None:
    if postgres_template is None:
        pytest.skip("PostgreSQL unavailable")
    reports = []
    for url in (f"sqlite:///{tmp_path / 'r.db'}", postgres_template.fresh()):
        db = Database(url)
        db.upgrade()
        with db.session() as session:
            _service_history(session)
        with db.session() as session:
            built = metrics.build(session, Period(SINCE, UNTIL, "day"), now=NOW)
        reports.append(built.to_json())
        db.dispose()
    sqlite, postgresql = reports
    assert sqlite == postgresql
    assert sqlite["service"]["tickets"] == 8


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "yesterday"], "Error: --since 'yesterday' is not a date"),
        (
            ["--since", "2026-12-01", "--until", "2026-11-01"],
            "Error: the period is empty or inverted",
        ),
        (["--by", "year"], "Error: --by must be one of day, week, month, not 'year'"),
        (["--team", "nobody"], "Error: unknown team 'nobody'"),
        (["--lang", "de"], "Error: --lang must be one of en, fr, not 'de'"),
        (["--html", "."], "Error: Invalid value for '--html': File '.' is a directory."),
        (["--weekly"], "Error: No such option '--weekly'."),
    ],
)
def test_bad_input_is_one_clear_line(settings: Settings, args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 1
    assert result.output.startswith(message)
    assert result.output.count("\n") == 1


def test_an_empty_database_and_an_empty_period_say_so_in_one_line(
    settings: Settings, tmp_path: Path
) -> None:
    result = run()
    assert result.exit_code == 0
    assert result.output == (
        "The database has no conversations yet: nothing to report (try `relais demo seed`).\n"
    )
    db = Database(settings.effective_database_url())
    with db.session() as session:
        _service_history(session)
    db.dispose()
    result = run(
        "--since", "2025-01-01", "--until", "2025-01-31", "--html", str(tmp_path / "e.html")
    )
    assert result.exit_code == 0
    lines = [line for line in result.output.splitlines() if not line.startswith("wrote ")]
    assert lines == [
        "No conversations or tickets from 2025-01-01 to 2025-01-31: nothing to report."
    ]
    assert "nothing to report" in (tmp_path / "e.html").read_text(encoding="utf-8")


def test_the_period_defaults_to_the_30_days_before_now(seeded: Settings) -> None:
    data = json.loads(run("--json").output)
    since, until = (datetime.fromisoformat(data[k]) for k in ("since", "until"))
    assert until - since == timedelta(days=30)
    assert abs((datetime.now(UTC) - until).total_seconds()) < 60
