"one two`nthree", 'four' | Measure-Object -Line -Word -Character
