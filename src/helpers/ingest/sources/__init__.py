"""Offentlige kilder for kommunetall (issue 21): henting fra SSB (PxWebApi v2) og JSON-stat2.

Modulene her importerer bare standardbiblioteket og pandas, ikke resten av ``helpers``.
"""
