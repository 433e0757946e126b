
$MyInvocation.MyCommand.Name
Split-Path -Leaf $PSCommandPath
(Split-Path -Leaf $PSScriptRoot) -eq (Split-Path -Leaf (Split-Path -Parent $PSCommandPath))
