"""The engine's messages in the window's language.

The engine writes its messages (sync errors, record log entries, jobs, refusals) in
English: they are stored, printed by the command line and read by other tools. The window
shows them in the user's language by recognising the engine's own phrasings, listed here
as templates; the parts a template names (``{app}``, ``{key}``, the database's own words)
are kept as written. A text that is none of them is shown unchanged.

Keep :data:`PHRASINGS` in step with the engine: ``tests/test_languages.py`` checks that
each phrasing is still written somewhere below ``syncdesk/sync`` or ``syncdesk/models``.
"""

from __future__ import annotations

import re
from functools import cache

from PySide6.QtCore import QCoreApplication

from syncdesk.ui.i18n import QT_TRANSLATE_NOOP

CONTEXT = "EngineMessages"

#: the engine's phrasings, most specific first; ``{message}`` parts are translated in turn
PHRASINGS: tuple[str, ...] = (
    # sync errors and record log entries written by a job
    QT_TRANSLATE_NOOP("EngineMessages", "{field}: both changed ({left}: {lv}, {right}: {rv})"),
    QT_TRANSLATE_NOOP("EngineMessages", "{mapping} {key} was deleted in {app}"),
    QT_TRANSLATE_NOOP("EngineMessages", "deleted in both apps"),
    QT_TRANSLATE_NOOP("EngineMessages", "deleted in {app}; coupling removed"),
    QT_TRANSLATE_NOOP("EngineMessages", "matched by {fields}"),
    QT_TRANSLATE_NOOP("EngineMessages", "{app} refused the write: {detail}"),
    QT_TRANSLATE_NOOP("EngineMessages", "changed in {app} meanwhile; picked up next time"),
    QT_TRANSLATE_NOOP("EngineMessages", "changed in {app} meanwhile; not deleted"),
    QT_TRANSLATE_NOOP(
        "EngineMessages", "interrupted (the process stopped); the next job finished its work"
    ),
    QT_TRANSLATE_NOOP("EngineMessages", "{field}: {parent} record {key} does not exist in {app}"),
    QT_TRANSLATE_NOOP("EngineMessages", "{field}: waits for {parent} {key} to be coupled"),
    QT_TRANSLATE_NOOP("EngineMessages", "{field}: {parent} record {key} was deleted in {app}"),
    QT_TRANSLATE_NOOP(
        "EngineMessages",
        "{field}: {parent} {key} is excluded from the sync (its coupling was removed); couple "
        "it again or change this record",
    ),
    QT_TRANSLATE_NOOP(
        "EngineMessages",
        "{field}: {parent} {key} is not coupled: it has an open sync error of its own",
    ),
    QT_TRANSLATE_NOOP(
        "EngineMessages", "{field}: {parent} {key} is not coupled to a record in {app}"
    ),
    QT_TRANSLATE_NOOP(
        "EngineMessages",
        "{mapping} {key} was deleted in {app} (its key now names another record)",
    ),
    QT_TRANSLATE_NOOP(
        "EngineMessages",
        "ambiguous match on {fields} {value}: {found} match; couple by hand or make the "
        "values unique",
    ),
    QT_TRANSLATE_NOOP("EngineMessages", "a record in {table} has no key ({column} is empty)"),
    QT_TRANSLATE_NOOP(
        "EngineMessages",
        "a record in {table} has key {key}, which is not a whole number as the key column "
        "{column} holds",
    ),
    QT_TRANSLATE_NOOP(
        "EngineMessages",
        "several records in {table} have key {key}: they cannot be told apart; give each its "
        "own key",
    ),
    QT_TRANSLATE_NOOP(
        "EngineMessages",
        "a record in {table} has key {key}, which holds a NUL character: SyncDesk cannot keep "
        "such a key (PostgreSQL text cannot hold one); change it in the app",
    ),
    QT_TRANSLATE_NOOP(
        "EngineMessages",
        "a record in {table} has key {key}, which is not valid UTF-8 text (its bad bytes shown "
        "as {mark}): SyncDesk cannot keep such a key; change it in the app",
    ),
    QT_TRANSLATE_NOOP(
        "EngineMessages",
        "{field}: the value in {app} is not valid UTF-8 text ({value}, its bad bytes shown as "
        "{mark}); correct it there",
    ),
    QT_TRANSLATE_NOOP(
        "EngineMessages",
        "{app} gave the new record key {key}, which still names a coupled or excluded record; "
        "nothing inserted",
    ),
    QT_TRANSLATE_NOOP(
        "EngineMessages", "{app} has {count} records with key {key}: they cannot be told apart"
    ),
    QT_TRANSLATE_NOOP("EngineMessages", "{app} refused the writes: {detail}"),
    QT_TRANSLATE_NOOP("EngineMessages", "finished after an interruption"),
    QT_TRANSLATE_NOOP("EngineMessages", "key fixed"),
    # why a job passed a record over (behind its Skipped count)
    QT_TRANSLATE_NOOP("EngineMessages", "sync error {id} is open; it waits for a person"),
    QT_TRANSLATE_NOOP("EngineMessages", "sync error {id} was refused twice; it waits for Retry"),
    QT_TRANSLATE_NOOP("EngineMessages", "excluded by Remove Coupling; couple it again to sync it"),
    # actions
    QT_TRANSLATE_NOOP("EngineMessages", "{user} asked to retry"),
    QT_TRANSLATE_NOOP("EngineMessages", "included in the next job"),
    QT_TRANSLATE_NOOP("EngineMessages", "coupling removed by {user}"),
    QT_TRANSLATE_NOOP(
        "EngineMessages", "uncoupled and excluded: neither record syncs again until coupled"
    ),
    QT_TRANSLATE_NOOP("EngineMessages", "coupled by {user}; the next sync copies {side} values"),
    QT_TRANSLATE_NOOP(
        "EngineMessages", "uncoupled by {user}; both records excluded until coupled again"
    ),
    QT_TRANSLATE_NOOP("EngineMessages", "uncoupled by {user}"),
    QT_TRANSLATE_NOOP("EngineMessages", "copy {source} values to {target}"),
    QT_TRANSLATE_NOOP("EngineMessages", "{action} by {user}"),
    QT_TRANSLATE_NOOP("EngineMessages", "the records are no longer coupled"),
    QT_TRANSLATE_NOOP("EngineMessages", "the record was deleted in {app} meanwhile"),
    QT_TRANSLATE_NOOP("EngineMessages", "the record is gone in {app} too"),
    QT_TRANSLATE_NOOP("EngineMessages", "the record exists again in {app}; use Retry"),
    QT_TRANSLATE_NOOP("EngineMessages", "a looked-up record is not coupled"),
    # jobs
    QT_TRANSLATE_NOOP("EngineMessages", "cancelled by the user"),
    QT_TRANSLATE_NOOP("EngineMessages", "{message} (the next job tries again)"),
    QT_TRANSLATE_NOOP("EngineMessages", "stopped by {what}: {detail}"),
    QT_TRANSLATE_NOOP("EngineMessages", "stopped: {message}"),
    QT_TRANSLATE_NOOP(
        "EngineMessages", "another job is running on this workspace; try again later"
    ),
    QT_TRANSLATE_NOOP(
        "EngineMessages", "{mapping} is running on {runner} already; try again when it ends"
    ),
    # refusals
    QT_TRANSLATE_NOOP(
        "EngineMessages", "sync error {id} was already resolved ({how}); nothing done"
    ),
    QT_TRANSLATE_NOOP(
        "EngineMessages", "sync error {id} was changed by someone else a moment ago; look again"
    ),
    QT_TRANSLATE_NOOP("EngineMessages", "there is no sync error {id}"),
    QT_TRANSLATE_NOOP("EngineMessages", "sync error {id} is not an open conflict"),
    QT_TRANSLATE_NOOP("EngineMessages", "the records of sync error {id} are no longer coupled"),
    QT_TRANSLATE_NOOP(
        "EngineMessages", "the record was deleted in {app}; resolve it in Sync Errors"
    ),
    QT_TRANSLATE_NOOP("EngineMessages", "{mapping} {left} and {right} are already coupled"),
    QT_TRANSLATE_NOOP(
        "EngineMessages", "{app} {mapping} {key} is already coupled to {partner}; uncouple it first"
    ),
    QT_TRANSLATE_NOOP("EngineMessages", "{mapping} {left} and {right} are not coupled"),
    QT_TRANSLATE_NOOP("EngineMessages", "{app} {mapping} {key} is not coupled; couple it first"),
    QT_TRANSLATE_NOOP("EngineMessages", "{app} has no {mapping} record {key}"),
    QT_TRANSLATE_NOOP(
        "EngineMessages",
        "{count} of {total} coupled records went missing in {app} at once: none deleted in "
        "{other}, each is a sync error to decide",
    ),
    QT_TRANSLATE_NOOP(
        "EngineMessages",
        "{path}: mapping {new} has no couplings, but the records of its tables are coupled "
        "under {old}, a mapping the workspace no longer has (renamed?): a job would create "
        "each of them again in the other app. Carry them over with: {command} (or --forget "
        "{gone}, if it synced other records)",
    ),
    QT_TRANSLATE_NOOP("EngineMessages", "mapping {mapping} does not sync to {app}"),
    QT_TRANSLATE_NOOP("EngineMessages", "a choice per field applies to one conflict at a time"),
    QT_TRANSLATE_NOOP("EngineMessages", "not a database file (corrupt, or another kind of file)"),
    # what a column takes: a preview's refusal, a fixed or typed value checked
    QT_TRANSLATE_NOOP("EngineMessages", "{app} would refuse the write: {message}"),
    QT_TRANSLATE_NOOP(
        "EngineMessages", "{app} {column} takes at most {limit} characters; the value has {count}"
    ),
    QT_TRANSLATE_NOOP("EngineMessages", "{app} {column} must have a value"),
    QT_TRANSLATE_NOOP("EngineMessages", "{app} field {column}: {message}"),
    QT_TRANSLATE_NOOP("EngineMessages", "{value} is not a whole number"),
    QT_TRANSLATE_NOOP("EngineMessages", "{value} is not a number"),
    QT_TRANSLATE_NOOP("EngineMessages", "{value} is not a date and time"),
    QT_TRANSLATE_NOOP("EngineMessages", "{value} is not a date"),
    QT_TRANSLATE_NOOP("EngineMessages", "{value} is not true or false"),
    QT_TRANSLATE_NOOP("EngineMessages", "{message}: nothing written"),
    QT_TRANSLATE_NOOP("EngineMessages", "look at the record again"),
    QT_TRANSLATE_NOOP("EngineMessages", "nothing written, look again"),
    QT_TRANSLATE_NOOP(
        "EngineMessages", "{field} changed since it was shown (now {left} and {right})"
    ),
    # fix in place
    QT_TRANSLATE_NOOP("EngineMessages", "fixed by {user}"),
    QT_TRANSLATE_NOOP(
        "EngineMessages",
        "sync error {id} is a {kind}: fix in place mends a value an app refused (a failed error)",
    ),
    QT_TRANSLATE_NOOP("EngineMessages", "{app} has no {mapping} record {key} any more"),
    # undo
    QT_TRANSLATE_NOOP("EngineMessages", "undo of log entry {id} by {user}"),
    QT_TRANSLATE_NOOP(
        "EngineMessages",
        "undo of log entry {id}: {app} changed {fields} since; nothing was written, choose a "
        "version",
    ),
    QT_TRANSLATE_NOOP("EngineMessages", "{app} holds what it held before again ({values})"),
    QT_TRANSLATE_NOOP("EngineMessages", "the record was deleted in {app} again"),
    QT_TRANSLATE_NOOP("EngineMessages", "the pair waits for a person again"),
    QT_TRANSLATE_NOOP("EngineMessages", "{source}'s record is excluded from the sync"),
    QT_TRANSLATE_NOOP("EngineMessages", "the record was made again in {app} ({key}) and coupled"),
    QT_TRANSLATE_NOOP("EngineMessages", "coupled again"),
    QT_TRANSLATE_NOOP("EngineMessages", "uncoupled"),
    QT_TRANSLATE_NOOP("EngineMessages", "there is no record log entry {id}"),
    QT_TRANSLATE_NOOP("EngineMessages", "log entry {id} was undone already (log entry {other})"),
    QT_TRANSLATE_NOOP(
        "EngineMessages", "log entry {id} wrote nothing ({result}): there is nothing to undo"
    ),
    QT_TRANSLATE_NOOP(
        "EngineMessages", "log entry {id} ({action}) wrote nothing that can be taken back"
    ),
    QT_TRANSLATE_NOOP("EngineMessages", "log entry {id} does not keep the values an undo needs"),
    QT_TRANSLATE_NOOP(
        "EngineMessages", "the record log entry {id} inserted is gone from {app} already"
    ),
    QT_TRANSLATE_NOOP("EngineMessages", "{app} {mapping} {key} is coupled again already"),
    QT_TRANSLATE_NOOP(
        "EngineMessages",
        "log entry {id} belongs to mapping {mapping}, which the workspace no longer has",
    ),
    QT_TRANSLATE_NOOP(
        "EngineMessages", "cannot open the database file (missing folder or no permission)"
    ),
)

