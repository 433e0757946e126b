$r = [pscustomobject]@{ a = 1 } | Select-Object a
$r.pstypenames
'--'
('x' | Select-Object Length).pstypenames[0]
