1..5 | Measure-Object
