"""Review outputs: terminal tables, JSON, HTML pages, annotated .docx and the audit workbook.

Each format lives in its own module (``terminal``, ``json_out``, ``html``, ``docx_annotate``, ``xlsx``) so a
command imports only what it renders.
"""
