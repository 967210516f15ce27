"""Standard-table extraction (表二, 表三, 表四), one extractor per table kind. (See issue 3.)

The document is read as one normalised stream (text lines and grid rows alike, see
`stream`); each table's region is found (`regions`), then its rows by their labels from
the template's label map (etl/metadata/templates/*.toml). Cells are assigned only with
certainty (`assign`); otherwise they are left empty and a problem says why.
"""
from __future__ import annotations

from etl.extract.tables.labels import label_map, layout, template_names
from etl.extract.tables.regions import find_regions
from etl.extract.tables.stream import build_stream
from etl.extract.tables.t2 import extract_t2
from etl.extract.tables.t3 import extract_t3
from etl.extract.tables.t4 import extract_t4
from etl.model import Document, Figure

# when the variant cannot be told, 表三 and 表四 are still read with this map: its （六）
# rows are optional, so it accepts both the 2019 single row and the 2021 sub-rows
_UNKNOWN_VARIANT_MAP = "t2021"


def extract_tables(doc: Document, template: str | None) -> tuple[list[Figure], list[str]]:
    """Figures of the standard tables and the problems that make the report partial."""
    if template is not None and template not in template_names():
        return [], []  # pre2019: no standard tables
    lay = layout()
    stream = build_stream(doc)
    lm = label_map(template or _UNKNOWN_VARIANT_MAP)
    regions = find_regions(stream, lm, lay)
    if template is None and regions.t3 is None and regions.t2 is None:
        return [], []
    figures: list[Figure] = []
    problems: list[str] = []
    if template is None:
        problems.append("standard tables present but the template variant (2019 or 2021) cannot be told "
                        "from the column labels: 表二 not read")
    elif regions.t2 is None:
        problems.append("表二: not found")
    else:
        f, p = extract_t2(stream, lm, regions.t2)
        figures += f
        problems += p
    if regions.t3 is None:
        problems.append("表三: not found")
    else:
        f, p = extract_t3(stream, lm, lay, regions.t3)
        figures += f
        problems += p
    if regions.t4 is None:
        problems.append("表四: not found")
    else:
        f, p = extract_t4(stream, lay, regions.t4)
        figures += f
        problems += p
    return figures, problems
