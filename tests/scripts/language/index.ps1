
$a = 10,20,30
$a[0]
$a[-1]
$a[0,2]
$a[-2..-1]
'hello'[1]
'hello'[-1]
$h = @{Name='x'; 1='one'}
$h['Name']
$h[1]
$i = 1
$a[$i + 1]
$a[5]
'after'
