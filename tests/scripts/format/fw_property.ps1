# -Property (a name or a script block) chooses the value; strings need -Force or a script block.
$people = [pscustomobject]@{ First = 'ann'; Last = 'lee' }, [pscustomobject]@{ First = 'bo'; Last = 'kim' }
$people | Format-Wide Last -Column 2
$people | Format-Wide { $_.First + ' ' + $_.Last } -Column 2
'x', 'y' | Format-Wide { $_ } -Column 2 -Force