#: the engine's action and resolution codes as they read in a message ("restore by ann");
#: English keeps the codes, other languages say them in words
ACTION_CODES: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("EngineMessages", "retry"),
    QT_TRANSLATE_NOOP("EngineMessages", "remove-coupling"),
    QT_TRANSLATE_NOOP("EngineMessages", "use-left"),
    QT_TRANSLATE_NOOP("EngineMessages", "use-right"),
    QT_TRANSLATE_NOOP("EngineMessages", "choose"),
    QT_TRANSLATE_NOOP("EngineMessages", "restore"),
    QT_TRANSLATE_NOOP("EngineMessages", "delete"),
    QT_TRANSLATE_NOOP("EngineMessages", "couple"),
    QT_TRANSLATE_NOOP("EngineMessages", "uncouple"),
)

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
#: parts that are themselves engine messages, translated in turn
_NESTED = {"message", "how"}


@cache
def _pattern(template: str) -> re.Pattern[str]:
    """``"{app} refused the write: {detail}"`` → a regex with a named group per part."""
    out, pos = [], 0
    for m in _PLACEHOLDER.finditer(template):
        out.append(re.escape(template[pos : m.start()]))
        # the last part takes the rest; earlier ones as little as they can
        last = m.end() == len(template)
        out.append(f"(?P<{m.group(1)}>{'.+' if last else '.+?'})")
        pos = m.end()
    out.append(re.escape(template[pos:]))
    return re.compile("".join(out), re.DOTALL)


