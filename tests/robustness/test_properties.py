"""Property-based tests (hypothesis) of the number parsers and the table-grid builder.

Expected values come from how the numbers are written (formats.md §5: digits, thousands
separators, full-width forms, not-applicable marks, 多/余 approximations, Chinese numerals),
built independently here, never from the parsers' own output.
"""
from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, Phase, assume, example, given, settings, strategies as st

from etl.extract.numbers import NOT_APPLICABLE, parse_cell
from etl.extract.prose_numbers import find_numbers, parse_number
from etl.extract.normalize import to_halfwidth
from etl.metadata import vocab
from etl.model import Document, TextBlock, make_table

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

counts = st.integers(min_value=0, max_value=10**9)


def fullwidth(s: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in s)


# --- parse_cell ------------------------------------------------------------------------------

@SETTINGS
@given(st.text(max_size=40))
@example("⍰")  # the OCR's unreadable cell: no value, and not blank (hypothesis found it in a fresh-clone run)
def test_parse_cell_never_raises_and_is_consistent(text):
    for unit in ("count", "yuan", "wan_yuan"):
        v = parse_cell(text, unit=unit)
        if v is None:
            continue
        assert v.kind in vocab.VALUE_KINDS
        assert v.raw == text
        assert (v.value is None) == (v.kind in ("blank", "not_applicable", "unreadable", "unassignable"))
        if v.value is not None:
            assert math.isfinite(v.value)


@SETTINGS
@given(counts, st.sampled_from(["", " ", "\u3000", "\u00a0", "\t"]), st.booleans(), st.booleans())
def test_parse_cell_reads_any_printed_count(n, pad, thousands, wide):
    text = f"{n:,}" if thousands else str(n)
    if wide:
        text = fullwidth(text)
    v = parse_cell(f"{pad}{text}{pad}")
    assert v is not None and v.kind == "number" and v.value == n


@SETTINGS
@given(counts)
def test_parse_cell_signed_deltas(n):
    assert parse_cell(f"-{n}").value == -n
    assert parse_cell(f"+{n}").value == n


@SETTINGS
@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=99))
def test_a_count_with_a_decimal_part_is_not_a_count(n, frac):
    assert parse_cell(f"{n}.{frac}") is None


@SETTINGS
@given(st.integers(min_value=0, max_value=10**7), st.sampled_from([("元", 1), ("万元", 10_000)]))
def test_money_is_converted_to_the_metric_unit(n, printed):
    suffix, factor = printed
    v = parse_cell(f"{n}{suffix}", unit="yuan")
    assert v.kind == "number" and v.printed_unit == suffix and v.value == n * factor
    w = parse_cell(f"{n}{suffix}", unit="wan_yuan")
    assert math.isclose(w.value, n * factor / 10_000, rel_tol=1e-9, abs_tol=1e-6)


@SETTINGS
@given(st.sampled_from(sorted(NOT_APPLICABLE)), st.sampled_from(["", " ", "\u3000"]))
def test_not_applicable_marks_are_null_not_zero(mark, pad):
    v = parse_cell(f"{pad}{mark}{pad}")
    assert v.kind == "not_applicable" and v.value is None


@SETTINGS
@given(st.text(alphabet=" \t\u3000\u00a0\n", max_size=6))
def test_whitespace_is_blank(text):
    v = parse_cell(text)
    assert v.kind == "blank" and v.value is None


@SETTINGS
@given(st.text(alphabet="政府信息公开申请件条数量合计总", min_size=1, max_size=12))
def test_labels_are_not_values(text):
    assume(text not in NOT_APPLICABLE)
    assert parse_cell(text) is None


# --- prose numbers ---------------------------------------------------------------------------

_CN = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """n (0 ≤ n < 10**8) as written in Chinese: 10 → 十, 101 → 一百零一, 10010 → 一万零一十."""
    if n == 0:
        return "零"

    def below_10000(m: int, leading: bool) -> str:
        out, zero = "", False
        for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = m // value % 10
            if d == 0:
                zero = bool(out) or not leading
                continue
            if zero and (out or not leading):
                out += "零"
            zero = False
            out += ("" if (unit == "十" and d == 1 and not out and leading) else _CN[d]) + unit
        return out

    high, low = divmod(n, 10_000)
    if high == 0:
        return below_10000(low, True)
    text = below_10000(high, True) + "万"
    if low:
        text += ("零" if low < 1000 else "") + below_10000(low, False).lstrip("零")
    return text


