
switch -Regex ('apple123') { '^\d+$' { 'digits' } '\d+' { "has digits: $($Matches[0])" } }
switch -Wildcard ('report.txt') { '*.csv' { 'csv' } '*.txt' { 'txt' } 'rep*' { 'rep' } }
switch -Regex ('a', '1', 'b2') { '^[a-z]$' { "letter $_" } '\d' { "digit in $_" } }
switch -Wildcard ('x') { 'y*' { 'y' } default { 'no match' } }
switch -regex -casesensitive ('ABC') { 'abc' { 'lower' } 'ABC' { 'upper' } }
