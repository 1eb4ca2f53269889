"""Anonymised export for analysts: variables, disclosure control, free-text
redaction, writers (CSV, SPSS, Parquet), codebook and risk report."""
