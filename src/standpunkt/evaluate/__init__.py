"""Scorers against gold data (quotations, stance, NER, mood)."""
