"""Record what ``coekg validate --format json`` reports, to check that a change to the
validation's speed leaves its findings byte-identical.

Run by hand from the repository root, before and after a change, and compare the folders:

    python benchmarks/validate_findings.py before/ [FAULTED.nt ...]
    python benchmarks/validate_findings.py after/ [FAULTED.nt ...]
    diff -r before/ after/

It writes one report (its exit code on the first line, then the JSON) for the bundled data,
for the data with the world and every invalid fixture together, for the data with each
invalid fixture alone, and for each file given (such as the faulted synthetic graphs
``benchmarks/run.py`` makes). The command runs in this process, so that a few hundred
reports take minutes rather than the start-up of as many processes.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from coekg.cli import cli  # noqa: E402


def record(out: Path, name: str, args: list[str]) -> None:
    result = CliRunner().invoke(cli, ["validate", "--format", "json", *args])
    (out / f"{name}.json").write_text(f"exit {result.exit_code}\n{result.stdout}")


def main() -> None:
    out = Path(sys.argv[1]).resolve()
    out.mkdir(parents=True, exist_ok=True)
    extra = [str(Path(f).resolve()) for f in sys.argv[2:]]
    os.chdir(ROOT)
    data = str(ROOT / "data")
    invalid = [str(f) for f in sorted((ROOT / "tests/fixtures/invalid").glob("*.ttl"))]
    record(out, "bundled", [])
    record(out, "all-fixtures", [data, str(ROOT / "tests/fixtures/valid/world.ttl"), *invalid])
    for f in extra:
        record(out, "given-" + Path(f).stem, [f])
    for f in invalid:
        record(out, "fixture-" + Path(f).stem, [data, f])


if __name__ == "__main__":
    main()
