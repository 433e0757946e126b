
$h = @{Name='x'}
$h.Name
$null -eq $h.Missing
$a = 10,20,30
$a.Count
'hello'.Length
(1,2,3).Length
$objs = [pscustomobject]@{N=1}, [pscustomobject]@{N=2}
$objs.N
$prop = 'Name'
$h.$prop
$h."Name"
$o = [pscustomobject]@{Inner=[pscustomobject]@{Deep='d'}}
$o.Inner.Deep
