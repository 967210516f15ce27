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
          "(rule in etl/load/preferred.py: a correction (更正/修订) first, then the later download of one URL collected by `xxgk fetch`, then the later publication, then parsed before partial, then more complete tables, then fewer failed checks).", False),
        C("superseded_by", "VARCHAR", "report_id of the preferred version of the same organ and year, when this one is not preferred."),
        C("extractor_version", "VARCHAR", "Version of the extractor that produced this row; a change re-extracts every file.", False),
        C("extract_seconds", "DOUBLE", "Time spent reading and extracting this file, in seconds."),
        C("extract_cpu_seconds", "DOUBLE",
          "CPU time the extracting thread spent on this file, in seconds: what the file cost one core, "
          "whatever else ran on the machine (a .doc file's LibreOffice conversion runs in another "
          "process and is not counted)."),
        C("ingested_at", "TIMESTAMP", "When this row was extracted (kept when a later run reuses it).", False),
        # --- provenance from `xxgk fetch` (issue 19) ---
        C("source_url", "VARCHAR", "The URL `xxgk fetch` collected this file from (from the fetch state in the folder given to ingest); NULL for files given by hand."),
        C("fetched_at", "TIMESTAMP", "When `xxgk fetch` downloaded this version of the file (UTC); NULL for files given by hand."),
        C("published_on_from", "VARCHAR", "Where published_on comes from: `report` (printed in the file) or `list_page` (the date beside the item on the portal's column page, used only when the report prints none); NULL when unknown."),
        # reason codes (issue 23)
        C("error_code", "VARCHAR", "The code of the first reason in `error` (etl/metadata/reasons.csv), for grouping; NULL when parsed."),
        C("error_reasons", "VARCHAR", "Every reason in `error` as JSON, a list of {code, params}; the dashboard, the labelled "
          "exports and the CLI render it in Chinese or English from etl/metadata/reasons.csv. Code `other` keeps the sentence."),
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
        # review and corrections (issue 22): what the extractor read, kept beside the served value
        C("extracted_value", "DOUBLE", "The value the extractor read; differs from `value` only when `corrected` "
          "(a row of the corrections file changed the served value, see the corrections table)."),
        C("extracted_value_kind", "VARCHAR", "The value_kind the extractor read (`value_kind` is the served one).", False),
        C("corrected", "BOOLEAN", "True when `value`/`value_kind` come from the corrections file, not the extractor.", False),
        C("bbox", "DOUBLE[4]", "Where the figure was printed on `page` (paginated sources: PDF, OCR'd images): [x0, y0, x1, y1] in "
          "PDF points (1/72 inch) from the top-left corner of the page as displayed (its /Rotate applied, crop box "
          "origin), y growing downwards; a table cell's box is the cell's, a figure in a line of text the box of its "
          "characters. NULL when not known."),
        C("locator", "VARCHAR", "Where the figure is in the document, for any source: `table=T;row=R;col=C` (grid position in "
          "the T-th table) or `block=B;chars=S-E` (characters of the B-th text block, the first one for words broken "
          "over lines); counted from 0 in reading order. NULL when not known (a prose figure whose words occur "
          "more than once on its page)."),
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
        # reason codes (issue 23)
        C("detail_code", "VARCHAR", "What the check found as a code of etl/metadata/reasons.csv (check.pass, check.fail, "
          "check.warn, check.not_assessable …), rendered in Chinese or English with `detail_params`."),
        C("detail_params", "VARCHAR", "The parameters of `detail_code` as JSON (rule, metric, dimension, expected, found)."),
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
        # supervisor roster (issue 21)
        C("roster_path", "VARCHAR", "The roster file given with `--roster` (or kept from the previous run); NULL when none."),
        C("roster_sha256", "VARCHAR", "SHA-256 of the roster file's bytes; a rerun with the same files and roster extracts nothing."),
        C("corrections_sha256", "VARCHAR", "SHA-256 of the corrections file the run applied (`--corrections`); NULL when none. "
          "Part of the run's identity: a changed file re-validates without re-extracting."),
        C("corrections_applied", "INTEGER", "Rows of the corrections file with status applied (0 without a file)."),
    ),
)

