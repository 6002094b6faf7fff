"""Figures people can cite: drawn in the house style, saved in four formats with the
data drawn, and gathered into the figures index.
"""
