# Long values are wrapped under the value column; line breaks in values are kept.
[pscustomobject]@{ Title = 'short'; Body = 'one two three four five six seven'; Lines = "first`nsecond" } |
    Format-List | Out-String -Width 24
