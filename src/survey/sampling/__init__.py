"""Probability samples: sample and frame files, stratified draws, AAPOR
dispositions and outcome rates. Pure: no web, no database, no Babel."""
