
$d = [datetime]'2024-01-15'
$d.Year
$d.Month
$d.Day
([datetime]'2024-03-01 13:45:00').Hour
$t = [timespan]'01:30:00'
$t.TotalMinutes
([timespan]'1.02:03:04').Hours
([timespan]'1.02:03:04').Days
