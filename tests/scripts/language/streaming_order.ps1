
function Src { 1; Write-Host 'src-after-1'; 2 }
Src | ForEach-Object { Write-Host "consume $_" }
