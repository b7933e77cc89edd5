"""Sessions that test, type-check, lint and run the monorepo.

Every session installs the third-party requirements a package declares from the
package index, then the chain of sibling packages from their local paths with
``--no-index``: the names ad-core, ad-ops, ... are never looked up on an index,
so nobody else's package can stand in for ours.

Run ``nox`` for the default sessions (what CI runs), ``nox -s reproduce`` for
the experiments, ``nox -s dist`` for wheels and sdists, ``nox -s docs`` for the
documentation site, ``nox -s mpi`` for the jobs of several MPI processes,
``nox -s oracle`` / ``nox -s bench`` where PyTorch is wanted.
"""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_venv = "yes"
nox.options.sessions = ["lint", "typecheck", "tests", "examples", "mpi", "dist", "docs"]

ROOT = Path(__file__).parent
PACKAGES = ["ad-core", "ad-ops", "ad-nn", "ad-optim", "ad-data"]
# safetensors: the tests check that its own reader and writer agree with ours.
TEST_TOOLS = ("pytest", "hypothesis", "safetensors")
BUILD_TOOLS = ("hatchling", "editables")
DIST = ROOT / "dist"
TORCH = "torch==2.13.0"
# The code that needs MPI: its docstring examples and its types are checked in the mpi session.
MPI_MODULES = ("ad_nn.parallel", "ad_nn.parallel.distributed", "ad_nn.parallel.process_group")
MPI_MODULE_PATHS = (
    "packages/ad-nn/src/ad_nn/parallel",
    "packages/ad-data/src/ad_data/distributed.py",
    "examples/ddp.py",
)


def _requirements(path: Path) -> tuple[str, ...]:
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return tuple(line for line in lines if line)


# What the examples need beyond our packages; users install the same file.
EXAMPLE_TOOLS = _requirements(ROOT / "examples" / "requirements.txt")


def _dependencies(package: str) -> list[str]:
    text = (ROOT / "packages" / package / "pyproject.toml").read_text()
    deps: list[str] = tomllib.loads(text)["project"]["dependencies"]
    return deps


def _optional(package: str, extra: str) -> list[str]:
    text = (ROOT / "packages" / package / "pyproject.toml").read_text()
    deps: list[str] = tomllib.loads(text)["project"]["optional-dependencies"][extra]
    return deps


def _name(requirement: str) -> str:
    for i, ch in enumerate(requirement):
        if not (ch.isalnum() or ch in "-_."):
            return requirement[:i]
    return requirement


def chain(package: str) -> tuple[list[str], list[str]]:
    """The sibling packages ``package`` needs (itself included, in install
    order) and the third-party requirements of all of them."""
    siblings: list[str] = []
    third_party: list[str] = []

    def visit(name: str) -> None:
        if name in siblings:
            return
        for requirement in _dependencies(name):
            dep = _name(requirement)
            if dep in PACKAGES:
                visit(dep)
            elif requirement not in third_party:
                third_party.append(requirement)
        siblings.append(name)

    visit(package)
    return siblings, third_party


def install_stack(session: nox.Session, *packages: str, extra: tuple[str, ...] = ()) -> None:
    """Third-party requirements from the index, then our siblings from local
    paths only."""
    siblings: list[str] = []
    third_party: list[str] = []
    for package in packages:
        s, t = chain(package)
        siblings += [x for x in s if x not in siblings]
        third_party += [x for x in t if x not in third_party]
    session.install(*third_party, *BUILD_TOOLS, *extra)
    editable = [arg for name in siblings for arg in ("-e", f"packages/{name}")]
    session.install("--no-index", "--no-build-isolation", "--no-deps", *editable)


@nox.session
@nox.parametrize("package", PACKAGES)
def tests(session: nox.Session, package: str) -> None:
    """Run one package's tests with only its declared dependency chain."""
    install_stack(session, package, extra=TEST_TOOLS)
    alone = {"AD_CORE_ALONE": "1"} if package == "ad-core" else {}
    session.run("pytest", f"packages/{package}/tests", *session.posargs, env=alone)
    if package == "ad-core":
        # ad-core alone is enough for plain autodiff: the example runs here.
        session.run("python", "examples/autodiff.py", "--out", session.create_tmp())


@nox.session
@nox.parametrize("package", PACKAGES)
def typecheck(session: nox.Session, package: str) -> None:
    """mypy --strict on one package's sources and tests, with only its chain
    installed, so that an undeclared import fails."""
    install_stack(session, package, extra=(*TEST_TOOLS, "mypy"))
    module = package.replace("-", "_")
    cache = Path(session.create_tmp()) / "mypy-cache"
    session.run(
        "mypy",
        "--strict",
        "--cache-dir",
        str(cache),
        f"packages/{package}/src/{module}",
        f"packages/{package}/tests",
    )


