[pscustomobject]@{ Name = 'x'; Size = 2; Tags = @('a'); Gone = $null } | Get-Member
