"""Importers: Lens, PatentsView, Google Patents, incoPat/PatSnap and YAML-mapped exports → the store.

Entry point: :func:`chainnav.ingest.pipeline.ingest_files` (``Navigator.ingest``); results are
:class:`chainnav.ingest.report.LoadReport`. See ``docs/ingest.md``.
"""
