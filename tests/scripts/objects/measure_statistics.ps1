1, 2, 3, 4 | Measure-Object -Sum -Average -Maximum -Minimum