def test_the_chinese_numeral_helper_itself():
    cases = {10: "十", 11: "十一", 20: "二十", 101: "一百零一", 110: "一百一十", 1001: "一千零一",
             1010: "一千零一十", 10010: "一万零一十", 12345: "一万二千三百四十五", 100000: "十万",
             20003: "二万零三", 3900: "三千九百"}
    for n, text in cases.items():
        assert chinese_numeral(n) == text, n


@SETTINGS
@given(st.text(max_size=40))
def test_parse_number_never_raises(text):
    n = parse_number(text)
    if n is not None:
        assert math.isfinite(n.value)
    for num, start, end in find_numbers(text):
        assert 0 <= start < end <= len(text) and math.isfinite(num.value)


@SETTINGS
@given(counts, st.booleans())
def test_parse_number_reads_digits(n, thousands):
    text = f"{n:,}" if thousands else str(n)
    got = parse_number(text)
    assert got.value == n and not got.approximate


@SETTINGS
@given(st.integers(min_value=1, max_value=10**6), st.sampled_from(["多", "余", "左右"]))
def test_approximate_suffixes(n, suffix):
    got = parse_number(f"{n}{suffix}")
    assert got.value == n and got.approximate and got.value_kind == "approximate"


@SETTINGS
@given(st.integers(min_value=1, max_value=10**6), st.sampled_from(["近", "约", "超过", "逾"]))
def test_approximate_prefixes(n, prefix):
    got = parse_number(f"{prefix}{n}")
    assert got.value == n and got.approximate


@SETTINGS
@given(st.integers(min_value=1, max_value=99_999), st.sampled_from([("万", 10_000), ("亿", 100_000_000)]))
def test_factor_words(n, factor):
    word, k = factor
    assert parse_number(f"{n}{word}").value == n * k


@SETTINGS
@given(st.integers(min_value=1, max_value=99_999_999))
def test_chinese_numerals(n):
    got = parse_number(chinese_numeral(n))
    assert got is not None and got.value == n, chinese_numeral(n)


@SETTINGS
@given(st.lists(counts, min_size=1, max_size=8), st.sampled_from(["件，", "条；", "个、", "次。", "人和"]))
def test_find_numbers_finds_each_number_once_in_order(numbers, sep):
    text = "共收到申请" + sep.join(str(n) for n in numbers) + "件。"
    found = find_numbers(text)
    assert [f[0].value for f in found] == numbers
    spans = [(s, e) for _, s, e in found]
    assert spans == sorted(spans) and all(e1 <= s2 for (_, e1), (s2, _) in zip(spans, spans[1:]))
    for (num, s, e) in found:
        assert to_halfwidth(text)[s:e].strip() == str(int(num.value))


@SETTINGS
@given(st.text(max_size=60))
def test_to_halfwidth_keeps_length(text):
    assert len(to_halfwidth(text)) == len(text)


# --- make_table ------------------------------------------------------------------------------

spans = st.one_of(st.integers(min_value=1, max_value=4), st.integers(min_value=-3, max_value=0),
                  st.just(10**6))
raw_rows = st.lists(st.lists(st.tuples(spans, spans), max_size=6), max_size=7)


@SETTINGS
@given(raw_rows)
def test_make_table_grid(raw):
    # unique text per input cell, so each can be traced
    cells = [[(f"r{r}c{i}", rs, min(cs, 50)) for i, (rs, cs) in enumerate(row)] for r, row in enumerate(raw)]
    t = make_table(cells, page=3)
    assert t.n_rows == len(cells) and len(t.origin) == len(cells) and t.page == 3
    # rectangular
    for r in range(t.n_rows):
        assert len(t.rows[r]) == t.n_cols == len(t.origin[r])
    # every position points to an origin position that is its own origin and has the same text,
    # above and to the left of it, within the span of the cell that was given there
    given_span = {}
    for r, row in enumerate(cells):
        for text, rs, cs in row:
            given_span[text] = (max(1, rs), max(1, cs))
    for r in range(t.n_rows):
        for c in range(t.n_cols):
            r0, c0 = t.origin[r][c]
            assert 0 <= r0 <= r and 0 <= c0 <= c
            assert t.origin[r0][c0] == (r0, c0)
            assert t.rows[r][c] == t.rows[r0][c0]
            text = t.rows[r0][c0]
            if text:
                rs, cs = given_span[text]
                assert r - r0 < rs and c - c0 < cs
            else:
                assert (r0, c0) == (r, c)  # padding is its own cell
    # no cell lost: each given cell is the origin of exactly one position, in its own row
    origins = {}
    for r in range(t.n_rows):
        for c in range(t.n_cols):
            if t.origin[r][c] == (r, c) and t.rows[r][c]:
                assert t.rows[r][c] not in origins
                origins[t.rows[r][c]] = r
    assert origins == {text: r for r, row in enumerate(cells) for text, _, _ in row}


