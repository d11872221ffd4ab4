"""Long calls release the GIL (a Python thread keeps running during one), report progress, and
stop with the exception a progress callback raises."""

import threading
import time

import pytest

import micgraph


@pytest.fixture(scope="module")
def large():
    return micgraph.generate(100_000, seed=7)


def hub_ban(g):
    hubs = g.select("kinds=firm")[:50]
    return micgraph.Scenario.from_dict({"name": "hub ban", "rules": [
        {"select": "nodes", "ids": hubs, "enforcement": {"low": 0.6, "high": 0.95}}]})


def test_a_python_thread_runs_during_a_long_call(large):
    ban = hub_ban(large)
    large.compile(ban)
    ticks, stop = [0], threading.Event()

    def count():
        while not stop.is_set():
            ticks[0] += 1
            time.sleep(0.001)

    counter = threading.Thread(target=count)
    counter.start()
    try:
        time.sleep(0.05)
        before = ticks[0]
        started = time.perf_counter()
        large.impact(ban, samples=100, threads=1)
        elapsed = time.perf_counter() - started
        during = ticks[0] - before
    finally:
        stop.set()
        counter.join()
    assert elapsed > 0.1, "the call was too short to tell"
    # with the GIL held, the counter would not have moved until the call returned
    assert during >= max(5, 0.1 * elapsed / 0.0015)


def test_progress_is_called_and_its_exception_stops_the_call(large):
    ban = hub_ban(large)
    calls = []
    large.impact(ban, samples=20, threads=2, progress=lambda done, total: calls.append((done, total)))
    assert sorted(calls)[-1] == (20, 20)

    class Stop(Exception):
        pass

    def stop(done, total):
        raise Stop(f"stopped at {done} of {total}")

    with pytest.raises(Stop, match="stopped at"):
        large.impact(ban, samples=50, threads=2, progress=stop)
    loads = []
    path = None
    import tempfile, os
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "large.mgb")
        large.save(path)
        again = micgraph.load(path, progress=lambda done, total: loads.append(done))
    assert loads[-1] == 1000 and again.node_count == large.node_count


def test_threads_give_the_same_answer(large):
    ban = hub_ban(large)
    one = large.impact(ban, samples=16, threads=1).to_dict()
    two = large.impact(ban, samples=16, threads=2).to_dict()
    assert one == two
