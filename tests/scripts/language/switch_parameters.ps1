
function T { param([switch]$Flag, $Name) "Flag=$Flag Name=$Name IsPresent=$($Flag.IsPresent)" }
T
T -Flag
T -Flag:$false -Name x
T -Flag:$true
