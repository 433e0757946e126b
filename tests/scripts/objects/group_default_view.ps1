'b', 'a', 'b', 'c', 'b' | Group-Object
