
'plain'
'it''s'
'no $expansion here'
'a`tb'
''
'multi
line'
