"""What the management commands that people and scripts drive have in common (issue #10).

A ``ScriptCommand`` adds ``--json`` and ``--user`` to a command and turns its outcome into
one of two things:

- with ``--json``, exactly one JSON document on stdout: ``{"ok": true, ...result...}``, or
  ``{"ok": false, "code": ..., "message": ..., "details": ...}`` with the API's error codes
  (plus ``"job"`` when a job failed);
- without, a readable summary on stdout, or ``CommandError: <code>: <message>`` on stderr.

Progress bars and notes go to stderr. The exit status is 0 on success, 1 on a user error
(including a failed job) and 2 on a usage error. ``--user`` names the acting user by
e-mail and the command checks that user's rights as the API does; without it the command
acts as the installation's first administrator and says so on stderr.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections
from django.utils.translation import gettext as _

from core import error_codes as codes
from core.api.errors import error_body
from core.api.serializers import JobSerializer
from core.errors import PublisherError, UserError
from core.jobs.executor import execute
from core.models import Job, JobStatus
from core.services.jobs import job_cancel

EXIT_ERROR = 1
EXIT_USAGE = 2
BAR_WIDTH = 30
POLL_SECONDS = 0.5
USER_HELP = (
    "E-mail of the acting user; their rights are checked as the API checks them. "
    "Default: the installation's first administrator (named on stderr)."
)
JSON_HELP = (
    'Print one JSON document on stdout: {"ok": true, ...} or {"ok": false, "code", '
    '"message", "details"}. Exit status 0 on success, 1 on an error, 2 on a usage error.'
)


class UsageError(PublisherError):
    """Arguments that do not go together (exit status 2, like argparse's own errors)."""

    default_code = codes.CLI_USAGE


class JobFailed(PublisherError):
    """A job the command ran or followed ended without succeeding."""

    def __init__(self, job: Job):
        message = job.error_message or _("The job ended %(status)s.") % {"status": job.status}
        super().__init__(
            message,
            code=job.error_code
            or (codes.JOB_CANCELLED if job.status == JobStatus.CANCELLED else codes.JOB_FAILED),
        )
        self.job = job


def job_body(job: Job) -> dict:
    """A job as the API shows it (``GET /api/v1/jobs/<id>/``)."""
    return dict(JobSerializer(job).data)


def progress_line(job: Job) -> str:
    """One terminal line: bar, percentage, status, phase, done/total and, once measurable,
    units per second and the seconds left."""
    percent = job.percent
    filled = int(BAR_WIDTH * (percent or 0) / 100)
    bar = "#" * filled + "-" * (BAR_WIDTH - filled)
    done = (
        "%d/%d" % (job.progress_done, job.progress_total)
        if job.progress_total
        else str(job.progress_done or "")
    )
    pct = "%3d%%" % percent if percent is not None else " ..."
    line = "[%s] %s %s %s %s" % (bar, pct, job.status, job.phase, done)
    if job.rate is not None:
        line += " %d/s" % job.rate
        if job.seconds_left is not None:
            line += ", %ds left" % job.seconds_left
    return line


def add_job_arguments(parser) -> None:
    """``--inline`` and ``--no-wait`` for commands that start a job."""
    parser.add_argument(
        "--inline",
        action="store_true",
        help="Run the job in this process (no worker needed) instead of queueing it.",
    )
    parser.add_argument(
        "--no-wait",
        action="store_true",
        help="Queue the job, print it and return at once (default: follow it to its end).",
    )


def user_named(email: str) -> Any:
    """The active user with this e-mail, or ``auth:no-user``."""
    user = _users().filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        raise UserError(
            _("No active user has the e-mail %(email)s.") % {"email": email},
            code=codes.AUTH_NO_USER,
            details={"user": email},
        )
    return user


def _users() -> Any:
    """Active accounts (the installation's user model; core names no app)."""
    return get_user_model().objects.all()


def file_read(path: str) -> bytes:
    """The bytes of a local file named on the command line, or ``cli:file`` naming it."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise UserError(
            _("%(file)s cannot be read: %(error)s") % {"file": path, "error": exc.strerror or exc},
            code=codes.CLI_FILE,
            details={"file": path},
        ) from exc


def _execute_here(job_id: str) -> None:
    """Run a job to its end in this thread, waiting out the retries a worker would make."""
    try:
        outcome = execute(job_id)
        while outcome.retry_in is not None:
            time.sleep(outcome.retry_in)
            outcome = execute(job_id)
    finally:
        connections.close_all()  # this thread's connections only


class ScriptCommand(BaseCommand):
    """A management command with ``--json``, ``--user``, error codes and exit statuses.

    Subclasses implement ``run(**options) -> dict`` (the JSON result, without ``ok``) and
    ``report(result)`` (the human summary), raising ``PublisherError`` for what went wrong.
    """

    acts_as_user = True
    _argv: list[str] = []
    _user: Any = None

    def run_from_argv(self, argv):
        self._argv = list(argv)
        super().run_from_argv(argv)  # a failure leaves through sys.exit
        _leave()

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        # Django's system checks load every URL, view and serializer (~0.4 s): the server
        # runs them at start and `manage.py check` on demand; a script skips them unless
        # asked (--skip-checks is still accepted).
        parser.set_defaults(skip_checks=True)
        parser.add_argument("--json", action="store_true", help=JSON_HELP)
        if self.acts_as_user:
            parser.add_argument("--user", default="", help=USER_HELP)
        argparse_error = parser.error

        def error(message):
            if parser.called_from_command_line and "--json" in self._argv:
                self._emit({"ok": False, **error_body(UsageError.default_code, message)})
            argparse_error(message)

        parser.error = error
        return parser

    def handle(self, *args, **options):
        self.as_json = options["json"]
        self._user_email = options.get("user") or ""
        try:
            result = self.run(*args, **options)
        except PublisherError as exc:
            self._fail(exc)
        except CommandError:
            raise
        except Exception:
            if self.as_json:
                self._emit(
                    {
                        "ok": False,
                        **error_body(
                            codes.APP_INTERNAL, _("The command stopped on an internal error.")
                        ),
                    }
                )
            raise
        if self.as_json:
            self._emit({"ok": True, **result})
        else:
            self.report(result)

    def run(self, *args, **options) -> dict:  # pragma: no cover - abstract
        raise NotImplementedError

    def report(self, result: dict) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    # --- output -------------------------------------------------------------------------

    def _emit(self, body: dict) -> None:
        self.stdout.write(json.dumps(body, cls=DjangoJSONEncoder, indent=1))

    def _fail(self, exc: PublisherError) -> None:
        if self.as_json:
            body = {"ok": False, **error_body(exc.code, exc.message, exc.details)}
            if isinstance(exc, JobFailed):
                body["job"] = job_body(exc.job)
            self._emit(body)
        status = EXIT_USAGE if isinstance(exc, UsageError) else EXIT_ERROR
        raise CommandError("%s: %s" % (exc.code, exc.message), returncode=status) from exc

    def note(self, text: str) -> None:
        """A remark for the person at the terminal (stderr, so that stdout stays clean)."""
        self.stderr.write(text)

    def say(self, text: str, *, success: bool = False) -> None:
        self.stdout.write(self.style.SUCCESS(text) if success else text)

    # --- who acts, on what ------------------------------------------------------------------

    @property
    def user(self) -> Any:
        """The acting user (``--user``, else the first administrator), resolved once."""
        if self._user is None:
            self._user = self._resolve_user(self._user_email)
        return self._user

    def _resolve_user(self, email: str) -> Any:
        if email:
            return user_named(email)
        admin = _users().filter(is_superuser=True, is_active=True).order_by("pk").first()
        if admin is None:
            raise UserError(
                _(
                    "This installation has no administrator to act as; name the "
                    "acting user with --user."
                ),
                code=codes.AUTH_NO_USER,
            )
        self.note(
            _("Acting as the administrator %(email)s (--user names another user).")
            % {"email": admin.email}
        )
        return admin

    # --- jobs -------------------------------------------------------------------------------

    def run_job(self, job: Job, *, inline: bool, wait: bool = True) -> Job:
        """Run ``job`` in this process (``inline``, created with ``enqueue=False``) or follow
        it in the worker, drawing progress on stderr; Ctrl-C cancels it. Raises ``JobFailed``
        unless it succeeded. With ``wait=False`` a queued job is returned at once."""
        if not inline and not wait:
            self.note(_("Queued job %(id)s.") % {"id": job.pk})
            return job
        runner = None
        if inline:
            runner = threading.Thread(
                target=_execute_here, args=[str(job.pk)], name="job-inline", daemon=True
            )
            runner.start()
        try:
            self._follow(job, quiet=self.as_json and not self.stderr.isatty(), runner=runner)
        except KeyboardInterrupt:
            job_cancel(job=job)
            self.note("\n" + _("cancelling..."))
            self._follow(job, quiet=True)
        finally:
            if runner is not None:
                runner.join()
        if job.status != JobStatus.SUCCEEDED:
            raise JobFailed(job)
        return job

    def _follow(self, job: Job, *, quiet: bool, runner: threading.Thread | None = None) -> None:
        """Redraw the progress line until the job ends. A quiet command running the job
        here just waits for it: polling the database would take the GIL from the job."""
        if quiet and runner is not None:
            while runner.is_alive():
                runner.join(POLL_SECONDS)  # wakes up for Ctrl-C
            job.refresh_from_db()
            return
        shown = ""
        while True:
            job.refresh_from_db()
            line = progress_line(job)
            if line != shown and not quiet:
                self.stderr.write("\r" + line.ljust(len(shown)), ending="")
                self.stderr.flush()
                shown = line
            if job.is_final:
                break
            time.sleep(POLL_SECONDS)
        if shown:
            self.stderr.write("")


def _leave() -> None:
    """End a finished command at once. The interpreter's own ending tears down every module
    and collects the whole heap once more, 0.15-0.3 s after a publication with nothing left
    to do; instead: flush the output and the logs, run the exit handlers (temporary files,
    coverage), and leave. Only when no other thread that Python would wait for runs."""
    main = threading.main_thread()
    if any(t is not main and not t.daemon for t in threading.enumerate()):
        return
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    logging.shutdown()
    atexit._run_exitfuncs()
    os._exit(0)
