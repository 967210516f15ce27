"""What a PDF page draws, as geometry: characters with boxes and ruling lines.

Everything is returned in *reading space*: x grows to the right and `top` grows downwards
along the page as a person reads it, whatever the page's /Rotate and whichever way the
text runs on the sheet (a landscape table printed sideways on a portrait page). Only the
raw pdfium C API is used (through pypdfium2.raw): no second PDF parser, so reading the
geometry of a page costs about as much as extracting its text.
"""
from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass
from typing import Callable

import pypdfium2.raw as pdfium_c

# a stroke narrower than this along one axis of a filled rectangle is a ruling line drawn as a box
_THIN_FILL = 2.5
# shorter segments are glyph-like decoration (underline dots, check marks), not cell borders
_MIN_EDGE = 4.0
_AXIS_TOLERANCE = 1.0  # a segment within this of horizontal/vertical counts as one


@dataclass(slots=True)  # not frozen: a frozen dataclass is slow to build, and pages have thousands
class Char:
    index: int  # index in the pdfium text page
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    generated: bool  # a space or line break pdfium inserted, with no box of its own

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True, slots=True)
class Edge:
    """A horizontal ('h') or vertical ('v') ruling line in reading space."""

    orientation: str
    x0: float
    top: float
    x1: float
    bottom: float


Transform = Callable[[float, float], tuple[float, float]]


def _unchecked(fn):
    """The same pdfium function without ctypes' conversion of its arguments (its result type
    kept): pypdfium2's bindings convert every argument on every call, half the cost of reading
    a character's box, and pages have thousands of characters. Callers pass what the C
    function takes: the text page pointer (`textpage.raw`), a Python int, `ctypes.byref()`s."""
    unchecked = type(fn)(ctypes.cast(fn, ctypes.c_void_p).value)
    unchecked.restype = fn.restype
    return unchecked


get_char_box = _unchecked(pdfium_c.FPDFText_GetCharBox)  # (textpage, index, &left, &right, &bottom, &top)
_is_generated = _unchecked(pdfium_c.FPDFText_IsGenerated)
_char_angle = _unchecked(pdfium_c.FPDFText_GetCharAngle)
_get_object = _unchecked(pdfium_c.FPDFPage_GetObject)  # (page, index) → object
_object_type = _unchecked(pdfium_c.FPDFPageObj_GetType)
_draw_mode = _unchecked(pdfium_c.FPDFPath_GetDrawMode)  # (path, &fill mode, &stroke)
_stroke_color = _unchecked(pdfium_c.FPDFPageObj_GetStrokeColor)  # (object, &r, &g, &b, &a)
_fill_color = _unchecked(pdfium_c.FPDFPageObj_GetFillColor)
_object_bounds = _unchecked(pdfium_c.FPDFPageObj_GetBounds)  # (object, &left, &bottom, &right, &top)


def reading_transform(width: float, height: float, quarter_turns: int) -> Transform:
    """Map PDF user space (y up) to reading space for text that runs at `quarter_turns`×90°
    counter-clockwise on the sheet."""
    q = quarter_turns % 4
    if q == 0:
        def upright(x: float, y: float) -> tuple[float, float]:
            return x, height - y
        upright.page_height = height  # lets page_chars skip the call per character
        return upright
    if q == 1:  # text runs up the sheet: turn the sheet clockwise to read it
        return lambda x, y: (y, x)
    if q == 2:
        return lambda x, y: (width - x, y)
    return lambda x, y: (height - y, width - x)


