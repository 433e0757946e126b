"""The interactive shell: a prompt_toolkit front end over `pshell.shell.Shell`.

One small module per prompt_toolkit concept, in the style of ptpython: `lexer` (colouring),
`completer` (Tab), `multiline` (when Enter submits), `key_bindings`, `history`, `style`,
and `app`, which puts them together in the read-execute loop.
"""
