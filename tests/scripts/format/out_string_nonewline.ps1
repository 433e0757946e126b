# -NoNewline removes every line break.
'a', 'b', 'c' | Out-String -NoNewline