def _translate(template: str) -> str:
    return QCoreApplication.translate(CONTEXT, template)


def action_label(code: str) -> str:
    """An action code (``use-left``) in the window's language; unknown codes as they are."""
    return _translate(code) if code in ACTION_CODES else code


def _one(text: str) -> str | None:
    if text in ACTION_CODES:
        return action_label(text)
    for template in PHRASINGS:
        m = _pattern(template).fullmatch(text)
        if m is None:
            continue
        parts = {
            name: (
                action_label(value)
                if name == "action"
                else engine_text(value)
                if name in _NESTED
                else value
            )
            for name, value in m.groupdict().items()
        }
        translated = _translate(template)
        try:
            return translated.format(**parts)
        except (KeyError, IndexError, ValueError):
            return text
    return None


def engine_text(text: str | None) -> str:
    """``text`` from the engine, in the window's language where it is one of its phrasings."""
    if not text:
        return ""
    # a conflict lists its fields joined by "; "
    if "; " in text:
        parts = [_one(p) for p in text.split("; ")]
        if all(p is not None for p in parts):
            return "; ".join(p or "" for p in parts)
    whole = _one(text)
    if whole is not None:
        return whole
    # an action's reason, given by the user, follows in brackets
    m = re.fullmatch(r"(?P<inner>.+) \((?P<reason>[^()]*)\)", text, re.DOTALL)
    if m is not None:
        inner = _one(m.group("inner"))
        if inner is not None:
            return f"{inner} ({m.group('reason')})"
    return text
