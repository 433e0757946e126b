
'before exit'
exit 7
'after'
