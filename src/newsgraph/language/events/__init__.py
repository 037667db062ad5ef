"""Events: triggers and arguments from the parse (``coder``, ``frames``, ``lexicon``), assembled into
PLOVER events with participants, place and date (``assemble``), and the stage."""
