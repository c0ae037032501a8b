"""``coekg load`` without a server: batching, the dry-run plan, usage errors, credentials.

The loads themselves, against real Oxigraph and Virtuoso servers, are in
``test_load_endpoints.py``.
"""

from __future__ import annotations

import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner, Result

from coekg import project
from coekg.cli import cli
from coekg.errors import EndpointError
from coekg.remote.http import HttpClient, find_credentials, parse_challenges
from coekg.remote.load import DEFAULT_GRAPH, batches, triples_of
from tests.servers import free_port

FIXTURES = Path(__file__).parent / "fixtures" / "load"
SAMPLE = FIXTURES / "sample.ttl"
SECRET = "s3cret-Pa55-never-shown"


def invoke(args: list[str], tmp_path: Path, **env: str | None) -> Result:
    """Run ``coekg ARGS`` in-process; no password and no .netrc unless given in ``env``."""
    environment: dict[str, str | None] = {
        "COEKG_PASSWORD": None,
        "NETRC": str(tmp_path / "no-netrc"),
    }
    environment.update(env)
    return CliRunner().invoke(cli, args, env=environment)


def export_nt(*data: Path) -> bytes:
    args = ["export", "--format", "nt", "--no-validate"]
    for d in data:
        args += ["--data", str(d)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def blank(node: object) -> bool:
    return isinstance(node, ox.BlankNode)


def test_batches_keep_every_blank_node_in_one_batch() -> None:
    kg = project.bundled().load([SAMPLE], ontology=False)
    triples = triples_of(kg)
    groups = batches(triples, 3)
    assert sorted(map(str, (t for g in groups for t in g))) == sorted(map(str, triples))
    home: dict[str, int] = {}
    for i, group in enumerate(groups):
        for t in group:
            for node in (t.subject, t.object):
                if blank(node):
                    assert home.setdefault(str(node), i) == i, f"{node} split across batches"
    ground = [g for g in groups if not any(blank(t.subject) or blank(t.object) for t in g)]
    assert ground and all(len(g) <= 3 for g in ground)
    assert len(home) == 4  # the sample's blank nodes


def test_batches_without_blank_nodes_are_exact_slices() -> None:
    triples = [
        ox.Triple(
            ox.NamedNode(f"http://example.org/s{i}"),
            ox.NamedNode("http://example.org/p"),
            ox.Literal(str(i)),
        )
        for i in range(10)
    ]
    assert [len(b) for b in batches(triples, 4)] == [4, 4, 2]


def test_the_loaded_triples_are_those_of_export() -> None:
    kg = project.bundled().load([SAMPLE])
    loaded = ox.serialize(triples_of(kg), format=ox.RdfFormat.N_TRIPLES)
    assert loaded is not None
    exported = export_nt(SAMPLE)
    assert isomorphic(loaded, exported)


def isomorphic(a: bytes, b: bytes) -> bool:
    return canonical(a) == canonical(b)


def canonical(nt: bytes, by_value: bool = False) -> list[str]:
    """The triples of ``nt`` with canonical blank-node labels, duplicates kept.

    ``by_value``: literals as an Oxigraph store keeps them, by value
    (``"65"^^xsd:nonNegativeInteger`` becomes ``"65"^^xsd:integer``).
    """
    quads = list(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES))
    if by_value:
        store = ox.Store()
        store.extend(quads)
        quads = list(store)
    ds = ox.Dataset(quads)
    ds.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    assert len(ds) == len(quads), "the N-Triples hold duplicate triples"
    return sorted(str(q) for q in ds)


def test_dry_run_prints_the_plan_and_contacts_nobody(tmp_path: Path) -> None:
    dead = f"http://127.0.0.1:{free_port()}"
    result = invoke(
        [
            "load",
            "--endpoint",
            f"{dead}/query",
            "--store-endpoint",
            f"{dead}/store",
            "--update-endpoint",
            f"{dead}/update",
            "--replace",
            "--user",
            "admin",
            "--data",
            str(SAMPLE),
            "--no-validate",
            "--dry-run",
            "--batch-size",
            "500",
        ],
        tmp_path,
        COEKG_PASSWORD=SECRET,
    )
    assert result.exit_code == 0, result.output
    local = export_nt(SAMPLE).count(b"\n")
    lines = result.stdout.splitlines()
    assert lines[0] == "dry run: nothing is sent"
    assert f"query endpoint:  {dead}/query (verification)" in lines
    assert f"store endpoint:  {dead}/store" in lines
    assert "protocol:        SPARQL 1.1 Graph Store HTTP Protocol" in lines
    assert f"graph:           <{DEFAULT_GRAPH}>" in lines
    assert f"triples:         {local}" in lines
    assert "user:            admin (password from COEKG_PASSWORD)" in lines
    assert any(line.startswith("mode:            replace: load into <") for line in lines)
    assert SECRET not in result.output


