"""Rule packs: the YAML data that describes APIs (endpoints, scopes, hosts) and the libraries
that call them. `files` says where the packs are (light: a run whose prefilter is cached
needs nothing more); `knowledge` reads, validates and merges them."""
