"""What a pure function gives a text line, kept for the lines seen: most lines repeat from report
to report (the labels of the standard tables, the template's stock sentences), so the steps that
work a line at a time (template detection, the prose's sentences) look a line up before they
work it out. Bounded: emptied when full (a few MB at most); a longer line, a whole paragraph,
rarely repeats and is not kept."""
from __future__ import annotations

from typing import Generic, TypeVar

Value = TypeVar("Value")


class LineMemo(Generic[Value]):
    def __init__(self, lines: int = 10_000, line_chars: int = 256) -> None:
        self.lines, self.line_chars = lines, line_chars
        self._kept: dict[str, Value] = {}
        # (the dict's own get, bound once: asked for every line of every report; `clear` keeps
        # the same dict, so the bound method stays right)
        self.get = self._kept.get

    def keep(self, line: str, value: Value) -> None:
        if len(line) <= self.line_chars:
            if len(self._kept) >= self.lines:
                self._kept.clear()
            self._kept[line] = value

    def clear(self) -> None:
        self._kept.clear()

    def __len__(self) -> int:
        return len(self._kept)
