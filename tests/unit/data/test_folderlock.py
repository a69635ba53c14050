"""The folder locks (``.hop-bygging.lock``, ``.grunnlag.lock``) leave no file behind and
still let only one process in at a time, also while the holder removes the file."""

from __future__ import annotations

import multiprocessing
import os
import time

import pytest

from helpers.data.folderlock import folder_lock

pytestmark = pytest.mark.skipif(os.name != "posix", reason="flock")


def test_lock_file_is_removed_when_released(tmp_path):
    path = tmp_path / ".hop-bygging.lock"
    with folder_lock(path):
        assert path.exists()
    assert not path.exists()
    with pytest.raises(RuntimeError), folder_lock(path):
        raise RuntimeError("bygging feilet")
    assert not path.exists()  # also after a failure
    assert list(tmp_path.iterdir()) == []


def _count(path, counter, rounds):
    for _ in range(rounds):
        with folder_lock(path):
            value = int(counter.read_text())
            time.sleep(0.001)  # widen the window a second holder would need
            counter.write_text(str(value + 1))


def test_only_one_holder_at_a_time_while_files_come_and_go(tmp_path):
    path = tmp_path / ".grunnlag.lock"
    counter = tmp_path / "teller"
    counter.write_text("0")
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_count, args=(path, counter, 40)) for _ in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0, 0, 0]
    assert counter.read_text() == "160"  # a lost update would mean two holders at once
    assert not path.exists()


def _hold(path, started, release):
    with folder_lock(path):
        started.set()
        release.wait(30)


def test_waiter_is_told_once_and_gets_the_lock_after_the_holder(tmp_path):
    path = tmp_path / ".hop-bygging.lock"
    ctx = multiprocessing.get_context("fork")
    started, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=_hold, args=(path, started, release))
    holder.start()
    assert started.wait(30)
    told = []

    def on_wait():
        told.append(1)
        release.set()

    with folder_lock(path, on_wait):
        assert path.exists()
    holder.join(30)
    assert told == [1] and holder.exitcode == 0
    assert not path.exists()


def test_a_file_system_without_flock_falls_back_to_filelock(tmp_path, monkeypatch):
    import errno

    from helpers.data import folderlock

    def no_flock(fd, op):
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(folderlock.fcntl, "flock", no_flock)
    ran = []
    with folder_lock(tmp_path / ".grunnlag.lock"):
        ran.append(1)
    assert ran == [1] and not (tmp_path / ".grunnlag.lock").exists()
