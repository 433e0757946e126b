'say "hi"', 'back\slash', "tab`tstop", "line`nbreak", 'café', '<b>' | ConvertTo-Json -Compress
'café' | ConvertTo-Json -EscapeHandling EscapeNonAscii
'<b>&' | ConvertTo-Json -EscapeHandling EscapeHtml
