
function Quit { 'in function'; exit 4 }
'a'
Quit
'b'
