"""The on-disk store that ``coekg query`` keeps for large data (coekg.kept_store)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from coekg.cli import cli
from coekg.project import bundled
from coekg.query import kept_store
from coekg.synth.generator import generate


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder; every data file counts as large and as settled."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("COEKG_CACHE_DIR", str(folder))
    monkeypatch.setattr(kept_store, "MIN_BYTES", 0)
    monkeypatch.setattr(kept_store, "SETTLE_SECONDS", 0.0)
    return folder


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "world.nt"
    with path.open("wb") as out:
        generate(3000, out, seed=5)
    return path


def stores(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if (p / "coekg-store.json").is_file())


def query(*args: str) -> bytes:
    result = CliRunner().invoke(cli, ["query", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def in_memory(*args: str) -> bytes:
    return query(*args, "--no-cache")


QUERIES = [("projects", "-f", "tsv"), ("summary", "-f", "table"), ("people", "-f", "json")]


@pytest.mark.parametrize("args", QUERIES, ids=lambda a: "-".join(a))
def test_a_cached_store_answers_as_the_data_read_afresh(
    cache: Path, data: Path, args: tuple[str, ...]
) -> None:
    expected = in_memory(*args, "--data", str(data))
    assert stores(cache) == []
    assert query(*args, "--data", str(data)) == expected  # builds the store
    assert len(stores(cache)) == 1
    assert query(*args, "--data", str(data)) == expected  # reuses it
    assert len(stores(cache)) == 1


def test_the_second_run_opens_the_store_instead_of_reading_the_data(
    cache: Path, data: Path
) -> None:
    first = kept_store.query_store(bundled(), [data])
    assert first.origin == "built"
    del first
    second = kept_store.query_store(bundled(), [data])
    assert second.origin == "cached"
    assert second.path is not None and second.path.parent == cache


def test_no_cache_writes_nothing(cache: Path, data: Path) -> None:
    in_memory("summary", "--data", str(data))
    assert not cache.exists()


def test_small_data_is_read_into_memory(
    cache: Path, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kept_store, "MIN_BYTES", data.stat().st_size + 1)
    assert kept_store.query_store(bundled(), [data]).origin == "memory"
    assert not cache.exists()


def test_a_changed_file_is_read_again(cache: Path, data: Path, tmp_path: Path) -> None:
    before = query("summary", "-f", "tsv", "--data", str(data))
    other = tmp_path / "other.nt"
    with other.open("wb") as out:
        generate(6000, out, seed=6)
    os.replace(other, data)  # same path, new content
    after = query("summary", "-f", "tsv", "--data", str(data))
    assert after != before
    assert after == in_memory("summary", "-f", "tsv", "--data", str(data))
    assert len(stores(cache)) == 2


def test_a_file_touched_in_place_is_read_again(cache: Path, data: Path) -> None:
    query("summary", "--data", str(data))
    text = data.read_bytes()
    data.write_bytes(text.replace(b"Project", b"Prolect", 1))  # same size, new content
    changed = query("summary", "-f", "tsv", "--data", str(data))
    assert changed == in_memory("summary", "-f", "tsv", "--data", str(data))
    assert len(stores(cache)) == 2


def test_a_file_changed_just_now_is_not_cached(
    cache: Path, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kept_store, "SETTLE_SECONDS", 3600.0)
    assert kept_store.query_store(bundled(), [data]).origin == "memory"
    assert stores(cache) == []


def test_an_unwritable_cache_folder_answers_from_memory_with_a_note(
    tmp_path: Path, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be\n")
    monkeypatch.setenv("COEKG_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.setattr(kept_store, "MIN_BYTES", 0)
    monkeypatch.setattr(kept_store, "SETTLE_SECONDS", 0.0)
    result = CliRunner().invoke(cli, ["query", "summary", "-f", "tsv", "--data", str(data)])
    assert result.exit_code == 0
    assert result.stdout_bytes == in_memory("summary", "-f", "tsv", "--data", str(data))
    assert result.stderr.count("\n") == 1
    assert str(blocker / "cache") in result.stderr and "from memory" in result.stderr


def test_a_parse_error_in_large_data_is_reported_and_nothing_cached(
    cache: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b .\n")
    result = CliRunner().invoke(cli, ["query", "summary", "--data", str(bad)])
    assert result.exit_code == 3
    assert result.stderr.startswith(f"coekg: error: {bad}:3: ")
    assert not cache.exists() or stores(cache) == []


def test_a_damaged_or_unfinished_store_is_not_used(cache: Path, data: Path) -> None:
    expected = in_memory("summary", "-f", "tsv", "--data", str(data))
    query("summary", "--data", str(data))
    [store] = stores(cache)
    (store / "coekg-store.json").unlink()  # as if the build had stopped half way
    (cache / ".building-abandoned").mkdir()
    assert query("summary", "-f", "tsv", "--data", str(data)) == expected
    assert len(stores(cache)) == 1


def test_only_the_most_recently_used_stores_are_kept(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kept_store, "GRACE_SECONDS", 0.0)
    files = []
    for seed in range(kept_store.KEEP + 2):
        path = tmp_path / f"part-{seed}.nt"
        with path.open("wb") as out:
            generate(500, out, seed=seed)
        files.append(path)
        query("summary", "--data", str(path))
        time.sleep(0.01)  # distinct times of use
    kept = stores(cache)
    assert len(kept) == kept_store.KEEP
    assert kept_store.query_store(bundled(), [files[-1]]).origin == "cached"
    assert kept_store.query_store(bundled(), [files[0]]).origin == "built"


def test_runs_building_the_same_store_at_once_all_succeed(cache: Path, data: Path) -> None:
    expected = in_memory("projects", "-f", "tsv", "--data", str(data))
    env = {**os.environ, "COEKG_CACHE_DIR": str(cache)}
    code = (
        "import sys; from coekg.query import kept_store; kept_store.MIN_BYTES = 0; "
        "kept_store.SETTLE_SECONDS = 0; from coekg.cli import main; main()"
    )
    args = [sys.executable, "-c", code, "query", "projects", "-f", "tsv", "--data", str(data)]
    runs = [subprocess.Popen(args, env=env, stdout=subprocess.PIPE) for _ in range(3)]
    outputs = [run.communicate(timeout=120)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0]
    assert outputs == [expected] * 3
    assert len(stores(cache)) == 1
    assert [p.name for p in cache.iterdir() if p.name.startswith(".")] == []


def test_the_cache_folder_follows_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("COEKG_CACHE_DIR", str(tmp_path / "explicit"))
    assert kept_store.cache_dir() == tmp_path / "explicit"
    monkeypatch.delenv("COEKG_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert kept_store.cache_dir() == tmp_path / "xdg" / "coekg"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/paths/are/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert kept_store.cache_dir() == tmp_path / "home" / ".cache" / "coekg"