# --- collected versions from `xxgk fetch` (issue 19) ---
SOURCE_VERSIONS = Relation(
    "source_versions",
    "One row per version of a document that `xxgk fetch` collected into a folder given to ingest (from its "
    "`.xxgk-fetch/state.sqlite`). A document changed after publication has two or more versions of one url: "
    "`SELECT url FROM source_versions WHERE changed` lists them.",
    (
        C("url", "VARCHAR", "The document's URL as listed or linked (before redirects).", False),
        C("version", "INTEGER", "1 for the first download, 2 for the first changed one, and so on.", False),
        C("source_path", "VARCHAR", "The saved file, as ingest labels it (→ reports.source_path, source_files.source_path).", False),
        C("sha256", "VARCHAR", "SHA-256 of this version's bytes.", False),
        C("report_id", "VARCHAR", "→ reports.report_id of these bytes."),
        C("fetched_at", "TIMESTAMP", "When this version was downloaded (UTC).", False),
        C("first_seen", "TIMESTAMP", "When the url was first downloaded (UTC), the same for all its versions."),
        C("changed", "BOOLEAN", "True when this version replaced different bytes at the same url (altered after an earlier download).", False),
        C("etag", "VARCHAR", "The ETag the server sent with this version."),
        C("last_modified", "VARCHAR", "The Last-Modified header the server sent with this version, as sent."),
        C("content_type", "VARCHAR", "The Content-Type header, as sent (it may lie: see note)."),
        C("final_url", "VARCHAR", "The URL after redirects."),
        C("list_page", "VARCHAR", "The column page the report was listed on."),
        C("article_url", "VARCHAR", "The article page an attachment was linked from; NULL for the article itself or a listed file."),
        C("listed_title", "VARCHAR", "The item's title as listed (from `title=` when the link text was cut short)."),
        C("list_date", "DATE", "The date printed beside the item on the list page."),
        C("http_status", "INTEGER", "HTTP status of the answer that was saved."),
        C("note", "VARCHAR", "A problem with the answer, in words (e.g. `served as .pdf but the bytes are html`); NULL when none."),
    ),
    primary_key=("url", "version"),
)

TABLES: tuple[Relation, ...] = (REPORTS, FIGURES, CHECKS, METRIC_CATALOG, BUREAUS, BUREAU_NAMES, SOURCE_FILES, INGEST_RUNS,
                                SOURCE_VERSIONS)

# --- the supervisor's frame: roster, per-report indicators (issue 21) --------------------------

ROSTER = Relation(
    "roster",
    "The organs that must publish a report (the supervisor's roster, `xxgk ingest --roster FILE`), one row per "
    "distinct organ and region of the file, with the bureau it matches. Matching uses the bureau key of the reports "
    "(region prefixes resolved, 管理委员会 = 管委会, abbreviations expanded, full-width brackets, a 函 wrapper removed), "
    "the region column put in front of a name that names no region, and the former names in `aliases`. "
    "Empty when no roster was given.",
    (
        C("roster_row", "INTEGER", "Row number in the roster file (the header is row 1).", False),
        C("organ", "VARCHAR", "The organ as named in the roster (spaces removed, brackets half-width).", False),
        C("region", "VARCHAR", "The region column (e.g. 江苏省淮安市), when given."),
        C("level", "VARCHAR", "The level column: national, province, city, county, township or department (vocabulary admin_levels)."),
        C("parent", "VARCHAR", "The parent column (the supervising organ), as given."),
        C("from_year", "INTEGER", "First report year the organ must publish; NULL: from the first year in the database."),
        C("to_year", "INTEGER", "Last report year the organ must publish; NULL: up to the last year in the database."),
        C("aliases", "VARCHAR", "Former names (separated by ；), matched like the organ's name."),
        C("organ_kind", "VARCHAR", "`department` or `government` (which deadline applies): the ending of the name "
          "(etl/metadata/organ_suffixes.csv: a government's general office keeps the government's deadline), else the "
          "level column; NULL when neither says."),
        C("bureau_id", "VARCHAR", "→ bureaus: the bureau whose reports this roster row stands for; NULL when no report matches."),
        C("matched_by", "VARCHAR", "`key` (the bureau key of the name, or of region + name, or of an alias) or "
          "`name` (a name a report used, bureau_names); NULL when unmatched."),
        C("bureau_name", "VARCHAR", "Canonical name of the matched bureau (bureaus.bureau_name)."),
    ),
)

