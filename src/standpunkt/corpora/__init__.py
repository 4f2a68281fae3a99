"""Readers of the corpora the project trains and scores on, in one place (issue 17): ``tagging`` (UD German treebank,
GermEval 2014 NER), ``quotes`` (quotes-de-news gold quotations), ``claims`` (DebateNet claims), ``e2e`` (the
end-to-end statement gold). Part of the base layer: they import only ``model`` and ``errors``, so every stage,
evaluation and training script may use them.
"""
