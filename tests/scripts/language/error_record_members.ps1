
try { Get-Item /nope -ErrorAction Stop } catch {
  $_.CategoryInfo.Category
  $_.TargetObject
  $_.Exception.GetType().Name
  $_.InvocationInfo.ScriptLineNumber
}
try { 1/0 } catch { $_.Exception.GetType().FullName }
try { throw 'x' } catch { $_ -is [System.Management.Automation.ErrorRecord] }
