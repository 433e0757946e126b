# -Full adds every parameter's details, inputs and outputs, and the examples.
Get-Help Clear-Variable -Full
