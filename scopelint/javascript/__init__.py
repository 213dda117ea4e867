"""The JavaScript, TypeScript and template front end: tree-sitter trees -> the same plain
facts (`FileFacts`) as the Python front end, so the same rule packs and rules apply.

`parse.py` parses (templates through `templates.py`), `facts.py` builds the facts with
`values.py`, `calls.py`, `storage.py` and `layout.py`. Nothing here is imported unless a
script file passes the prefilter."""
