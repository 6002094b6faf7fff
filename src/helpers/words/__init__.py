"""Every word a report shows, in English and Spanish: names of entities, themes,
countries and dates in the report's language, and the sentences of the story.
"""
