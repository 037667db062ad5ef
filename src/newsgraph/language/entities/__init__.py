"""Named entities: the stage (``stage``), the news repair rules (``rules``, with the office titles in
``titles`` and their shared vocabulary in ``found``), the re-reading of lines in capitals
(``shouting``), the merge of the trained coarse tagger's names (``coarse``), within-article
resolution (``resolve``) and the trained news tagger's training script (``train``)."""
