"""Places: geoparsing of GPE/LOC/FAC entities with the article's context — the gazetteer entries a
name may denote (``candidates``), scored against the article (``geoparse``) — and its stage."""
