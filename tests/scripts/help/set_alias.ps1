# Set-Alias and New-Alias make aliases for the session; New-Alias will not replace one.
Set-Alias -Name say -Value Write-Output
say hello
(Get-Alias say).Definition
New-Alias -Name say -Value Write-Host -ErrorAction SilentlyContinue
$Error[0].FullyQualifiedErrorId
New-Alias -Name say -Value Write-Host -Force
(Get-Alias say).Definition
Set-Alias shout Write-Output -PassThru
