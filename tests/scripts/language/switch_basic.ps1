
switch (3) { 1 { 'one' } 3 { 'three' } default { 'other' } }
switch ('b') { 'a' { 'A' } 'b' { 'B' } }
switch (9) { 1 { 'one' } default { 'default' } }
switch (1,2,3) { 2 { 'two' } default { "d$_" } }
switch ('abc') { 'ABC' { 'case-insensitive' } }
switch -CaseSensitive ('abc') { 'ABC' { 'no' } default { 'cs default' } }
switch (5) { {$_ -gt 3} { 'gt3' } {$_ -gt 4} { 'gt4' } }
switch (5) { {$_ -gt 3} { 'first'; break } {$_ -gt 4} { 'second' } }
switch (2) {
  1 { 'one' }
  2 { 'two' }
  2 { 'two again' }
}
$r = switch (1) { 1 { 'x' } }
$r
switch (@()) { default { 'empty' } }
'end'
