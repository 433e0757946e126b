
$null
'a'
$x = $null
$x
@(1, 2)[5]
$h = @{}
$h.Missing
'b'
$null | ForEach-Object { 'null still flows through a pipeline' }
@($null).Count
