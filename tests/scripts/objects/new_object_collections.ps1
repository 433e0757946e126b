$list = New-Object System.Collections.ArrayList
[void]$list.Add('a')
[void]$list.Add('b')
$list.Count
$list.GetType().FullName
$sb = New-Object System.Text.StringBuilder
[void]$sb.Append('x').Append('y')
$sb.ToString()
try { New-Object No.Such.Type } catch { $_.Exception.Message }
