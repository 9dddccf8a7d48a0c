<#
.SYNOPSIS
EdgeSIEM Windows agent: one pass that ships new Security, Sysmon and PowerShell events to EdgeSIEM.

.DESCRIPTION
Run every 5 minutes by the scheduled task install.ps1 registers (as SYSTEM, highest privileges).
Per channel it keeps the last EventRecordID sent in state.json and reads what came after it with
Get-WinEvent, builds flat EVTX-style records (EdgeSiemRecord.ps1), and posts them in gzip batches
of up to 1,000 events to /api/v1/ingest. A bookmark moves only once the server answered 2xx or the
batch was written to the spool; the spool is sent first on the next pass. Every batch has a
batch_id made from its channel, first record and content, so a resend is stored once.
Windows PowerShell 5.1 and PowerShell 7.

.PARAMETER ConfigPath
JSON config (Url, Token, Insecure, StateDir, ...); default $env:ProgramData\EdgeSIEM\agent.json.

.PARAMETER Url
EdgeSIEM origin, e.g. https://siem.example.org; overrides the config file.

.PARAMETER Token
Agent token; overrides the config file (prefer the config file: a command line is visible to others).

.PARAMETER Insecure
Do not check the server's TLS certificate (self-signed lab servers only).

.PARAMETER DryRun
Print the records that would be sent, one JSON per line; send nothing, change no state.

.EXAMPLE
powershell.exe -NoProfile -ExecutionPolicy Bypass -File edgesiem-agent.ps1 -DryRun
#>
[CmdletBinding()]
param(
    [string]$ConfigPath = (Join-Path $env:ProgramData 'EdgeSIEM\agent.json'),
    [string]$Url,
    [string]$Token,
    [switch]$Insecure,
    [switch]$DryRun
)

$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'EdgeSiemRecord.ps1')

# The Security IDs the shipped rules and the dashboard use; Sysmon: every ID its config lets through.
$DefaultChannels = @(
    @{ Name = 'Security'; EventIds = @(4624, 4625, 4634, 4647, 4648, 4672, 4688, 4697, 4698, 4720, 4722, 4723, 4724,
            4725, 4726, 4732, 4738, 4740, 4768, 4769, 4771, 4776, 1102) },
    @{ Name = 'Microsoft-Windows-Sysmon/Operational'; EventIds = @() },
    @{ Name = 'Microsoft-Windows-PowerShell/Operational'; EventIds = @(4104) }
)

$Defaults = @{
    Url                  = ''
    Token                = ''
    Insecure             = $false
    StateDir             = (Join-Path $env:ProgramData 'EdgeSIEM')
    InitialLookbackHours = 24
    MaxEventsPerRun      = 20000
    Retries              = 4
    TimeoutSeconds       = 30
    MaxSpoolMB           = 256
    Channels             = $DefaultChannels
}

# ------------------------------------------------------------------------------------------------
# Configuration and state

function Read-AgentConfig {
    $config = @{}
    foreach ($key in $Defaults.Keys) { $config[$key] = $Defaults[$key] }
    if (Test-Path -LiteralPath $ConfigPath) {
        $file = Get-Content -LiteralPath $ConfigPath -Raw | ConvertFrom-Json
        foreach ($property in $file.PSObject.Properties) {
            if (-not $Defaults.ContainsKey($property.Name)) {
                throw "Unknown setting '$($property.Name)' in $ConfigPath (known: $($Defaults.Keys -join ', '))"
            }
            $config[$property.Name] = $property.Value
        }
    }
    if ($Url) { $config.Url = $Url }
    if ($Token) { $config.Token = $Token }
    if ($Insecure) { $config.Insecure = $true }
    $config.Url = ([string]$config.Url).TrimEnd('/')
    # Channels from agent.json (the Coverage page generates them) arrive as objects, not hashtables.
    $config.Channels = @(foreach ($channel in @($config.Channels)) {
            @{ Name = [string]$channel.Name; EventIds = @(@($channel.EventIds) | Where-Object { $null -ne $_ } | ForEach-Object { [int]$_ }) }
        })
    if (-not $DryRun) {
        if ($config.Url -notmatch '^https?://[^/\s]+') { throw "Set the server URL (Url in $ConfigPath, or -Url)" }
        if (-not $config.Token) { throw "Set the agent token (Token in $ConfigPath, or -Token)" }
    }
    return $config
}

