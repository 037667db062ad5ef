"""Quotes: quotation spans (``spans``), attribution (``find``), speech cues (``cues``), speakers
resolved to entities (``speakers``) and the stage."""
