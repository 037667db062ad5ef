"""Named entities: the stage (``stage``), the news repair rules (``rules``), within-article
resolution (``resolve``) and the trained news tagger's training script (``train``)."""
