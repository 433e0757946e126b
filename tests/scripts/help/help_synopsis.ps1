# The help object's properties are plain values.
(Get-Help Write-Output).Synopsis
(Get-Help Get-Alias).Name
(Get-Help Get-Alias).Category
(Get-Help gal).Name
