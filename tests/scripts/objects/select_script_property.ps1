'hello', 'hi' | Select-Object {$_.Length * 2}, Length
