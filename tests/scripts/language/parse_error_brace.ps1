
'never printed'
function f {
  'body'
