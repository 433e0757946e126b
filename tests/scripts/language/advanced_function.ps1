
function Test-Adv {
  [CmdletBinding()]
  param(
    [Parameter(Mandatory, Position = 0)]
    [string]$Name,
    [Parameter()]
    [ValidateSet('a', 'b')]
    [string]$Choice = 'a',
    [ValidateRange(1, 10)]
    [int]$Level = 1
  )
  "$Name $Choice $Level"
}
Test-Adv x
Test-Adv -Name y -Choice b -Level 10
Test-Adv z -Ch B
