# -AutoSize sizes every column to its data instead of the view's widths.
Get-Alias -Name gal | Format-Table -AutoSize
