"""The edge layer: what a CLI command or a web route calls that is not a pipeline stage.

``extract`` (analyse without storing), ``ingest`` (batch ingest with a progress bar), ``analyze`` (the summary
``standpunkt analyze`` prints), ``codebook`` (codebook, statement and actor commands), ``learn`` (learning from the
coders' reviews) and ``analysis`` (matrix, network, timeline and export commands). These modules may import every
stage; no stage imports them (``tests/test_layers.py``).
"""
