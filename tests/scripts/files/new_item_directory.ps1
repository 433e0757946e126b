$d = New-Item -ItemType Directory one/two/three
$d.Name
$d.GetType().FullName
Test-Path one/two -PathType Container
(New-Item -ItemType Directory one -Force).Name
