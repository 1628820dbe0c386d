"""mingjing corpus add|list|remove, reuse (text/json/html) and reuse-matrix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mingjing.cli import main
from tests.conftest import seed_files


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "refs"
    folder.mkdir()
    for f in seed_files()[:3]:
        (folder / f.name).write_text(f.read_text("utf-8"), "utf-8")
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 broken")
    return folder


def test_corpus_add_list_remove(tmp_path: Path) -> None:
    db = str(tmp_path / "c.sqlite")
    runner = CliRunner()
    added = runner.invoke(
        main, ["corpus", "add", str(_folder(tmp_path)), "--db", db, "--kind", "past-report", "--year", "2023"]
    )
    assert added.exit_code == 0, added.output
    assert "已加入 3 份，失败 1 份" in added.output
    listed = runner.invoke(main, ["corpus", "list", "--db", db, "--format", "json"])
    docs = json.loads(listed.output)
    assert [d["kind"] for d in docs] == ["past-report"] * 3 and docs[0]["year"] == 2023
    removed = runner.invoke(main, ["corpus", "remove", str(docs[0]["id"]), "--db", db])
    assert removed.exit_code == 0 and "现有 2 份" in removed.output
    missing = runner.invoke(main, ["corpus", "remove", "999", "--db", db])
    assert missing.exit_code == 2 and "没有编号为 999" in missing.output


def test_corpus_add_of_many_files_loads_in_bulk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import mingjing.cli.corpus as cli_corpus

    monkeypatch.setattr(cli_corpus, "BULK_FROM", 1)
    db = str(tmp_path / "c.sqlite")
    added = CliRunner().invoke(main, ["corpus", "add", str(_folder(tmp_path)), "--db", db])
    assert "已加入 3 份，失败 1 份" in added.output
    query = tmp_path / "q.txt"
    query.write_text(seed_files()[0].read_text("utf-8"), "utf-8")
    data = json.loads(CliRunner().invoke(main, ["reuse", str(query), "--db", db, "--format", "json"]).output)
    assert data["copy_ratio"] > 0.9


def test_reuse_json_text_and_html(tmp_path: Path) -> None:
    db = str(tmp_path / "c.sqlite")
    runner = CliRunner()
    runner.invoke(main, ["corpus", "add", str(_folder(tmp_path)), "--db", db])
    query = tmp_path / "copy.txt"
    seed = seed_files()[1].read_text("utf-8")
    query.write_text("本人认真开展自查。\n" + seed.split("\n", 3)[3][:900], "utf-8")
    out = runner.invoke(main, ["reuse", str(query), "--db", db, "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["schema_version"] == 1 and data["file"].endswith("copy.txt")
    assert data["copy_ratio"] > 0.8
    assert {"start", "end", "text", "source", "source_start", "source_end", "similarity", "kind"} <= set(
        data["passages"][0]
    )
    text = runner.invoke(main, ["reuse", str(query), "--db", db])
    assert "复制比" in text.output and seed_files()[1].name in text.output
    html_file = tmp_path / "r.html"
    html = runner.invoke(main, ["reuse", str(query), "--db", db, "--format", "html", "-o", str(html_file)])
    assert html.exit_code == 0
    page = html_file.read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<mark class="copy">' in page


def test_reuse_matrix_folder(tmp_path: Path) -> None:
    folder = tmp_path / "meeting"
    folder.mkdir()
    texts = [f.read_text("utf-8") for f in seed_files()[:3]]
    for i, t in enumerate(texts):
        (folder / f"m{i}.txt").write_text(t, "utf-8")
    (folder / "ghost.txt").write_text(texts[0][:2000], "utf-8")
    result = CliRunner().invoke(
        main,
        [
            "reuse-matrix",
            str(folder),
            "--xlsx",
            str(tmp_path / "m.xlsx"),
            "--png",
            str(tmp_path / "m.png"),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output[result.output.index("{") :])
    assert [[data["names"][i] for i in c] for c in data["clusters"]] == [["ghost.txt", "m0.txt"]]
    assert (tmp_path / "m.xlsx").exists() and (tmp_path / "m.png").exists()


def test_missing_file_is_a_chinese_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["reuse", str(tmp_path / "nope.txt"), "--db", str(tmp_path / "c.sqlite")]
    )
    assert result.exit_code == 2 and "错误" in result.output


def test_corpus_add_twice_stores_each_file_once(tmp_path: Path) -> None:
    db = str(tmp_path / "c.sqlite")
    folder = _folder(tmp_path)
    runner = CliRunner()
    runner.invoke(main, ["corpus", "add", str(folder), "--db", db])
    again = runner.invoke(main, ["corpus", "add", str(folder), "--db", db])
    assert again.exit_code == 0 and "语料库现有 3 份文档" in again.output
    assert (
        len(json.loads(runner.invoke(main, ["corpus", "list", "--db", db, "--format", "json"]).output)) == 3
    )