function Write-AgentLog {
    param([string]$Message)
    $line = '{0:u} {1}' -f (Get-Date).ToUniversalTime(), $Message
    Write-Host $line
    if ($DryRun) { return }
    $path = Join-Path $script:Config.StateDir 'agent.log'
    if ((Test-Path -LiteralPath $path) -and (Get-Item -LiteralPath $path).Length -gt 5MB) {
        Move-Item -LiteralPath $path -Destination "$path.1" -Force
    }
    Add-Content -LiteralPath $path -Value $line -Encoding UTF8
}

function Write-FileAtomically {
    param([string]$Path, [byte[]]$Bytes)
    $temporary = "$Path.tmp"
    [System.IO.File]::WriteAllBytes($temporary, $Bytes)
    if (Test-Path -LiteralPath $Path) { [System.IO.File]::Replace($temporary, $Path, $null) }
    else { [System.IO.File]::Move($temporary, $Path) }
}

function Read-Bookmarks {
    $bookmarks = @{}
    $path = Join-Path $script:Config.StateDir 'state.json'
    if (Test-Path -LiteralPath $path) {
        $state = Get-Content -LiteralPath $path -Raw | ConvertFrom-Json
        foreach ($property in $state.bookmarks.PSObject.Properties) { $bookmarks[$property.Name] = [long]$property.Value }
    }
    return $bookmarks
}

function Save-Bookmarks {
    param([hashtable]$Bookmarks)
    $json = ConvertTo-Json -InputObject @{ bookmarks = $Bookmarks } -Depth 3
    Write-FileAtomically (Join-Path $script:Config.StateDir 'state.json') ([System.Text.Encoding]::UTF8.GetBytes($json))
}

# ------------------------------------------------------------------------------------------------
# Spool: gzip request bodies, named so that they sort in the order they were read.

function Get-SpoolDir { return (Join-Path $script:Config.StateDir 'spool') }

function Get-SpooledFiles {
    return @(Get-ChildItem -LiteralPath (Get-SpoolDir) -Filter '*.json.gz' | Sort-Object Name)
}

function Add-ToSpool {
    param([string]$BatchId, [byte[]]$Gzip, [string]$Directory = (Get-SpoolDir))
    $script:SpoolSequence++
    $name = '{0:yyyyMMddHHmmssfffffff}-{1:d4}-{2}.json.gz' -f (Get-Date).ToUniversalTime(), $script:SpoolSequence, $BatchId
    Write-FileAtomically (Join-Path $Directory $name) $Gzip
}

function Test-SpoolFull {
    $bytes = (Get-SpooledFiles | Measure-Object -Property Length -Sum).Sum
    return ($bytes -ge [double]$script:Config.MaxSpoolMB * 1MB)
}

# ------------------------------------------------------------------------------------------------
# Sending

function ConvertTo-Gzip {
    param([byte[]]$Bytes)
    $output = New-Object System.IO.MemoryStream
    $gzip = New-Object System.IO.Compression.GZipStream($output, [System.IO.Compression.CompressionMode]::Compress)
    $gzip.Write($Bytes, 0, $Bytes.Length)
    $gzip.Dispose()
    return , $output.ToArray()
}

function New-AgentHttpClient {
    Add-Type -AssemblyName System.Net.Http
    $handler = New-Object System.Net.Http.HttpClientHandler
    # A redirected POST is replayed as a GET without its body: report it instead (see Get-EdgeSiemSendOutcome).
    $handler.AllowAutoRedirect = $false
    if ($PSVersionTable.PSEdition -ne 'Core') {
        [System.Net.ServicePointManager]::SecurityProtocol =
        [System.Net.ServicePointManager]::SecurityProtocol -bor [System.Net.SecurityProtocolType]::Tls12
    }
    if ($script:Config.Insecure) {
        Write-AgentLog 'WARNING: TLS certificate checking is off (Insecure); use this for lab servers only'
        if ($PSVersionTable.PSEdition -eq 'Core') {
            $handler.ServerCertificateCustomValidationCallback =
            [System.Net.Http.HttpClientHandler]::DangerousAcceptAnyServerCertificateValidator
        } else {
            # Windows PowerShell runs the callback on a thread without a runspace, so it must be compiled code.
            if (-not ('EdgeSiemTrustAnyCertificate' -as [type])) {
                Add-Type -TypeDefinition @'
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
public static class EdgeSiemTrustAnyCertificate {
    public static bool Accept(object sender, X509Certificate certificate, X509Chain chain, SslPolicyErrors errors) {
        return true;
    }
}
'@
            }
            [System.Net.ServicePointManager]::ServerCertificateValidationCallback =
            [System.Delegate]::CreateDelegate([System.Net.Security.RemoteCertificateValidationCallback],
                [EdgeSiemTrustAnyCertificate].GetMethod('Accept'))
        }
    }
    $client = New-Object System.Net.Http.HttpClient($handler)
    $client.Timeout = [TimeSpan]::FromSeconds([double]$script:Config.TimeoutSeconds)
    return $client
}

