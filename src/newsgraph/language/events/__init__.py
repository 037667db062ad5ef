"""Events: triggers from the parse (``coder``: the CAMEO verb ``dictionary`` converted from PETRARCH2,
our trigger ``lexicon`` for nominals and what the dictionary lacks, the event ``nominals``, the
``frames`` of intent, obligation and complements, and the ``senses`` that are no event), their actors and recipients
(``participants``), assembled into PLOVER events with CAMEO code, Goldstein score, participants,
place and date (``assemble``), and the stage."""
