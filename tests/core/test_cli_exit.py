"""A script command that finished leaves at once (``core.cli._leave``), losing nothing: its
whole output through a block-buffered pipe, its log lines, and the exit handlers' work. With
a thread still running that Python would wait for, it ends the usual way."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from tests.conftest import ROOT

SCRIPT = textwrap.dedent(
    """
    import atexit, logging, sys, threading, time
    import django
    django.setup()
    from core.cli import ScriptCommand

    out, keep_thread = sys.argv[1], sys.argv[2] == "thread"
    handler = logging.FileHandler(out + ".log")
    logging.getLogger("exit-test").addHandler(handler)
    logging.getLogger("exit-test").setLevel(logging.INFO)
    atexit.register(lambda: open(out + ".atexit", "w").write("ran"))

    def late():
        time.sleep(0.3)
        open(out + ".thread", "w").write("done")

    class Command(ScriptCommand):
        acts_as_user = False

        def run(self, **options):
            logging.getLogger("exit-test").info("the last line")
            if keep_thread:
                threading.Thread(target=late).start()  # not a daemon: Python waits for it
            return {"rows": ["x" * 60 for _ in range(5000)]}

        def report(self, result):
            pass

    Command().run_from_argv(["manage.py", "exit-test", "--json"])
    open(out + ".after", "w").write("not reached when the command leaves at once")
    """
)


def _run(tmp_path, mode: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # a buffered pipe
    env["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "out"), mode],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_finished_command_leaves_with_its_output_logs_and_exit_handlers(tmp_path):
    done = _run(tmp_path, "alone")
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout)  # all ~330 KB of it, through a block-buffered pipe
    assert body["ok"] is True and len(body["rows"]) == 5000
    assert (tmp_path / "out.log").read_text() == "the last line\n"
    assert (tmp_path / "out.atexit").read_text() == "ran"
    assert not (tmp_path / "out.after").exists()  # left at once, not by returning


def test_a_command_with_a_thread_still_running_ends_the_usual_way(tmp_path):
    done = _run(tmp_path, "thread")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["ok"] is True
    assert (tmp_path / "out.after").exists()
    assert (tmp_path / "out.thread").read_text() == "done"  # Python waited for the thread
    assert (tmp_path / "out.atexit").read_text() == "ran"
