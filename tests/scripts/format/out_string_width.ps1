# -Width sets the line width: the last column is cut to fit.
[pscustomobject]@{ Name = 'pshell'; Description = 'a shell with PowerShell syntax' } | Out-String -Width 25
