
'before'
throw 'fatal'
'after'
