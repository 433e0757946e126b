
try { Get-NoSuchThing } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
try { Write-Output -Bogus 1 } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
function Amb { param($Name, $Number) }
try { Amb -N 1 } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
function Need { param([Parameter(Mandatory)]$Value) }
try { Need } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
function Conv { param([int]$n) }
try { Conv -n abc } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
function Val { param([ValidateRange(1, 5)][int]$n) }
try { Val 9 } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
function VSet { param([ValidateSet('a', 'b')]$c) }
try { VSet x } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
function Pos { [CmdletBinding()] param($a) }
try { Pos 1 2 } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
