
& 'Write-Output' 'via string'
$cmd = 'Write-Output'
& $cmd 'via var'
& { 'block' }
$sb = { param($a) "arg $a" }
& $sb 7
& (Get-Command Write-Output) 'via command info'
& sh -c 'echo native via call'
$args2 = @('splat', 'array')
& Write-Output @args2
$named = @{InputObject = 'splat hash'}
Write-Output @named
