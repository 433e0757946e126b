# An object with more than four properties is shown as a list; up to four as a table.
[pscustomobject]@{ a = 1; b = 2; c = 3; d = 4 }
[pscustomobject]@{ a = 1; b = 2; c = 3; d = 4; e = 5 }
