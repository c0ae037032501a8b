"""``tests/requirements.py``: a missing tool, package or ``../shared`` skips a test locally
and fails it under CI; and no test makes that decision by itself."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from tests import requirements
from tests.requirements import missing, need_module, need_shared, need_tool, under_ci

TESTS = Path(__file__).resolve().parent
ABSENT_TOOL = "coekg-no-such-tool-on-any-machine"

#: skips that are not about a missing requirement: the machine cannot show the behaviour
#: (root reads any file; no address but loopback) or a race was lost. Each reason verbatim.
OTHER_SKIPS = {
    "as root, only Linux capabilities make chmod 000 stop reading",
    "as root, only Linux capabilities make chmod 555 stop writing",
    "the site was finished before the signal arrived",
    "this machine has no address but loopback to try",
}


@pytest.mark.parametrize("value", ["true", "TRUE", "1", "yes"])
def test_ci_is_recognised(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", value)
    assert under_ci()


@pytest.mark.parametrize("value", [None, "", "false", "0", "no"])
def test_outside_ci(value: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    if value is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", value)
    assert not under_ci()


def test_a_missing_tool_skips_locally_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception) as skipped:
        need_tool(ABSENT_TOOL)
    assert str(skipped.value) == f"{ABSENT_TOOL} is not installed"


def test_a_missing_tool_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception) as failed:
        need_tool(ABSENT_TOOL)
    assert str(failed.value).startswith(f"{ABSENT_TOOL} is not installed (CI is set:")


def test_the_reason_names_the_debian_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")  # and nothing beside the running Python is called rapper
    monkeypatch.setattr(requirements.sys, "executable", "/nonexistent/bin/python")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception) as failed:
        need_tool("rapper")
    assert "rapper is not installed (Debian package raptor2-utils;" in str(failed.value)


def test_a_present_tool_is_found_whatever_ci_says(monkeypatch: pytest.MonkeyPatch) -> None:
    """The running Python's own folder is searched first (a virtualenv's bin/)."""
    name = Path(sys.executable).name
    for ci in ("true", ""):
        monkeypatch.setenv("CI", ci)
        assert Path(need_tool(name)).name == name


def test_a_missing_module_and_shared_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="coekg_no_such_module"):
        need_module("coekg_no_such_module")
    with pytest.raises(pytest.fail.Exception, match=r"\.\./shared/no/such/file"):
        need_shared("no/such/file")
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception, match=r"\.\./shared/no/such/file"):
        need_shared("no/such/file")
    assert need_module("json").dumps([]) == "[]"


def test_shared_material_may_be_elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "doc.txt").write_text("text", encoding="utf-8")
    monkeypatch.setenv("COEKG_SHARED", str(tmp_path))
    monkeypatch.setenv("CI", "true")
    assert need_shared("source/doc.txt") == tmp_path / "source" / "doc.txt"
    monkeypatch.delenv("COEKG_SHARED")
    assert requirements.shared_dir() == TESTS.parent.parent / "shared"


def test_missing_says_why_in_both_cases(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "")
    with pytest.raises(pytest.skip.Exception, match=r"^the reason$"):
        missing("the reason")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"^the reason "):
        missing("the reason")


def _skips(tree: ast.AST) -> list[tuple[int, str, str]]:
    """(line, call, first string argument or reason=) of every skip-like call in ``tree``."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = ast.unparse(node.func)
        if not name.endswith(("skip", "skipif", "importorskip", "which")):
            continue
        texts = [a.value for a in node.args if isinstance(a, ast.Constant)]
        texts += [k.value.value for k in node.keywords if isinstance(k.value, ast.Constant)]
        found.append((node.lineno, name, str(texts[0]) if texts else ""))
    return found


def test_no_test_skips_on_a_missing_requirement_by_itself() -> None:
    """Skips on a missing tool, package or ../shared go through tests/requirements.py, so
    that CI fails on them: no ``importorskip``, no ``shutil.which``, no ``skipif``, and a
    ``pytest.skip`` only for a reason of :data:`OTHER_SKIPS`."""
    wrong = []
    for path in sorted(TESTS.rglob("*.py")):
        if path.name == "requirements.py":
            continue
        for line, call, reason in _skips(ast.parse(path.read_text(encoding="utf-8"))):
            allowed = call == "pytest.skip" and reason in OTHER_SKIPS
            if not allowed:
                wrong.append(f"{path.relative_to(TESTS)}:{line}: {call}({reason!r})")
    assert wrong == [], "use tests.requirements (need_tool, need_module, need_shared):\n" + (
        "\n".join(wrong)
    )
