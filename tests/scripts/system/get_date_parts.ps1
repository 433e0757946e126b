$base = Get-Date -Date "2026-01-31 10:20:30"
(Get-Date -Date $base -Month 2).ToString("yyyy-MM-dd")
(Get-Date -Date $base -Year 2024 -Month 2 -Day 29).ToString("yyyy-MM-dd")
(Get-Date -Date $base -Hour 0 -Minute 0 -Second 0).ToString("o")
(Get-Date -Date $base -Millisecond 250).ToString("HH:mm:ss.fff")
$base.Year, $base.Month, $base.Day -join "-"
$base.DayOfWeek
$base.DayOfYear
(Get-Date -Date $base) -is [datetime]
(Get-Date -Date $base).AddDays(1).ToString("yyyy-MM-dd")
