from etl.extract.line_memo import LineMemo


def test_a_line_is_kept_until_the_memo_is_full_then_it_starts_again():
    memo: LineMemo[int] = LineMemo(lines=2, line_chars=5)
    memo.keep("一", 1)
    memo.keep("二", 2)
    assert (memo.get("一"), memo.get("二"), len(memo)) == (1, 2, 2)
    memo.keep("三", 3)  # full: emptied, then kept
    assert (memo.get("一"), memo.get("三"), len(memo)) == (None, 3, 1)


def test_a_line_longer_than_the_bound_is_not_kept():
    memo: LineMemo[int] = LineMemo(lines=10, line_chars=5)
    memo.keep("甲" * 6, 6)
    memo.keep("甲" * 5, 5)
    assert (memo.get("甲" * 6), memo.get("甲" * 5)) == (None, 5)


def test_get_still_answers_after_clear():
    memo: LineMemo[int] = LineMemo()
    memo.keep("一", 1)
    memo.clear()
    memo.keep("二", 2)
    assert (memo.get("一"), memo.get("二")) == (None, 2)
