# -Detailed adds the parameters (without their details) and the examples.
Get-Help Invoke-Expression -Detailed
