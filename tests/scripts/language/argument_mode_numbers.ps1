
Write-Output 7 | ForEach-Object { $_ + 1 }
Write-Output -5 | ForEach-Object { $_ * 2 }
Write-Output 0x10 | ForEach-Object { $_ + 0 }
Write-Output 2kb | ForEach-Object { $_ / 2 }
Write-Output 1.5 | ForEach-Object { $_ * 2 }
Write-Output 7abc
