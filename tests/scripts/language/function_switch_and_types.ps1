
function Sw { param([switch]$Loud, [string]$Text = 'hi') if ($Loud) { $Text.ToUpper() } else { $Text } }
Sw
Sw -Loud
Sw -Loud -Text abc
function Arr { param([string[]]$Items) "$($Items.Count): $($Items -join '+')" }
Arr a, b, c
Arr -Items x
function Num { param([double]$X) $X / 2 }
Num 5
function Bool { param([bool]$B) "B=$B" }
Bool $true
Bool -B:$false
