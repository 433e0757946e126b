$obj = [pscustomobject]@{ Alpha = 1; Beta = 'b'; Another = 2.5 }
$obj | Get-Member -MemberType NoteProperty | ForEach-Object Name
'--'
$obj | Get-Member -Name A* | ForEach-Object Definition
'--'
'text', 'more' | Get-Member -MemberType Property | ForEach-Object { "$($_.TypeName) $($_.Name) $($_.Definition)" }
'--'
($obj | Get-Member -MemberType Method).Count
