
Write-Output 'first' && Write-Output 'second'
sh -c 'exit 1' || Write-Output 'after failure'
sh -c 'exit 1' && Write-Output 'not printed'
Write-Output 'ok' || Write-Output 'not printed either'
