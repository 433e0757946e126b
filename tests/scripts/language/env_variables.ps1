
$env:PSHELL_TEST_VAR = 'hello'
$env:PSHELL_TEST_VAR
sh -c 'echo "child: $PSHELL_TEST_VAR"'
$null -eq $env:PSHELL_NOT_SET_123
$env:HOME -eq $HOME
"in string: $env:PSHELL_TEST_VAR"
