$files = @(
    [pscustomobject]@{ Name = 'a.txt'; Ext = '.txt' }
    [pscustomobject]@{ Name = 'b.log'; Ext = '.log' }
    [pscustomobject]@{ Name = 'c.txt'; Ext = '.txt' }
)
$files | Group-Object Ext
