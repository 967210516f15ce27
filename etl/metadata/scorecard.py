"""The scorecard's indicators and weights, as data.

`scorecard_indicators.csv` declares every indicator of v_scorecard: what it measures, its
denominator, when it is NULL, where the rule comes from (the regulations, CASS's 政府透明度指数,
provincial 政务公开考评 rules) and how it turns into a 0-1 goodness for the score (a SQL
expression over the view's columns; empty: reported, never scored). `scorecard.toml` holds the
weights a supervisor edits.
"""
from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent
DEFAULT_WEIGHTS = _HERE / "scorecard.toml"


@dataclass(frozen=True)
class Indicator:
    indicator: str
    label_zh: str
    label_en: str
    definition: str
    denominator: str
    null_rule: str
    source: str
    goodness: str  # SQL over v_scorecard's columns, 0 (bad) … 1 (good); "" when not scored


@lru_cache(maxsize=1)
def indicators() -> dict[str, Indicator]:
    with (_HERE / "scorecard_indicators.csv").open(encoding="utf-8", newline="") as fh:
        return {row["indicator"]: Indicator(**row) for row in csv.DictReader(fh)}


class WeightsError(ValueError):
    """A weights file that cannot be used, with the reason in one line."""


def load_weights(path: str | Path | None = None) -> dict[str, float]:
    """indicator → weight from a TOML file's [weights] table (default: scorecard.toml).
    Every scored indicator gets a weight (0 when the file leaves it out); an unknown name, a
    weight on an indicator that is not scored, or a negative weight is an error."""
    path = Path(path) if path else DEFAULT_WEIGHTS
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise WeightsError(f"weights {path}: {exc}") from exc
    given = data.get("weights")
    if not isinstance(given, dict):
        raise WeightsError(f"weights {path}: no [weights] table")
    known = indicators()
    out = {name: 0.0 for name, ind in known.items() if ind.goodness}
    for name, w in given.items():
        if name not in known:
            raise WeightsError(f"weights {path}: unknown indicator {name!r}; known: {', '.join(known)}")
        if not isinstance(w, (int, float)) or isinstance(w, bool) or w < 0:
            raise WeightsError(f"weights {path}: weight of {name} must be a number ≥ 0, not {w!r}")
        if not known[name].goodness and w:
            raise WeightsError(f"weights {path}: {name} is reported, not scored (it has no goodness rule)")
        out[name] = float(w)
    return out


def score_sql(base: str = "base", weights: str = "w") -> str:
    """score = 100 × Σ weight × goodness / Σ weight over the indicators that are not NULL."""
    scored = [i for i in indicators().values() if i.goodness]
    good = {i.indicator: f"({i.goodness.replace(i.indicator, f'{base}.{i.indicator}')})" for i in scored}
    num = " + ".join(f"coalesce({weights}.w_{n} * {g}, 0)" for n, g in good.items())
    den = " + ".join(f"CASE WHEN {g} IS NOT NULL THEN {weights}.w_{n} ELSE 0 END" for n, g in good.items())
    return f"round(100 * ({num}) / nullif({den}, 0), 1)"


def weights_pivot_sql(table: str = "scorecard_weights") -> str:
    cols = ", ".join(f"coalesce(max(weight) FILTER (WHERE indicator = '{i.indicator}'), 0) AS w_{i.indicator}"
                     for i in indicators().values() if i.goodness)
    return f"SELECT {cols} FROM {table}"


def load_flags(path: str | Path | None = None) -> dict[str, dict[str, float]]:
    """indicator → {'at_least': x} or {'below': x}: when the 通报 table names it as a failed
    check. From the [flags] table of the weights file, else of the default file."""
    for p in ([Path(path)] if path else []) + [DEFAULT_WEIGHTS]:
        try:
            flags = tomllib.loads(p.read_text(encoding="utf-8")).get("flags")
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise WeightsError(f"weights {p}: {exc}") from exc
        if isinstance(flags, dict):
            unknown = [k for k in flags if k not in indicators()]
            if unknown:
                raise WeightsError(f"weights {p}: unknown indicator(s) in [flags]: {', '.join(unknown)}")
            return flags
    return {}
