# A hashtable in a list: one Name/Value record per entry.
[ordered]@{ colour = 'blue'; size = 3 } | Format-List
