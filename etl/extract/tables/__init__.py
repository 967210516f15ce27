"""Standard-table extraction (表二, 表三, 表四), one extractor per table kind. (See issue 3.)

The document is read as one normalised stream (text lines and grid rows alike, see
`stream`); each table's region is found (`regions`), then its rows by their labels from
the template's label map (etl/metadata/templates/*.toml). Cells are assigned only with
certainty (`assign`); otherwise they are left empty and a problem says why.
"""
from __future__ import annotations

from etl.metadata.label_maps import label_map, layout, template_names
from etl.extract.tables.regions import find_regions
from etl.extract.tables.stream import build_stream
from etl.extract.tables.t2 import extract_t2
from etl.extract.tables.t3 import extract_t3
from etl.extract.tables.t4 import extract_t4
from etl.extract.tables.where import locate_figures
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
    # (table, its region, how to read it); a table whose region was not found is a problem
    kinds = [] if template is None else [("表二", regions.t2, lambda r: extract_t2(stream, lm, r))]
    kinds += [("表三", regions.t3, lambda r: extract_t3(stream, lm, lay, r)),
              ("表四", regions.t4, lambda r: extract_t4(stream, lay, r))]
    for name, region, read in kinds:
        if region is None:
            problems.append(f"{name}: not found")
            continue
        f, p = read(region)
        figures += f
        problems += p
    locate_figures(figures, stream, doc)
    return figures, problems
