"""bench/instructions.py: which files it measures and the table it writes (the valgrind runs
themselves need valgrind, which `make test` does not install)."""
from __future__ import annotations

import json

from bench.instructions import corpus_files, markdown


def _corpus(tmp_path, reports: list[tuple[str, str | None, str]]):
    (tmp_path / "reports").mkdir()
    (tmp_path / "truth").mkdir()
    for name, template, status in reports:
        (tmp_path / "reports" / name).write_text("x", encoding="utf-8")
        truth = {"template": template, "expected_status": status}
        (tmp_path / "truth" / f"{name.rsplit('.', 1)[0]}.json").write_text(json.dumps(truth), encoding="utf-8")
    return tmp_path


def test_only_parsed_files_of_the_format_and_template_in_name_order_up_to_the_count(tmp_path):
    corpus = _corpus(tmp_path, [
        ("03_c.html", "t2021", "parsed"), ("01_a.html", "t2021", "parsed"), ("02_b.html", "t2019", "parsed"),
        ("04_d.html", "t2021", "failed"), ("05_e.txt", "t2021", "parsed"), ("06_f.html", "t2021", "parsed")])
    assert [p.name for p in corpus_files(corpus, "html", "t2021", 2)] == ["01_a.html", "03_c.html"]
    assert [p.name for p in corpus_files(corpus, "html", "t2021", 10)] == ["01_a.html", "03_c.html", "06_f.html"]
    assert [p.name for p in corpus_files(corpus, "html", "pre2019", 10)] == []


def test_the_table_rows(tmp_path):
    row = {"format": "html", "template": "t2021", "files": 40, "ours_minstr": 49.123, "floor": "lxml parse",
           "floor_minstr": 14.349, "ratio_to_floor": 3.4234}
    text = markdown([row], tmp_path, "python bench/instructions.py", "abc1234")
    assert text.splitlines()[-1] == "| html | t2021 | 40 | 49.1 | lxml parse | 14.35 | 3.4× |"
    assert text.startswith("Command: `python bench/instructions.py`  \n")
    assert "code at commit abc1234;" in text.splitlines()[1]
