
sh -c 'echo out; echo err 1>&2; exit 2'
$LASTEXITCODE
$r = sh -c 'echo only-out; echo to-err 1>&2' 2>$null
$r
$m = sh -c 'echo e2 1>&2' 2>&1
"$m"
