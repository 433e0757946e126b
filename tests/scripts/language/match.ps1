
'abc123' -match '\d+'
$Matches[0]
'John Smith' -match '(?<first>\w+) (?<last>\w+)'
$Matches.first
$Matches['last']
$Matches[1]
'abc' -notmatch 'x'
'ABC' -cmatch 'abc'
'ABC' -imatch 'abc'
'one','two','three' -match 't'
