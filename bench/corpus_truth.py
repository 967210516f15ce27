"""The files of a generated corpus (`reports/` and `truth/`) by format and template, as the
generator's truth says: shared by the benchmarks that measure one format × template at a time.
Standard library only, so that a benchmark can import it before it puts the checkout it
measures first on the path."""
from __future__ import annotations

import json
from pathlib import Path


def corpus_files(corpus: Path, fmt: str, template: str, count: int | None = None) -> list[Path]:
    """The first `count` (default: all) files of a format whose ground truth says `template`
    (zip members and planted failures left out: their truth has no template or another status)."""
    out = []
    for path in sorted((corpus / "reports").glob(f"*.{fmt}")):
        truth = json.loads((corpus / "truth" / f"{path.stem}.json").read_text(encoding="utf-8"))
        if truth.get("template") == template and truth.get("expected_status") == "parsed":
            out.append(path)
            if len(out) == count:
                break
    return out
