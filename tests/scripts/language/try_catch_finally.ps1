
try { throw 'oops' } catch { "caught: $_" }
try { 'body' } finally { 'finally' }
try { throw 'x' } catch { 'c' } finally { 'f' }
try { 1/0 } catch { $_.Exception.Message }
try { [int]'abc' } catch { 'conversion failed' }
try { Get-Item /nope -ErrorAction Stop } catch { $_.Exception.Message }
function Thrower { throw 'from function' }
try { Thrower } catch { "caught $($_.Exception.Message)" }
try { try { throw 'inner' } finally { 'inner finally' } } catch { "outer caught $_" }
try { 'no error' } catch { 'not run' }
try {
  throw 'multi'
}
catch {
  "multi-line catch: $_"
}
finally {
  'multi-line finally'
}
