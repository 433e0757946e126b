$item = [pscustomobject]@{ Name = 'alpha'; NickName = 'al'; Size = 10 }
$item | Select-Object *Name
