"""Reference data and how text is recognised against it: INEGI's federal entities and
municipalities, partner countries, dates as sources write them, institutions under their
official names, the theme vocabulary.
"""
