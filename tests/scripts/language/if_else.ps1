
$n = 5
if ($n -gt 3) { 'big' }
if ($n -lt 3) { 'small' } else { 'not small' }
if ($n -eq 1) { 'one' } elseif ($n -eq 5) { 'five' } else { 'other' }
if ($n -eq 1) {
  'one'
}
elseif ($n -eq 2) {
  'two'
}
else {
  'else branch'
}
if ($null) { 'no' } else { 'null is falsy' }
if (@()) { 'no' } else { 'empty array falsy' }
if ('false') { 'non-empty string truthy' }
if (0) { 'no' } elseif ('') { 'no' } else { 'zero and empty falsy' }
$r = if ($true) { 'assigned from if' }
$r
if ($n -gt 1 -and $n -lt 10) { 'in range' }
