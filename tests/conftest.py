"""Shared fixtures: the project's data, and built reports (slow; built once per session)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from helpers.data import load_data
from helpers.pack.catalogue import available_reports
from helpers.pack.runner import BuildResult, build, build_one

E2E = Path(__file__).resolve().parent / "e2e"


def pytest_collection_modifyitems(config, items):
    """Every test under tests/e2e builds reports (seconds to minutes): marked ``slow`` by its
    folder, so ``pytest -m "not slow"`` leaves them out. Unit tests live under
    tests/unit/<layer>/ and mark their few slow tests themselves."""
    for item in items:
        if E2E in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.slow)

# Validated data files are kept between processes (helpers.data.reads, issue 30): the
# suite keeps them in a folder of its own, shared by its worker processes and the builds
# they start, never in the user's ~/.cache.
os.environ.setdefault("HOP_HURTIGLAGER", str(Path(tempfile.gettempdir())
                                              / f"hop-tester-{os.getuid()}"))

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
# issue 28: the invented example data, one complete data folder per case
EXAMPLES_DIR = ROOT / "eksempler"


@pytest.fixture(autouse=True)
def _no_network_for_hop_ny(monkeypatch):
    """``hop ny`` fetches KOSTRA groups from SSB KLASS when it lacks them; no test may reach
    the network, also not through a ``hop`` subprocess (which inherits the environment).
    Tests of the fetch remove the variable and give ``hop ny`` a fake transport."""
    monkeypatch.setenv("HOP_UTEN_NETT", "1")


@pytest.fixture(scope="session")
def data():
    """The project's data folder, loaded and validated."""
    return load_data(DATA_DIR)


@pytest.fixture
def data_copy(tmp_path):
    """A copy of the project's data files (without the documentation) to break on purpose."""
    dst = tmp_path / "data"
    shutil.copytree(DATA_DIR, dst, ignore=shutil.ignore_patterns("*.md"))
    return dst


def problems_for(folder: Path) -> list[str]:
    """Every problem loading ``folder`` reports, as the lines the user reads."""
    from helpers.data import DataError, load_data

    with pytest.raises(DataError) as exc:
        load_data(folder)
    return [str(p) for p in exc.value.problems]


def tool_missing(name: str) -> bool:
    return shutil.which(name) is None


def build_report(name: str, out_dir: Path, data_dir: Path | None = None,
                 **params) -> tuple[BuildResult, Path]:
    """Build one report into ``out_dir`` with the given parameters (from ``data_dir``, the
    project's data/ when None); returns the result and the report's output folder. Fails
    the test with the runner's message on error."""
    info = available_reports()[name]
    result = build_one(info, params, out_dir, data_dir or DATA_DIR)
    assert result.ok, f"{name} feilet: {result.error}"
    return result, out_dir / name


def build_each(names: list[str], params: dict, out_dir: Path, data_dir: Path = DATA_DIR,
               jobs: int = 2) -> dict[str, BuildResult]:
    """:func:`build_one` for each report in ``names``, ``jobs`` at a time in worker
    processes (the CI machine has two cores; issue 30): {name: result}. No appendix,
    key-figure merge or manifest, as with :func:`build_one`."""
    from concurrent.futures import ProcessPoolExecutor

    from helpers.pack import engine

    infos = available_reports()
    with ProcessPoolExecutor(max_workers=jobs, mp_context=engine.pool_context()) as pool:
        futures = {n: pool.submit(build_one, infos[n], params, out_dir, data_dir)
                   for n in names}
        return {n: f.result() for n, f in futures.items()}


def shared_build(tmp_path_factory, name: str, make) -> Path:
    """A folder ``make(folder)`` fills once for the whole test run: once per session, and
    with pytest-xdist (``scripts/run-tests`` runs two workers) once for all workers — the
    first worker to ask builds it under a lock in the run's shared temporary folder, the
    others wait and read it. Tests only read these folders."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        folder = tmp_path_factory.mktemp(name)
        make(folder)
        return folder
    from filelock import FileLock

    root = tmp_path_factory.getbasetemp().parent  # shared by the workers of this run
    folder, done = root / f"delt-{name}", root / f"delt-{name}.ferdig"
    with FileLock(str(root / f"delt-{name}.lock")):
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)  # a failed attempt of another worker
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session")
def built_pack(tmp_path_factory):
    """Every report built once with its defaults by the whole runner, as ``hop build``
    does (reports, key figures, manifest, appendix, notes): the output folder. Two
    workers, as ``hop build`` on the two-core CI machine; tests that need the default
    reports or the default appendix read this pack instead of building their own."""
    def make(out: Path) -> None:
        results = build(list(available_reports()), {}, out, DATA_DIR, jobs=2)
        failed = [f"{r.report}: {r.error}" for r in results if not r.ok]
        assert not failed, f"feilet: {failed}"

    return shared_build(tmp_path_factory, "reports", make)


@pytest.fixture(scope="session")
def built_examples(tmp_path_factory):
    """issue 28: each example case built from its own folder in eksempler/ by the whole
    runner, as ``hop build <case> --data eksempler/<case>`` does: {case: output folder}.
    (eksempler/oversikt is a group folder of real KOSTRA figures, issue 31.)"""
    def make(case: str):
        def build_case(folder: Path) -> None:
            results = build([case], {}, folder, EXAMPLES_DIR / case, jobs=1)
            failed = [f"{r.report}: {r.error}" for r in results if not r.ok]
            assert not failed, f"feilet: {failed}"
        return build_case

    return {case: shared_build(tmp_path_factory, f"eksempel-{case}", make(case))
            for case in ("tertial", "alternativer", "oversikt")}


@pytest.fixture(scope="session")
def built_defaults(built_pack, built_examples):
    """Every report built once with its defaults: {name: output folder}. The reports whose
    data are invented examples (tertial, alternativer) come from their example folder."""
    return {name: (built_examples[name] if name in built_examples else built_pack) / name
            for name in available_reports()}


@pytest.fixture(scope="session")
def built_reports(built_pack, built_defaults, tmp_path_factory):
    """One folder as the tests of every report's page read it: the default pack's own files
    (index.html, …) and each report's folder from :func:`built_defaults` (symlinks), so the
    example reports (tertial, alternativer) are the ones built from their example data."""
    out = tmp_path_factory.mktemp("rapporter")
    for path in built_pack.iterdir():
        if path.is_file():
            (out / path.name).symlink_to(path)
    for name, folder in built_defaults.items():
        (out / name).symlink_to(folder, target_is_directory=True)
    return out
