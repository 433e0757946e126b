Split-Path /home/user/notes.tar.gz
Split-Path /home/user/notes.tar.gz -Parent
Split-Path /home/user/notes.tar.gz -Leaf
Split-Path /home/user/notes.tar.gz -LeafBase
Split-Path /home/user/notes.tar.gz -Extension
Split-Path /home/user/ -Leaf
Split-Path /top
Split-Path relative/file.txt
Split-Path /home/user -IsAbsolute
Split-Path home/user -IsAbsolute
"[$(Split-Path file.txt)]"
"a/b/c.txt", "d/e.md" | Split-Path -Leaf
