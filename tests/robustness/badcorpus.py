"""A corpus of bad and hostile input files, made in a test's tmp folder from real reports.

Each `Case` names one file and what `xxgk ingest` must make of it: its status and the start
of its reason (reports.error). The good files made from the shared corpus are controls: a
damaged copy must end like its intact original where the damage is harmless.
"""
from __future__ import annotations

import io
import os
import random
import zipfile
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
PDF_001 = CORPUS / "001_huaian_hongzequ_2023.pdf"
TXT_000 = CORPUS / "000_huaibei_shangwuju_2018.txt"
TXT_024 = CORPUS / "024_pingtan_shiyanqu_2022.txt"
HTML_028 = CORPUS / "028_pingtan_shiyanqu_2022.html"

# CLI options the corpus is meant for (the limits cases depend on them)
CLI_OPTIONS = ["--max-file-mb", "1", "--max-pages", "30", "--timeout", "60"]


@dataclass(frozen=True)
class Case:
    name: str  # path relative to the corpus folder (archive members: `a.zip!member`)
    status: str | None  # expected status; None: any status except what `not_error` forbids
    error: str | None = None  # expected start of reports.error
    same_as: str | None = None  # must end with the same status and error as this other case
    not_error: str | None = None  # reports.error must not start with this
    duplicate_of: str | None = None  # identical bytes: only in source_files, pointing here


def _write(folder: Path, name: str, data: bytes) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _pdf(pages: list[str], *, user_password: str | None = None, owner_password: str | None = None,
         text: bool = True) -> bytes:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    encrypt = None
    if user_password is not None or owner_password is not None:
        encrypt = pdfencrypt.StandardEncryption(user_password or "", ownerPassword=owner_password or "owner",
                                                canPrint=0, canCopy=0)
    c = canvas.Canvas(buf, encrypt=encrypt)
    for page in pages:
        if text:
            c.setFont("STSong-Light", 11)
            for i, line in enumerate(page.splitlines()[:60]):
                c.drawString(40, 800 - 13 * i, line)
        else:  # a "scan": only shapes, no text objects
            for i in range(40):
                c.rect(40, 800 - 18 * i, 300 + (i * 37) % 200, 9, fill=1)
        c.showPage()
    c.save()
    return buf.getvalue()


def _docx(lines: list[str]) -> bytes:
    import docx

    d = docx.Document()
    for line in lines:
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


ERROR_404 = (b"<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head>\n<body><center><h1>404 Not Found"
             b"</h1></center><hr><center>nginx</center></body></html>\n")
ERROR_GBK = ("<html><head><meta charset=\"gbk\"><title>对不起，您访问的页面不存在！</title></head><body>"
             "<div class=nav><a href=/xxgk/>政府信息公开</a></div><p>页面不存在或已被删除</p></body></html>").encode("gbk")
NOT_A_REPORT = ("关于做好2023年冬季供暖工作的通知\n各单位：\n为切实做好今冬明春供暖保障工作，现将有关事项通知如下。\n"
                "一、提高思想认识。二、加强设施检修。三、做好应急值守。\n特此通知。\n").encode("utf-8")
SCRIPT = "<script>alert('xss')</script><img src=x onerror=\"alert(1)\">"


