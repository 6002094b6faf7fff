"""Regenerating every report with one command: the jobs of notebooks/reports.yml, their
parameters checked, run by papermill (in warm kernels where possible), cached and
rendered; and the command line.
"""