@nox.session
def lint(session: nox.Session) -> None:
    """ruff, the import-linter layer contracts, and mypy --strict on the examples."""
    install_stack(
        session,
        *PACKAGES,
        extra=("ruff", "import-linter", "mypy", "nox", *TEST_TOOLS, *EXAMPLE_TOOLS),
    )
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("lint-imports")
    # The code around the packages: examples, scripts and the noxfile itself.
    cache = Path(session.create_tmp()) / "mypy-cache"
    session.run(
        "mypy", "--strict", "--cache-dir", str(cache), "examples", "scripts", "tests", "noxfile.py"
    )


@nox.session
def examples(session: nox.Session) -> None:
    """Every example in --quick mode, and the DNN at full settings (>= 96 % test accuracy)."""
    install_stack(session, *PACKAGES, extra=(*TEST_TOOLS, *EXAMPLE_TOOLS))
    session.run(
        "pytest", "examples/tests", "-p", "no:cacheprovider", "--durations=5", *session.posargs
    )


@nox.session
def mpi(session: nox.Session) -> None:
    """Data-parallel training: jobs of 2 and 3 processes under the mpiexec of ad-nn's
    ``mpi`` extra (MPICH), which the tests start with timeouts; then mypy on that
    code with mpi4py's types (the typecheck sessions run without the extra)."""
    install_stack(
        session, *PACKAGES, extra=(*TEST_TOOLS, *EXAMPLE_TOOLS, "mypy", *_optional("ad-nn", "mpi"))
    )
    docstrings = "packages/ad-nn/tests/test_nn_docstrings.py::test_docstring_examples"
    session.run(
        "pytest",
        "packages/ad-nn/tests/test_nn_parallel_distributed.py",
        "packages/ad-nn/tests/test_nn_parallel_process_group.py",
        *(f"{docstrings}[{name}]" for name in MPI_MODULES),
        "packages/ad-data/tests/test_data_distributed.py",
        "examples/tests/test_ddp.py",
        "-p",
        "no:cacheprovider",
        "--durations=5",
        *session.posargs,
    )
    cache = Path(session.create_tmp()) / "mypy-cache"
    session.run("mypy", "--strict", "--cache-dir", str(cache), *MPI_MODULE_PATHS)


@nox.session
def reproduce(session: nox.Session) -> None:
    """The main job: the five experiments at the seed's settings, then the results table."""
    install_stack(session, *PACKAGES, extra=EXAMPLE_TOOLS)
    session.run("python", "scripts/reproduce.py", *session.posargs)


@nox.session
def dist(session: nox.Session) -> None:
    """Wheels and sdists of the five packages in dist/, and dist/constraints.txt, which
    pins our five names to those files; then twine check, and the documented install
    commands run in fresh virtual environments."""
    session.install("uv", "twine", "virtualenv", *TEST_TOOLS)
    shutil.rmtree(DIST, ignore_errors=True)
    for package in PACKAGES:
        session.run("uv", "build", "--quiet", "--out-dir", str(DIST), f"packages/{package}")
    # A direct reference per name: pip takes that file and never asks an index for the name.
    pins = [
        f"{package} @ {next(DIST.glob(package.replace('-', '_') + '-*.whl')).as_uri()}"
        for package in PACKAGES
    ]
    (DIST / "constraints.txt").write_text("\n".join(pins) + "\n")
    session.run("twine", "check", "--strict", *sorted(str(p) for p in DIST.glob("ad_*")))
    session.run("pytest", "tests/test_dist.py", "tests/test_install.py", *session.posargs)


@nox.session
def docs(session: nox.Session) -> None:
    """The documentation site: ``mkdocs build --strict`` into site/ (a broken link or
    reference fails it), then checks that every public name is in the API reference
    and that no page loads anything from another host."""
    install_stack(
        session, *PACKAGES, extra=(*_requirements(ROOT / "docs" / "requirements.txt"), "pytest")
    )
    # Built behind a proxy that refuses every connection: the build fetches nothing.
    offline = {"https_proxy": "http://127.0.0.1:9", "http_proxy": "http://127.0.0.1:9"}
    session.run("mkdocs", "build", "--strict", env={**offline, "NO_MKDOCS_2_WARNING": "1"})
    session.run("pytest", "tests/test_docs.py", *session.posargs)


# PyTorch comes from this machine's local wheel through pip; uv would download it.
@nox.session(venv_backend="virtualenv")
def oracle(session: nox.Session) -> None:
    """Compare every op, layer, loss, optimizer and scheduler with PyTorch (float64)."""
    install_stack(session, *PACKAGES, extra=(*TEST_TOOLS, TORCH, "mypy", "scikit-learn"))
    session.run("pytest", "oracle", *session.posargs)
    # The code that needs PyTorch is type-checked where PyTorch is installed.
    cache = Path(session.create_tmp()) / "mypy-cache"
    session.run("mypy", "--strict", "--cache-dir", str(cache), "oracle", "benchmarks")


@nox.session(venv_backend="virtualenv")
def bench(session: nox.Session) -> None:
    """Time our stack, PyTorch and hand-written NumPy side by side (not a test)."""
    install_stack(session, *PACKAGES, extra=(TORCH, "scikit-learn"))
    session.run("python", "benchmarks/run.py", *session.posargs)
