"""`extract --dask`: the same job on a Dask cluster, the same dataset in the same order.

Once on ``distributed.LocalCluster`` and once on real ``dask scheduler`` and ``dask worker``
processes on 127.0.0.1 (free ports), started and always torn down by the test.
"""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from warc_support import exercise_html, pages_warc

from extractor.cli import main
from extractor.offline import extract

pytestmark = pytest.mark.slow

distributed = pytest.importorskip("distributed")

ORIGIN = "https://fit.example.ch"
DASK = Path(sys.executable).with_name("dask")


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Three WARC files (one with duplicates of another) and a folder of saved pages."""
    root = tmp_path_factory.mktemp("sources")
    pages_warc(root / "a.warc.gz", ORIGIN, range(1, 80))
    pages_warc(root / "b.warc.gz", ORIGIN, range(80, 160))
    pages_warc(root / "c.warc.gz", ORIGIN, range(150, 170))  # 150-159 again: duplicates
    saved = root / "saved"
    saved.mkdir()
    for number in range(300, 310):
        (saved / f"{number}.html").write_bytes(exercise_html(number))
    (saved / "broken.html").write_bytes(b"\x00\x01\x02" * 100)
    return [root / "a.warc.gz", root / "b.warc.gz", root / "c.warc.gz", saved]


@pytest.fixture(scope="module")
def reference(sources: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("reference")
    extract(sources, output=output, workers=1)
    return output


def _same_dataset(output: Path, reference: Path) -> None:
    records = (output / "exercises.jsonl").read_bytes()
    assert records == (reference / "exercises.jsonl").read_bytes()
    assert records.count(b"\n") == 79 + 80 + 10 + 10

    def failures(path: Path) -> list[dict[str, object]]:
        lines = (path / "failures.jsonl").read_text().splitlines()
        return [{k: v for k, v in json.loads(x).items() if k != "time"} for x in lines]

    assert failures(output) == failures(reference)
    assert {f["error_type"] for f in failures(output)} == {"DuplicateRecord", "BinaryInput"}


def test_on_a_local_cluster(sources: list[Path], reference: Path, tmp_path: Path) -> None:
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        address = cluster.scheduler_address
        summary = extract(sources, output=tmp_path, dask=address)
    assert summary.records == 179
    _same_dataset(tmp_path, reference)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["arguments"]["dask"] == address
    assert manifest["arguments"]["workers"] is None
    assert manifest["counts"]["sources"] == 4


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def _processes(*commands: list[str]) -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    try:
        for command in commands:
            started.append(
                subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            )
        yield started
    finally:
        for process in started:
            process.terminate()
        for process in started:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_on_real_scheduler_and_worker_processes(
    sources: list[Path], reference: Path, tmp_path: Path
) -> None:
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    scheduler = [str(DASK), "scheduler", "--host", "127.0.0.1", "--port", str(port)]
    worker = [str(DASK), "worker", address, "--host", "127.0.0.1", "--nthreads", "1"]
    with _processes(
        [*scheduler, "--no-dashboard"],
        [*worker, "--no-dashboard", "--name", "w1"],
        [*worker, "--no-dashboard", "--name", "w2"],
    ) as processes:
        with distributed.Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=60)
            worker_pids = set(client.run(lambda: __import__("os").getpid()).values())
        assert len(worker_pids) == 2  # two worker processes (each under its nanny)
        code = main(["extract", *map(str, sources), "--output", str(tmp_path), "--dask", address])
        assert code == 0
        assert all(process.poll() is None for process in processes)  # nobody crashed
    _same_dataset(tmp_path, reference)
    assert json.loads((tmp_path / "manifest.json").read_text())["arguments"]["dask"] == address


def test_an_unreachable_scheduler_is_a_clear_error(
    sources: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    address = f"tcp://127.0.0.1:{_free_port()}"
    code = main(["extract", str(sources[0]), "--output", str(tmp_path), "--dask", address])
    assert code == 1
    assert "extractor extract: error:" in capsys.readouterr().err
