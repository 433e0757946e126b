
function Sum {
  begin { $total = 0; 'begin' }
  process { $total += $_ }
  end { "total $total" }
}
1..4 | Sum
function P { process { "p:$_" } }
'a', 'b' | P
function WithParam {
  param([Parameter(ValueFromPipeline)]$Item)
  process { "item=$Item" }
}
1, 2 | WithParam
WithParam -Item direct
function ByName {
  param([Parameter(ValueFromPipelineByPropertyName)]$Name)
  process { "name=$Name" }
}
[pscustomobject]@{Name='n1'}, [pscustomobject]@{Name='n2'} | ByName
