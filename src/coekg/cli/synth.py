"""``coekg synth``: a synthetic Council-wide graph, for benchmarks and tests."""

from __future__ import annotations

from pathlib import Path

import click

from coekg.cli.options import reports_errors

SUFFIXES = {".nt": "nt", ".ttl": "turtle"}


@click.command("synth")
@click.option(
    "--triples",
    "triples",
    type=click.IntRange(min=1000),
    required=True,
    help="About how many triples to write (at least 1000).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="File to write (atomically): .nt for N-Triples, .ttl for Turtle.",
)
@reports_errors
def synth_command(triples: int, seed: int, output: Path) -> None:
    """Write a synthetic graph of about N triples: 46 made-up member states with their
    memberships, treaty actions, action plans, programmes, projects, outcomes, events and
    people, conforming to the shapes.

    Every label says "Synthetic"; nothing in it is a fact. The same N and seed give
    byte-identical output.
    """
    fmt = SUFFIXES.get(output.suffix.lower())
    if fmt is None:
        raise click.BadParameter(
            f"{output}: unknown suffix (use {' or '.join(SUFFIXES)})", param_hint="'-o'"
        )
    from coekg.atomic import atomic_write
    from coekg.cli.progress import shown
    from coekg.synth.generator import generate

    with shown() as progress, atomic_write(output) as handle:
        progress.phase(f"writing about {triples:,} synthetic triples")
        generate(triples, handle, seed=seed, fmt=fmt)
