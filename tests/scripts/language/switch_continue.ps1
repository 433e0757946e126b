
switch (1, 2, 3) { 2 { continue } default { "v$_" } }
switch (1, 2, 3) { 2 { break } default { "w$_" } }