def _reference_grid(cells):
    """Span resolution written the plain way (a dict of positions, as the HTML spec describes
    it): make_table's faster paths must give the same grid."""
    grid, n_rows = {}, len(cells)
    for r, row in enumerate(cells):
        c = 0
        for text, rowspan, colspan in row:
            while (r, c) in grid:
                c += 1
            rowspan, colspan = max(1, min(rowspan, n_rows - r)), max(1, min(colspan, 1000))
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid.setdefault((r + dr, c + dc), (text, (r, c)))
            c += colspan
    n_cols = max((c + 1 for _, c in grid), default=0)
    rows = tuple(tuple(grid.get((r, c), ("", (r, c)))[0] for c in range(n_cols)) for r in range(n_rows))
    origin = tuple(tuple(grid.get((r, c), ("", (r, c)))[1] for c in range(n_cols)) for r in range(n_rows))
    return rows, origin


# mostly single cells, as real tables are (make_table has a faster path for rows of them)
mostly_single = st.one_of(st.just(1), st.just(1), st.just(1), spans)


@SETTINGS
@given(st.lists(st.lists(st.tuples(mostly_single, mostly_single), max_size=6), max_size=7))
def test_make_table_matches_the_plain_algorithm(raw):
    cells = [[(f"r{r}c{i}", rs, min(cs, 50)) for i, (rs, cs) in enumerate(row)] for r, row in enumerate(raw)]
    t = make_table(cells)
    assert (t.rows, t.origin) == _reference_grid(cells)


@SETTINGS
@given(st.lists(st.lists(st.tuples(mostly_single, mostly_single, st.booleans()), max_size=6), max_size=7))
def test_document_text_joins_each_rows_own_cells(raw):
    # (some cells empty: they are left out of the line)
    cells = [[("" if blank else f"r{r}c{i}", rs, min(cs, 50)) for i, (rs, cs, blank) in enumerate(row)]
             for r, row in enumerate(raw)]
    t = make_table(cells)
    lines = [" ".join(c for c in t.row_cells(r) if c) for r in range(t.n_rows)]
    assert Document([TextBlock("前"), t], "html").text == "\n".join(["前", *lines])


@SETTINGS
@given(st.lists(st.lists(st.text(max_size=5), min_size=1, max_size=6), max_size=6))
def test_make_table_without_spans_is_the_input_padded(rows):
    t = make_table([[(x, 1, 1) for x in row] for row in rows])
    width = max((len(r) for r in rows), default=0)
    assert [list(r) for r in t.rows] == [row + [""] * (width - len(row)) for row in rows]
    assert all(t.is_origin(r, c) for r in range(t.n_rows) for c in range(t.n_cols))


# Digits that ran together (a flattened table row, `主动公开信息数条20263542`) can make a run of
# dozens of digits; read as one number it would become 1e24 or, past 308 digits, inf — a number
# no report prints. The parsers refuse runs longer than MAX_INTEGER_DIGITS.
LONG_DIGITS = st.text(alphabet="0123456789", min_size=16, max_size=400)
NO_SHRINK = settings(max_examples=50, deadline=None, phases=[Phase.generate])


@NO_SHRINK
@given(LONG_DIGITS)
def test_parse_cell_never_returns_an_impossible_count(text):
    v = parse_cell(text)
    assert v is None or v.value is None or (math.isfinite(v.value) and v.value < 10**15)


@NO_SHRINK
@given(LONG_DIGITS)
def test_parse_number_never_returns_an_impossible_count(text):
    n = parse_number(text)
    assert n is None or (math.isfinite(n.value) and n.value < 10**15)
