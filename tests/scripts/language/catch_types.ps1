
try { throw 'rt' } catch [System.Management.Automation.RuntimeException] { "typed: $($_.Exception.Message)" } catch { 'generic' }
try { Get-Item /nope -ErrorAction Stop } catch [System.Management.Automation.ItemNotFoundException] { 'item not found' }
try { throw 'plain' } catch [System.ArgumentException] { 'arg' } catch { 'generic' }
try { 1/0 } catch [System.DivideByZeroException] { 'divide' }
try { Get-Foo-Nothing } catch [System.Management.Automation.CommandNotFoundException] { 'not found' }