def text_quarter_turns(textpage, n_chars: int, sample: int = 200) -> int:
    """The dominant direction of the page's text, in quarter turns counter-clockwise."""
    votes = [0, 0, 0, 0]
    step = max(1, n_chars // sample)
    for i in range(0, n_chars, step):
        if _is_generated(textpage, i) == 1:
            continue
        angle = _char_angle(textpage, i)
        if angle < 0:  # -1: no such char
            continue
        # pdfium measures the angle clockwise; we count quarter turns counter-clockwise
        votes[-round(angle / (math.pi / 2)) % 4] += 1
    return max(range(4), key=lambda q: (votes[q], q == 0))


def page_chars(textpage, text: str, to_reading: Transform) -> list[Char]:
    """Every character of the text page (`text` = its full text, one code unit per char)
    with its tight glyph box in reading space. Generated characters (pdfium's inferred spaces
    and line breaks) are kept boxless: they tell where pdfium saw a line break. Tight boxes,
    not pdfium's "loose" ones: those are wildly off for some WPS fonts (200 pt wide)."""
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    left_at, right_at, bottom_at, top_at = map(ctypes.byref, (left, right, bottom, top))
    get_box, is_generated = get_char_box, _is_generated
    page_height = getattr(to_reading, "page_height", None)
    chars = []
    for i, ch in enumerate(text):
        # pdfium only ever generates spaces and line breaks
        if (ch in " \r\n" and is_generated(textpage, i) == 1) or not get_box(textpage, i, left_at, right_at,
                                                                              bottom_at, top_at):
            chars.append(Char(i, ch, 0.0, 0.0, 0.0, 0.0, True))
            continue
        if page_height is not None:
            chars.append(Char(i, ch, left.value, page_height - top.value, right.value, page_height - bottom.value,
                              False))
            continue
        xa, ya = to_reading(left.value, bottom.value)
        xb, yb = to_reading(right.value, top.value)
        chars.append(Char(i, ch, min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb), False))
    return chars


def _matrix(obj) -> tuple[float, ...]:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _is_whitish(obj, getter) -> bool:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not getter(obj, *map(ctypes.byref, (r, g, b, a))):
        return False
    return a.value == 0 or min(r.value, g.value, b.value) >= 245


def _path_segments(obj, matrix) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """The straight segments of a path object in user space (curves are skipped)."""
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    out = []
    start = prev = None
    for k in range(pdfium_c.FPDFPath_CountSegments(obj)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, k)
        if not pdfium_c.FPDFPathSegment_GetPoint(seg, x, y):
            continue
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = point
        elif kind == pdfium_c.FPDF_SEGMENT_LINETO and prev is not None:
            out.append((prev, point))
        prev = point
        if pdfium_c.FPDFPathSegment_GetClose(seg) and start is not None and prev != start:
            out.append((prev, start))
            prev = start
    return out


def _bounds(obj) -> tuple[float, float, float, float]:
    l, b, r, t = (ctypes.c_float() for _ in range(4))
    _object_bounds(obj, *map(ctypes.byref, (l, b, r, t)))
    return l.value, b.value, r.value, t.value


def _edge_of_box(box: tuple[float, float, float, float], to_reading: Transform) -> list[Edge]:
    """A line drawn as a thin box (a stroked line's bounds, or a thin filled rectangle)."""
    (xa, ya), (xb, yb) = to_reading(box[0], box[1]), to_reading(box[2], box[3])
    x0, x1, y0, y1 = min(xa, xb), max(xa, xb), min(ya, yb), max(ya, yb)
    if y1 - y0 <= _THIN_FILL and x1 - x0 >= _MIN_EDGE:
        return [Edge("h", x0, (y0 + y1) / 2, x1, (y0 + y1) / 2)]
    if x1 - x0 <= _THIN_FILL and y1 - y0 >= _MIN_EDGE:
        return [Edge("v", (x0 + x1) / 2, y0, (x0 + x1) / 2, y1)]
    return []


def _edges_of_path(obj, outer, to_reading: Transform) -> list[Edge]:
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not _draw_mode(obj, ctypes.byref(fill), ctypes.byref(stroke)):
        return []
    if stroke.value and not _is_whitish(obj, _stroke_color):
        box = _bounds(obj)
        if outer is None and (box[2] - box[0] <= _THIN_FILL or box[3] - box[1] <= _THIN_FILL):
            return _edge_of_box(box, to_reading)  # a single line: its bounds say it all
        matrix = _matrix(obj) if outer is None else _compose(_matrix(obj), outer)
        edges = []
        for p, q in _path_segments(obj, matrix):
            (xa, ya), (xb, yb) = to_reading(*p), to_reading(*q)
            if abs(ya - yb) <= _AXIS_TOLERANCE and abs(xa - xb) >= _MIN_EDGE:
                y = (ya + yb) / 2
                edges.append(Edge("h", min(xa, xb), y, max(xa, xb), y))
            elif abs(xa - xb) <= _AXIS_TOLERANCE and abs(ya - yb) >= _MIN_EDGE:
                x = (xa + xb) / 2
                edges.append(Edge("v", x, min(ya, yb), x, max(ya, yb)))
        return edges
    if fill.value and not _is_whitish(obj, _fill_color):
        # a ruling line drawn as a thin filled box (Word and some PDF printers do this);
        # wide filled boxes are cell shading, whose borders are drawn separately if at all
        if outer is None:
            return _edge_of_box(_bounds(obj), to_reading)
        pts = [p for seg in _path_segments(obj, _compose(_matrix(obj), outer)) for p in seg]
        if pts:
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            return _edge_of_box((min(xs), min(ys), max(xs), max(ys)), to_reading)
    return []


