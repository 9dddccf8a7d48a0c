<#
.SYNOPSIS
Checks the record builder against the committed samples: for every test/fixtures/agents/windows/*.xml
(an event as EventLogRecord.ToXml() renders it) the record built must equal the .json beside it, which
is what the server's tests ingest. Run it on Windows after changing EdgeSiemRecord.ps1; CI has no
PowerShell. Exit 0 when all match.
#>
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'EdgeSiemRecord.ps1')

$samples = Join-Path $PSScriptRoot '..\..\test\fixtures\agents\windows'
$failed = 0
foreach ($xml in Get-ChildItem -LiteralPath $samples -Filter '*.xml' | Sort-Object Name) {
    $expectedPath = [System.IO.Path]::ChangeExtension($xml.FullName, '.json')
    $built = ConvertTo-EdgeSiemJson (ConvertTo-EdgeSiemRecord (Get-Content -LiteralPath $xml.FullName -Raw))
    # Both sides through the same serializer, so only content and field order are compared.
    $expected = ConvertTo-Json -InputObject (Get-Content -LiteralPath $expectedPath -Raw | ConvertFrom-Json) -Compress -Depth 4
    if ($built -ceq $expected) {
        Write-Host "ok    $($xml.Name)"
    } else {
        $failed++
        Write-Host "DIFF  $($xml.Name)`n  built:    $built`n  expected: $expected"
    }
}
if ($failed -gt 0) { exit 1 }
