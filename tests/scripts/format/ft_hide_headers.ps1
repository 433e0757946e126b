# -HideTableHeaders leaves out the header and the dashes.
[pscustomobject]@{ Key = 'colour'; Value = 'blue' }, [pscustomobject]@{ Key = 'size'; Value = 'large' } |
    Format-Table -HideTableHeaders
