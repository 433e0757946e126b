# Format-List * shows every property; a string needs -Force to be formatted as an object.
[pscustomobject]@{ a = 1; b = 'two' } | Format-List *
'text' | Format-List *
'text' | Format-List * -Force
