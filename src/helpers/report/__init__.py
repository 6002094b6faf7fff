"""A report as a reader sees it: the notebook's story in its language, tables shown as
text, and the executed notebook rendered to HTML and PDF.
"""
