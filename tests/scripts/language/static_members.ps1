
[Math]::Round(2.5)
[Math]::Round(3.14159, 2)
[Math]::Max(3, 7)
[math]::Abs(-4)
[Math]::Pow(2, 10)
[int]::MaxValue
[string]::IsNullOrEmpty('')
