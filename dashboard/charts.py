"""Plotly chart builders. Pure functions: polars frame in, figure out (no Streamlit, no SQL).

Missing values stay missing: lines break at a gap instead of dropping to 0, and bars are absent.
"""
from __future__ import annotations

import html

import plotly.graph_objects as go
from plotly.subplots import make_subplots
import polars as pl

COVERAGE_COLORS = {"parsed": "#2e7d32", "partial": "#f9a825", "failed": "#c62828", "late": "#6a1b9a",
                   "missing": "#bdbdbd"}


def _safe(values: list) -> list:
    """Text from reports (organ names, category labels) with < > & escaped: Plotly renders a few
    HTML tags in labels (<a href>, <b> …), so report text must never reach it raw."""
    return [html.escape(v, quote=False) if isinstance(v, str) else v for v in values]


def _title(title: str | None) -> str | None:
    """A chart title (what it shows and the unit) with report text escaped."""
    return None if title is None else _safe([title])[0]


def _layout(fig: go.Figure, title: str | None = None, height: int | None = None) -> go.Figure:
    fig.update_layout(title=title, margin=dict(l=10, r=10, t=40 if title else 10, b=10),
                      legend_title_text="", height=height)
    fig.update_xaxes(dtick=1, tickformat="d")
    return fig


def coverage_matrix(df: pl.DataFrame, label: dict[str, str], title: str | None, x_title: str | None = None
                    ) -> go.Figure:
    """Squares per bureau (rows) and year (columns), coloured by coverage state."""
    fig = go.Figure()
    for state, colour in COVERAGE_COLORS.items():
        g = df.filter(pl.col("coverage") == state)
        if g.is_empty():
            continue
        fig.add_trace(go.Scatter(x=g["year"].to_list(), y=_safe(g["bureau_name"].to_list()), mode="markers",
                                 name=label.get(state, state), customdata=g.select("report_id").rows(),
                                 marker=dict(symbol="square", size=16, color=colour),
                                 hovertemplate="%{y} %{x}<br>%{customdata[0]}<extra>" + label.get(state, state)
                                 + "</extra>"))
    n = df["bureau_name"].n_unique()
    order = _safe(df["bureau_name"].unique(maintain_order=True).to_list())
    fig.update_yaxes(autorange="reversed", title=None, type="category", categoryorder="array", categoryarray=order)
    fig = _layout(fig, title, height=max(220, 28 * n + 90))
    fig.update_xaxes(title=x_title, side="top" if n > 15 else "bottom")  # years stay in view on tall matrices
    return fig


def _groups(df: pl.DataFrame, color: str | None, order: list[str] | None = None) -> list[tuple[str | None, pl.DataFrame]]:
    """(series name, rows) per value of `color`, in `order` when given (e.g. the rows of 表三)."""
    if color is None:
        return [(None, df)]
    groups = [(str(k[0]), g) for k, g in df.group_by(color, maintain_order=True)]
    if order:
        rank = {v: i for i, v in enumerate(order)}
        groups.sort(key=lambda kg: rank.get(kg[0], len(rank)))
    return [(html.escape(name, quote=False), g) for name, g in groups]


def _hover(df: pl.DataFrame, hover: list[str] | None) -> tuple[list | None, str]:
    """customdata and the hover lines for extra columns (graph_objects: ~10x faster than express)."""
    if not hover:
        return None, ""
    data = [_safe(list(r)) for r in df.select(hover).rows()]
    lines = "".join(f"<br>{h}=%{{customdata[{i}]}}" for i, h in enumerate(hover))
    return data, lines


def lines(df: pl.DataFrame, x: str, y: str, color: str | None, title: str | None = None,
          hover: list[str] | None = None, percent: bool = False, order: list[str] | None = None, *,
          x_title: str | None = None, y_title: str | None = None) -> go.Figure:
    fig = go.Figure()
    fmt = "%{y:.1%}" if percent else "%{y:,}"
    for name, g in _groups(df.sort(x), color, order):
        custom, extra = _hover(g, hover)
        fig.add_trace(go.Scatter(x=_safe(g[x].to_list()), y=g[y].to_list(), mode="lines+markers", name=name,
                                 customdata=custom, connectgaps=False,
                                 hovertemplate=f"{name or ''} %{{x}}: {fmt}{extra}<extra></extra>"))
    fig.update_yaxes(title=y_title, rangemode="tozero", tickformat=".0%" if percent else None)
    fig.update_xaxes(title=x_title)
    fig.update_layout(showlegend=color is not None)
    return _layout(fig, _title(title))


