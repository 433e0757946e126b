Write-Output 1+2
Write-Output (1+2)
Write-Output -5
Write-Output a,b
