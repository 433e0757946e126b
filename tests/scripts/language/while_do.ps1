
$i = 0
while ($i -lt 3) { $i; $i++ }
$i = 0
do { "do $i"; $i++ } while ($i -lt 2)
$i = 5
do { "until $i"; $i++ } until ($i -gt 6)
do { 'once' } while ($false)
do {
  'multi-line do'
} until ($true)
while ($false) { 'never' }
