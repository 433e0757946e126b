
function Show { param($Name, $Count) "Name=$Name Count=$Count" }
Show -Name abc -Count 3
Show -Count 3 -Name abc
Show abc 3
Show -Name:xyz
Show -Count:-1 -Name:'q'
Show -Na n -C 2
