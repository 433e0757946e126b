# Format-List: one property per line, names padded, a blank line between objects.
[pscustomobject]@{ Name = 'alpha'; Size = 10 }, [pscustomobject]@{ Name = 'beta'; LongerName = 'b' } |
    Format-List
