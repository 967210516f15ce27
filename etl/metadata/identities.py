"""The template identities that several layers compute with, as data (formats.md §5).

V1, 表三's balance, per applicant column: 一、本年新收 + 二、上年结转 = （七）总计 + 四、结转下年度,
written as metric → coefficient with the coefficients times the values summing to 0. The
extractor splits run-together rows with it (etl.extract.tables.t3_columns), the warehouse
resolves rows across reports with it (etl.load.cross_report), the validator checks it
(etl.validate.identities) and the demo generator plants rows only it can resolve.
"""
from __future__ import annotations

V1_BALANCE: dict[str, int] = {"t3.received_new": 1, "t3.carried_over": 1,
                              "t3.total_processed": -1, "t3.carried_forward": -1}
V1_NAME = "V1 (一 + 二 = （七） + 四)"
