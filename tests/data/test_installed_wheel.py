"""The built wheel answers a duty question on its own: ``locale/`` ships inside it as ``cdo_locale``.

Builds the project's wheel from a copy of the working tree (so a parallel build never shares
``build/`` with the checkout), installs it with ``--no-deps`` into a fresh venv, and runs
``cdo-bot ask`` from a temporary directory far from the checkout.

The fresh venv is created with ``--system-site-packages``, but the base interpreter has no jieba
or bm25s: those live in the development venv. A ``.pth`` line makes that venv's site-packages
importable *as a plain path* — its own ``.pth`` files (among them the editable install that maps
``bot`` to the checkout) are not processed for such a path, so ``bot`` and ``cdo_locale`` can only
come from the wheel, which the test also asserts.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ["pyproject.toml", "README.md", "bot", "storage", "locale"]


def _run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: int = 300):
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"{cmd}\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
    return proc


@pytest.mark.slow
def test_installed_wheel_answers_from_its_own_locale(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif path.exists():
            shutil.copy2(path, src / name)
    dist = tmp_path / "dist"
    _run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(src)], cwd=tmp_path, timeout=600
    )
    wheel = next(dist.glob("cdo_bot-*.whl"))

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(system_site_packages=True, with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    _run([str(py), "-m", "pip", "install", "--no-deps", "--no-index", str(wheel)], cwd=tmp_path)
    site = Path(
        _run(
            [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=tmp_path
        ).stdout.strip()
    )
    (site / "zz_dev_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in {"CDO_LOCALE_DIR", "PYTHONPATH", "VIRTUAL_ENV"}}
    env["CDO_CACHE_DIR"] = str(tmp_path / "cache")

    where = _run(
        [
            str(py),
            "-c",
            "import bot, cdo_locale; from bot.core import paths; print(bot.__file__); print(paths.locale_root())",
        ],
        cwd=elsewhere,
        env=env,
    ).stdout.splitlines()
    assert all(line.startswith(str(env_dir)) for line in where), where
    assert where[1].endswith("cdo_locale")

    out = _run(
        [str(env_dir / "bin" / "cdo-bot"), "ask", "--json", "--city", "zhuhai", "一票否决权是什么"],
        cwd=elsewhere,
        env=env,
    )
    answer = json.loads(out.stdout.splitlines()[0])
    assert answer["confident"] is True
    assert "对项目建设是否符合数据资源治理和共享要求" in answer["answers"][0]["text"]
    assert answer["answers"][0]["source"].startswith("《珠海市首席数据官制度试点实施方案》")
