Set-Content file.txt x
New-Item -ItemType Directory folder | Out-Null
Test-Path file.txt
Test-Path missing.txt
Test-Path file.txt -PathType Leaf
Test-Path file.txt -PathType Container
Test-Path folder -PathType Container
Test-Path folder -PathType Leaf
Test-Path *.txt
Test-Path *.zip
Test-Path file.txt, missing.txt
Test-Path -LiteralPath file.txt
Test-Path "/any/path/that/does/not/exist.txt" -IsValid
