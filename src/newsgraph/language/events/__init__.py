"""Events: triggers from the parse (``coder``, with the trigger ``lexicon`` and the ``frames`` of
intent, obligation and complements), their actors and recipients (``participants``), assembled
into PLOVER events with participants, place and date (``assemble``), and the stage."""
