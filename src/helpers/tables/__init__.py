"""The contracts of every table the pipeline writes: the pandera schemas of the clean
tables and of the counts tables, and the data dictionary generated from them.
"""
