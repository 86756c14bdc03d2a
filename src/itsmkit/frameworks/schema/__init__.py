"""Pydantic models of the shipped framework data files, so a broken file fails loudly.

Every file starts with the same header (``kind``, ``framework``, ``edition``,
``publisher``, ``licence_note``, ``source``, ``data_version``) and a ``sources`` table;
each entry's ``source`` names a key of that table and carries a ``confidence`` tag.

One module per kind of file (``catalog``, ``mapping``, ``evidence``, ``checklist``,
``matrix``, ``competency``, ``vocabulary``); ``base`` holds what they share.
"""
