
Set-Content -Path lib.ps1 -Value '$libVar = "from lib"; function LibFn { "lib function" }'
. ./lib.ps1
$libVar
LibFn
Set-Content -Path child.ps1 -Value '$childVar = 1; "child ran"'
& ./child.ps1
"[$childVar]"
./child.ps1
. ./child.ps1
"[$childVar]"
