"""A session keeps its runspace between commands (variables, functions, current directory),
takes values in ($using:, -ArgumentList, param()), runs native programs in its directory, and
sends back objects (with their types) that the client's pipeline can work on."""

from __future__ import annotations

import os
from pathlib import Path

from client_helpers import Clients, clients
from host_helpers import REPO


def test_session_state_arguments_and_objects(clients: Clients, tmp_path: Path) -> None:
    work = Path(os.path.realpath(tmp_path)) / "work dir"
    work.mkdir()
    (work / "small.txt").write_text("abc")
    (work / "big.txt").write_text("x" * 100)
    result = clients.ok(f"""
$s = New-PSSession -ComputerName localhost -Name Stateful
Invoke-Command -Session $s {{ $x = 5; function Get-Double($n) {{ $n * 2 }}; Set-Location '{work}' }}
Invoke-Command -Session $s {{ "x=$x double=$(Get-Double 21) here=$((Get-Location).Path)" }}
"local=$((Get-Location).Path) localx=[$x]"
$y = 10
Invoke-Command -Session $s {{ "using=$($using:y + $x)" }}
Invoke-Command -Session $s {{ param($a, $b) "param=$a-$b" }} -ArgumentList p, q
Invoke-Command -Session $s {{ "args=$($args[0] * 3)" }} -ArgumentList 7
Invoke-Command -Session $s {{ sh -c 'echo "native=$(pwd)"' }}
"date-type=$((Invoke-Command -Session $s {{ Get-Date }}).GetType().FullName)"
$items = Invoke-Command -Session $s {{ Get-ChildItem }}
"item-type=$($items[0].PSObject.TypeNames[0]) count=$($items.Count)"
$items | Where-Object Length -gt 50 | Select-Object Name, Length, PSComputerName |
    ForEach-Object {{ "selected=$($_.Name) $($_.Length) $($_.PSComputerName)" }}
"smallest=$(Invoke-Command -Session $s {{ Get-ChildItem }} | Sort-Object Length | Select-Object -First 1 -ExpandProperty Name)"
'#table'
Invoke-Command -Session $s {{ [pscustomobject]@{{ Answer = 42 }} }} | Format-Table Answer, PSComputerName
""")
    lines = result.lines
    expected = [
        f"x=5 double=42 here={work}",
        f"local={REPO} localx=[]",
        "using=15",
        "param=p-q",
        "args=21",
        f"native={work}",
        "date-type=System.DateTime",
        "item-type=Deserialized.System.IO.FileInfo count=2",
        "selected=big.txt 100 localhost",
        "smallest=small.txt",
    ]
    assert [line for line in lines[:lines.index("#table")] if line] == expected, result.describe()
    table = [line.split() for line in lines[lines.index("#table") + 1:] if line.strip()]
    assert table == [["Answer", "PSComputerName"], ["------", "--------------"], ["42", "localhost"]], \
        result.describe()


def test_state_survives_the_client_and_is_there_for_another_client(clients: Clients, tmp_path: Path) -> None:
    work = Path(os.path.realpath(tmp_path))
    clients.ok(f"""
$s = New-PSSession -ComputerName localhost -Name Keeper
Invoke-Command -Session $s {{ $counter = 41; function Get-Next {{ $script:counter++; $counter }}; Set-Location '{work}' }}
Disconnect-PSSession -Session $s | Out-Null
""")
    result = clients.ok("""
$s = Connect-PSSession -ComputerName localhost -Name Keeper
Invoke-Command -Session $s { "next=$(Get-Next) here=$((Get-Location).Path)" }
""")
    assert result.lines[-1] == f"next=42 here={work}", result.describe()
