"""One registry of error codes (issue #15), enforced.

1. Every code the apps use is declared in an app's ``error_codes.py``: the ``code=`` of any
   call (raise sites, Django-free packages' own errors, jobs' failures), the code given to
   ``error_body``, and any string literal shaped like a code of a declared namespace
   (``source:encoding`` in a table, a default argument, a comparison). Codes are never
   built from pieces (``"ipt:" + kind``): a code that cannot be read from the source cannot
   be checked.
2. Every declared code is used: its constant is named, or its string appears, somewhere in
   the apps.
3. No code is declared twice; constants are named after their code; a code raised as an app
   error answers 5xx, as a user error 4xx.
4. The registry loaded at start-up is what the modules declare; the API answers each code
   with its status; the OpenAPI schema and the README list every code.

The source is read with ``ast``. Each rule is also run on a small tree made to break it, so
that a rule that cannot fail is caught too (as in ``test_layering.py``).
"""

from __future__ import annotations

import ast
import re
import types
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from rest_framework import exceptions

from core import error_codes as core_codes
from core.api.errors import exception_handler
from core.error_codes import DuplicateErrorCode, ErrorCode, ErrorRegistry, registry
from core.errors import AppError, UserError
from core.management.commands.error_codes import markdown_table, readme_section
from core.models import JobStatus
from tests.factories import JobFactory

