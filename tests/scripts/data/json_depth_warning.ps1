[ordered]@{ L1 = [ordered]@{ L2 = [ordered]@{ L3 = [ordered]@{ L4 = 1 } } } } | ConvertTo-Json