def build(folder: Path) -> list[Case]:
    """Write the corpus into `folder`; return what each file must become."""
    rng = random.Random(9)
    pdf = PDF_001.read_bytes()
    txt = TXT_000.read_bytes()
    txt_text = txt.decode("utf-8")
    html = HTML_028.read_bytes()
    report_pdf = _pdf([txt_text[i:i + 1500] for i in range(0, 4500, 1500)])
    cases: list[Case] = []

    def add(name: str, data: bytes | None, *args, **kw) -> None:
        if data is not None:
            _write(folder, name, data)
        cases.append(Case(name, *args, **kw))

    # controls: intact real files, to compare damaged copies with
    add("good/001_intact.pdf", pdf, None)
    add("good/000_intact.txt", txt, None)
    add("good/report_generated.pdf", report_pdf, None)

    # empty and unfinished downloads
    add("empty/zero_bytes.pdf", b"", "failed", "empty file")
    add("empty/blank_lines.txt", b"  \r\n\n\t \n", "failed", "empty file")
    add("empty/only_nul_bytes.pdf", b"\x00" * 8192, "failed", "empty file (only zero bytes")
    add("empty/text_then_zeros.txt", txt[:3000] + b"\x00" * 20000, "failed", "incomplete download")

    # not what the extension says
    add("wrong/nginx_404.pdf", ERROR_404, "failed", "not a PDF (an HTML error page saved as .pdf)")
    add("wrong/portal_404_gbk.pdf", ERROR_GBK, "failed", "not a PDF (an HTML error page saved as .pdf)")
    add("wrong/portal_page.pdf", html + b"<!-- pdf -->", "failed", "not a PDF (an HTML page saved as .pdf)")
    add("wrong/random_bytes.pdf", rng.randbytes(5000), "failed", "not a PDF (unrecognised binary content)")
    add("wrong/word_file.pdf", _docx(["2023年政府信息公开工作年度报告"]), "failed",
        "not a PDF (a Word .docx document saved as .pdf)")
    add("wrong/photo.pdf", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + rng.randbytes(3000), "failed",
        "not a PDF (a JPEG image saved as .pdf)")
    add("wrong/pdf_named.txt", pdf + b"\n% txt", "failed", "not a text file (a PDF document saved as .txt)")
    add("wrong/random_bytes.txt", rng.randbytes(5000), "failed", "not a text file (binary content)")
    add("wrong/error_page.txt", ERROR_404 + b"<!-- txt -->", "failed", "not a report (an HTML error page saved as .txt)")
    add("wrong/error_page.html", ERROR_GBK + b"<!-- html -->", "failed", "not a report (an HTML error page)")
    add("wrong/pdf_named.docx", pdf + b"\n% docx", "failed", "not a Word file (a PDF document saved as .docx)")
    add("wrong/plain_zip.docx", _zip({"readme.txt": b"hello"}), "failed",
        "not a Word file (a ZIP archive without a Word document inside")
    add("wrong/portal_page.docx", html + b"<!-- docx -->", "failed", "not a Word file (an HTML page saved as .docx)")
    add("wrong/pdf_named.doc", pdf + b"\n% doc", "failed", "not a Word file (a PDF document saved as .doc)")

    # damaged PDFs and Word files
    add("damaged/truncated_half.pdf", pdf[: len(pdf) // 2], "failed", "truncated PDF")
    add("damaged/truncated_header_only.pdf", pdf[:1000], "failed", "truncated PDF")
    # only the final `%%EOF` lost: pdfium reads it whole, so it must end like the intact file
    add("damaged/missing_eof_marker.pdf", pdf[:-7], None, same_as="good/001_intact.pdf")
    docx_bytes = _docx(["2023年政府信息公开工作年度报告"] * 50)
    add("damaged/truncated.docx", docx_bytes[: len(docx_bytes) // 2], "failed", "truncated or damaged Word file")
    add("damaged/password.pdf", _pdf(["淮北市商务局2018年政府信息公开工作年度报告"], user_password="secret"),
        "failed", "password-protected PDF")
    # encrypted with an owner password only (no printing or copying): opens without a password
    add("damaged/owner_password_only.pdf", _pdf([txt_text[:1500]], owner_password="owner"), None,
        not_error="password")
    add("damaged/scanned.pdf", _pdf(["", ""], text=False), "failed", "no text layer (scanned PDF)")

    # formats we cannot read, and files that are not there
    add("unsupported/report.wps", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + rng.randbytes(2000), "failed",
        "unsupported format .wps")
    add("unsupported/report.rtf", b"{\\rtf1\\ansi report}", "failed", "unsupported format .rtf")
    (folder / "unsupported").mkdir(parents=True, exist_ok=True)
    os.symlink(folder / "nowhere.pdf", folder / "unsupported" / "broken_link.pdf")
    cases.append(Case("unsupported/broken_link.pdf", "failed", "could not read file"))

    # readable, but not an annual report
    add("content/heating_notice.txt", NOT_A_REPORT, "failed", "no annual-report content found")

    # limits (see CLI_OPTIONS)
    add("limits/too_large.txt", txt + ("。" * 600_000).encode("utf-8"), "failed", "file too large")
    add("limits/too_many_pages.pdf", _pdf([f"第{i}页 政府信息公开" for i in range(40)]), "failed",
        "too many pages (40; limit 30)")

    # archives: broken, bombs, path traversal, bad members
    add("archives/not_a_zip.zip", rng.randbytes(3000), "failed", "not a readable ZIP archive")
    # 30 MB of one byte deflates to 30 KB: over the 200:1 ratio limit
    _write(folder, "archives/bomb.zip", _zip({"zeros.txt": b"0" * (30 * 1024 * 1024)}))
    cases.append(Case("archives/bomb.zip!zeros.txt", "failed", "archive member compresses"))
    _write(folder, "archives/traversal.zip", _zip({"../../../escaped_report.txt": txt + b"\n",
                                                  "/tmp/absolute_report.pdf": ERROR_404 + b"<!-- zip -->",
                                                  "ok/inner_404.pdf": ERROR_404 + b"<!-- zip -->"}))
    cases.append(Case("archives/traversal.zip!../../../escaped_report.txt", None, same_as="good/000_intact.txt"))
    cases.append(Case("archives/traversal.zip!/tmp/absolute_report.pdf", "failed",
                      "not a PDF (an HTML error page saved as .pdf)"))
    cases.append(Case("archives/traversal.zip!ok/inner_404.pdf", None, duplicate_of="archives/traversal.zip!/tmp/absolute_report.pdf"))

    # duplicates: the same bytes twice are one report
    add("dupes/copy_of_000.txt", txt, None, duplicate_of="good/000_intact.txt")
    add("dupes/另一个 副本 (1).txt", txt, None, duplicate_of="good/000_intact.txt")
    # the same bytes under a wrong extension sorted first: the name that fits the bytes stands
    # for them, so the report is read as the PDF it is
    add("dupes/a_copy_named.txt", pdf, None, duplicate_of="good/001_intact.pdf")
    add("dupes/a_copy_named.pdf", pdf, None, duplicate_of="good/001_intact.pdf")

    # encodings
    add("encoding/gb18030.txt", txt_text.encode("gb18030"), None, same_as="good/000_intact.txt")
    add("encoding/utf8_bom.txt", b"\xef\xbb\xbf" + txt, None, same_as="good/000_intact.txt")
    add("encoding/utf16_bom.txt", txt_text.encode("utf-16"), None, same_as="good/000_intact.txt")

    # hostile markup: stored as text, never executed (the html reader drops scripts)
    hostile = html.replace(b"<body", b"<body onload=\"alert('x')\"", 1).replace(
        b"</body>", SCRIPT.encode() + b"<iframe src='javascript:alert(3)'></iframe></body>", 1)
    add("hostile/scripts.html", hostile, None, same_as="good/028.html")
    add("good/028.html", html, None)
    add("hostile/markup_in_text.txt", txt.replace("2018年".encode(), f"2018年{SCRIPT}".encode(), 1), None,
        not_error="extractor error")
    add("hostile/deep_nesting.html", b"<html><body>" + b"<div>" * 5000 + "政府信息公开".encode() + b"</div>" * 5000
        + b"</body></html>", None, not_error="extractor error")
    add("hostile/control_chars.md", txt.replace("\n".encode(), "\x1b[31m\n".encode()), None,
        not_error="extractor error")
    return cases


# Files that are not inputs at all: skipped with a reason in the run summary, never opened
# (a named pipe would block the run forever; a device never ends).
SPECIAL_FILES = ("special/endless.pdf", "special/pipe.txt")


def build_special(folder: Path) -> None:
    (folder / "special").mkdir(parents=True, exist_ok=True)
    os.mkfifo(folder / "special" / "pipe.txt")
    os.symlink("/dev/zero", folder / "special" / "endless.pdf")
