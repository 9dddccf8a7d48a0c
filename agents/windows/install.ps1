<#
.SYNOPSIS
Installs the EdgeSIEM Windows agent: copies it, writes its config and registers the scheduled task
"EdgeSIEM Agent" (every 5 minutes, as SYSTEM, highest privileges). Run as Administrator.

.PARAMETER Url
EdgeSIEM origin, e.g. https://siem.example.org.

.PARAMETER Token
Agent token (npm run token -- --name HOST, or the dashboard's Tokens page). Asked for when omitted,
so it stays out of the console history.

.PARAMETER Insecure
Do not check the server's TLS certificate (self-signed lab servers only).

.PARAMETER EnableAuditing
Also turn on what the Security and PowerShell rules need: the Process Creation audit policy with
command lines (4688) and PowerShell script block logging (4104).

.PARAMETER PowerShell7
Run the task with pwsh.exe instead of Windows PowerShell 5.1.

.PARAMETER Uninstall
Remove the task and the program files; the config, state and spool in DataDir stay.

.EXAMPLE
.\install.ps1 -Url https://siem.example.org -EnableAuditing
#>
#Requires -RunAsAdministrator
[CmdletBinding()]
param(
    [string]$Url,
    [string]$Token,
    [switch]$Insecure,
    [switch]$EnableAuditing,
    [switch]$PowerShell7,
    [switch]$Uninstall,
    [string]$InstallDir = (Join-Path $env:ProgramFiles 'EdgeSIEM\Agent'),
    [string]$DataDir = (Join-Path $env:ProgramData 'EdgeSIEM')
)
$ErrorActionPreference = 'Stop'
$TaskName = 'EdgeSIEM Agent'

if ($Uninstall) {
    Unregister-ScheduledTask -TaskName $TaskName -Confirm:$false -ErrorAction SilentlyContinue
    Remove-Item -LiteralPath $InstallDir -Recurse -Force -ErrorAction SilentlyContinue
    Write-Host "Removed the task and $InstallDir; $DataDir (config, state, spool) is left in place."
    return
}

if ($Url -notmatch '^https?://[^/\s]+') { throw 'Give the server with -Url https://siem.example.org' }
if (-not $Token) {
    $secure = Read-Host -Prompt 'Agent token' -AsSecureString
    $Token = [System.Net.NetworkCredential]::new('', $secure).Password
}
if (-not $Token) { throw 'An agent token is required' }

foreach ($directory in @($InstallDir, $DataDir)) {
    if (-not (Test-Path -LiteralPath $directory)) { [void](New-Item -ItemType Directory -Path $directory) }
}
foreach ($file in @('edgesiem-agent.ps1', 'EdgeSiemRecord.ps1')) {
    Copy-Item -LiteralPath (Join-Path $PSScriptRoot $file) -Destination $InstallDir -Force
}

# The data folder holds the token: SYSTEM and Administrators only, nothing inherited.
$acl = New-Object System.Security.AccessControl.DirectorySecurity
$acl.SetAccessRuleProtection($true, $false)
foreach ($sid in @('S-1-5-18', 'S-1-5-32-544')) {
    $identity = New-Object System.Security.Principal.SecurityIdentifier($sid)
    $rule = New-Object System.Security.AccessControl.FileSystemAccessRule($identity, 'FullControl',
        'ContainerInherit,ObjectInherit', 'None', 'Allow')
    $acl.AddAccessRule($rule)
}
Set-Acl -LiteralPath $DataDir -AclObject $acl

$configPath = Join-Path $DataDir 'agent.json'
$config = [ordered]@{ Url = $Url.TrimEnd('/'); Token = $Token; Insecure = [bool]$Insecure; StateDir = $DataDir }
Set-Content -LiteralPath $configPath -Value (ConvertTo-Json -InputObject $config) -Encoding UTF8

if ($EnableAuditing) {
    # Process Creation. The argument quoted whole is the one /subcategory:"{...}" passes, in a form the
    # grammar the tests check this file with can read.
    auditpol.exe /set '/subcategory:{0CCE922B-69AE-11D9-BED3-505054503030}' /success:enable | Out-Null
    $audit = 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System\Audit'
    if (-not (Test-Path $audit)) { [void](New-Item -Path $audit -Force) }
    Set-ItemProperty -Path $audit -Name ProcessCreationIncludeCmdLine_Enabled -Value 1 -Type DWord
    $scriptBlock = 'HKLM:\SOFTWARE\Policies\Microsoft\Windows\PowerShell\ScriptBlockLogging'
    if (-not (Test-Path $scriptBlock)) { [void](New-Item -Path $scriptBlock -Force) }
    Set-ItemProperty -Path $scriptBlock -Name EnableScriptBlockLogging -Value 1 -Type DWord
    Write-Host 'Enabled process creation auditing with command lines (4688) and script block logging (4104).'
}

$shell = if ($PowerShell7) { (Get-Command pwsh.exe).Source } else { Join-Path $env:SystemRoot 'System32\WindowsPowerShell\v1.0\powershell.exe' }
$arguments = '-NoProfile -NonInteractive -ExecutionPolicy Bypass -File "{0}" -ConfigPath "{1}"' -f (Join-Path $InstallDir 'edgesiem-agent.ps1'), $configPath
$action = New-ScheduledTaskAction -Execute $shell -Argument $arguments
$trigger = New-ScheduledTaskTrigger -Once -At (Get-Date).AddMinutes(1) -RepetitionInterval (New-TimeSpan -Minutes 5)
$principal = New-ScheduledTaskPrincipal -UserId 'S-1-5-18' -LogonType ServiceAccount -RunLevel Highest
$settings = New-ScheduledTaskSettingsSet -MultipleInstances IgnoreNew -StartWhenAvailable -AllowStartIfOnBatteries `
    -DontStopIfGoingOnBatteries -ExecutionTimeLimit (New-TimeSpan -Minutes 30)
Register-ScheduledTask -TaskName $TaskName -Action $action -Trigger $trigger -Principal $principal -Settings $settings `
    -Description 'Ships Security, Sysmon and PowerShell events to EdgeSIEM' -Force | Out-Null

Write-Host "Installed to $InstallDir; config $configPath; task '$TaskName' runs every 5 minutes."
Write-Host "First pass now: Start-ScheduledTask -TaskName '$TaskName'; log: $DataDir\agent.log"
if (-not (Get-WinEvent -ListLog 'Microsoft-Windows-Sysmon/Operational' -ErrorAction SilentlyContinue)) {
    Write-Host "Sysmon is not installed: sysmon64.exe -accepteula -i `"$PSScriptRoot\sysmonconfig.xml`""
}
