# Formatted output passes through another formatter and into Out-String unchanged.
$objects = [pscustomobject]@{ x = 1 }, [pscustomobject]@{ x = 22 }
$objects | Format-Table | Format-List
$objects | Format-List | Out-String -Stream | Where-Object { $_ } | ForEach-Object { "<$_>" }
