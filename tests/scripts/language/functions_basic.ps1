
function Add($a, $b) { $a + $b }
Add 2 3
Add -b 10 -a 1
function Greet { param([string]$Name = 'World') "Hello, $Name" }
Greet
Greet -Name Bob
Greet Alice
function Typed { param([int]$N) $N * 2 }
Typed '21'
function Multi { 1; 2; 3 }
(Multi).Count
function Get-Double { param($v) $v * 2 }
Get-Double 4
function Default-Expr { param($a = 2, $b = $a * 10) "$a $b" }
Default-Expr
Default-Expr 3
