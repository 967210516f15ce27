"""Generated demo reports with their ground truth (`xxgk demo-corpus`, `xxgk demo`).

Every figure produced here is DEMO DATA: organ and place names are real, the numbers are drawn
from a seeded model. The corpus lets the dashboard be explored without any download and gives the
ETL a ground truth at any scale (tests/integration/test_demo_corpus.py, bench/run.py).
"""

# Bump whenever the output of the generator changes: `xxgk demo` regenerates its cached corpus then.
GENERATOR_VERSION = "2026.12.08-10"
DEMO_LABEL = "演示数据（DEMO）：机构与地名真实，数字为程序生成，不代表任何机关的实际情况。"
