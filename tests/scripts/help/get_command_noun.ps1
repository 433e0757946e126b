# -Noun and -Verb find cmdlets by the parts of their names.
Get-Command -Noun Variable
Get-Command -Verb Clear -Noun Variable, History | Select-Object -ExpandProperty Name
