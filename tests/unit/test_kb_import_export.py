"""`relais kb import` / `export`: idempotent, per-file errors, byte-stable round trip."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from bot.cli import main
from bot.config import Settings
from bot.db import Database
from knowledge import repository
from tests.conftest import FIXTURE_ARTICLES


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_import_creates_then_reimport_changes_nothing(settings: Settings) -> None:
    code, out, _ = run("kb", "import", str(FIXTURE_ARTICLES), "--by", "alice")
    assert code == 0
    assert "7 created, 0 updated, 0 unchanged, 0 failed" in out
    code, out, _ = run("kb", "import", str(FIXTURE_ARTICLES), "--by", "bob")
    assert code == 0
    assert "0 created, 0 updated, 7 unchanged" in out
    db = Database(settings.effective_database_url())
    with db.session() as session:
        row = repository.require(session, "vpn-disconnects-wifi")
        assert row.version == 1
        assert [(r.version, r.changed_by) for r in row.revisions] == [(1, "alice")]
    db.dispose()


def test_a_changed_file_becomes_a_new_revision_with_who_and_when(
    settings: Settings, tmp_path: Path
) -> None:
    folder = tmp_path / "kb"
    shutil.copytree(FIXTURE_ARTICLES, folder)
    run("kb", "import", str(folder), "--by", "alice")
    target = folder / "vpn-disconnects-wifi.md"
    target.write_text(
        target.read_text().replace("- VPN keeps dropping", "- VPN keeps dropping\n- VPN coupe")
    )
    code, out, _ = run("kb", "import", str(target), "--by", "bob")
    assert code == 0 and "1 updated" in out
    db = Database(settings.effective_database_url())
    with db.session() as session:
        row = repository.require(session, "vpn-disconnects-wifi")
        assert row.version == 2
        assert [r.changed_by for r in row.revisions] == ["alice", "bob"]
        assert "VPN coupe" in repository.content_of(row).issue
        assert row.revisions[0].content["issue"] != row.revisions[1].content["issue"]
        assert row.revisions[1].changed_at >= row.revisions[0].changed_at
    db.dispose()


def test_bad_files_are_reported_and_good_ones_still_imported(
    settings: Settings, tmp_path: Path
) -> None:
    folder = tmp_path / "kb"
    shutil.copytree(FIXTURE_ARTICLES, folder)
    (folder / "binary.md").write_bytes(b"---\nid: x\x00\x01\x02")
    (folder / "latin1.md").write_bytes("---\nid: caf\xe9\n".encode("latin-1"))
    (folder / "huge.md").write_text("---\nid: huge\ntitle: t\n---\n## Issue\n- " + "x" * 300_000)
    (folder / "broken.md").write_text("---\nid: [oops\n---\n")
    (folder / "no-title.md").write_text("---\nid: no-title\n---\n## Issue\n- x\n")
    (folder / "state.md").write_text(
        "---\nid: state\ntitle: t\nconfidence: approved\n---\n## Issue\n- x\n"
    )
    (folder / "zz-duplicate.md").write_text(
        (folder / "vpn-disconnects-wifi.md").read_text().replace("office Wi-Fi", "home")
    )
    (folder / "empty.md").write_text("")
    code, out, err = run("kb", "import", str(folder))
    assert code == 1
    assert "7 created" in out and "8 failed" in out
    reasons = {
        "binary.md": "binary",
        "latin1.md": "not UTF-8",
        "huge.md": "over the 200000-byte limit",
        "broken.md": "malformed front matter",
        "no-title.md": "missing 'title'",
        "state.md": "unknown confidence 'approved'",
        "zz-duplicate.md": "duplicate id 'vpn-disconnects-wifi'",
        "empty.md": "empty file",
    }
    for name, reason in reasons.items():
        lines = [line for line in err.splitlines() if line.startswith(f"error: {folder / name}:")]
        assert lines and reason in lines[0], (name, err)


def test_import_of_a_missing_path_fails_clearly(settings: Settings, tmp_path: Path) -> None:
    code, _, err = run("kb", "import", str(tmp_path / "nowhere"))
    assert code == 1 and "no such file or folder" in err


def test_export_round_trips_byte_for_byte(settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "kb"
    shutil.copytree(FIXTURE_ARTICLES, folder)
    # Comments and spacing from other tools are kept while the content is unchanged.
    odd = folder / "vpn-disconnects-wifi.md"
    odd.write_text(
        odd.read_text().replace("id: vpn-disconnects-wifi", "id: vpn-disconnects-wifi  # slug")
    )
    run("kb", "import", str(folder))
    out_dir = tmp_path / "exported"
    code, out, _ = run("kb", "export", str(out_dir))
    assert code == 0 and "exported 7 articles" in out
    for source in folder.glob("*.md"):
        assert (out_dir / source.name).read_bytes() == source.read_bytes(), source.name
    # And the export imports back as "unchanged".
    code, out, _ = run("kb", "import", str(out_dir))
    assert "7 unchanged" in out


def test_export_writes_the_current_content_after_a_change(
    settings: Settings, db: Database, tmp_path: Path
) -> None:
    run("kb", "import", str(FIXTURE_ARTICLES))
    with db.session() as session:
        repository.record_reuse(
            session, "vpn-disconnects-wifi", phrase="wifi vpn cuts out", by="U1"
        )
    run("kb", "export", str(tmp_path / "out"))
    text = (tmp_path / "out" / "vpn-disconnects-wifi.md").read_text()
    assert "search_phrases:\n- wifi vpn cuts out\n" in text
