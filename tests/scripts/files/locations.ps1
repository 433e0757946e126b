New-Item -ItemType Directory alpha/beta -Force | Out-Null
$start = (Get-Location).Path
Set-Location alpha
Split-Path (Get-Location).Path -Leaf
cd beta
Split-Path (Get-Location).Path -Leaf
cd ..
Split-Path (Get-Location).Path -Leaf
cd -
Split-Path (Get-Location).Path -Leaf
cd +
Split-Path (Get-Location).Path -Leaf
Set-Location $start
Push-Location alpha/beta
Split-Path (Get-Location).Path -Leaf
Push-Location /
(Get-Location).Path
Pop-Location
Split-Path (Get-Location).Path -Leaf
Pop-Location
(Get-Location).Path -eq $start
cd ~
(Get-Location).Path -eq $HOME
(Set-Location / -PassThru).Path
