"""`xxgk fetch`: a polite, resumable collector of annual reports from government portals.

One module per job: `robots.py` (robots.txt), `politeness.py` (per-origin pacing and backoff),
`http.py` (one polite request, redirects hop by hop), `lists.py` (column pages and their
pagination), `titles.py` (which items are reports, from a vocabulary in `etl/metadata`),
`attachments.py` (the documents an article links to), `store.py` (bytes on disk and their
provenance), `state.py` (the SQLite state that makes re-runs conditional and runs resumable),
`crawl.py` (hosts in parallel). Nothing here knows how a report is read.
"""
