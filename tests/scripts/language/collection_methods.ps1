
$h = @{}
$h.Add('k', 1)
$h.ContainsKey('k')
$h.Keys
$h.Remove('k')
$h.Count
$list = [System.Collections.ArrayList]::new()
$null = $list.Add('a')
$list.Count
(1,2,3).Contains(2)
@(3,1,2).IndexOf(1)
