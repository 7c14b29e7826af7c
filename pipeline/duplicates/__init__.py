"""The same video twice: across agencies of a round, and from earlier rounds.

    fingerprints (pipeline.media.fingerprint, made in the analysis pass, kept in the store)
      -> Video.of(...)                 (match.py: PDQ frames pruned, Chromaprint content)
      -> round.find(videos, earlier)   (index.py picks the pairs; match.py judges each)
      -> refresh(env, entries)         (session: matches stored, both entries judged again)

A match is never a rejection by itself: ``duplicate.video`` is a warning until an officer
decides (``decide``), except that a competition may fail byte-identical files.
"""
