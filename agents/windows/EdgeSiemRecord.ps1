# The EdgeSIEM Windows agent's pure functions: event XML to the flat record it sends, batches and
# their ids, the XPath queries and how an HTTP status is handled. Nothing here touches the event
# log, the disk or the network, so Test-RecordSamples.ps1 checks it against the committed samples
# in test/fixtures/agents/windows/ (which the server's tests ingest).
# Windows PowerShell 5.1 and PowerShell 7.

$script:EventNamespace = 'http://schemas.microsoft.com/win/2004/08/events/event'
# System values that are numbers in the schema; rules compare EventID as a number.
$script:IntegerSystemFields = @('EventID', 'Version', 'Level', 'Task', 'Opcode', 'EventRecordID', 'ProcessID', 'ThreadID')

function Get-EdgeSiemSystemFieldName {
    <# The name of a System attribute: `<Element>_<Attribute>` (Provider_Name, Security_UserID), the
       names Sigma's Windows field list and the server's nested EVTX-JSON reader use; TimeCreated and
       the Execution ids keep their own names. #>
    param([string]$Element, [string]$Attribute)
    if ($Element -ceq 'TimeCreated' -and $Attribute -ceq 'SystemTime') { return 'TimeCreated' }
    if ($Element -ceq 'Execution') { return $Attribute }
    return "${Element}_${Attribute}"
}

function ConvertTo-EdgeSiemSystemValue {
    param([string]$Name, [string]$Value)
    if ($script:IntegerSystemFields -ccontains $Name -and $Value -match '^\d+$') { return [long]$Value }
    return $Value
}

function ConvertTo-EdgeSiemRecord {
    <#
    .SYNOPSIS
    One event's XML (EventLogRecord.ToXml()) as the flat record the agent sends: every System value
    and attribute, then every EventData field by its Name (UserData fields by element name).
    System values win over a payload field of the same name; names are case-sensitive, so Sysmon's
    ProcessId and the System ProcessID are both kept.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, ValueFromPipeline = $true)][string]$EventXml)
    process {
        $document = New-Object System.Xml.XmlDocument
        # Data values are kept as written, a value of spaces included.
        $document.PreserveWhitespace = $true
        $document.LoadXml($EventXml)
        $ns = New-Object System.Xml.XmlNamespaceManager($document.NameTable)
        $ns.AddNamespace('e', $script:EventNamespace)
        $record = [System.Collections.Specialized.OrderedDictionary]::new([System.StringComparer]::Ordinal)

        foreach ($element in $document.SelectNodes('/e:Event/e:System/*', $ns)) {
            if ($element.InnerText -ne '') {
                $record[$element.LocalName] = ConvertTo-EdgeSiemSystemValue $element.LocalName $element.InnerText
            }
            foreach ($attribute in $element.Attributes) {
                $name = Get-EdgeSiemSystemFieldName $element.LocalName $attribute.LocalName
                $record[$name] = ConvertTo-EdgeSiemSystemValue $name $attribute.Value
            }
        }

        $unnamed = New-Object System.Collections.Generic.List[string]
        foreach ($data in $document.SelectNodes('/e:Event/e:EventData/*', $ns)) {
            $name = $data.GetAttribute('Name')
            if ($data.LocalName -ceq 'Data' -and $name -eq '') { $unnamed.Add($data.InnerText); continue }
            if ($name -eq '') { $name = $data.LocalName }
            if (-not $record.Contains($name)) { $record[$name] = $data.InnerText }
        }
        # Classic (non-manifest) events carry unnamed <Data> values only: kept in order as Data.
        if ($unnamed.Count -gt 0 -and -not $record.Contains('Data')) { $record['Data'] = $unnamed.ToArray() }

        # UserData wraps its fields in one element named after the template (LogFileCleared for 1102).
        foreach ($field in $document.SelectNodes('/e:Event/e:UserData/*/*', $ns)) {
            if (-not $record.Contains($field.LocalName)) { $record[$field.LocalName] = $field.InnerText }
        }
        return $record
    }
}

function ConvertTo-EdgeSiemJson {
    <# One record as compact JSON; the same record always gives the same text. #>
    param([Parameter(Mandatory = $true)]$Record)
    return (ConvertTo-Json -InputObject $Record -Compress -Depth 4)
}

function Get-EdgeSiemSha256Hex {
    param([Parameter(Mandatory = $true)][string]$Text)
    $sha = [System.Security.Cryptography.SHA256]::Create()
    try {
        $hash = $sha.ComputeHash([System.Text.Encoding]::UTF8.GetBytes($Text))
    } finally {
        $sha.Dispose()
    }
    return (-join ($hash | ForEach-Object { $_.ToString('x2') }))
}

function Get-EdgeSiemBatchId {
    <# Same origin and events, same id: a batch read again after a crash is a resend, stored once. #>
    param([Parameter(Mandatory = $true)][string]$Computer, [Parameter(Mandatory = $true)][string]$Origin,
        [Parameter(Mandatory = $true)][string]$EventsJson)
    $safe = ($Computer -replace '[^A-Za-z0-9._:@+=-]', '_')
    if ($safe.Length -gt 64) { $safe = $safe.Substring(0, 64) }
    $digest = (Get-EdgeSiemSha256Hex ($Origin + "`n" + $EventsJson)).Substring(0, 32)
    return "$safe-$digest"
}

