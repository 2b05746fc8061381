"""A bot that finds the index cache stale rebuilds it in a child and never carries the builder's memory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PROBE = """
import json, sys
from bot.core.knowledge.index import build_cache_in_child
from bot.core.knowledge import Knowledge
built = build_cache_in_child()
knowledge = Knowledge.load()
answer = knowledge.ask("一票否决权是什么", city="zhuhai")
print(json.dumps({"built": built, "numpy": "numpy" in sys.modules, "bm25s": "bm25s" in sys.modules,
                  "answered": bool(answer.answers)}))
"""


def test_a_missing_index_cache_is_built_in_a_child_and_the_parent_only_loads_it(tmp_path: Path) -> None:
    env = {**os.environ, "CDO_CACHE_DIR": str(tmp_path / "cache")}
    out = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True, timeout=600
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {"built": True, "numpy": False, "bm25s": False, "answered": True}
    assert list((tmp_path / "cache").glob("policy-index-*.pickle"))