ROOT = Path(__file__).resolve().parent.parent
APPS = ("core", "publisher", "catalogue", "resources", "metadata", "workflows")
MODULE = "error_codes"
CODE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?::[a-z][a-z0-9]*(?:-[a-z0-9]+)*)?$")
NAMESPACED = re.compile(r"^([a-z][a-z0-9]*(?:-[a-z0-9]+)*):[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
# Django's own codes of form and validator errors ("mismatch", "too-large"): not ours.
CONSTANT = re.compile(r"^[A-Z][A-Z0-9_]*$")
FRAMEWORK_CALLS = {"ValidationError", "RegexValidator", "Check"}  # Check: data checks
# Codes of what a source analysis finds (listed with the analysis), not of errors.
FINDINGS = {
    "source:header-empty",
    "source:header-duplicate",
    "source:ragged",
    "source:quote-unclosed",
    "source:encoding-mixed",
}


@dataclass(frozen=True)
class Declared:
    module: str  # core.error_codes
    name: str  # NOT_FOUND
    code: str
    status: int
    line: int


@dataclass(frozen=True)
class Use:
    where: str  # path:line
    code: str = ""  # a literal
    constant: tuple[str, str] | None = None  # (module, NAME)
    raised_as: str = ""  # UserError / AppError when the code is given to one
    strict: bool = False  # given as code= or to error_body: must be declared, any shape


@dataclass
class Source:
    uses: list[Use] = field(default_factory=list)
    built: list[str] = field(default_factory=list)  # codes built from pieces


def _app_files(root: Path):
    for app in APPS:
        for path in sorted((root / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _module(path: Path, root: Path) -> str:
    return ".".join(path.relative_to(root).with_suffix("").parts)


def read_declared(root: Path = ROOT) -> list[Declared]:
    """The ``NAME = ErrorCode("code", status, message)`` constants of every app."""
    found = []
    for app in APPS:
        path = root / app / (MODULE + ".py")
        if not path.exists():
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            value = getattr(node, "value", None)
            if not (isinstance(node, ast.Assign) and isinstance(value, ast.Call)):
                continue
            if getattr(value.func, "id", "") != "ErrorCode":
                continue
            code, status = (ast.literal_eval(a) for a in value.args[:2])
            name = node.targets[0].id
            found.append(Declared("%s.%s" % (app, MODULE), name, code, status, node.lineno))
    return found


def _registry_aliases(tree: ast.Module) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """Names bound to a registry module, and names bound to one of its constants."""
    modules, constants = {}, {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.endswith("." + MODULE) and alias.asname:
                    modules[alias.asname] = alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                if alias.name == MODULE:
                    modules[alias.asname or alias.name] = "%s.%s" % (node.module, MODULE)
                elif node.module.endswith("." + MODULE):
                    constants[alias.asname or alias.name] = (node.module, alias.name)
    return modules, constants


def _callee(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def _code_values(node: ast.AST):
    """The alternatives of a ``code=`` expression: ``a if c else b``, ``x or y``."""
    if isinstance(node, ast.IfExp):
        yield from _code_values(node.body)
        yield from _code_values(node.orelse)
    elif isinstance(node, ast.BoolOp):
        for value in node.values:
            yield from _code_values(value)
    else:
        yield node


def _is_built(node: ast.AST) -> bool:
    """A string made from pieces: ``"a:" + x``, ``"%s:%s" % ...``, an f-string, ``.format``."""
    return (
        isinstance(node, ast.JoinedStr)
        or (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod))
        or (isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "format")
    )


def _constant(node, modules, constants) -> tuple[str, str] | None:
    """The registry constant (an UPPER_CASE name) that ``node`` names, if any."""
    found = None
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        found = (modules[node.value.id], node.attr) if node.value.id in modules else None
    elif isinstance(node, ast.Name):
        found = constants.get(node.id)
    return found if found and CONSTANT.match(found[1]) else None


def read_source(root: Path = ROOT) -> Source:
    """Every use of a code in the apps (their ``error_codes`` modules left out)."""
    source = Source()
    for path in _app_files(root):
        if path.name == MODULE + ".py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules, constants = _registry_aliases(tree)
        rel = path.relative_to(root)
        for node in ast.walk(tree):
            where = "%s:%d" % (rel, getattr(node, "lineno", 0))
            named = _constant(node, modules, constants)
            if named:
                source.uses.append(Use(where, constant=named))
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                if NAMESPACED.match(node.value):
                    source.uses.append(Use(where, code=node.value))
            elif isinstance(node, ast.Call):
                _read_call(node, where, modules, constants, source)
    return source


def _read_call(call: ast.Call, where: str, modules, constants, source: Source) -> None:
    callee = _callee(call)
    given = [k.value for k in call.keywords if k.arg == "code"]
    if callee == "error_body" and call.args:
        given.append(call.args[0])
    if callee in FRAMEWORK_CALLS:
        return
    raised_as = callee if callee in ("UserError", "AppError") else ""
    for expression in given:
        for value in _code_values(expression):
            if _is_built(value):
                source.built.append("%s %s" % (where, ast.unparse(value)))
            elif isinstance(value, ast.Constant) and isinstance(value.value, str):
                source.uses.append(Use(where, code=value.value, raised_as=raised_as, strict=True))
            elif named := _constant(value, modules, constants):
                source.uses.append(Use(where, constant=named, raised_as=raised_as))


# --- the rules: each returns what breaks it -----------------------------------------------------


def undeclared(declared: list[Declared], source: Source) -> list[str]:
    codes = {d.code for d in declared}
    namespaces = {NAMESPACED.match(c).group(1) for c in codes if NAMESPACED.match(c)}
    names = {(d.module, d.name) for d in declared}
    broken = []
    for use in source.uses:
        if use.constant and use.constant not in names:
            broken.append("%s names %s.%s, which is not declared" % (use.where, *use.constant))
        elif use.code and use.code not in codes and use.code not in FINDINGS:
            match = NAMESPACED.match(use.code)
            if use.strict or (match and match.group(1) in namespaces):
                broken.append("%s uses %s, which is not declared" % (use.where, use.code))
    return sorted(set(broken))


def unused(declared: list[Declared], source: Source) -> list[str]:
    named = {u.constant for u in source.uses if u.constant}
    literal = {u.code for u in source.uses if u.code}
    return [
        "%s.%s (%s)" % (d.module, d.name, d.code)
        for d in declared
        if (d.module, d.name) not in named and d.code not in literal
    ]


def duplicates(declared: list[Declared]) -> list[str]:
    seen: dict[str, Declared] = {}
    broken = []
    for d in declared:
        if d.code in seen:
            first = seen[d.code]
            broken.append(
                "%s: %s.%s and %s.%s" % (d.code, first.module, first.name, d.module, d.name)
            )
        seen.setdefault(d.code, d)
    return broken


def badly_named(declared: list[Declared]) -> list[str]:
    return [
        "%s.%s declares %s" % (d.module, d.name, d.code)
        for d in declared
        if not CODE.match(d.code) or d.name != re.sub(r"[:-]", "_", d.code).upper()
    ]


def wrong_status_class(declared: list[Declared], source: Source) -> list[str]:
    status = {(d.module, d.name): d.status for d in declared}
    status |= {d.code: d.status for d in declared}
    wanted = {"UserError": range(400, 500), "AppError": range(500, 600)}
    broken = []
    for use in source.uses:
        key = use.constant or use.code
        if use.raised_as and key in status and status[key] not in wanted[use.raised_as]:
            broken.append(
                "%s raises %s as %s with status %d" % (use.where, key, use.raised_as, status[key])
            )
    return sorted(set(broken))


# --- the tree keeps the rules -------------------------------------------------------------------


@pytest.fixture(scope="module")
def declared() -> list[Declared]:
    return read_declared()


@pytest.fixture(scope="module")
def source() -> Source:
    return read_source()


def test_the_tree_has_codes_to_check(declared, source):
    apps = {d.module.split(".")[0] for d in declared}
    assert {"core", "publisher", "catalogue", "resources", "metadata"} <= apps
    assert any(u.constant for u in source.uses) and any(u.code for u in source.uses)


def test_every_code_used_is_declared(declared, source):
    assert undeclared(declared, source) == []


def test_every_declared_code_is_used(declared, source):
    assert unused(declared, source) == []


def test_no_code_is_declared_twice(declared):
    assert duplicates(declared) == []


def test_constants_are_named_after_their_code(declared):
    assert badly_named(declared) == []


def test_no_code_is_built_from_pieces(source):
    assert source.built == []


def test_app_errors_answer_5xx_and_user_errors_4xx(declared, source):
    assert wrong_status_class(declared, source) == []


def test_the_registry_holds_what_the_modules_declare(declared):
    assert {(d.code, d.status) for d in declared} == {(e.code, e.status) for e in registry}
    for d in declared:
        assert registry.owner(d.code) == "%s.%s" % (d.module, d.name)


def test_every_code_has_a_message_without_the_code():
    for error in registry:
        message = str(error.message)
        assert message.strip() and not (":" in error.code and error.code in message), error.code


# --- each rule fails on a tree that breaks it ---------------------------------------------------

REGISTRY_MODULE = """
from core.error_codes import ErrorCode
SOURCE_ENCODING = ErrorCode("source:encoding", 400, "Bad encoding.")
SOURCE_EMPTY = ErrorCode("source:empty", 400, "Empty.")
"""


def make_tree(root: Path, files: dict[str, str]) -> Path:
    files.setdefault("resources/error_codes.py", REGISTRY_MODULE)
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def _checked(tmp_path, files) -> tuple[list[Declared], Source]:
    root = make_tree(tmp_path, files)
    return read_declared(root), read_source(root)


def test_a_tree_that_keeps_the_rules_passes(tmp_path):
    declared, source = _checked(
        tmp_path,
        {
            "resources/services.py": "from resources import error_codes as codes\n"
            "raise UserError('x', code=codes.SOURCE_ENCODING)\n",
            "resources/sources/text.py": "raise SourceError('x', code='source:empty')\n",
        },
    )
    assert undeclared(declared, source) == unused(declared, source) == []
    assert source.built == [] and wrong_status_class(declared, source) == []


def test_an_undeclared_literal_code_is_caught(tmp_path):
    declared, source = _checked(
        tmp_path,
        {
            "resources/sources/text.py": "raise SourceError('x', code='source:encodng')\n"
            "raise SourceError('x', code='source:empty')\n"
            "raise UserError('x', code='source:encoding')\n"
        },
    )
    assert undeclared(declared, source) == [
        "resources/sources/text.py:1 uses source:encodng, which is not declared"
    ]


def test_an_undeclared_code_of_a_new_namespace_given_as_code_is_caught(tmp_path):
    declared, source = _checked(
        tmp_path,
        {
            "resources/views.py": "error_body('export:failed', 'x')\n"
            "raise UserError('x', code='source:encoding')\n"
            "raise UserError('x', code='source:empty')\n"
        },
    )
    assert undeclared(declared, source) == [
        "resources/views.py:1 uses export:failed, which is not declared"
    ]


def test_a_misspelt_code_in_a_table_or_comparison_is_caught(tmp_path):
    declared, source = _checked(
        tmp_path,
        {
            "resources/sources/sql.py": "KINDS = {'x': 'source:encoding', 'y': 'source:emtpy'}\n"
            "ok = code == 'source:empty'\n"
        },
    )
    assert undeclared(declared, source) == [
        "resources/sources/sql.py:1 uses source:emtpy, which is not declared"
    ]


def test_an_undeclared_constant_is_caught(tmp_path):
    declared, source = _checked(
        tmp_path,
        {
            "resources/services.py": "from resources.error_codes import SOURCE_EMPTY\n"
            "import resources.error_codes as codes\n"
            "raise UserError('x', code=codes.SOURCE_ENCODNG)\n"
            "raise UserError('x', code=codes.SOURCE_ENCODING or SOURCE_EMPTY)\n"
        },
    )
    assert undeclared(declared, source) == [
        "resources/services.py:3 names resources.error_codes.SOURCE_ENCODNG, which is not declared"
    ]
    assert unused(declared, source) == []


def test_a_declared_code_nobody_uses_is_caught(tmp_path):
    declared, source = _checked(
        tmp_path,
        {"resources/services.py": "raise UserError('x', code='source:encoding')\n"},
    )
    assert unused(declared, source) == ["resources.error_codes.SOURCE_EMPTY (source:empty)"]


def test_a_code_declared_twice_is_caught(tmp_path):
    declared, _source = _checked(
        tmp_path,
        {
            "core/error_codes.py": "EMPTY = ErrorCode('source:empty', 400, 'Empty.')\n",
        },
    )
    assert duplicates(declared) == [
        "source:empty: core.error_codes.EMPTY and resources.error_codes.SOURCE_EMPTY"
    ]
    assert badly_named(declared) == ["core.error_codes.EMPTY declares source:empty"]


def test_a_code_built_from_pieces_is_caught(tmp_path):
    _declared, source = _checked(
        tmp_path,
        {
            "resources/dwca/meta.py": "raise MetaError('x', code='dwca:meta-' + exc.kind)\n"
            "raise IptError('x', code=f'ipt:{kind}')\n"
            "raise CatalogueError('x', code=kind if a else '%s:format' % kind)\n",
        },
    )
    assert len(source.built) == 3


def test_an_app_error_with_a_user_error_status_is_caught(tmp_path):
    declared, source = _checked(
        tmp_path,
        {"resources/services.py": "raise AppError('x', code='source:encoding')\n"},
    )
    assert wrong_status_class(declared, source) == [
        "resources/services.py:1 raises source:encoding as AppError with status 400"
    ]


def test_django_form_error_codes_are_not_ours(tmp_path):
    declared, source = _checked(
        tmp_path,
        {"resources/forms.py": "raise forms.ValidationError('x', code='too-large')\n"},
    )
    assert [u for u in source.uses if u.code == "too-large"] == []


# --- the registry itself ------------------------------------------------------------------------


def test_the_registry_refuses_a_code_declared_twice():
    first = types.ModuleType("first.error_codes")
    first.EMPTY = ErrorCode("source:empty", 400, "Empty.")
    second = types.ModuleType("second.error_codes")
    second.SOURCE_EMPTY = ErrorCode("source:empty", 400, "Empty.")
    fresh = ErrorRegistry()
    fresh.register_module(first)
    fresh.register_module(first)  # loading the same module again changes nothing
    with pytest.raises(DuplicateErrorCode, match="source:empty is declared twice"):
        fresh.register_module(second)
    alias = types.ModuleType("third.error_codes")
    alias.A = alias.B = ErrorCode("x:y", 400, "Y.")
    with pytest.raises(DuplicateErrorCode):
        ErrorRegistry().register_module(alias)


def test_errors_keep_their_code_a_plain_string():
    error = UserError("Not UTF-8.", code=core_codes.CLI_FILE)
    assert error.code == "cli:file" and type(error.code) is str and error.message == "Not UTF-8."
    assert UserError(code=core_codes.CLI_FILE).message == str(core_codes.CLI_FILE.message)
    assert UserError("x").code == "user:invalid" and AppError("x").code == "app:error"
    assert UserError("x", code="source:encoding").code == "source:encoding"


# --- the API answers each code with its status ----------------------------------------------------


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (UserError("x", code="source:encoding"), 400),
        (UserError("x", code="registration:forbidden"), 403),
        (UserError("x", code="not-found"), 404),
        (UserError("x", code="job:finished"), 409),
        (AppError("x", code="registry:unreachable"), 503),
        (UserError("x", code="tests:undeclared"), 400),
        (AppError("x", code="tests:undeclared"), 503),
    ],
)
def test_the_api_answers_a_code_with_its_registered_status(error, status):
    response = exception_handler(error, {})
    assert response.status_code == status
    assert response.data == {"code": error.code, "message": "x", "details": None}


def test_framework_errors_carry_registered_codes():
    for exc in (exceptions.NotFound(), exceptions.Throttled(3), exceptions.ParseError()):
        response = exception_handler(exc, {})
        assert response.data["code"] in registry
        assert registry.get(response.data["code"]).status == response.status_code


# --- what people and clients read ---------------------------------------------------------------


def test_the_readme_lists_every_code_as_the_registry_declares_it():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    out = StringIO()
    call_command("error_codes", stdout=out)
    assert out.getvalue() == markdown_table()
    assert readme_section(readme) == out.getvalue(), (
        "README.md's error codes are out of date: python manage.py error_codes --readme README.md"
    )
    assert markdown_table().count("\n| `") == len(registry)


def test_the_command_prints_the_codes_as_json():
    out = StringIO()
    call_command("error_codes", "--json", stdout=out)
    assert '"code": "source:encoding"' in out.getvalue()


@pytest.mark.django_db
def test_a_failed_job_shows_people_its_message_not_its_code(client, admin_user):
    job = JobFactory(
        created_by=admin_user,
        status=JobStatus.FAILED,
        error_code="publication:checks",
        error_message="The archive did not pass 1 blocking check(s).",
    )
    client.force_login(admin_user)
    for page in (f"/jobs/{job.pk}/", f"/jobs/{job.pk}/progress/"):
        html = client.get(page).content.decode()
        assert "The archive did not pass 1 blocking check(s)." in html
        assert 'data-code="publication:checks"' in html
        assert "<code>publication:checks</code>" not in html