function Send-Once {
    param([byte[]]$Gzip)
    $request = New-Object System.Net.Http.HttpRequestMessage([System.Net.Http.HttpMethod]::Post, "$($script:Config.Url)/api/v1/ingest")
    $request.Headers.Authorization = New-Object System.Net.Http.Headers.AuthenticationHeaderValue('Bearer', $script:Config.Token)
    $request.Headers.UserAgent.ParseAdd('edgesiem-agent-windows/1.0')
    $content = [System.Net.Http.ByteArrayContent]::new($Gzip)
    $content.Headers.ContentType = New-Object System.Net.Http.Headers.MediaTypeHeaderValue('application/json')
    $content.Headers.ContentEncoding.Add('gzip')
    $request.Content = $content
    try {
        $response = $script:Http.SendAsync($request).GetAwaiter().GetResult()
    } catch {
        return [pscustomobject]@{ Outcome = 'Transient'; Detail = $_.Exception.Message }
    } finally {
        $request.Dispose()
    }
    $text = $response.Content.ReadAsStringAsync().GetAwaiter().GetResult()
    $status = [int]$response.StatusCode
    $response.Dispose()
    $detail = "HTTP $status $($text.Substring(0, [Math]::Min(500, $text.Length)))"
    return [pscustomobject]@{ Outcome = (Get-EdgeSiemSendOutcome $status); Detail = $detail }
}

function Send-WithRetries {
    param([byte[]]$Gzip)
    $random = New-Object System.Random
    $retries = [int]$script:Config.Retries
    for ($attempt = 0; ; $attempt++) {
        $result = Send-Once $Gzip
        if ($result.Outcome -eq 'AuthRefused') {
            throw "The server refused the agent token ($($result.Detail)); nothing more is sent until it is replaced"
        }
        if ($result.Outcome -ne 'Transient' -or $attempt -ge $retries) { return $result }
        $delay = Get-EdgeSiemRetryDelay $attempt $random.NextDouble()
        Write-AgentLog ("send failed ({0}); retrying in {1:N1} s" -f $result.Detail, $delay)
        Start-Sleep -Milliseconds ([int]($delay * 1000))
    }
}

function Send-Spool {
    <# Oldest first; the first batch that still cannot be delivered stops the drain. #>
    foreach ($file in Get-SpooledFiles) {
        $result = Send-WithRetries ([System.IO.File]::ReadAllBytes($file.FullName))
        if ($result.Outcome -eq 'Delivered') {
            Remove-Item -LiteralPath $file.FullName
        } elseif ($result.Outcome -eq 'Permanent') {
            Write-AgentLog "spooled batch $($file.Name) refused for good ($($result.Detail)); moved to rejected\"
            Move-Item -LiteralPath $file.FullName -Destination (Join-Path $script:Config.StateDir 'rejected')
        } else {
            Write-AgentLog "server unreachable ($($result.Detail)); the spool waits for the next pass"
            $script:ServerDown = $true
            return
        }
    }
}

function Submit-Batch {
    <# Delivers or spools one batch. False when the spool is full: stop reading, the log keeps the rest. #>
    param($Batch)
    $gzip = ConvertTo-Gzip $Batch.Body
    if (-not $script:ServerDown) {
        $result = Send-WithRetries $gzip
        if ($result.Outcome -eq 'Delivered') { $script:Sent += $Batch.Count; return $true }
        if ($result.Outcome -eq 'Permanent') {
            Write-AgentLog "batch $($Batch.BatchId) refused for good ($($result.Detail)); kept in rejected\"
            Add-ToSpool $Batch.BatchId $gzip (Join-Path $script:Config.StateDir 'rejected')
            return $true
        }
        Write-AgentLog "server unreachable ($($result.Detail)); spooling"
        $script:ServerDown = $true
    } elseif (Test-SpoolFull) {
        Write-AgentLog 'spool is full; the rest stays in the event log for the next pass'
        return $false
    }
    Add-ToSpool $Batch.BatchId $gzip
    $script:Spooled += $Batch.Count
    return $true
}

# ------------------------------------------------------------------------------------------------
# Reading

