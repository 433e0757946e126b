# Each method argument is a whole expression: directly inside a method call's parentheses the
# comma separates arguments at the lowest precedence (PowerShell turns the comma operator off
# there), while elsewhere it binds tighter than the arithmetic operators.

# binary operators before a comma: static methods
[math]::Round(10/3, 1)
[math]::Round(10 + 3, 1)
[math]::Round(2 * 1.25, 1)
[string]::Concat(1 -lt 2, 'x')
[math]::Max(1 -band 3, 0)
[math]::Min(2 -shl 2, 100)
[math]::Max(($true -and $false) + 0, 0)
[string]::Join(',', 1..3)

# instance methods, also in a command's argument
'abcdef'.Substring(4/2, 1)
'abcdef'.Substring(1 + 1, 6 - 4)
$s = 'hello world'
$s.Replace('o', 'o' * 2)
$s.IndexOf('o', 2 + 3)
$s.Replace('world', '{0}!' -f 'there')
$s.Substring(0, 'abc'.Length + 2)
'abc'.Insert(1, 'x').ToUpper()
'abcdef'.Substring([int]'2', [int]1.6)
Write-Output $s.Substring(1 + 1, 2)

# nested calls and unary minus
[math]::Max([math]::Min(5, 3 * 2), 1)
[math]::Max(1, [math]::Min(5, 3 * 2))
[math]::Abs(-3 + 1)
[math]::Max(-3, -2 - 1)
[math]::Pow(-2, 2)

# constructors
$y = 2025; $m = 3
[datetime]::new($y - 1, $m, 10 / 5).ToString('yyyy-MM-dd')
$t = [datetime]
$t::new($y - 1, $m * 2, 1).ToString('yyyy-MM-dd')
[System.Text.StringBuilder]::new('ab', 2 * 8).Append('c', 1 + 2).ToString()
[version]::new(1 + 1, 0).ToString()

# an array as one argument: in its own brackets the comma is the array operator again
$list = [System.Collections.Generic.List[int]]::new()
$list.AddRange(@(1, 2))
$list.Add(3 + 4)
$list -join ' '
$al = [System.Collections.ArrayList]::new()
$al.AddRange((1, 2))
$al.Count
[string]::Join('-', (1, 2 + 3))
[string]::Join('+', (1, 2))
[System.Collections.Generic.List[string]]::new([string[]]('a', 'b')).Count
$arr = 10, 20, 30
[math]::Max($arr[0, 1][1], 5)

# script blocks as arguments
(1..5).Where({ $_ -gt 2 }, 'First', 1 + 1)
(1..3).ForEach({ $_ * 2 })
(1..2).ForEach({ $_, ($_ * 10) })

# calls spanning lines
$s.Substring(
    1 + 1,
    3
)
[math]::Max(
    1
    , 2 * 3)
$sb = [System.Text.StringBuilder]::new()
[void]$sb.Append('x').Append(
    'y' * 2
).Append(1 + 2)
$sb.ToString()

# the comma operator outside method calls keeps its precedence
$a = 1, 2 + 3
$a -join ' '
Write-Output 1,2
(1, 2).Count
