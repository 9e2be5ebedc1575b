<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>ConflictDialog</name>
    <message numerus="yes">
        <source>Close and lose the values chosen for %Ln conflict(s)?</source>
        <translation>
            <numerusform>Close and lose the values chosen for %Ln conflict?</numerusform>
            <numerusform>Close and lose the values chosen for %Ln conflicts?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CoupleDialog</name>
    <message numerus="yes">
        <source>%Ln record(s) in {app} hold “{text}”</source>
        <translation>
            <numerusform>%Ln record in {app} holds “{text}”</numerusform>
            <numerusform>%Ln records in {app} hold “{text}”</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ErrorDialogs</name>
    <message numerus="yes">
        <source>Synchronize: %Ln conflict(s) resolved</source>
        <translation>
            <numerusform>Synchronize: %Ln conflict resolved</numerusform>
            <numerusform>Synchronize: %Ln conflicts resolved</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ErrorExport</name>
    <message numerus="yes">
        <source>Exported %Ln sync error(s) to {path}</source>
        <translation>
            <numerusform>Exported %Ln sync error to {path}</numerusform>
            <numerusform>Exported %Ln sync errors to {path}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ErrorQuestions</name>
    <message numerus="yes">
        <source>%Ln record(s) in {app}</source>
        <translation>
            <numerusform>%Ln record in {app}</numerusform>
            <numerusform>%Ln records in {app}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %Ln record(s) in {app} and uncouple them?</source>
        <translation>
            <numerusform>Delete %Ln record in {app} and uncouple it?</numerusform>
            <numerusform>Delete %Ln records in {app} and uncouple them?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>These records were deleted in the other app; deleting here makes both apps agree. SyncDesk cannot undo a delete.</source>
        <translation>
            <numerusform>This record was deleted in the other app; deleting here makes both apps agree. SyncDesk cannot undo a delete.</numerusform>
            <numerusform>These records were deleted in the other app; deleting here makes both apps agree. SyncDesk cannot undo a delete.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove the coupling of %Ln record pair(s)?</source>
        <translation>
            <numerusform>Remove the coupling of %Ln record pair?</numerusform>
            <numerusform>Remove the coupling of %Ln record pairs?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln pair(s) stay in {left} and {right}, uncoupled: they no longer synchronize, and are not created again on the other side.</source>
        <translation>
            <numerusform>%Ln pair stays in {left} and {right}, uncoupled: it no longer synchronizes, and is not created again on the other side.</numerusform>
            <numerusform>%Ln pairs stay in {left} and {right}, uncoupled: they no longer synchronize, and are not created again on the other side.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s) already deleted in {gone}: the one in {kept} stays there and is not created again in {gone}.</source>
        <translation>
            <numerusform>%Ln record already deleted in {gone}: the one in {kept} stays there and is not created again in {gone}.</numerusform>
            <numerusform>%Ln records already deleted in {gone}: those in {kept} stay there and are not created again in {gone}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln failed write(s): their records stay where they are and are not tried again.</source>
        <translation>
            <numerusform>%Ln failed write: its record stays where it is and is not tried again.</numerusform>
            <numerusform>%Ln failed writes: their records stay where they are and are not tried again.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s) that never reached {other} stay in {app} only, and are not created in {other}.</source>
        <translation>
            <numerusform>%Ln record that never reached {other} stays in {app} only, and is not created in {other}.</numerusform>
            <numerusform>%Ln records that never reached {other} stay in {app} only, and are not created in {other}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Overwrite %Ln field value(s) in {target} with the values in {source}?</source>
        <translation>
            <numerusform>Overwrite %Ln field value in {target} with the values in {source}?</numerusform>
            <numerusform>Overwrite %Ln field values in {target} with the values in {source}?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %Ln more record(s)</source>
        <translation>
            <numerusform>… and %Ln more record</numerusform>
            <numerusform>… and %Ln more records</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s) in {target} take the values in {source}. SyncDesk cannot undo this: the values they hold in {target} now are overwritten.</source>
        <translation>
            <numerusform>%Ln record in {target} takes the values in {source}. SyncDesk cannot undo this: the values it holds in {target} now are overwritten.</numerusform>
            <numerusform>%Ln records in {target} take the values in {source}. SyncDesk cannot undo this: the values they hold in {target} now are overwritten.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>All %Ln matching sync error(s). {where}</source>
        <translation>
            <numerusform>The %Ln matching sync error. {where}</numerusform>
            <numerusform>All %Ln matching sync errors. {where}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove the coupling of all %Ln matching record pair(s)?</source>
        <translation>
            <numerusform>Remove the coupling of the %Ln matching record pair?</numerusform>
            <numerusform>Remove the coupling of all %Ln matching record pairs?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Retry all %Ln matching sync error(s)?</source>
        <translation>
            <numerusform>Retry the %Ln matching sync error?</numerusform>
            <numerusform>Retry all %Ln matching sync errors?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Resolve all %Ln matching conflict(s) with the values in {app}?</source>
        <translation>
            <numerusform>Resolve the %Ln matching conflict with the values in {app}?</numerusform>
            <numerusform>Resolve all %Ln matching conflicts with the values in {app}?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Restore all %Ln matching deleted record(s)?</source>
        <translation>
            <numerusform>Restore the %Ln matching deleted record?</numerusform>
            <numerusform>Restore all %Ln matching deleted records?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{action}: all %Ln sync error(s)?</source>
        <translation>
            <numerusform>{action}: the %Ln sync error?</numerusform>
            <numerusform>{action}: all %Ln sync errors?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s) wait for the next job</source>
        <translation>
            <numerusform>%Ln record waits for the next job</numerusform>
            <numerusform>%Ln records wait for the next job</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln conflict(s) resolved</source>
        <translation>
            <numerusform>%Ln conflict resolved</numerusform>
            <numerusform>%Ln conflicts resolved</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln conflict(s) resolved with the values in {app}</source>
        <translation>
            <numerusform>%Ln conflict resolved with the values in {app}</numerusform>
            <numerusform>%Ln conflicts resolved with the values in {app}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s) restored in {app}</source>
        <translation>
            <numerusform>%Ln record restored in {app}</numerusform>
            <numerusform>%Ln records restored in {app}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s) restored</source>
        <translation>
            <numerusform>%Ln record restored</numerusform>
            <numerusform>%Ln records restored</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s) deleted in {app}</source>
        <translation>
            <numerusform>%Ln record deleted in {app}</numerusform>
            <numerusform>%Ln records deleted in {app}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s) deleted</source>
        <translation>
            <numerusform>%Ln record deleted</numerusform>
            <numerusform>%Ln records deleted</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s) uncoupled</source>
        <translation>
            <numerusform>%Ln record uncoupled</numerusform>
            <numerusform>%Ln records uncoupled</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %Ln more</source>
        <translation>
            <numerusform>… and %Ln more</numerusform>
            <numerusform>… and %Ln more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{count} of %Ln record(s) could not be done; they stay in the list.</source>
        <translation>
            <numerusform>{count} of %Ln record could not be done; it stays in the list.</numerusform>
            <numerusform>{count} of %Ln records could not be done; they stay in the list.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{action}: {count} of %Ln record(s) done</source>
        <translation>
            <numerusform>{action}: {count} of %Ln record done</numerusform>
            <numerusform>{action}: {count} of %Ln records done</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ErrorTablePanel</name>
    <message numerus="yes">
        <source>%Ln conflict(s)</source>
        <translation>
            <numerusform>%Ln conflict</numerusform>
            <numerusform>%Ln conflicts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{matching} of %Ln open sync error(s)</source>
        <translation>
            <numerusform>{matching} of %Ln open sync error</numerusform>
            <numerusform>{matching} of %Ln open sync errors</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln open sync error(s)</source>
        <translation>
            <numerusform>%Ln open sync error</numerusform>
            <numerusform>%Ln open sync errors</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ErrorsView</name>
    <message numerus="yes">
        <source>Apply to &amp;All %Ln Matching Error(s)</source>
        <translation>
            <numerusform>&amp;Apply to the %Ln Matching Error</numerusform>
            <numerusform>Apply to &amp;All %Ln Matching Errors</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The next action applies to all %Ln sync error(s) matching the filter, not only to the selected ones.</source>
        <translation>
            <numerusform>The next action applies to the %Ln sync error matching the filter, not only to the selected ones.</numerusform>
            <numerusform>The next action applies to all %Ln sync errors matching the filter, not only to the selected ones.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Synchronize %Ln record(s)</source>
        <translation>
            <numerusform>Synchronize %Ln record</numerusform>
            <numerusform>Synchronize %Ln records</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Retry %Ln record(s) now</source>
        <translation>
            <numerusform>Retry %Ln record now</numerusform>
            <numerusform>Retry %Ln records now</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FixDialog</name>
    <message numerus="yes">
        <source>Apply writes %n value(s) to {source} and synchronizes the record to {target} (Ctrl+Enter).</source>
        <translation>
            <numerusform>Apply writes %n value to {source} and synchronizes the record to {target} (Ctrl+Enter).</numerusform>
            <numerusform>Apply writes %n values to {source} and synchronizes the record to {target} (Ctrl+Enter).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>JobChart</name>
    <message numerus="yes">
        <source>Last %n job(s)</source>
        <translation>
            <numerusform>Last %n job</numerusform>
            <numerusform>Last %n jobs</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>JobStatus</name>
    <message numerus="yes">
        <source>· %Ln queued</source>
        <translation>
            <numerusform>· %Ln queued</numerusform>
            <numerusform>· %Ln queued</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>JobSummary</name>
    <message numerus="yes">
        <source>%Ln conflict(s)</source>
        <translation>
            <numerusform>%Ln conflict</numerusform>
            <numerusform>%Ln conflicts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>JobWords</name>
    <message numerus="yes">
        <source>%Ln record(s) inserted</source>
        <translation>
            <numerusform>%Ln record inserted</numerusform>
            <numerusform>%Ln records inserted</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s) modified</source>
        <translation>
            <numerusform>%Ln record modified</numerusform>
            <numerusform>%Ln records modified</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s) deleted</source>
        <translation>
            <numerusform>%Ln record deleted</numerusform>
            <numerusform>%Ln records deleted</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s) unchanged</source>
        <translation>
            <numerusform>%Ln record unchanged</numerusform>
            <numerusform>%Ln records unchanged</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s) skipped</source>
        <translation>
            <numerusform>%Ln record skipped</numerusform>
            <numerusform>%Ln records skipped</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln failed write(s)</source>
        <translation>
            <numerusform>%Ln failed write</numerusform>
            <numerusform>%Ln failed writes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln conflict(s)</source>
        <translation>
            <numerusform>%Ln conflict</numerusform>
            <numerusform>%Ln conflicts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>JobsView</name>
    <message numerus="yes">
        <source>%Ln job(s)</source>
        <translation>
            <numerusform>%Ln job</numerusform>
            <numerusform>%Ln jobs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s) skipped by job {job}, and why</source>
        <translation>
            <numerusform>%Ln record skipped by job {job}, and why</numerusform>
            <numerusform>%Ln records skipped by job {job}, and why</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln log entry(ies)</source>
        <translation>
            <numerusform>%Ln log entry</numerusform>
            <numerusform>%Ln log entries</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln conflict(s)</source>
        <translation>
            <numerusform>%Ln conflict</numerusform>
            <numerusform>%Ln conflicts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln failed write(s)</source>
        <translation>
            <numerusform>%Ln failed write</numerusform>
            <numerusform>%Ln failed writes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln deletion(s)</source>
        <translation>
            <numerusform>%Ln deletion</numerusform>
            <numerusform>%Ln deletions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>No entries older than %n day(s) to delete.</source>
        <translation>
            <numerusform>No entries older than %n day to delete.</numerusform>
            <numerusform>No entries older than %n days to delete.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete {jobs}, {entries} and {events} older than %n day(s)?</source>
        <translation>
            <numerusform>Delete {jobs}, {entries} and {events} older than %n day?</numerusform>
            <numerusform>Delete {jobs}, {entries} and {events} older than %n days?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln event(s) of resolved sync errors</source>
        <translation>
            <numerusform>%Ln event of resolved sync errors</numerusform>
            <numerusform>%Ln events of resolved sync errors</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete {jobs} and {entries} older than %n day(s)?</source>
        <translation>
            <numerusform>Delete {jobs} and {entries} older than %n day?</numerusform>
            <numerusform>Delete {jobs} and {entries} older than %n days?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleting entries older than %n day(s)…</source>
        <translation>
            <numerusform>Deleting entries older than %n day…</numerusform>
            <numerusform>Deleting entries older than %n days…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln sync error event(s)</source>
        <translation>
            <numerusform>%Ln sync error event</numerusform>
            <numerusform>%Ln sync error events</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>{page}: %Ln open sync error(s)</source>
        <translation>
            <numerusform>{page}: %Ln open sync error</numerusform>
            <numerusform>{page}: %Ln open sync errors</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{page}, %Ln open</source>
        <translation>
            <numerusform>{page}, %Ln open</numerusform>
            <numerusform>{page}, %Ln open</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MappingsView</name>
    <message numerus="yes">
        <source>{order}; {mappings} look(s) it up</source>
        <translation>
            <numerusform>{order}; {mappings} looks it up</numerusform>
            <numerusform>{order}; {mappings} look it up</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n warning</numerusform>
            <numerusform>%n warnings</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Outcome</name>
    <message numerus="yes">
        <source>%Ln written</source>
        <translation>
            <numerusform>%Ln written</numerusform>
            <numerusform>%Ln written</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln skipped or in conflict</source>
        <translation>
            <numerusform>%Ln skipped or in conflict</numerusform>
            <numerusform>%Ln skipped or in conflict</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln not written</source>
        <translation>
            <numerusform>%Ln not written</numerusform>
            <numerusform>%Ln not written</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %Ln more</source>
        <translation>
            <numerusform>… and %Ln more</numerusform>
            <numerusform>… and %Ln more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message numerus="yes">
        <source>Nothing would be written; %Ln record(s) would be skipped (they wait for a person in Sync Errors).</source>
        <translation>
            <numerusform>Nothing would be written; %Ln record would be skipped (it waits for a person in Sync Errors).</numerusform>
            <numerusform>Nothing would be written; %Ln records would be skipped (they wait for a person in Sync Errors).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln conflict(s)</source>
        <translation>
            <numerusform>%Ln conflict</numerusform>
            <numerusform>%Ln conflicts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln would fail</source>
        <translation>
            <numerusform>%Ln would fail</numerusform>
            <numerusform>%Ln would fail</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln skipped</source>
        <translation>
            <numerusform>%Ln skipped</numerusform>
            <numerusform>%Ln skipped</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QueueTableModel</name>
    <message numerus="yes">
        <source>Runs every %Ln minute(s); double-click to change</source>
        <translation>
            <numerusform>Runs every %Ln minute; double-click to change</numerusform>
            <numerusform>Runs every %Ln minutes; double-click to change</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QueueWords</name>
    <message numerus="yes">
        <source>%Ln day(s)</source>
        <translation>
            <numerusform>%Ln day</numerusform>
            <numerusform>%Ln days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln hour(s)</source>
        <translation>
            <numerusform>%Ln hour</numerusform>
            <numerusform>%Ln hours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln minute(s)</source>
        <translation>
            <numerusform>%Ln minute</numerusform>
            <numerusform>%Ln minutes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln new sync error(s) in {mapping}</source>
        <translation>
            <numerusform>%Ln new sync error in {mapping}</numerusform>
            <numerusform>%Ln new sync errors in {mapping}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RecordsView</name>
    <message numerus="yes">
        <source>%Ln record(s)</source>
        <translation>
            <numerusform>%Ln record</numerusform>
            <numerusform>%Ln records</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{count} with this status so far, of %Ln record(s)</source>
        <translation>
            <numerusform>{count} with this status so far, of %Ln record</numerusform>
            <numerusform>{count} with this status so far, of %Ln records</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{count} of %Ln record(s) have this status</source>
        <translation>
            <numerusform>{count} of %Ln record has this status</numerusform>
            <numerusform>{count} of %Ln records have this status</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncRuns</name>
    <message numerus="yes">
        <source>%Ln job(s) could not run to the end.</source>
        <translation>
            <numerusform>%Ln job could not run to the end.</numerusform>
            <numerusform>%Ln jobs could not run to the end.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Tasks</name>
    <message numerus="yes">
        <source>%Ln sync error(s) match the filter now, not the {confirmed} you confirmed; nothing was done. Look at the list again.</source>
        <translation>
            <numerusform>%Ln sync error matches the filter now, not the {confirmed} you confirmed; nothing was done. Look at the list again.</numerusform>
            <numerusform>%Ln sync errors match the filter now, not the {confirmed} you confirmed; nothing was done. Look at the list again.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{message} (after {done} of %Ln sync error(s) were done)</source>
        <translation>
            <numerusform>{message} (after {done} of %Ln sync error was done)</numerusform>
            <numerusform>{message} (after {done} of %Ln sync errors were done)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ValueLimits</name>
    <message numerus="yes">
        <source>at most %n character(s)</source>
        <translation>
            <numerusform>at most %n character</numerusform>
            <numerusform>at most %n characters</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>too long for {app}: %n character(s), {table}.{column} takes at most {limit}</source>
        <translation>
            <numerusform>too long for {app}: %n character, {table}.{column} takes at most {limit}</numerusform>
            <numerusform>too long for {app}: %n characters, {table}.{column} takes at most {limit}</numerusform>
        </translation>
    </message>
</context>
</TS>
