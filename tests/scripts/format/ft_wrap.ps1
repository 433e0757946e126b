# A value too wide for the table is cut with an ellipsis; -Wrap wraps it instead.
$note = [pscustomobject]@{ Id = 1; Text = 'the quick brown fox jumps over the lazy dog' }
$note | Format-Table | Out-String -Width 30
$note | Format-Table -Wrap | Out-String -Width 30