function New-EdgeSiemBatches {
    <#
    .SYNOPSIS
    Cuts records (with their RecordId) into batches of at most MaxEvents events and about MaxBytes
    of JSON. Each batch: BatchId, Body (the UTF-8 request body), Count, LastRecordId.
    #>
    param(
        [Parameter(Mandatory = $true)][AllowEmptyCollection()][object[]]$Items,
        [Parameter(Mandatory = $true)][string]$Computer,
        [Parameter(Mandatory = $true)][string]$Channel,
        [int]$MaxEvents = 1000,
        [long]$MaxBytes = 3MB
    )
    $batches = New-Object System.Collections.Generic.List[object]
    $pending = New-Object System.Collections.Generic.List[string]
    $size = 0
    $firstRecordId = $null
    $lastRecordId = $null
    for ($i = 0; $i -le $Items.Count; $i++) {
        $full = $pending.Count -ge $MaxEvents -or $size -ge $MaxBytes
        if ($pending.Count -gt 0 -and ($i -eq $Items.Count -or $full)) {
            $eventsJson = '[' + ($pending -join ',') + ']'
            $id = Get-EdgeSiemBatchId -Computer $Computer -Origin "${Channel}:$firstRecordId" -EventsJson $eventsJson
            $body = '{"batch_id":"' + $id + '","events":' + $eventsJson + '}'
            $batches.Add([pscustomobject]@{
                    BatchId      = $id
                    Body         = [System.Text.Encoding]::UTF8.GetBytes($body)
                    Count        = $pending.Count
                    LastRecordId = $lastRecordId
                })
            $pending.Clear()
            $size = 0
            $firstRecordId = $null
        }
        if ($i -eq $Items.Count) { break }
        $json = ConvertTo-EdgeSiemJson $Items[$i].Record
        if ($null -eq $firstRecordId) { $firstRecordId = $Items[$i].RecordId }
        $lastRecordId = $Items[$i].RecordId
        $pending.Add($json)
        $size += [System.Text.Encoding]::UTF8.GetByteCount($json) + 1
    }
    return , $batches.ToArray()
}

function Get-EdgeSiemEventIdClause {
    <# `(EventID=4624 or (EventID>=4722 and EventID<=4726) ...)`: runs of ids become ranges, which keeps
       the query under the event log's limit on the number of expressions. Empty: every id. #>
    param([AllowEmptyCollection()][int[]]$EventIds)
    if ($null -eq $EventIds -or $EventIds.Count -eq 0) { return '' }
    $sorted = @($EventIds | Sort-Object -Unique)
    $parts = New-Object System.Collections.Generic.List[string]
    $start = $sorted[0]
    for ($i = 1; $i -le $sorted.Count; $i++) {
        if ($i -lt $sorted.Count -and $sorted[$i] -eq $sorted[$i - 1] + 1) { continue }
        $end = $sorted[$i - 1]
        if ($start -eq $end) { $parts.Add("EventID=$start") } else { $parts.Add("(EventID>=$start and EventID<=$end)") }
        if ($i -lt $sorted.Count) { $start = $sorted[$i] }
    }
    return '(' + ($parts -join ' or ') + ')'
}

function Get-EdgeSiemXPath {
    <# The events of a channel after the bookmark, or from the last LookbackHours on the first run. #>
    param([AllowEmptyCollection()][int[]]$EventIds, [long]$AfterRecordId = 0, [int]$LookbackHours = 24)
    $conditions = New-Object System.Collections.Generic.List[string]
    $ids = Get-EdgeSiemEventIdClause $EventIds
    if ($ids -ne '') { $conditions.Add($ids) }
    if ($AfterRecordId -gt 0) {
        $conditions.Add("EventRecordID>$AfterRecordId")
    } else {
        $conditions.Add("TimeCreated[timediff(@SystemTime)<=$([long]$LookbackHours * 3600000)]")
    }
    return '*[System[' + ($conditions -join ' and ') + ']]'
}

function Get-EdgeSiemSendOutcome {
    <# What a status code means for the batch: Delivered, Transient (retry, then spool), AuthRefused
       (stop: nothing can be sent with this token) or Permanent (this batch can never be stored). #>
    param([int]$StatusCode)
    if ($StatusCode -ge 200 -and $StatusCode -lt 300) { return 'Delivered' }
    if ($StatusCode -eq 401 -or $StatusCode -eq 403) { return 'AuthRefused' }
    if ($StatusCode -eq 408 -or $StatusCode -eq 429 -or $StatusCode -ge 500) { return 'Transient' }
    # A redirect means a wrong URL (the POST would be replayed as a GET): keep the batch for later.
    if ($StatusCode -ge 300 -and $StatusCode -lt 400) { return 'Transient' }
    return 'Permanent'
}

function Get-EdgeSiemRetryDelay {
    <# Exponential back-off with jitter, capped at a minute. #>
    param([int]$Attempt, [double]$Jitter)
    return [Math]::Min(60.0, [Math]::Pow(2, $Attempt)) * (0.5 + $Jitter / 2)
}
