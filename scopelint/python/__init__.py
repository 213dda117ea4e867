"""The Python front end: LibCST parse (with CPython's parser as a guard), positions, the one
traversal, the evaluator, HTTP and token-request recognition, fix material."""