function Read-ChannelEvents {
    param([string]$Channel, [string]$XPath, [int]$MaxEvents)
    try {
        return @(Get-WinEvent -LogName $Channel -FilterXPath $XPath -MaxEvents $MaxEvents -Oldest -ErrorAction Stop)
    } catch {
        if ($_.FullyQualifiedErrorId -like 'NoMatchingEventsFound*') { return @() }
        throw
    }
}

function Get-NewestRecordId {
    param([string]$Channel)
    try {
        return [long](Get-WinEvent -LogName $Channel -MaxEvents 1 -ErrorAction Stop).RecordId
    } catch {
        if ($_.FullyQualifiedErrorId -like 'NoMatchingEventsFound*') { return 0 }
        throw
    }
}

function Invoke-Channel {
    <# Reads and submits a channel's new events in batches, saving the bookmark after each. False: stop the pass. #>
    param([hashtable]$Channel, [hashtable]$Bookmarks)
    $name = $Channel.Name
    if (-not (Get-WinEvent -ListLog $name -ErrorAction SilentlyContinue)) {
        Write-AgentLog "channel '$name' does not exist on this host; skipped"
        return $true
    }
    $after = 0
    if ($Bookmarks.ContainsKey($name)) { $after = $Bookmarks[$name] }
    # A cleared log numbers its records from 1 again.
    if ($after -gt 0 -and (Get-NewestRecordId $name) -lt $after) {
        Write-AgentLog "channel '$name' was cleared; reading it from its first record"
        $after = 0
    }
    $read = 0
    while ($read -lt [int]$script:Config.MaxEventsPerRun) {
        $xpath = Get-EdgeSiemXPath -EventIds $Channel.EventIds -AfterRecordId $after -LookbackHours $script:Config.InitialLookbackHours
        $events = @(Read-ChannelEvents $name $xpath 1000)
        if ($events.Count -eq 0) { break }
        $items = @(foreach ($event in $events) {
                [pscustomobject]@{ RecordId = [long]$event.RecordId; Record = (ConvertTo-EdgeSiemRecord $event.ToXml()) }
            })
        if ($DryRun) {
            foreach ($item in $items) { [Console]::Out.WriteLine((ConvertTo-EdgeSiemJson $item.Record)) }
            break
        }
        foreach ($batch in (New-EdgeSiemBatches -Items $items -Computer $env:COMPUTERNAME -Channel $name)) {
            if (-not (Submit-Batch $batch)) { return $false }
            $Bookmarks[$name] = $batch.LastRecordId
            Save-Bookmarks $Bookmarks
        }
        $after = $items[$items.Count - 1].RecordId
        $read += $events.Count
        if ($events.Count -lt 1000) { break }
    }
    return $true
}

# ------------------------------------------------------------------------------------------------
# One pass

$script:Config = Read-AgentConfig
$script:Sent = 0
$script:Spooled = 0
$script:SpoolSequence = 0
$script:ServerDown = $false

if ($DryRun) {
    $bookmarks = @{}
    if (Test-Path -LiteralPath (Join-Path $script:Config.StateDir 'state.json')) { $bookmarks = Read-Bookmarks }
    foreach ($channel in $script:Config.Channels) { [void](Invoke-Channel $channel $bookmarks) }
    return
}

foreach ($directory in @($script:Config.StateDir, (Get-SpoolDir), (Join-Path $script:Config.StateDir 'rejected'))) {
    if (-not (Test-Path -LiteralPath $directory)) { [void](New-Item -ItemType Directory -Path $directory) }
}
# The task does not start a pass while one runs; the mutex also keeps a manual run apart from it.
$mutex = New-Object System.Threading.Mutex($false, 'Global\EdgeSiemAgent')
if (-not $mutex.WaitOne(0)) {
    Write-AgentLog 'another pass is running; skipping this one'
    return
}
try {
    $script:Http = New-AgentHttpClient
    $bookmarks = Read-Bookmarks
    Send-Spool
    foreach ($channel in $script:Config.Channels) {
        if (-not (Invoke-Channel $channel $bookmarks)) { break }
    }
    $waiting = @(Get-SpooledFiles).Count
    Write-AgentLog ("sent {0} event(s), spooled {1}; {2} batch(es) in the spool" -f $script:Sent, $script:Spooled, $waiting)
    if ($waiting -gt 0) { exit 75 }
} catch {
    Write-AgentLog "ERROR: $($_.Exception.Message)"
    exit 1
} finally {
    $mutex.ReleaseMutex()
    $mutex.Dispose()
}
