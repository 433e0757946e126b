
no-such-program-xyz --flag
'continues'
