"""The language server (`scopelint server`): findings as an editor's diagnostics, quick
fixes, suppressions and hovers, across the files of a workspace. Needs the optional extra
`scopelint[server]` (pygls, lsprotocol); nothing else in scopelint imports this package.

`positions` converts places between scopelint and the protocol, `diagnostics` renders
findings, `actions` makes code actions, `workspace` holds what is analysed, `server` wires
it to pygls.
"""
