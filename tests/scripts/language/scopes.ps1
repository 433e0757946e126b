
$x = 'outer'
function Show { "inner sees $x" }
Show
function SetLocal { $x = 'local'; "set $x" }
SetLocal
$x
function SetScript { $script:x = 'script' }
SetScript
$x
function SetGlobal { $global:g = 'G' }
SetGlobal
$global:g
$g
function Nested { $y = 'fn'; & { "child sees $y"; $y = 'changed' }; "still $y" }
Nested
$local:x