def bars(df: pl.DataFrame, x: str, y: str, color: str | None, title: str | None = None, *,
         percent: bool = False, horizontal: bool = False, hover: list[str] | None = None,
         order: list[str] | None = None, x_title: str | None = None, y_title: str | None = None) -> go.Figure:
    """Stacked bars, first of `order` at the bottom; percent=True labels the axis as shares (the
    caller passes shares)."""
    fig = go.Figure()
    fmt = "%{y:.1%}" if percent else "%{y:,}"
    for name, g in _groups(df, color, order):
        custom, extra = _hover(g, hover)
        if horizontal:
            fig.add_trace(go.Bar(x=g[y].to_list(), y=_safe(g[x].to_list()), orientation="h", name=name, customdata=custom,
                                 hovertemplate=f"%{{y}}: %{{x:.3f}}{extra}<extra></extra>"))
        else:
            fig.add_trace(go.Bar(x=_safe(g[x].to_list()), y=g[y].to_list(), name=name, customdata=custom,
                                 hovertemplate=f"{name or ''} %{{x}}: {fmt}{extra}<extra></extra>"))
    fig.update_layout(barmode="stack", showlegend=color is not None, legend_traceorder="normal")
    fig = _layout(fig, _title(title))
    if horizontal:
        fig.update_yaxes(autorange="reversed", title=x_title, type="category")
        fig.update_xaxes(dtick=None, tickformat=".2f", title=y_title)
        fig.update_layout(height=max(260, 26 * df.height + 80))
    else:
        fig.update_yaxes(title=y_title, tickformat=".0%" if percent else None)
        fig.update_xaxes(title=x_title)
    return fig


def small_multiples(df: pl.DataFrame, title: str, peer_label: str, value_label: str, wrap: int = 4,
                    y_title: str | None = None) -> go.Figure:
    """One panel per bureau (in the order of `df`): its values over the years (line) against its
    peer-group median (dashed). Each panel has its own scale: organs differ by orders of magnitude."""
    names = df["bureau_name"].unique(maintain_order=True).to_list()
    n_rows = (len(names) + wrap - 1) // wrap
    panel, gap, top, bottom = 240, 70, 110, 40  # pixels
    height = n_rows * panel + (n_rows - 1) * gap + top + bottom
    plot_height = height - top - bottom
    fig = make_subplots(rows=n_rows, cols=min(wrap, len(names)), subplot_titles=_safe(names),
                        horizontal_spacing=0.06, vertical_spacing=gap / plot_height if n_rows > 1 else 0.0)
    for i, name in enumerate(names):
        row, col = divmod(i, wrap)
        g = df.filter(pl.col("bureau_name") == name).sort("year")
        years = g["year"].to_list()
        fig.add_trace(go.Scatter(x=years, y=g["value"].to_list(), mode="lines+markers", name=value_label,
                                 line=dict(color="#1565c0"), connectgaps=False, showlegend=i == 0),
                      row=row + 1, col=col + 1)
        fig.add_trace(go.Scatter(x=years, y=g["peer_median"].to_list(), mode="lines", name=peer_label,
                                 line=dict(dash="dash", color="#888"), connectgaps=False, showlegend=i == 0),
                      row=row + 1, col=col + 1)
    fig.update_yaxes(title=y_title, rangemode="tozero")
    fig = _layout(fig, _safe([title])[0], height=height)
    fig.update_xaxes(title=None, dtick=2, tickangle=0)
    # the legend on the title's line, above the panel titles
    fig.update_layout(margin=dict(t=top, b=bottom),
                      legend=dict(orientation="h", x=1, xanchor="right", y=1 + 45 / plot_height, yanchor="bottom"))
    return fig
