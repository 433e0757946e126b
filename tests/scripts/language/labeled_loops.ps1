
:outer foreach ($a in 1..3) {
  foreach ($b in 1..3) {
    if ($b -eq 2) { continue outer }
    "$a$b"
  }
}
:top while ($true) {
  foreach ($x in 1..5) { if ($x -eq 2) { break top }; "x$x" }
}
'done'