def page_edges(page, to_reading: Transform, max_objects: int = 20_000) -> list[Edge]:
    """The horizontal and vertical ruling lines the page draws, form XObjects included."""
    edges: list[Edge] = []
    get_type, path_kind, form_kind = _object_type, pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM
    n = min(pdfium_c.FPDFPage_CountObjects(page), max_objects)
    forms = []
    for i in range(n):
        obj = _get_object(page, i)
        kind = get_type(obj)
        if kind == path_kind:
            edges += _edges_of_path(obj, None, to_reading)
        elif kind == form_kind:
            forms.append((obj, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), 0))
    # objects inside form XObjects: their coordinates are relative to the form's matrix
    # (bounds are not, so every path there is read segment by segment)
    seen = n
    while forms and seen < max_objects:
        form, outer, depth = forms.pop()
        m = _compose(_matrix(form), outer)
        for i in range(pdfium_c.FPDFFormObj_CountObjects(form)):
            obj = pdfium_c.FPDFFormObj_GetObject(form, i)
            seen += 1
            kind = get_type(obj)
            if kind == path_kind:
                edges += _edges_of_path(obj, m, to_reading)
            elif kind == form_kind and depth < 4:
                forms.append((obj, m, depth + 1))
    return edges


def count_images(page) -> int:
    return sum(1 for i in range(pdfium_c.FPDFPage_CountObjects(page))
               if _object_type(_get_object(page, i)) == pdfium_c.FPDF_PAGEOBJ_IMAGE)


# -- boxes as the review page shows them (issue 22) -------------------------------------------

Affine = tuple[float, float, float, float, float, float]  # (a, b, c, d, e, f): x' = a x + c y + e, y' = b x + d y + f


def reading_to_user(width: float, height: float, quarter_turns: int) -> Transform:
    """The inverse of reading_transform: reading space back to PDF user space."""
    q = quarter_turns % 4
    if q == 0:
        return lambda x, y: (x, height - y)
    if q == 1:
        return lambda x, y: (y, x)
    if q == 2:
        return lambda x, y: (width - x, y)
    return lambda x, y: (width - y, height - x)


def user_to_display(page) -> Affine:
    """The affine map from PDF user space to the page as displayed: points from the top-left
    corner of its crop box with its /Rotate applied, y downwards (pdfium's page-to-device
    mapping at 1 pixel a point, read at three points; 100 pixels a point for precision)."""
    width, height = pdfium_c.FPDF_GetPageWidthF(page), pdfium_c.FPDF_GetPageHeightF(page)
    k = 100
    dx, dy = ctypes.c_int(), ctypes.c_int()

    def at(x: float, y: float) -> tuple[float, float]:
        pdfium_c.FPDF_PageToDevice(page, 0, 0, round(width * k), round(height * k), 0, x, y,
                                   ctypes.byref(dx), ctypes.byref(dy))
        return dx.value / k, dy.value / k

    (x0, y0), (x1, y1), (x2, y2) = at(0, 0), at(100, 0), at(0, 100)
    return ((x1 - x0) / 100, (y1 - y0) / 100, (x2 - x0) / 100, (y2 - y0) / 100, x0, y0)


def box_to_display(box: tuple[float, float, float, float], to_user: Transform | None, affine: Affine) -> tuple[float, float, float, float]:
    """A box (x0, y0, x1, y1; in reading space when `to_user` is given, else user space) as
    displayed, rounded to 0.01 pt."""
    a, b, c, d, e, f = affine
    xs, ys = [], []
    for x, y in ((box[0], box[1]), (box[2], box[3]), (box[0], box[3]), (box[2], box[1])):
        if to_user is not None:
            x, y = to_user(x, y)
        xs.append(a * x + c * y + e)
        ys.append(b * x + d * y + f)
    return (round(min(xs), 2), round(min(ys), 2), round(max(xs), 2), round(max(ys), 2))
