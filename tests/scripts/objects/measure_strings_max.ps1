$m = 'pear', 'apple', 'fig' | Measure-Object -Maximum -Minimum
$m.Maximum
$m.Minimum
$m.Count
