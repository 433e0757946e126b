
function A { "count=$($args.Count)"; $args[1] }
A x y z
function NoArgs { $args.Count }
NoArgs
function Inp { $input | ForEach-Object { $_ + 1 } }
1,2 | Inp
function Cnt { @($input).Count }
1..5 | Cnt
