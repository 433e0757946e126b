# Comment-based help: synopsis, description, parameters and examples.
function Get-Greeting {
    <#
    .SYNOPSIS
    Greets someone.
    .DESCRIPTION
    Returns a greeting for the name given.
    .PARAMETER Name
    Who to greet.
    .EXAMPLE
    Get-Greeting -Name Ann

    Greets Ann.
    #>
    [CmdletBinding()] param([Parameter(Mandatory)][string]$Name)
    "Hello, $Name"
}
Get-Help Get-Greeting
(Get-Help Get-Greeting -Parameter Name).description
Get-Help Get-Greeting -Examples
