"""Places: geoparsing of GPE/LOC/FAC entities with the article's context (``geoparse``) and its stage."""
