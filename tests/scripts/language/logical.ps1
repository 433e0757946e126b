
$true -and $false
$true -or $false
$true -xor $true
$true -xor $false
-not $true
!$false
!0
!''
!'a'
!@()
(1 -eq 1) -and (2 -eq 2)
$false -or 0 -or ''
