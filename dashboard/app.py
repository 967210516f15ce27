"""The xxgk dashboard (Streamlit). Started by `xxgk dashboard --db FILE`."""
from __future__ import annotations

import os

import duckdb
import streamlit as st

st.set_page_config(page_title="xxgk", layout="wide")
db = os.environ.get("XXGK_DB")
st.title("政府信息公开工作年度报告 xxgk")
if not db:
    st.error("No database: start with `xxgk dashboard --db FILE`.")
    st.stop()
con = duckdb.connect(db, read_only=True)
n = con.execute("SELECT count(*) FROM reports").fetchone()[0]
st.metric("reports", n)
st.dataframe(con.execute("SELECT status, count(*) AS n FROM reports GROUP BY status ORDER BY status").pl())
