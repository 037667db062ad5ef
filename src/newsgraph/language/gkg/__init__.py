"""The GDELT GKG fields that come from language: counts and amounts (:mod:`.counts`, read from the
parse, numbers by :mod:`.numbers`) and themes (:mod:`.themes`, the Phoenix issue dictionary
converted by :mod:`.convert`); :mod:`.stage` registers ``newsgraph.gkg.v1``."""
