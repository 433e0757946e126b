
Write-Output hello world
Write-Output abc.txt
Write-Output a-b
Write-Output 1+2 3*4
Write-Output (1+2) (3*4)
$x = 5
Write-Output $x-y
Write-Output "$x-suffix"
Write-Output pre$x
Write-Output 'single quoted' "double $x"
