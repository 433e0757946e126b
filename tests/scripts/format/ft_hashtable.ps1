# A hashtable is shown as its entries: Name (30 wide) and Value.
[ordered]@{ first = 1; second = 'two'; third = $true } | Format-Table