REPORT_INDICATORS = Relation(
    "report_indicators",
    "One row per preferred report that was read (not failed): the indicators of v_scorecard that need the figures, "
    "checks or text, computed once at build time so the scorecard reads fast. Definitions, denominators, NULL rules "
    "and sources in etl/metadata/scorecard_indicators.csv (rendered under Scorecard indicators below).",
    (
        C("report_id", "VARCHAR", "→ reports.report_id.", False),
        C("previous_report_id", "VARCHAR", "→ reports.report_id: the preferred report of the same bureau for year - 1; NULL when none."),
        C("template_cells_expected", "INTEGER", "Table rows (metrics of 表二/三/四 in metric_catalog) the report's template has; NULL for pre2019 (no national table)."),
        C("template_cells_present", "INTEGER", "Of those, the metrics the report has at least one figure row for."),
        C("template_compliance", "DOUBLE", "template_cells_present / template_cells_expected; NULL for pre2019 or unknown template."),
        C("identities_failed", "INTEGER", "Template identities (rules of kind identity: V1-V5) the report fails, counted once per rule.", False),
        C("cross_year_failed", "INTEGER", "Cross-year rules (cross_year.*) failed or warned, counted once per rule.", False),
        C("prose_table_conflicts", "INTEGER", "Prose-versus-table rules (prose.*) the report fails, counted once per rule.", False),
        C("grant_rate", "DOUBLE", "(表三 予以公开 + 部分公开) / （七）总计, 总计 column; NULL when a cell is missing or the total is 0."),
        C("correction_rate", "DOUBLE", "(表四 结果纠正 of 行政复议 + both 行政诉讼 groups) / (their 总计); NULL when a cell is missing or the total is 0."),
        C("dispute_rate", "DOUBLE", "(表四 行政复议 总计 + both 行政诉讼 总计) / 表三 一、本年新收 总计; NULL when a cell is missing or no request was received."),
        C("frozen_cells_compared", "INTEGER", "Table cells (表二/三/四, source_kind table) with a non-zero number in this "
          "report and a number in the same cell (metric and dimension) of the previous report; 0 without a previous report.", False),
        C("frozen_figures", "DOUBLE", "Share of those cells whose number equals the previous report's; NULL when none compared."),
        C("reuse_shingles_compared", "INTEGER", "Sampled text shingles of this report (boilerplate excluded) looked up "
          "in the previous report (text_shingles); 0 without a previous report.", False),
        C("text_reuse_prev", "DOUBLE", "Share of those shingles found in the same section of the previous report; "
          "NULL when there is no previous report, either has no sampled text, or fewer than 10 shingles remain once "
          "the wording of many organs (shingles in at least 3 bureaus and 20% of all bureaus) is left out."),
    ),
    primary_key=("report_id",),
)

SCORECARD_WEIGHTS = Relation(
    "scorecard_weights",
    "The weights of v_scorecard.score, loaded at build time from etl/metadata/scorecard.toml (a supervisor edits "
    "that file, or passes another with `xxgk scorecard --weights`).",
    (
        C("indicator", "VARCHAR", "A column of v_scorecard (etl/metadata/scorecard_indicators.csv).", False),
        C("weight", "DOUBLE", "Its weight in the score (0: not counted).", False),
    ),
    primary_key=("indicator",),
)

TEXT_SHINGLES = Relation(
    "text_shingles",
    "A sample of each report's running text for the text-reuse measure (etl/extract/shingles.py): the hashes of its "
    "character 8-grams (digits folded, so a year-shifted copy repeats them), kept when hash mod 8 = 0, per section "
    "(一、 … 六、), with the template's boilerplate (headings, table labels, fixed phrases) removed before hashing. "
    "Not the text itself; table cells take no part.",
    (
        C("report_id", "VARCHAR", "→ reports.report_id.", False),
        C("section", "INTEGER", "Section number (1-6 for 一、-六、; 0 for text before the first heading).", False),
        C("shingle", "BIGINT", "A sampled shingle hash (64-bit; etl/extract/shingles.py shingle_hashes).", False),
    ),
)

TABLES = TABLES + (ROSTER, REPORT_INDICATORS, SCORECARD_WEIGHTS, TEXT_SHINGLES)

CORRECTIONS = Relation(
    "corrections",
    "Every row of the corrections file the last ingest applied (`xxgk ingest --corrections FILE`), with what became of it.",
    (
        C("line", "INTEGER", "Line number in the corrections file (the header is line 1).", False),
        C("sha256", "VARCHAR", "SHA-256 of the corrected report's source file, as the file gives it.", False),
        C("report_id", "VARCHAR", "→ reports.report_id; NULL when no report has that sha256."),
        C("metric", "VARCHAR", "The corrected cell's metric key.", False),
        C("dimension", "VARCHAR", "The corrected cell's dimension (NULL when the figure has none)."),
        C("value", "DOUBLE", "The corrected value; NULL means the cell is blank."),
        C("reason", "VARCHAR", "Why the cell was corrected, as the reviewer wrote it.", False),
        C("reviewer", "VARCHAR", "Who corrected it.", False),
        C("corrected_at", "TIMESTAMP", "When it was corrected.", False),
        C("status", "VARCHAR", "`applied`, `unmatched` (no such report or cell) or `obsolete` (the extractor already reads "
          "the corrected value).", False),
        C("extracted_value", "DOUBLE", "What the extractor read in that cell (NULL when unmatched or not a number)."),
        C("extracted_value_kind", "VARCHAR", "The value_kind the extractor read (NULL when unmatched)."),
        C("detail", "VARCHAR", "Why a row is unmatched or obsolete; NULL when applied."),
    ),
)

TABLES += (CORRECTIONS,)  # issue 22

# Views are added by etl.metadata.views (kept apart because their SQL is long).
from etl.metadata.views import VIEWS  # noqa: E402

RELATIONS: tuple[Relation, ...] = TABLES + VIEWS


def relation(name: str) -> Relation:
    return next(r for r in RELATIONS if r.name == name)