def test_dry_run_output_is_deterministic(tmp_path: Path) -> None:
    args = [
        "load",
        "--endpoint",
        "http://127.0.0.1:1/q",
        "--update-endpoint",
        "http://127.0.0.1:1/u",
        "--replace",
        "--data",
        str(SAMPLE),
        "--no-validate",
        "--dry-run",
    ]
    first, second = invoke(args, tmp_path), invoke(args, tmp_path)
    assert first.exit_code == 0, first.output
    assert first.stdout == second.stdout
    assert "protocol:        SPARQL 1.1 Update" in first.stdout
    assert "batches:         " in first.stdout and "of at most 1000 triples" in first.stdout


def test_nonconforming_data_is_refused_before_anything_is_sent(tmp_path: Path) -> None:
    dead = f"http://127.0.0.1:{free_port()}"
    result = invoke(
        [
            "load",
            "--endpoint",
            f"{dead}/query",
            "--store-endpoint",
            f"{dead}/store",
            "--data",
            str(FIXTURES / "nonconforming.ttl"),
        ],
        tmp_path,
    )
    assert result.exit_code == 1, result.output
    assert "does not conform" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ([], "give --store-endpoint, --update-endpoint, or both"),
        (["--store-endpoint", "ftp://127.0.0.1/store"], "is not an http:// or https:// URL"),
        (["--store-endpoint", "http://admin:pw@127.0.0.1/store"], "not in the URL"),
        (
            ["--store-endpoint", "http://127.0.0.1/s", "--graph", "not an iri"],
            "is not an absolute IRI",
        ),
        (["--store-endpoint", "http://127.0.0.1/s", "--batch-size", "0"], "--batch-size"),
        (
            ["--store-endpoint", "http://127.0.0.1/s", "--user", "admin"],
            "no password for user 'admin'",
        ),
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, extra: list[str], message: str) -> None:
    result = invoke(["load", "--endpoint", "http://127.0.0.1/q", *extra], tmp_path)
    assert result.exit_code == 2, result.output
    assert message in result.stderr


def test_password_from_netrc_for_the_endpoint_host(tmp_path: Path) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine store.example.org login loader password {SECRET}\n")
    env = {"NETRC": str(netrc)}
    creds = find_credentials(None, ["https://store.example.org/sparql"], env)
    assert creds is not None and (creds.user, creds.password) == ("loader", SECRET)
    assert SECRET not in repr(creds)
    assert find_credentials("someone-else", ["https://store.example.org/x"], env) is None
    assert find_credentials(None, ["https://other.example.org/x"], env) is None
    with_env = find_credentials(
        "loader", ["https://store.example.org/x"], {**env, "COEKG_PASSWORD": "from-env"}
    )
    assert with_env is not None and with_env.password == "from-env"


def test_a_broken_netrc_is_named_without_its_content(tmp_path: Path) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1 login dba password {SECRET}\n{SECRET}-junk\n")
    result = invoke(
        [
            "load",
            "--endpoint",
            "http://127.0.0.1/q",
            "--store-endpoint",
            "http://127.0.0.1/s",
            "--data",
            str(SAMPLE),
            "--no-validate",
            "--dry-run",
        ],
        tmp_path,
        NETRC=str(netrc),
    )
    assert result.exit_code == 3, result.output
    assert result.stderr == f"coekg: error: {netrc}: not a valid .netrc file\n"
    assert SECRET not in result.output


def test_www_authenticate_parsing() -> None:
    header = (
        'Digest realm="SPARQL", domain="/sparql-auth", nonce="ab\\"c", qop="auth,auth-int", '
        'algorithm="MD5", Basic realm="x"'
    )
    challenges = parse_challenges(header)
    assert challenges["digest"]["nonce"] == 'ab"c'
    assert challenges["digest"]["qop"] == "auth,auth-int"
    assert challenges["basic"] == {"realm": "x"}


def test_refused_connections_are_retried_with_backoff_then_reported() -> None:
    waits: list[float] = []
    client = HttpClient(retries=3, backoff=0.25, sleep=waits.append)
    url = f"http://127.0.0.1:{free_port()}/query"
    started = time.monotonic()
    with pytest.raises(EndpointError) as err:
        client.request("GET", url)
    assert waits == [0.25, 0.5, 1.0]
    assert str(err.value) == f"endpoint {url}: connection refused (tried 4 times)"
    assert time.monotonic() - started < 5
