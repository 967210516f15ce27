"""Every table and view of the warehouse, declared once.

The DDL (`etl.load.ddl`), the `COMMENT ON` statements, `docs/data-dictionary.md` and the
dashboard's data-dictionary page are all generated from these declarations. A test fails
when a table, view or column has no description.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    nullable: bool = True


@dataclass(frozen=True)
class Relation:
    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    # for views: the SELECT that defines it (its output columns must match `columns`)
    sql: str | None = None
    kind: str = "table"  # 'table' or 'view'

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


C = Column

REPORTS = Relation(
    "reports",
    "One row per distinct input file (distinct bytes): where it came from, whether it could be read, "
    "and who reported for which year. Failed files are kept here as quarantine rows with the reason.",
    (
        C("report_id", "VARCHAR", "Stable id: the first 20 hex digits of the file's sha256.", False),
        C("source_path", "VARCHAR", "The path as given to `xxgk ingest` (for an archive member: `archive.zip!member/path`). "
          "When the same bytes arrive under several paths, the first in sorted order; all are in `source_files`.", False),
        C("file_name", "VARCHAR", "The file name part of source_path.", False),
        C("file_format", "VARCHAR", "Format the file was read as: txt, md, html, pdf, docx, doc (NULL when unrecognised)."),
        C("file_size_bytes", "BIGINT", "Size of the file in bytes.", False),
        C("sha256", "VARCHAR", "SHA-256 of the file bytes, hex.", False),
        C("status", "VARCHAR", "`parsed` (all sections read), `partial` (some sections missing or cells unassignable) or `failed` (quarantined).", False),
        C("error", "VARCHAR", "Why the file failed or is partial, in words; NULL when parsed."),
        C("template", "VARCHAR", "Layout detected from the table labels: `pre2019`, `t2019`, `t2021`; NULL when unknown."),
        C("year", "INTEGER", "The statistics year the report covers (not the publication year)."),
        C("title", "VARCHAR", "The report's title as printed."),
        C("bureau_name", "VARCHAR", "The reporting organ as named in the report, e.g. 淮北市商务局."),
        C("bureau_id", "VARCHAR", "The normalised organ this report belongs to (→ bureaus), so the same organ over years is one bureau."),
        C("bureau_type", "VARCHAR", "Kind of organ from its name (人民政府, 商务, 财政, 教育, 公安 …), for peer groups."),
        C("organ_kind", "VARCHAR", "`government` (人民政府 and its office) or `department`; decides the publication deadline."),
        C("province", "VARCHAR", "Province-level division of the organ (e.g. 安徽省)."),
        C("city", "VARCHAR", "Prefecture-level division (e.g. 淮北市); NULL for provincial organs."),
        C("county", "VARCHAR", "County-level division (e.g. 洪泽区); NULL above county level."),
        C("admin_level", "VARCHAR", "`national`, `province`, `city`, `county`, `township` or `department`."),
        C("region_code", "VARCHAR", "National administrative division code (GB/T 2260) of the organ's region, when resolved."),
        C("is_aggregate", "BOOLEAN", "True for a region-wide report that aggregates subordinate organs (numbers are then much larger)."),
        C("published_on", "DATE", "Publication date when the file states it (发布时间 line, date under the signature, page metadata)."),
        C("deadline_on", "DATE", "Legal publication deadline for this organ and year: 1月31日 for departments and 3月31日 for governments since report year 2019; 3月31日 for all before."),
        C("published_late", "BOOLEAN", "published_on later than deadline_on; NULL when either is unknown."),
        C("page_count", "INTEGER", "Pages of a paginated input (PDF, converted DOC); NULL otherwise."),
        C("read_method", "VARCHAR", "How the text was read: `text` (the file's own text), `ocr` (every page by OCR from its "
          "image: a scanned PDF, an image file) or `mixed` (a PDF with some scanned pages); NULL for failed files."),
        C("figure_count", "INTEGER", "Number of rows this report has in `figures`.", False),
        C("checks_failed", "INTEGER", "Number of rows with status `fail` this report has in `checks`.", False),
        C("is_preferred", "BOOLEAN", "True for the version used in comparisons when several files report the same organ and year "
          "(rule in etl/load/preferred.py: a correction (更正/修订) first, then the later publication, then parsed before partial, then more complete tables, then fewer failed checks).", False),
        C("superseded_by", "VARCHAR", "report_id of the preferred version of the same organ and year, when this one is not preferred."),
        C("extractor_version", "VARCHAR", "Version of the extractor that produced this row; a change re-extracts every file.", False),
        C("extract_seconds", "DOUBLE", "Time spent reading and extracting this file, in seconds."),
        C("extract_cpu_seconds", "DOUBLE",
          "CPU time the extracting thread spent on this file, in seconds: what the file cost one core, "
          "whatever else ran on the machine (a .doc file's LibreOffice conversion runs in another "
          "process and is not counted)."),
        C("ingested_at", "TIMESTAMP", "When this row was extracted (kept when a later run reuses it).", False),
    ),
    primary_key=("report_id",),
)

FIGURES = Relation(
    "figures",
    "One row per extracted number, long format. A blank or not-applicable cell is a row with value NULL, so missing is never 0.",
    (
        C("report_id", "VARCHAR", "→ reports.report_id.", False),
        C("metric", "VARCHAR", "A key of metric_catalog, e.g. `t3.received_new`.", False),
        C("dimension", "VARCHAR", "For t3.*: the applicant column (natural_person, commercial, research, social_org, legal_service, other_org, total); "
          "for text.proactive.by_category: the category label as printed; else NULL."),
        C("value", "DOUBLE", "The number in the metric's unit; NULL when the cell was blank, not applicable or unassignable."),
        C("value_kind", "VARCHAR", "`number`, `blank`, `not_applicable`, `approximate` (500多), `unassignable` (digits ran together) or `unreadable` (a scanned cell OCR could not read with confidence).", False),
        C("raw_text", "VARCHAR", "The text the value came from, as printed (e.g. `251000元`, `600多条`)."),
        C("source_kind", "VARCHAR", "`table`, `text` or `derived` (computed through a template identity; see checks).", False),
        C("unit", "VARCHAR", "Unit of `value`: count, yuan, wan_yuan (always the metric's unit in metric_catalog).", False),
        C("page", "INTEGER", "Page number (1-based) for paginated inputs; NULL otherwise."),
        C("evidence", "VARCHAR", "A short excerpt of the source around the figure: the table row or sentence as printed.", False),
        C("ocr_confidence", "DOUBLE", "For a figure read by OCR from a scanned page: the recogniser's confidence (0-1) in the "
          "text it was read from (the lowest of that text on its page); NULL for figures read from a text layer."),
    ),
)

CHECKS = Relation(
    "checks",
    "One row per validation rule applied to a report: the template identities V1-V5, heuristics, prose-versus-table and cross-year checks.",
    (
        C("report_id", "VARCHAR", "→ reports.report_id.", False),
        C("rule", "VARCHAR", "Rule id, e.g. `t3.balance` (V1); every rule is listed under Vocabularies → rules below "
          "(etl/metadata/rules.csv).", False),
        C("status", "VARCHAR", "`pass`, `fail`, `warn` (heuristic) or `not_assessable` (cells missing).", False),
        C("detail", "VARCHAR", "Which cells, expected versus found, in words a supervisor understands.", False),
        C("metric", "VARCHAR", "The main cell the check is about, when there is one."),
        C("dimension", "VARCHAR", "The applicant column of that cell, for 表三 checks."),
        C("expected", "DOUBLE", "The value the rule expects for that cell."),
        C("found", "DOUBLE", "The value printed in that cell."),
    ),
)

METRIC_CATALOG = Relation(
    "metric_catalog",
    "The metric keys, with their meaning, unit and Chinese and English labels. Loaded from etl/metadata/metrics.csv.",
    (
        C("metric", "VARCHAR", "The metric key, stable forever.", False),
        C("section", "VARCHAR", "Where it is printed: t2 (表二), t3 (表三), t4 (表四) or text (prose).", False),
        C("templates", "VARCHAR", "Comma-separated templates that carry it: pre2019, t2019, t2021.", False),
        C("unit", "VARCHAR", "count, yuan or wan_yuan.", False),
        C("label_zh", "VARCHAR", "Chinese label as printed in the template.", False),
        C("label_en", "VARCHAR", "English label.", False),
        C("description", "VARCHAR", "What the number means.", False),
    ),
    primary_key=("metric",),
)

BUREAUS = Relation(
    "bureaus",
    "One row per reporting organ after name normalisation (洪泽区人民政府 and 淮安市洪泽区人民政府 are one bureau).",
    (
        C("bureau_id", "VARCHAR", "Stable id derived from the normalised full name.", False),
        C("bureau_name", "VARCHAR", "Canonical name: the fullest form seen (with city and province prefixes where known).", False),
        C("bureau_type", "VARCHAR", "Kind of organ (人民政府, 商务, 财政 …)."),
        C("organ_kind", "VARCHAR", "`government` or `department`."),
        C("province", "VARCHAR", "Province-level division."),
        C("city", "VARCHAR", "Prefecture-level division."),
        C("county", "VARCHAR", "County-level division."),
        C("admin_level", "VARCHAR", "Administrative level (see reports.admin_level)."),
        C("first_year", "INTEGER", "Earliest report year in the database."),
        C("last_year", "INTEGER", "Latest report year in the database."),
        C("report_count", "INTEGER", "Number of reports (files) in the database.", False),
    ),
    primary_key=("bureau_id",),
)

BUREAU_NAMES = Relation(
    "bureau_names",
    "Every name under which an organ appeared, for search and for checking the normalisation.",
    (
        C("bureau_id", "VARCHAR", "→ bureaus.bureau_id.", False),
        C("name_variant", "VARCHAR", "The name as printed in one or more reports.", False),
        C("report_count", "INTEGER", "Reports that used this name.", False),
    ),
)

SOURCE_FILES = Relation(
    "source_files",
    "Every input path seen by the last ingest, with its hash, so nothing is lost: identical bytes under two paths are one report but two rows here.",
    (
        C("source_path", "VARCHAR", "The path as given to ingest (archive members as `archive.zip!member`).", False),
        C("sha256", "VARCHAR", "SHA-256 of the bytes.", False),
        C("report_id", "VARCHAR", "→ reports.report_id.", False),
        C("file_size_bytes", "BIGINT", "Size in bytes.", False),
        C("duplicate_of_path", "VARCHAR", "The source_path that the reports row uses, when this path carries the same bytes as another; else NULL."),
    ),
    primary_key=("source_path",),
)

INGEST_RUNS = Relation(
    "ingest_runs",
    "One row per `xxgk ingest` run that built this database (the newest last), with its summary.",
    (
        C("run_id", "VARCHAR", "Random id of the run.", False),
        C("started_at", "TIMESTAMP", "When the run started.", False),
        C("finished_at", "TIMESTAMP", "When the database was published.", False),
        C("engine", "VARCHAR", "`local` or `dask`.", False),
        C("workers", "INTEGER", "Worker processes used.", False),
        C("extractor_version", "VARCHAR", "Extractor version of this run.", False),
        C("files_seen", "INTEGER", "Input files found (archive members counted one by one).", False),
        C("files_extracted", "INTEGER", "Files extracted in this run (the rest reused from the previous database).", False),
        C("files_skipped", "INTEGER", "Files skipped as not reports (unrecognised extension), not in `reports`.", False),
        C("parsed", "INTEGER", "Reports with status parsed.", False),
        C("partial", "INTEGER", "Reports with status partial.", False),
        C("failed", "INTEGER", "Reports with status failed.", False),
        C("figures", "INTEGER", "Rows in figures.", False),
        C("checks_failed", "INTEGER", "Rows in checks with status fail.", False),
    ),
)

TABLES: tuple[Relation, ...] = (REPORTS, FIGURES, CHECKS, METRIC_CATALOG, BUREAUS, BUREAU_NAMES, SOURCE_FILES, INGEST_RUNS)

# Views are added by etl.metadata.views (kept apart because their SQL is long).
from etl.metadata.views import VIEWS  # noqa: E402

RELATIONS: tuple[Relation, ...] = TABLES + VIEWS


def relation(name: str) -> Relation:
    return next(r for r in RELATIONS if r.name == name)
