"""Plotly chart builders. Pure functions: polars frame in, figure out (no Streamlit, no SQL).

Missing values stay missing: lines break at a gap instead of dropping to 0, and bars are absent.
"""
from __future__ import annotations

import plotly.express as px
import plotly.graph_objects as go
import polars as pl

COVERAGE_COLORS = {"parsed": "#2e7d32", "partial": "#f9a825", "failed": "#c62828", "late": "#6a1b9a",
                   "missing": "#bdbdbd"}


def _layout(fig: go.Figure, title: str | None = None, height: int | None = None) -> go.Figure:
    fig.update_layout(title=title, margin=dict(l=10, r=10, t=40 if title else 10, b=10),
                      legend_title_text="", height=height)
    fig.update_xaxes(dtick=1, tickformat="d")
    return fig


def coverage_matrix(df: pl.DataFrame, label: dict[str, str], title: str) -> go.Figure:
    """Squares per bureau (rows) and year (columns), coloured by coverage state."""
    pdf = df.with_columns(pl.col("coverage").replace_strict(label, default=pl.col("coverage")).alias("state"))
    order = {label.get(k, k): c for k, c in COVERAGE_COLORS.items()}
    fig = px.scatter(pdf.to_pandas(), x="year", y="bureau_name", color="state", color_discrete_map=order,
                     category_orders={"state": list(order)}, hover_data={"report_id": True})
    fig.update_traces(marker=dict(symbol="square", size=16))
    n = df["bureau_name"].n_unique()
    fig.update_yaxes(autorange="reversed", title=None)
    fig.update_xaxes(title=None)
    return _layout(fig, title, height=max(220, 28 * n + 90))


def lines(df: pl.DataFrame, x: str, y: str, color: str | None, title: str | None = None,
          hover: list[str] | None = None, percent: bool = False) -> go.Figure:
    fig = px.line(df.to_pandas(), x=x, y=y, color=color, markers=True, hover_data=hover)
    fig.update_traces(connectgaps=False)
    fig.update_yaxes(title=None, rangemode="tozero", tickformat=".0%" if percent else None)
    fig.update_xaxes(title=None)
    return _layout(fig, title)


def bars(df: pl.DataFrame, x: str, y: str, color: str | None, title: str | None = None, *,
         percent: bool = False, horizontal: bool = False, hover: list[str] | None = None) -> go.Figure:
    """Stacked bars; percent=True draws each bar as 100 % (shares)."""
    pdf = df.to_pandas()
    if horizontal:
        fig = px.bar(pdf, x=y, y=x, color=color, orientation="h", hover_data=hover)
        fig.update_yaxes(autorange="reversed", title=None, type="category")
        fig.update_xaxes(title=None)
    else:
        fig = px.bar(pdf, x=x, y=y, color=color, hover_data=hover)
        fig.update_yaxes(title=None, tickformat=".0%" if percent else None)
        fig.update_xaxes(title=None)
    fig.update_layout(barmode="stack")
    fig = _layout(fig, title)
    if horizontal:
        fig.update_xaxes(dtick=None, tickformat=".2f")
        fig.update_layout(height=max(260, 26 * len(pdf) + 80))
    return fig


def small_multiples(df: pl.DataFrame, peer: pl.DataFrame, title: str, peer_label: str, value_label: str) -> go.Figure:
    """One panel per bureau: its values over the years (line) against its peer-group median (dashed)."""
    fig = px.line(df.to_pandas(), x="year", y="value", facet_col="bureau_name", facet_col_wrap=4, markers=True,
                  facet_col_spacing=0.04)
    fig.update_traces(connectgaps=False, name=value_label, showlegend=False)
    names = df["bureau_name"].unique(maintain_order=True).to_list()
    for i, name in enumerate(names):
        row, col = divmod(i, 4)
        n_rows = (len(names) + 3) // 4
        p = peer.filter(pl.col("bureau_name") == name)
        fig.add_trace(go.Scatter(x=p["year"].to_list(), y=p["peer_median"].to_list(), mode="lines",
                                 line=dict(dash="dash", color="#888"), name=peer_label, showlegend=i == 0),
                      row=n_rows - row, col=col + 1)
    fig.for_each_annotation(lambda a: a.update(text=a.text.split("=", 1)[-1]))
    fig.update_yaxes(title=None, rangemode="tozero", matches=None)
    fig.update_xaxes(title=None)
    fig = _layout(fig, title, height=280 * ((len(names) + 3) // 4) + 60)
    return fig
