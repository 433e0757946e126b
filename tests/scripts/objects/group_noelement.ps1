'apple', 'avocado', 'banana', 'blueberry', 'cherry' | Group-Object { $_.Substring(0, 1) } -NoElement
