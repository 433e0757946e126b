# Programs on PATH are Applications; a missing name is an error.
$sh = Get-Command sh
$sh.CommandType
$sh.Source -like '*/sh'
Get-Command No-SuchThing -ErrorAction SilentlyContinue
$Error[0].FullyQualifiedErrorId
