$sessions = @(
    [pscustomobject]@{ Name = 'Session1'; State = 'Opened' }
    [pscustomobject]@{ Name = 'Session2'; State = 'Disconnected' }
    [pscustomobject]@{ Name = 'Session3'; State = 'disconnected' }
)
($sessions | Where-Object State -eq Disconnected).Name
'--'
($sessions | Where-Object State -CEQ Disconnected).Name
'--'
($sessions | Where-Object -Property State -NE -Value Opened).Name
