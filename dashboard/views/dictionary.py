"""Data dictionary: every table, column and metric with its description, from the metadata."""
import polars as pl
import streamlit as st

from dashboard import data, widgets
from dashboard.i18n import lang, t
from etl.metadata import vocab
from etl.metadata.schema import RELATIONS

st.title(t("p_dictionary"))
st.subheader(t("tables"))
for rel in RELATIONS:
    with st.expander(f"`{rel.name}` ({rel.kind}) — {rel.description}"):
        widgets.table(pl.DataFrame([{"column": c.name, "type": c.type, "nullable": c.nullable,
                                     "description": c.description} for c in rel.columns]), key=f"dict_{rel.name}")

st.subheader(t("metrics"))
cat = data.metric_catalog()
first = ["metric", "label_en", "label_zh"] if lang() == "en" else ["metric", "label_zh", "label_en"]
widgets.table(cat.select(*first, "section", "templates", "unit", "description"), key="dict_metrics")
widgets.downloads(cat, "metric_catalog", "catalog")

st.subheader(t("vocabularies"))
for name in ("STATUSES", "TEMPLATES", "VALUE_KINDS", "SOURCE_KINDS", "CHECK_STATUSES", "ADMIN_LEVELS",
             "DIMENSIONS_T3", "UNITS"):
    with st.expander(name.lower()):
        widgets.table(pl.DataFrame({"code": list(getattr(vocab, name)), "meaning": list(getattr(vocab, name).values())}),
                      key=f"vocab_{name}")
