
try { throw } catch { $_.Exception.Message }
try { throw 42 } catch { $_.TargetObject + 1 }
try { throw 'msg' } catch { $_.FullyQualifiedErrorId }
try { throw [pscustomobject]@{Code=7} } catch { $_.TargetObject.Code }
