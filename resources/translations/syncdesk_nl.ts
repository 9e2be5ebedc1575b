<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl">
<context>
    <name>Actions</name>
    <message>
        <source>insert</source>
        <extracomment>the words for the record log&apos;s actions, results and triggers (codes from the engine)</extracomment>
        <translation>invoegen</translation>
    </message>
    <message>
        <source>modify</source>
        <translation>wijzigen</translation>
    </message>
    <message>
        <source>restore</source>
        <translation>herstellen</translation>
    </message>
    <message>
        <source>delete</source>
        <translation>verwijderen</translation>
    </message>
    <message>
        <source>resolve</source>
        <translation>oplossen</translation>
    </message>
    <message>
        <source>conflict</source>
        <translation>conflict</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>verwijderd</translation>
    </message>
    <message>
        <source>couple</source>
        <translation>koppelen</translation>
    </message>
    <message>
        <source>uncouple</source>
        <translation>ontkoppelen</translation>
    </message>
    <message>
        <source>remove coupling</source>
        <translation>koppeling verwijderen</translation>
    </message>
    <message>
        <source>retry</source>
        <translation>opnieuw</translation>
    </message>
    <message>
        <source>fix in place</source>
        <translation>ter plekke herstellen</translation>
    </message>
    <message>
        <source>undo</source>
        <translation>ongedaan maken</translation>
    </message>
</context>
<context>
    <name>Changes</name>
    <message>
        <source>{field}: {before} → {after}</source>
        <translation>{field}: {before} → {after}</translation>
    </message>
    <message>
        <source>{field}: {left} ≠ {right} (was {base})</source>
        <translation>{field}: {left} ≠ {right} (was {base})</translation>
    </message>
</context>
<context>
    <name>ChangesModel</name>
    <message>
        <source>Field</source>
        <translation>Veld</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Oude waarde</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Nieuwe waarde</translation>
    </message>
    <message>
        <source>At last sync</source>
        <translation>Bij laatste synchronisatie</translation>
    </message>
</context>
<context>
    <name>ColumnChooser</name>
    <message>
        <source>Show All Columns</source>
        <translation>Alle kolommen tonen</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Kolommen</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Synchronize</source>
        <extracomment>values typed for fields: field -&gt; (the text, the value it reads as) why it cannot be applied (shown in the message bar), or what applying did Edit…&apos;s dialog while it is open</extracomment>
        <translation>Synchroniseren</translation>
    </message>
    <message>
        <source>Use All {app}</source>
        <translation>Alles van {app}</translation>
    </message>
    <message>
        <source>Keep the value in {app} of every field that differs ({keys})</source>
        <translation>De waarde in {app} behouden voor elk veld dat verschilt ({keys})</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Bewerken…</translation>
    </message>
    <message>
        <source>Type a value of your own for the selected field; both apps receive it (E, F2)</source>
        <translation>Typ een eigen waarde voor het geselecteerde veld; beide apps ontvangen die (E, F2)</translation>
    </message>
    <message>
        <source>Load A&amp;gain</source>
        <translation>&amp;Opnieuw laden</translation>
    </message>
    <message>
        <source>Read this conflict again from both apps (F5)</source>
        <translation>Dit conflict opnieuw uit beide apps lezen (F5)</translation>
    </message>
    <message>
        <source>Fields of the conflict</source>
        <translation>Velden van het conflict</translation>
    </message>
    <message>
        <source>{changed} changed since the last sync   ·   {conflict} changed in both apps: choose one   ·   ← → (or L R) keep a value of the selected field   ·   Alt+L Alt+R keep all of one app   ·   E (or F2) type a value of your own ({typed})</source>
        <translation>{changed} gewijzigd sinds de laatste synchronisatie   ·   {conflict} in beide apps gewijzigd: kies er één   ·   ← → (of L R) een waarde van het geselecteerde veld behouden   ·   Alt+L Alt+R alles van één app behouden   ·   E (of F2) een eigen waarde typen ({typed})</translation>
    </message>
    <message>
        <source>Preview — what each app will receive</source>
        <translation>Voorbeeld — wat elke app ontvangt</translation>
    </message>
    <message>
        <source>◀  &amp;Previous</source>
        <translation>◀  &amp;Vorige</translation>
    </message>
    <message>
        <source>The previous selected conflict (PageUp, Alt+P)</source>
        <translation>Het vorige geselecteerde conflict (PageUp, Alt+V)</translation>
    </message>
    <message>
        <source>&amp;Next  ▶</source>
        <translation>Vol&amp;gende  ▶</translation>
    </message>
    <message>
        <source>The next selected conflict (PageDown, Alt+N)</source>
        <translation>Het volgende geselecteerde conflict (PageDown, Alt+G)</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>&amp;Toepassen</translation>
    </message>
    <message>
        <source>Write the chosen values to both apps and close this conflict (Ctrl+Enter)</source>
        <translation>De gekozen waarden naar beide apps schrijven en dit conflict sluiten (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Sluiten</translation>
    </message>
    <message>
        <source>Close; what was applied stays applied (Esc)</source>
        <translation>Sluiten; wat is toegepast, blijft toegepast (Esc)</translation>
    </message>
    <message>
        <source>{index} of {count}</source>
        <translation>{index} van {count}</translation>
    </message>
    <message>
        <source>Conflict {position} — {mapping}</source>
        <translation>Conflict {position} — {mapping}</translation>
    </message>
    <message>
        <source>Synchronize — {mapping} {key}</source>
        <translation>Synchroniseren — {mapping} {key}</translation>
    </message>
    <message>
        <source>{title} ({position})</source>
        <translation>{title} ({position})</translation>
    </message>
    <message>
        <source>Reading the record from {left} and {right}…</source>
        <translation>De record wordt gelezen uit {left} en {right}…</translation>
    </message>
    <message>
        <source>This conflict cannot be shown.</source>
        <translation>Dit conflict kan niet worden weergegeven.</translation>
    </message>
    <message>
        <source>{field}: changed in both apps ({left}: {lv}, {right}: {rv})</source>
        <translation>{field}: in beide apps gewijzigd ({left}: {lv}, {right}: {rv})</translation>
    </message>
    <message>
        <source>{app} received</source>
        <translation>{app} heeft ontvangen</translation>
    </message>
    <message>
        <source>{app} would have received</source>
        <translation>{app} zou hebben ontvangen</translation>
    </message>
    <message>
        <source>{app} will receive</source>
        <translation>{app} ontvangt</translation>
    </message>
    <message>
        <source>{app}: no change</source>
        <translation>{app}: geen wijziging</translation>
    </message>
    <message>
        <source>{field}: {before} → {after}</source>
        <translation>{field}: {before} → {after}</translation>
    </message>
    <message>
        <source>{app} receives {field}: {before} → {after}</source>
        <translation>{app} ontvangt {field}: {before} → {after}</translation>
    </message>
    <message>
        <source>Applying…</source>
        <translation>Toepassen…</translation>
    </message>
    <message>
        <source>Closes when the apply has ended…</source>
        <translation>Sluit zodra het toepassen is beëindigd…</translation>
    </message>
    <message>
        <source>Writing the chosen values to both apps…</source>
        <translation>De gekozen waarden worden naar beide apps geschreven…</translation>
    </message>
    <message>
        <source>{first} and {last}</source>
        <translation>{first} en {last}</translation>
    </message>
    <message>
        <source>{mark} Choose a value for {fields} to apply: select the row and press ← for {left} or → for {right}, or click the value.</source>
        <translation>{mark} Kies een waarde voor {fields} om te kunnen toepassen: selecteer de rij en druk op ← voor {left} of → voor {right}, of klik op de waarde.</translation>
    </message>
    <message>
        <source>Both apps hold the same values now: Apply closes the conflict.</source>
        <translation>Beide apps bevatten nu dezelfde waarden: Toepassen sluit het conflict.</translation>
    </message>
    <message>
        <source>Apply writes the chosen values to both apps (Ctrl+Enter).</source>
        <translation>Toepassen schrijft de gekozen waarden naar beide apps (Ctrl+Enter).</translation>
    </message>
    <message>
        <source>This conflict cannot be shown: {reason}. Go on with the next one, or load it again (F5).</source>
        <translation>Dit conflict kan niet worden weergegeven: {reason}. Ga verder met het volgende of laad het opnieuw (F5).</translation>
    </message>
    <message>
        <source>At last sync:</source>
        <translation>Bij laatste synchronisatie:</translation>
    </message>
    <message>
        <source>{app}:</source>
        <translation>{app}:</translation>
    </message>
    <message>
        <source>Resolved: the chosen values were written to both apps.</source>
        <translation>Opgelost: de gekozen waarden zijn naar beide apps geschreven.</translation>
    </message>
    <message>
        <source>Could not apply: {reason}. Go on with the next one, or load it again (F5).</source>
        <translation>Kan niet worden toegepast: {reason}. Ga verder met het volgende of laad het opnieuw (F5).</translation>
    </message>
    <message>
        <source>nothing was done</source>
        <translation>er is niets gedaan</translation>
    </message>
    <message>
        <source>Could not apply: {reason}. Go on with the next one, or load it again (F5) to see it as it is now.</source>
        <translation>Kan niet worden toegepast: {reason}. Ga verder met het volgende of laad het opnieuw (F5) om het te zien zoals het nu is.</translation>
    </message>
    <message>
        <source>Nothing was written: {fields} changed in an app after the preview was shown. The new values are shown; look again and apply.</source>
        <translation>Er is niets geschreven: {fields} is in een app gewijzigd nadat het voorbeeld werd getoond. De nieuwe waarden staan er nu; bekijk ze opnieuw en pas toe.</translation>
    </message>
    <message numerus="yes">
        <source>Close and lose the values chosen for %Ln conflict(s)?</source>
        <translation>
            <numerusform>Sluiten en de gekozen waarden voor %Ln conflict verliezen?</numerusform>
            <numerusform>Sluiten en de gekozen waarden voor %Ln conflicten verliezen?</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing is written for them. Cancel goes back to the choices.</source>
        <translation>Er wordt niets voor geschreven. Annuleren brengt u terug naar de keuzes.</translation>
    </message>
    <message>
        <source>Close Without Applying</source>
        <translation>Sluiten zonder toepassen</translation>
    </message>
</context>
<context>
    <name>ConflictFieldsModel</name>
    <message>
        <source>Left</source>
        <extracomment>marks a cell changed on its side since the last sync (colour is never the only cue) marks a field changed in both apps to different values: a person must choose marks a value typed by the person (both apps receive it) values typed by the person: field -&gt; (the text, the value it reads as)</extracomment>
        <translation>Links</translation>
    </message>
    <message>
        <source>Right</source>
        <translation>Rechts</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Veld</translation>
    </message>
    <message>
        <source>At last sync</source>
        <translation>Bij laatste synchronisatie</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Behouden</translation>
    </message>
    <message>
        <source>The mapped field</source>
        <translation>Het toegewezen veld</translation>
    </message>
    <message>
        <source>What both apps held after the last good sync</source>
        <translation>Wat beide apps bevatten na de laatste geslaagde synchronisatie</translation>
    </message>
    <message>
        <source>The value in {app} now</source>
        <translation>De huidige waarde in {app}</translation>
    </message>
    <message>
        <source>Whose value both apps hold after Apply</source>
        <translation>Welke waarde beide apps na Toepassen bevatten</translation>
    </message>
    <message>
        <source>Both apps receive the value typed: {value}</source>
        <translation>Beide apps ontvangen de getypte waarde: {value}</translation>
    </message>
    <message>
        <source>same</source>
        <translation>gelijk</translation>
    </message>
    <message>
        <source>choose ← or →</source>
        <translation>kies ← of →</translation>
    </message>
    <message>
        <source>as they are</source>
        <translation>zoals ze zijn</translation>
    </message>
    <message>
        <source>Flows one way only, from {source} to {target}</source>
        <translation>Loopt maar in één richting, van {source} naar {target}</translation>
    </message>
    <message>
        <source>Changed in both apps to different values: choose one</source>
        <translation>In beide apps gewijzigd naar verschillende waarden: kies er een</translation>
    </message>
    <message>
        <source>After the last sync both apps held: {value}</source>
        <translation>Na de laatste synchronisatie bevatten beide apps: {value}</translation>
    </message>
    <message>
        <source>Changed in {app} since the last sync (was {value})</source>
        <translation>Gewijzigd in {app} sinds de laatste synchronisatie (was {value})</translation>
    </message>
    <message>
        <source>Unchanged in {app} since the last sync</source>
        <translation>Ongewijzigd in {app} sinds de laatste synchronisatie</translation>
    </message>
    <message>
        <source>{value}
{change}; both apps agree</source>
        <translation>{value}
{change}; beide apps komen overeen</translation>
    </message>
    <message>
        <source>This field never flows to {app}: keeping it leaves both as they are</source>
        <translation>Dit veld loopt nooit naar {app}: deze waarde behouden laat beide apps ongewijzigd</translation>
    </message>
    <message>
        <source>Both apps hold the same value: nothing to choose</source>
        <translation>Beide apps bevatten dezelfde waarde: er valt niets te kiezen</translation>
    </message>
    <message>
        <source>Choose which value both apps keep: select the row and press ← or →</source>
        <translation>Kies welke waarde beide apps behouden: selecteer de rij en druk op ← of →</translation>
    </message>
    <message>
        <source>The value in {app} cannot flow: both apps keep what they hold</source>
        <translation>De waarde in {app} kan niet worden overgenomen: beide apps behouden wat ze bevatten</translation>
    </message>
    <message>
        <source>Both apps keep the value in {app}</source>
        <translation>Beide apps behouden de waarde in {app}</translation>
    </message>
</context>
<context>
    <name>CoupleDialog</name>
    <message>
        <source>Couple {app} {mapping} {key}</source>
        <translation>{app} {mapping} {key} koppelen</translation>
    </message>
    <message>
        <source>Couple &lt;b&gt;{key}&lt;/b&gt; in {app} to a record in {other}. The next sync copies {prefer}&apos;s values where they differ.</source>
        <translation>Koppel &lt;b&gt;{key}&lt;/b&gt; in {app} aan een record in {other}. De volgende synchronisatie kopieert de waarden van {prefer} waar ze verschillen.</translation>
    </message>
    <message>
        <source>Search the records of the other app</source>
        <translation>Zoeken in de records van de andere app</translation>
    </message>
    <message>
        <source>Search {app} by key or any mapped field…</source>
        <translation>Zoeken in {app} op sleutel of een toegewezen veld…</translation>
    </message>
    <message>
        <source>Records of the other app</source>
        <translation>Records van de andere app</translation>
    </message>
    <message>
        <source>Couple</source>
        <translation>Koppelen</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>Bezig met lezen…</translation>
    </message>
    <message>
        <source>Find records to couple</source>
        <translation>Records zoeken om te koppelen</translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s) in {app} hold “{text}”</source>
        <translation>
            <numerusform>%Ln record in {app} bevat “{text}”</numerusform>
            <numerusform>%Ln records in {app} bevatten “{text}”</numerusform>
        </translation>
    </message>
    <message>
        <source>Matches</source>
        <translation>Overeenkomst</translation>
    </message>
    <message>
        <source>{matched} of {total}</source>
        <translation>{matched} van {total}</translation>
    </message>
    <message>
        <source>Suggestions: uncoupled records in {app} whose {fields} match, best first</source>
        <translation>Suggesties: niet-gekoppelde records in {app} die overeenkomen op {fields}, beste eerst</translation>
    </message>
    <message>
        <source>No uncoupled record in {app} matches by {fields}; search for one above</source>
        <translation>Geen niet-gekoppelde record in {app} komt overeen op {fields}; zoek hierboven naar een record</translation>
    </message>
</context>
<context>
    <name>Directions</name>
    <message>
        <source>→ {app}</source>
        <translation>→ {app}</translation>
    </message>
</context>
<context>
    <name>EmptyPage</name>
    <message>
        <source>No workspace open</source>
        <translation>Geen werkruimte geopend</translation>
    </message>
    <message>
        <source>Open a workspace file (&lt;i&gt;syncdesk.toml&lt;/i&gt;) to see the status of its synchronization jobs and resolve its sync errors,&lt;br&gt;or look around in a demo workspace first.</source>
        <translation>Open een werkruimtebestand (&lt;i&gt;syncdesk.toml&lt;/i&gt;) om de status van de synchronisatietaken te zien en de synchronisatiefouten op te lossen,&lt;br&gt;of kijk eerst rond in een demowerkruimte.</translation>
    </message>
    <message>
        <source>Open Workspace…</source>
        <translation>Werkruimte openen…</translation>
    </message>
    <message>
        <source>Open Demo Workspace</source>
        <translation>Demowerkruimte openen</translation>
    </message>
</context>
<context>
    <name>EngineMessages</name>
    <message>
        <source>{field}: both changed ({left}: {lv}, {right}: {rv})</source>
        <extracomment>the engine&apos;s phrasings, most specific first; ``{message}`` parts are translated in turn</extracomment>
        <translation>{field}: in beide gewijzigd ({left}: {lv}, {right}: {rv})</translation>
    </message>
    <message>
        <source>{mapping} {key} was deleted in {app}</source>
        <translation>{mapping} {key} is verwijderd in {app}</translation>
    </message>
    <message>
        <source>deleted in both apps</source>
        <translation>verwijderd in beide apps</translation>
    </message>
    <message>
        <source>deleted in {app}; coupling removed</source>
        <translation>verwijderd in {app}; koppeling verwijderd</translation>
    </message>
    <message>
        <source>matched by {fields}</source>
        <translation>gekoppeld op {fields}</translation>
    </message>
    <message>
        <source>{app} refused the write: {detail}</source>
        <translation>{app} weigerde de wijziging: {detail}</translation>
    </message>
    <message>
        <source>changed in {app} meanwhile; picked up next time</source>
        <translation>intussen gewijzigd in {app}; volgende keer meegenomen</translation>
    </message>
    <message>
        <source>changed in {app} meanwhile; not deleted</source>
        <translation>intussen gewijzigd in {app}; niet verwijderd</translation>
    </message>
    <message>
        <source>interrupted (the process stopped); the next job finished its work</source>
        <translation>onderbroken (het proces stopte); de volgende taak heeft het werk afgemaakt</translation>
    </message>
    <message>
        <source>{field}: {parent} record {key} does not exist in {app}</source>
        <translation>{field}: {parent}-record {key} bestaat niet in {app}</translation>
    </message>
    <message>
        <source>{field}: waits for {parent} {key} to be coupled</source>
        <translation>{field}: wacht tot {parent} {key} gekoppeld is</translation>
    </message>
    <message>
        <source>{field}: {parent} record {key} was deleted in {app}</source>
        <translation>{field}: {parent}-record {key} is verwijderd in {app}</translation>
    </message>
    <message>
        <source>{field}: {parent} {key} is excluded from the sync (its coupling was removed); couple it again or change this record</source>
        <translation>{field}: {parent} {key} is uitgesloten van de synchronisatie (de koppeling is verwijderd); koppel het opnieuw of wijzig dit record</translation>
    </message>
    <message>
        <source>{field}: {parent} {key} is not coupled: it has an open sync error of its own</source>
        <translation>{field}: {parent} {key} is niet gekoppeld: het heeft zelf een openstaande synchronisatiefout</translation>
    </message>
    <message>
        <source>{field}: {parent} {key} is not coupled to a record in {app}</source>
        <translation>{field}: {parent} {key} is niet gekoppeld aan een record in {app}</translation>
    </message>
    <message>
        <source>{mapping} {key} was deleted in {app} (its key now names another record)</source>
        <translation>{mapping} {key} is verwijderd in {app} (de sleutel hoort nu bij een ander record)</translation>
    </message>
    <message>
        <source>ambiguous match on {fields} {value}: {found} match; couple by hand or make the values unique</source>
        <translation>dubbelzinnige overeenkomst op {fields} {value}: {found} komen overeen; koppel met de hand of maak de waarden uniek</translation>
    </message>
    <message>
        <source>a record in {table} has no key ({column} is empty)</source>
        <translation>een record in {table} heeft geen sleutel ({column} is leeg)</translation>
    </message>
    <message>
        <source>a record in {table} has key {key}, which is not a whole number as the key column {column} holds</source>
        <translation>een record in {table} heeft sleutel {key}, die geen geheel getal is zoals de sleutelkolom {column} bevat</translation>
    </message>
    <message>
        <source>several records in {table} have key {key}: they cannot be told apart; give each its own key</source>
        <translation>meerdere records in {table} hebben sleutel {key}: ze zijn niet van elkaar te onderscheiden; geef elk een eigen sleutel</translation>
    </message>
    <message>
        <source>a record in {table} has key {key}, which holds a NUL character: SyncDesk cannot keep such a key (PostgreSQL text cannot hold one); change it in the app</source>
        <translation>een record in {table} heeft sleutel {key}, die een NUL-teken bevat: SyncDesk kan zo’n sleutel niet bewaren (PostgreSQL-tekst kan er geen bevatten); wijzig hem in de app</translation>
    </message>
    <message>
        <source>a record in {table} has key {key}, which is not valid UTF-8 text (its bad bytes shown as {mark}): SyncDesk cannot keep such a key; change it in the app</source>
        <translation>een record in {table} heeft sleutel {key}, die geen geldige UTF-8-tekst is (de foute bytes getoond als {mark}): SyncDesk kan zo’n sleutel niet bewaren; wijzig hem in de app</translation>
    </message>
    <message>
        <source>{field}: the value in {app} is not valid UTF-8 text ({value}, its bad bytes shown as {mark}); correct it there</source>
        <translation>{field}: de waarde in {app} is geen geldige UTF-8-tekst ({value}, de foute bytes getoond als {mark}); verbeter ze daar</translation>
    </message>
    <message>
        <source>{app} gave the new record key {key}, which still names a coupled or excluded record; nothing inserted</source>
        <translation>{app} gaf het nieuwe record sleutel {key}, die nog bij een gekoppeld of uitgesloten record hoort; niets ingevoegd</translation>
    </message>
    <message>
        <source>{app} has {count} records with key {key}: they cannot be told apart</source>
        <translation>{app} heeft {count} records met sleutel {key}: ze zijn niet van elkaar te onderscheiden</translation>
    </message>
    <message>
        <source>{app} refused the writes: {detail}</source>
        <translation>{app} weigerde de schrijfacties: {detail}</translation>
    </message>
    <message>
        <source>finished after an interruption</source>
        <translation>afgemaakt na een onderbreking</translation>
    </message>
    <message>
        <source>key fixed</source>
        <translation>sleutel hersteld</translation>
    </message>
    <message>
        <source>sync error {id} is open; it waits for a person</source>
        <translation>synchronisatiefout {id} staat open; ze wacht op iemand</translation>
    </message>
    <message>
        <source>sync error {id} was refused twice; it waits for Retry</source>
        <translation>synchronisatiefout {id} werd twee keer geweigerd; ze wacht op Opnieuw</translation>
    </message>
    <message>
        <source>excluded by Remove Coupling; couple it again to sync it</source>
        <translation>uitgesloten door Koppeling verwijderen; koppel het opnieuw om het te synchroniseren</translation>
    </message>
    <message>
        <source>{user} asked to retry</source>
        <translation>{user} vroeg om opnieuw te proberen</translation>
    </message>
    <message>
        <source>included in the next job</source>
        <translation>opgenomen in de volgende taak</translation>
    </message>
    <message>
        <source>coupling removed by {user}</source>
        <translation>koppeling verwijderd door {user}</translation>
    </message>
    <message>
        <source>uncoupled and excluded: neither record syncs again until coupled</source>
        <translation>ontkoppeld en uitgesloten: geen van beide records synchroniseert nog tot ze opnieuw gekoppeld zijn</translation>
    </message>
    <message>
        <source>coupled by {user}; the next sync copies {side} values</source>
        <translation>gekoppeld door {user}; de volgende synchronisatie kopieert de waarden van {side}</translation>
    </message>
    <message>
        <source>uncoupled by {user}; both records excluded until coupled again</source>
        <translation>ontkoppeld door {user}; beide records uitgesloten tot ze opnieuw gekoppeld zijn</translation>
    </message>
    <message>
        <source>uncoupled by {user}</source>
        <translation>ontkoppeld door {user}</translation>
    </message>
    <message>
        <source>copy {source} values to {target}</source>
        <translation>waarden van {source} naar {target} kopiëren</translation>
    </message>
    <message>
        <source>{action} by {user}</source>
        <translation>{action} door {user}</translation>
    </message>
    <message>
        <source>the records are no longer coupled</source>
        <translation>de records zijn niet meer gekoppeld</translation>
    </message>
    <message>
        <source>the record was deleted in {app} meanwhile</source>
        <translation>de record is intussen verwijderd in {app}</translation>
    </message>
    <message>
        <source>the record is gone in {app} too</source>
        <translation>de record is ook in {app} verdwenen</translation>
    </message>
    <message>
        <source>the record exists again in {app}; use Retry</source>
        <translation>de record bestaat opnieuw in {app}; gebruik Opnieuw</translation>
    </message>
    <message>
        <source>a looked-up record is not coupled</source>
        <translation>een opgezochte record is niet gekoppeld</translation>
    </message>
    <message>
        <source>cancelled by the user</source>
        <translation>geannuleerd door de gebruiker</translation>
    </message>
    <message>
        <source>{message} (the next job tries again)</source>
        <translation>{message} (de volgende taak probeert het opnieuw)</translation>
    </message>
    <message>
        <source>stopped by {what}: {detail}</source>
        <translation>gestopt door {what}: {detail}</translation>
    </message>
    <message>
        <source>stopped: {message}</source>
        <translation>gestopt: {message}</translation>
    </message>
    <message>
        <source>another job is running on this workspace; try again later</source>
        <translation>er loopt al een taak in deze werkruimte; probeer het later opnieuw</translation>
    </message>
    <message>
        <source>{mapping} is running on {runner} already; try again when it ends</source>
        <translation>{mapping} loopt al op {runner}; probeer het opnieuw wanneer dat klaar is</translation>
    </message>
    <message>
        <source>sync error {id} was already resolved ({how}); nothing done</source>
        <translation>synchronisatiefout {id} was al opgelost ({how}); niets gedaan</translation>
    </message>
    <message>
        <source>sync error {id} was changed by someone else a moment ago; look again</source>
        <translation>synchronisatiefout {id} is zojuist door iemand anders gewijzigd; bekijk ze opnieuw</translation>
    </message>
    <message>
        <source>there is no sync error {id}</source>
        <translation>synchronisatiefout {id} bestaat niet</translation>
    </message>
    <message>
        <source>sync error {id} is not an open conflict</source>
        <translation>synchronisatiefout {id} is geen open conflict</translation>
    </message>
    <message>
        <source>the records of sync error {id} are no longer coupled</source>
        <translation>de records van synchronisatiefout {id} zijn niet meer gekoppeld</translation>
    </message>
    <message>
        <source>the record was deleted in {app}; resolve it in Sync Errors</source>
        <translation>de record is verwijderd in {app}; los dit op bij Synchronisatiefouten</translation>
    </message>
    <message>
        <source>{mapping} {left} and {right} are already coupled</source>
        <translation>{mapping} {left} en {right} zijn al gekoppeld</translation>
    </message>
    <message>
        <source>{app} {mapping} {key} is already coupled to {partner}; uncouple it first</source>
        <translation>{app} {mapping} {key} is al gekoppeld aan {partner}; ontkoppel die eerst</translation>
    </message>
    <message>
        <source>{mapping} {left} and {right} are not coupled</source>
        <translation>{mapping} {left} en {right} zijn niet gekoppeld</translation>
    </message>
    <message>
        <source>{app} {mapping} {key} is not coupled; couple it first</source>
        <translation>{app} {mapping} {key} is niet gekoppeld; koppel die eerst</translation>
    </message>
    <message>
        <source>{app} has no {mapping} record {key}</source>
        <translation>{app} heeft geen {mapping}-record {key}</translation>
    </message>
    <message>
        <source>{count} of {total} coupled records went missing in {app} at once: none deleted in {other}, each is a sync error to decide</source>
        <translation>{count} van {total} gekoppelde records verdwenen tegelijk uit {app}: geen ervan verwijderd in {other}, elk is een synchronisatiefout om over te beslissen</translation>
    </message>
    <message>
        <source>{path}: mapping {new} has no couplings, but the records of its tables are coupled under {old}, a mapping the workspace no longer has (renamed?): a job would create each of them again in the other app. Carry them over with: {command} (or --forget {gone}, if it synced other records)</source>
        <translation>{path}: toewijzing {new} heeft geen koppelingen, maar de records van haar tabellen zijn gekoppeld onder {old}, een toewijzing die de werkruimte niet meer heeft (hernoemd?): een taak zou elk ervan opnieuw aanmaken in de andere app. Neem ze over met: {command} (of --forget {gone}, als die andere records synchroniseerde)</translation>
    </message>
    <message>
        <source>mapping {mapping} does not sync to {app}</source>
        <translation>toewijzing {mapping} synchroniseert niet naar {app}</translation>
    </message>
    <message>
        <source>a choice per field applies to one conflict at a time</source>
        <translation>een keuze per veld geldt voor één conflict tegelijk</translation>
    </message>
    <message>
        <source>not a database file (corrupt, or another kind of file)</source>
        <translation>geen databasebestand (beschadigd, of een ander soort bestand)</translation>
    </message>
    <message>
        <source>{app} would refuse the write: {message}</source>
        <translation>{app} zou de wijziging weigeren: {message}</translation>
    </message>
    <message>
        <source>{app} {column} takes at most {limit} characters; the value has {count}</source>
        <translation>{app} {column} neemt hoogstens {limit} tekens; de waarde heeft er {count}</translation>
    </message>
    <message>
        <source>{app} {column} must have a value</source>
        <translation>{app} {column} moet een waarde hebben</translation>
    </message>
    <message>
        <source>{app} field {column}: {message}</source>
        <translation>{app} veld {column}: {message}</translation>
    </message>
    <message>
        <source>{value} is not a whole number</source>
        <translation>{value} is geen geheel getal</translation>
    </message>
    <message>
        <source>{value} is not a number</source>
        <translation>{value} is geen getal</translation>
    </message>
    <message>
        <source>{value} is not a date and time</source>
        <translation>{value} is geen datum en tijd</translation>
    </message>
    <message>
        <source>{value} is not a date</source>
        <translation>{value} is geen datum</translation>
    </message>
    <message>
        <source>{value} is not true or false</source>
        <translation>{value} is niet waar of onwaar</translation>
    </message>
    <message>
        <source>{message}: nothing written</source>
        <translation>{message}: niets geschreven</translation>
    </message>
    <message>
        <source>look at the record again</source>
        <translation>bekijk de record opnieuw</translation>
    </message>
    <message>
        <source>nothing written, look again</source>
        <translation>niets geschreven, bekijk het opnieuw</translation>
    </message>
    <message>
        <source>{field} changed since it was shown (now {left} and {right})</source>
        <translation>{field} is gewijzigd sinds het werd getoond (nu {left} en {right})</translation>
    </message>
    <message>
        <source>fixed by {user}</source>
        <translation>hersteld door {user}</translation>
    </message>
    <message>
        <source>sync error {id} is a {kind}: fix in place mends a value an app refused (a failed error)</source>
        <translation>synchronisatiefout {id} is een {kind}: ter plekke herstellen verbetert een waarde die een app weigerde (een mislukte fout)</translation>
    </message>
    <message>
        <source>{app} has no {mapping} record {key} any more</source>
        <translation>{app} heeft geen {mapping}-record {key} meer</translation>
    </message>
    <message>
        <source>undo of log entry {id} by {user}</source>
        <translation>logboekregel {id} ongedaan gemaakt door {user}</translation>
    </message>
    <message>
        <source>undo of log entry {id}: {app} changed {fields} since; nothing was written, choose a version</source>
        <translation>logboekregel {id} ongedaan maken: {app} heeft {fields} intussen gewijzigd; er is niets geschreven, kies een versie</translation>
    </message>
    <message>
        <source>{app} holds what it held before again ({values})</source>
        <translation>{app} bevat weer wat het eerder bevatte ({values})</translation>
    </message>
    <message>
        <source>the record was deleted in {app} again</source>
        <translation>de record is opnieuw verwijderd in {app}</translation>
    </message>
    <message>
        <source>the pair waits for a person again</source>
        <translation>het paar wacht weer op een persoon</translation>
    </message>
    <message>
        <source>{source}&apos;s record is excluded from the sync</source>
        <translation>de record in {source} is uitgesloten van de synchronisatie</translation>
    </message>
    <message>
        <source>the record was made again in {app} ({key}) and coupled</source>
        <translation>de record is opnieuw gemaakt in {app} ({key}) en gekoppeld</translation>
    </message>
    <message>
        <source>coupled again</source>
        <translation>opnieuw gekoppeld</translation>
    </message>
    <message>
        <source>uncoupled</source>
        <translation>ontkoppeld</translation>
    </message>
    <message>
        <source>there is no record log entry {id}</source>
        <translation>er is geen logboekregel {id}</translation>
    </message>
    <message>
        <source>log entry {id} was undone already (log entry {other})</source>
        <translation>logboekregel {id} is al ongedaan gemaakt (logboekregel {other})</translation>
    </message>
    <message>
        <source>log entry {id} wrote nothing ({result}): there is nothing to undo</source>
        <translation>logboekregel {id} schreef niets ({result}): er is niets ongedaan te maken</translation>
    </message>
    <message>
        <source>log entry {id} ({action}) wrote nothing that can be taken back</source>
        <translation>logboekregel {id} ({action}) schreef niets dat kan worden teruggedraaid</translation>
    </message>
    <message>
        <source>log entry {id} does not keep the values an undo needs</source>
        <translation>logboekregel {id} bewaart niet de waarden die nodig zijn om ongedaan te maken</translation>
    </message>
    <message>
        <source>the record log entry {id} inserted is gone from {app} already</source>
        <translation>de record die logboekregel {id} invoegde, is al weg uit {app}</translation>
    </message>
    <message>
        <source>{app} {mapping} {key} is coupled again already</source>
        <translation>{app} {mapping} {key} is al opnieuw gekoppeld</translation>
    </message>
    <message>
        <source>log entry {id} belongs to mapping {mapping}, which the workspace no longer has</source>
        <translation>logboekregel {id} hoort bij toewijzing {mapping}, die de werkruimte niet meer heeft</translation>
    </message>
    <message>
        <source>cannot open the database file (missing folder or no permission)</source>
        <translation>kan het databasebestand niet openen (map ontbreekt of geen toegang)</translation>
    </message>
    <message>
        <source>retry</source>
        <extracomment>the engine&apos;s action and resolution codes as they read in a message (&quot;restore by ann&quot;); English keeps the codes, other languages say them in words</extracomment>
        <translation>opnieuw</translation>
    </message>
    <message>
        <source>remove-coupling</source>
        <translation>koppeling verwijderen</translation>
    </message>
    <message>
        <source>use-left</source>
        <translation>linkse versie gebruiken</translation>
    </message>
    <message>
        <source>use-right</source>
        <translation>rechtse versie gebruiken</translation>
    </message>
    <message>
        <source>choose</source>
        <translation>keuze per veld</translation>
    </message>
    <message>
        <source>restore</source>
        <translation>herstellen</translation>
    </message>
    <message>
        <source>delete</source>
        <translation>verwijderen</translation>
    </message>
    <message>
        <source>couple</source>
        <translation>koppelen</translation>
    </message>
    <message>
        <source>uncouple</source>
        <translation>ontkoppelen</translation>
    </message>
</context>
<context>
    <name>ErrorCommands</name>
    <message>
        <source>{tip} ({keys})</source>
        <extracomment>at most this many records are named one by one in a question at most this many records are named with why an action could not do them</extracomment>
        <translation>{tip} ({keys})</translation>
    </message>
    <message>
        <source>Synchronize &amp;Now</source>
        <translation>&amp;Nu synchroniseren</translation>
    </message>
    <message>
        <source>Synchronize the records of the selected sync errors now</source>
        <translation>De records van de geselecteerde synchronisatiefouten nu synchroniseren</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Opnieuw</translation>
    </message>
    <message>
        <source>Include the selected records in the next job again</source>
        <translation>De geselecteerde records opnieuw opnemen in de volgende taak</translation>
    </message>
    <message>
        <source>Use &amp;Left Version</source>
        <translation>&amp;Linkerversie gebruiken</translation>
    </message>
    <message>
        <source>Resolve the selected conflicts with the left app&apos;s values, in both apps</source>
        <translation>De geselecteerde conflicten oplossen met de waarden uit de linkerapp, in beide apps</translation>
    </message>
    <message>
        <source>Use R&amp;ight Version</source>
        <translation>&amp;Rechterversie gebruiken</translation>
    </message>
    <message>
        <source>Resolve the selected conflicts with the right app&apos;s values, in both apps</source>
        <translation>De geselecteerde conflicten oplossen met de waarden uit de rechterapp, in beide apps</translation>
    </message>
    <message>
        <source>Re&amp;store Records</source>
        <translation>Records &amp;herstellen</translation>
    </message>
    <message>
        <source>Re-create the selected deleted records from the other app and couple them</source>
        <translation>De geselecteerde verwijderde records opnieuw aanmaken vanuit de andere app en ze koppelen</translation>
    </message>
    <message>
        <source>&amp;Delete Records…</source>
        <translation>Records verwij&amp;deren…</translation>
    </message>
    <message>
        <source>Delete the selected records in the app where they still exist, and uncouple</source>
        <translation>De geselecteerde records verwijderen in de app waar ze nog bestaan, en ontkoppelen</translation>
    </message>
    <message>
        <source>Remove &amp;Coupling…</source>
        <translation>&amp;Koppeling verwijderen…</translation>
    </message>
    <message>
        <source>Uncouple the selected records; neither syncs again until coupled again</source>
        <translation>De geselecteerde records ontkoppelen; geen van beide wordt nog gesynchroniseerd tot ze opnieuw gekoppeld zijn</translation>
    </message>
    <message>
        <source>Retry N&amp;ow</source>
        <translation>&amp;Nu opnieuw</translation>
    </message>
    <message>
        <source>Retry the selected records now: a job for each, and what it did</source>
        <translation>De geselecteerde records nu opnieuw proberen: een taak per record, en wat die deed</translation>
    </message>
    <message>
        <source>S&amp;ynchronize…</source>
        <translation>&amp;Synchroniseren…</translation>
    </message>
    <message>
        <source>Compare the selected conflicts side by side and choose a value per field, or mend the value an app refused (one failed error)</source>
        <translation>Vergelijk de geselecteerde conflicten naast elkaar en kies een waarde per veld, of herstel de waarde die een app weigerde (één mislukte fout)</translation>
    </message>
    <message>
        <source>&amp;Export Errors to CSV…</source>
        <translation>Fouten &amp;exporteren naar CSV…</translation>
    </message>
    <message>
        <source>Write every sync error matching the filter to a CSV file (opens in Excel)</source>
        <translation>Elke synchronisatiefout die aan het filter voldoet naar een CSV-bestand schrijven (opent in Excel)</translation>
    </message>
    <message>
        <source>Apply to &amp;All Matching Errors</source>
        <translation>Toepassen op &amp;alle overeenkomende fouten</translation>
    </message>
    <message>
        <source>Let the next action apply to every sync error matching the filter, not only the selected ones</source>
        <translation>De volgende actie laten gelden voor elke synchronisatiefout die aan het filter voldoet, niet alleen voor de geselecteerde</translation>
    </message>
    <message>
        <source>Apply the next action to every sync error matching the filter (Ctrl+Shift+A)</source>
        <translation>De volgende actie toepassen op elke synchronisatiefout die aan het filter voldoet (Ctrl+Shift+A)</translation>
    </message>
    <message>
        <source>Record &amp;Log</source>
        <translation>&amp;Synchronisatielogboek</translation>
    </message>
    <message>
        <source>Show or hide the record log panel (Ctrl+L)</source>
        <translation>Het deelvenster met het synchronisatielogboek tonen of verbergen (Ctrl+L)</translation>
    </message>
</context>
<context>
    <name>ErrorDialogs</name>
    <message numerus="yes">
        <source>Synchronize: %Ln conflict(s) resolved</source>
        <translation>
            <numerusform>Synchroniseren: %Ln conflict opgelost</numerusform>
            <numerusform>Synchroniseren: %Ln conflicten opgelost</numerusform>
        </translation>
    </message>
    <message>
        <source>Fix in place: {mapping} {key} resolved</source>
        <translation>Ter plekke herstellen: {mapping} {key} opgelost</translation>
    </message>
</context>
<context>
    <name>ErrorExport</name>
    <message>
        <source>{name} sync errors.csv</source>
        <translation>{name} synchronisatiefouten.csv</translation>
    </message>
    <message>
        <source>Export Sync Errors</source>
        <translation>Synchronisatiefouten exporteren</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV-bestanden (*.csv);;Alle bestanden (*)</translation>
    </message>
    <message>
        <source>Exporting sync errors to {file}…</source>
        <translation>Synchronisatiefouten exporteren naar {file}…</translation>
    </message>
    <message>
        <source>Export sync errors</source>
        <translation>Synchronisatiefouten exporteren</translation>
    </message>
    <message>
        <source>Exporting sync errors to {file}… {done} of {total}</source>
        <translation>Synchronisatiefouten exporteren naar {file}… {done} van {total}</translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln sync error(s) to {path}</source>
        <translation>
            <numerusform>%Ln synchronisatiefout geëxporteerd naar {path}</numerusform>
            <numerusform>%Ln synchronisatiefouten geëxporteerd naar {path}</numerusform>
        </translation>
    </message>
    <message>
        <source>Export: nothing written</source>
        <translation>Exporteren: niets geschreven</translation>
    </message>
    <message>
        <source>The sync errors could not be exported to {file}.</source>
        <translation>De synchronisatiefouten konden niet naar {file} worden geëxporteerd.</translation>
    </message>
</context>
<context>
    <name>ErrorQuestions</name>
    <message>
        <source>mapping {names}</source>
        <translation>toewijzing {names}</translation>
    </message>
    <message>
        <source>“{text}”</source>
        <translation>“{text}”</translation>
    </message>
    <message>
        <source>These are all the open sync errors (no filter is set).</source>
        <translation>Dit zijn alle openstaande synchronisatiefouten (er is geen filter ingesteld).</translation>
    </message>
    <message>
        <source>These are the open sync errors matching the filter: {filter}.</source>
        <translation>Dit zijn de openstaande synchronisatiefouten die aan het filter voldoen: {filter}.</translation>
    </message>
    <message>
        <source>Delete {left} and {right}, and uncouple them?</source>
        <translation>{left} en {right} verwijderen en ontkoppelen?</translation>
    </message>
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
            <numerusform>%Ln record in {app} verwijderen en ontkoppelen?</numerusform>
            <numerusform>%Ln records in {app} verwijderen en ontkoppelen?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>These records were deleted in the other app; deleting here makes both apps agree. SyncDesk cannot undo a delete.</source>
        <translation>
            <numerusform>Deze record is in de andere app verwijderd; door hem ook hier te verwijderen komen beide apps overeen. SyncDesk kan een verwijdering niet ongedaan maken.</numerusform>
            <numerusform>Deze records zijn in de andere app verwijderd; door ze ook hier te verwijderen komen beide apps overeen. SyncDesk kan een verwijdering niet ongedaan maken.</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete Records</source>
        <translation>Records verwijderen</translation>
    </message>
    <message>
        <source>{lead} {effect}</source>
        <translation>{lead} {effect}</translation>
    </message>
    <message>
        <source>Remove the coupling of {record}?</source>
        <translation>De koppeling van {record} verwijderen?</translation>
    </message>
    <message numerus="yes">
        <source>Remove the coupling of %Ln record pair(s)?</source>
        <translation>
            <numerusform>De koppeling van %Ln recordpaar verwijderen?</numerusform>
            <numerusform>De koppeling van %Ln recordparen verwijderen?</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove Coupling</source>
        <translation>Koppeling verwijderen</translation>
    </message>
    <message>
        <source>Nothing is deleted.</source>
        <translation>Er wordt niets verwijderd.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln pair(s) stay in {left} and {right}, uncoupled: they no longer synchronize, and are not created again on the other side.</source>
        <translation>
            <numerusform>%Ln paar blijft in {left} en {right}, ontkoppeld: het wordt niet meer gesynchroniseerd en niet opnieuw aan de andere kant aangemaakt.</numerusform>
            <numerusform>%Ln paren blijven in {left} en {right}, ontkoppeld: ze worden niet meer gesynchroniseerd en niet opnieuw aan de andere kant aangemaakt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s) already deleted in {gone}: the one in {kept} stays there and is not created again in {gone}.</source>
        <translation>
            <numerusform>%Ln record is al verwijderd in {gone}: dat in {kept} blijft daar en wordt niet opnieuw aangemaakt in {gone}.</numerusform>
            <numerusform>%Ln records zijn al verwijderd in {gone}: die in {kept} blijven daar en worden niet opnieuw aangemaakt in {gone}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln failed write(s): their records stay where they are and are not tried again.</source>
        <translation>
            <numerusform>%Ln mislukte schrijfbewerking: het record blijft waar het is en wordt niet opnieuw geprobeerd.</numerusform>
            <numerusform>%Ln mislukte schrijfbewerkingen: de records blijven waar ze zijn en worden niet opnieuw geprobeerd.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s) that never reached {other} stay in {app} only, and are not created in {other}.</source>
        <translation>
            <numerusform>%Ln record dat {other} nooit bereikte, blijft alleen in {app} en wordt niet aangemaakt in {other}.</numerusform>
            <numerusform>%Ln records die {other} nooit bereikten, blijven alleen in {app} en worden niet aangemaakt in {other}.</numerusform>
        </translation>
    </message>
    <message>
        <source>Couple them again on the Records page to synchronize them.</source>
        <translation>Koppel ze opnieuw op de pagina Records om ze weer te synchroniseren.</translation>
    </message>
    <message numerus="yes">
        <source>Overwrite %Ln field value(s) in {target} with the values in {source}?</source>
        <translation>
            <numerusform>%Ln veldwaarde in {target} overschrijven met de waarden in {source}?</numerusform>
            <numerusform>%Ln veldwaarden in {target} overschrijven met de waarden in {source}?</numerusform>
        </translation>
    </message>
    <message>
        <source>• {record}: {fields}</source>
        <translation>• {record}: {fields}</translation>
    </message>
    <message numerus="yes">
        <source>… and %Ln more record(s)</source>
        <translation>
            <numerusform>… en nog %Ln record</numerusform>
            <numerusform>… en nog %Ln records</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s) in {target} take the values in {source}. SyncDesk cannot undo this: the values they hold in {target} now are overwritten.</source>
        <translation>
            <numerusform>%Ln record in {target} krijgt de waarden uit {source}. SyncDesk kan dit niet ongedaan maken: de waarden die het nu in {target} heeft, worden overschreven.</numerusform>
            <numerusform>%Ln records in {target} krijgen de waarden uit {source}. SyncDesk kan dit niet ongedaan maken: de waarden die ze nu in {target} hebben, worden overschreven.</numerusform>
        </translation>
    </message>
    <message>
        <source>Use {app} Version</source>
        <translation>Versie van {app} gebruiken</translation>
    </message>
    <message>
        <source>Overwrite in {app}</source>
        <translation>Overschrijven in {app}</translation>
    </message>
    <message numerus="yes">
        <source>All %Ln matching sync error(s). {where}</source>
        <translation>
            <numerusform>De %Ln overeenkomende synchronisatiefout. {where}</numerusform>
            <numerusform>Alle %Ln overeenkomende synchronisatiefouten. {where}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove the coupling of all %Ln matching record pair(s)?</source>
        <translation>
            <numerusform>De koppeling van het %Ln overeenkomende recordpaar verwijderen?</numerusform>
            <numerusform>De koppeling van alle %Ln overeenkomende recordparen verwijderen?</numerusform>
        </translation>
    </message>
    <message>
        <source>{where} {effect}</source>
        <translation>{where} {effect}</translation>
    </message>
    <message numerus="yes">
        <source>Retry all %Ln matching sync error(s)?</source>
        <translation>
            <numerusform>De %Ln overeenkomende synchronisatiefout opnieuw proberen?</numerusform>
            <numerusform>Alle %Ln overeenkomende synchronisatiefouten opnieuw proberen?</numerusform>
        </translation>
    </message>
    <message>
        <source>The next job includes them again.</source>
        <translation>De volgende taak neemt ze opnieuw mee.</translation>
    </message>
    <message numerus="yes">
        <source>Resolve all %Ln matching conflict(s) with the values in {app}?</source>
        <translation>
            <numerusform>Het %Ln overeenkomende conflict oplossen met de waarden in {app}?</numerusform>
            <numerusform>Alle %Ln overeenkomende conflicten oplossen met de waarden in {app}?</numerusform>
        </translation>
    </message>
    <message>
        <source>The values in {source} are written to {target} for each of them. SyncDesk cannot undo this.</source>
        <translation>Voor elk ervan worden de waarden uit {source} naar {target} geschreven. SyncDesk kan dit niet ongedaan maken.</translation>
    </message>
    <message numerus="yes">
        <source>Restore all %Ln matching deleted record(s)?</source>
        <translation>
            <numerusform>De %Ln overeenkomende verwijderde record herstellen?</numerusform>
            <numerusform>Alle %Ln overeenkomende verwijderde records herstellen?</numerusform>
        </translation>
    </message>
    <message>
        <source>Each is created again from the other app and coupled.</source>
        <translation>Elke record wordt opnieuw aangemaakt vanuit de andere app en gekoppeld.</translation>
    </message>
    <message numerus="yes">
        <source>{action}: all %Ln sync error(s)?</source>
        <translation>
            <numerusform>{action}: de %Ln synchronisatiefout?</numerusform>
            <numerusform>{action}: alle %Ln synchronisatiefouten?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s) wait for the next job</source>
        <translation>
            <numerusform>%Ln record wacht op de volgende taak</numerusform>
            <numerusform>%Ln records wachten op de volgende taak</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln conflict(s) resolved</source>
        <translation>
            <numerusform>%Ln conflict opgelost</numerusform>
            <numerusform>%Ln conflicten opgelost</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln conflict(s) resolved with the values in {app}</source>
        <translation>
            <numerusform>%Ln conflict opgelost met de waarden in {app}</numerusform>
            <numerusform>%Ln conflicten opgelost met de waarden in {app}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s) restored in {app}</source>
        <translation>
            <numerusform>%Ln record hersteld in {app}</numerusform>
            <numerusform>%Ln records hersteld in {app}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s) restored</source>
        <translation>
            <numerusform>%Ln record hersteld</numerusform>
            <numerusform>%Ln records hersteld</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s) deleted in {app}</source>
        <translation>
            <numerusform>%Ln record verwijderd in {app}</numerusform>
            <numerusform>%Ln records verwijderd in {app}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s) deleted</source>
        <translation>
            <numerusform>%Ln record verwijderd</numerusform>
            <numerusform>%Ln records verwijderd</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s) uncoupled</source>
        <translation>
            <numerusform>%Ln record ontkoppeld</numerusform>
            <numerusform>%Ln records ontkoppeld</numerusform>
        </translation>
    </message>
    <message>
        <source>sync error {id}</source>
        <translation>synchronisatiefout {id}</translation>
    </message>
    <message>
        <source>• {what}: {problem}</source>
        <translation>• {what}: {problem}</translation>
    </message>
    <message numerus="yes">
        <source>… and %Ln more</source>
        <translation>
            <numerusform>… en nog %Ln</numerusform>
            <numerusform>… en nog %Ln</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{count} of %Ln record(s) could not be done; they stay in the list.</source>
        <translation>
            <numerusform>{count} van %Ln record kon niet worden uitgevoerd; het blijft in de lijst.</numerusform>
            <numerusform>{count} van %Ln records konden niet worden uitgevoerd; ze blijven in de lijst.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{action}: {count} of %Ln record(s) done</source>
        <translation>
            <numerusform>{action}: {count} van %Ln record uitgevoerd</numerusform>
            <numerusform>{action}: {count} van %Ln records uitgevoerd</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ErrorTableModel</name>
    <message>
        <source>Mapping</source>
        <extracomment>the ``sort`` of :func:`syncdesk.sync.queries.list_errors` for each column (the name lives in the apps, so the table is not sorted by it) the error table&apos;s headers (the two app columns are named by the apps&apos; titles)</extracomment>
        <translation>Toewijzing</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Soort</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Naam</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Bericht</translation>
    </message>
    <message>
        <source>First seen</source>
        <translation>Eerst gezien</translation>
    </message>
    <message>
        <source>Last attempt</source>
        <translation>Laatste poging</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Pogingen</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>Links</translation>
    </message>
    <message>
        <source>Right</source>
        <translation>Rechts</translation>
    </message>
    <message>
        <source>The record in {app}</source>
        <extracomment>&quot;Apply to all matching errors&quot; is ticked: every row is a target of the next action</extracomment>
        <translation>De record in {app}</translation>
    </message>
    <message>
        <source>How many jobs met this error</source>
        <translation>Hoeveel taken deze fout tegenkwamen</translation>
    </message>
    <message>
        <source>The record&apos;s name, read from the apps (the mapping&apos;s title field)</source>
        <translation>De naam van het record, gelezen uit de apps (het titelveld van de toewijzing)</translation>
    </message>
    <message>
        <source>{message}

The next job tries this pair again.</source>
        <translation>{message}

De volgende taak probeert dit paar opnieuw.</translation>
    </message>
    <message>
        <source>Waits for the next job · {message}</source>
        <translation>Wacht op de volgende taak · {message}</translation>
    </message>
</context>
<context>
    <name>ErrorTablePanel</name>
    <message>
        <source>Left</source>
        <extracomment>the summary&apos;s order: conflicts first, failed writes last</extracomment>
        <translation>Links</translation>
    </message>
    <message>
        <source>Right</source>
        <translation>Rechts</translation>
    </message>
    <message>
        <source>Mapping</source>
        <translation>Toewijzing</translation>
    </message>
    <message>
        <source>Show the sync errors of one mapping</source>
        <translation>De synchronisatiefouten van één toewijzing weergeven</translation>
    </message>
    <message>
        <source>Kind of sync error</source>
        <translation>Soort synchronisatiefout</translation>
    </message>
    <message>
        <source>Show one kind of sync error</source>
        <translation>Eén soort synchronisatiefout weergeven</translation>
    </message>
    <message>
        <source>Search the sync errors</source>
        <translation>Zoeken in de synchronisatiefouten</translation>
    </message>
    <message>
        <source>Search names, keys and messages…</source>
        <translation>Zoeken in namen, sleutels en berichten…</translation>
    </message>
    <message>
        <source>Show the sync errors whose record name, key, mapping or message holds this (Esc clears it)</source>
        <translation>De synchronisatiefouten tonen waarvan de recordnaam, sleutel, toewijzing of het bericht dit bevat (Esc wist het)</translation>
    </message>
    <message>
        <source>Clear the search</source>
        <translation>De zoekopdracht wissen</translation>
    </message>
    <message>
        <source>Why (optional)…</source>
        <translation>Waarom (optioneel)…</translation>
    </message>
    <message>
        <source>Reason for the next action</source>
        <translation>Reden voor de volgende actie</translation>
    </message>
    <message>
        <source>Why you act: kept in the record log with your name beside the next action on sync errors (then cleared)</source>
        <translation>Waarom u handelt: bewaard in het synchronisatielogboek met uw naam, bij de volgende actie op synchronisatiefouten (daarna gewist)</translation>
    </message>
    <message>
        <source>Apply to all matching</source>
        <translation>Op alle overeenkomende toepassen</translation>
    </message>
    <message>
        <source>Retry, Restore, Delete and the other actions apply to every sync error matching the filter, not only the selected ones; you confirm the count first. Unticked again after the action.</source>
        <translation>Opnieuw, Herstellen, Verwijderen en de andere acties gelden voor elke synchronisatiefout die aan het filter voldoet, niet alleen voor de geselecteerde; u bevestigt eerst het aantal. Na de actie wordt dit weer uitgevinkt.</translation>
    </message>
    <message>
        <source>Sync errors</source>
        <translation>Synchronisatiefouten</translation>
    </message>
    <message numerus="yes">
        <source>%Ln conflict(s)</source>
        <translation>
            <numerusform>%Ln conflict</numerusform>
            <numerusform>%Ln conflicten</numerusform>
        </translation>
    </message>
    <message>
        <source>{count} {kind}</source>
        <translation>{count} {kind}</translation>
    </message>
    <message>
        <source>Click a kind to show only that kind; click it again to show every kind</source>
        <translation>Klik op een soort om alleen die soort te tonen; klik nogmaals om elke soort te tonen</translation>
    </message>
    <message numerus="yes">
        <source>{matching} of %Ln open sync error(s)</source>
        <translation>
            <numerusform>{matching} van %Ln openstaande synchronisatiefout</numerusform>
            <numerusform>{matching} van %Ln openstaande synchronisatiefouten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln open sync error(s)</source>
        <translation>
            <numerusform>%Ln openstaande synchronisatiefout</numerusform>
            <numerusform>%Ln openstaande synchronisatiefouten</numerusform>
        </translation>
    </message>
    <message>
        <source>No open sync errors: the apps are in step.
Synchronize Modified Records (F9) runs a job now.</source>
        <translation>Geen openstaande synchronisatiefouten: de apps zijn gelijk.
Gewijzigde records synchroniseren (F9) voert nu een taak uit.</translation>
    </message>
    <message>
        <source>No sync error matches the filter.</source>
        <translation>Geen enkele synchronisatiefout voldoet aan het filter.</translation>
    </message>
</context>
<context>
    <name>ErrorsView</name>
    <message>
        <source>Left</source>
        <extracomment>how long the search field waits for more typing before it queries again (ms) an action&apos;s problems are listed one per line, up to this many Retry Now runs one job per record: at most this many at once</extracomment>
        <translation>Links</translation>
    </message>
    <message>
        <source>Right</source>
        <translation>Rechts</translation>
    </message>
    <message>
        <source>{tip} ({keys})</source>
        <translation>{tip} ({keys})</translation>
    </message>
    <message>
        <source>Select a sync error to see the log of its record.</source>
        <extracomment>the errors matching the filter shown, per kind (for actions on all of them) the filter and order of the rows shown (the next page must match them) the error to select once the rows it is in are shown (Show Sync Error) the table&apos;s column widths came from the settings (the person&apos;s own) Synchronize…&apos;s dialogs (conflicts, or a failed error&apos;s fix) while one is open</extracomment>
        <translation>Selecteer een synchronisatiefout om het logboek van de record te zien.</translation>
    </message>
    <message>
        <source>Use {app} Version</source>
        <translation>Versie van {app} gebruiken</translation>
    </message>
    <message>
        <source>Resolve the selected conflicts with the values in {app}, in both apps</source>
        <translation>De geselecteerde conflicten oplossen met de waarden in {app}, in beide apps</translation>
    </message>
    <message>
        <source>All mappings</source>
        <extracomment>a refresh (after an action or a job) reads again as many rows as were read, up to this many, so the scroll position and the selection survive; beyond, it starts from the top</extracomment>
        <translation>Alle toewijzingen</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>Alle soorten</translation>
    </message>
    <message>
        <source>The names are read from the apps: sort by another column</source>
        <translation>De namen worden uit de apps gelezen: sorteer op een andere kolom</translation>
    </message>
    <message>
        <source>Read sync errors</source>
        <translation>Synchronisatiefouten lezen</translation>
    </message>
    <message>
        <source>Read more sync errors</source>
        <translation>Meer synchronisatiefouten lezen</translation>
    </message>
    <message>
        <source>Could not read the sync errors: {message}</source>
        <translation>Kan de synchronisatiefouten niet lezen: {message}</translation>
    </message>
    <message>
        <source>Find sync error {id}</source>
        <translation>Synchronisatiefout {id} zoeken</translation>
    </message>
    <message>
        <source>That sync error is no longer open.</source>
        <translation>Die synchronisatiefout staat niet meer open.</translation>
    </message>
    <message numerus="yes">
        <source>Apply to &amp;All %Ln Matching Error(s)</source>
        <translation>
            <numerusform>&amp;Toepassen op de %Ln overeenkomende fout</numerusform>
            <numerusform>Toepassen op &amp;alle %Ln overeenkomende fouten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The next action applies to all %Ln sync error(s) matching the filter, not only to the selected ones.</source>
        <translation>
            <numerusform>De volgende actie geldt voor de %Ln synchronisatiefout die aan het filter voldoet, niet alleen voor de geselecteerde.</numerusform>
            <numerusform>De volgende actie geldt voor alle %Ln synchronisatiefouten die aan het filter voldoen, niet alleen voor de geselecteerde.</numerusform>
        </translation>
    </message>
    <message>
        <source>Synchronize {record}</source>
        <translation>{record} synchroniseren</translation>
    </message>
    <message numerus="yes">
        <source>Synchronize %Ln record(s)</source>
        <translation>
            <numerusform>%Ln record synchroniseren</numerusform>
            <numerusform>%Ln records synchroniseren</numerusform>
        </translation>
    </message>
    <message>
        <source>Retry {record} now</source>
        <translation>{record} nu opnieuw proberen</translation>
    </message>
    <message numerus="yes">
        <source>Retry %Ln record(s) now</source>
        <translation>
            <numerusform>%Ln record nu opnieuw proberen</numerusform>
            <numerusform>%Ln records nu opnieuw proberen</numerusform>
        </translation>
    </message>
    <message>
        <source>{task}…</source>
        <translation>{task}…</translation>
    </message>
    <message>
        <source>{task}: queued — runs when the running task ends</source>
        <translation>{task}: in de wachtrij — wordt uitgevoerd zodra de lopende taak klaar is</translation>
    </message>
    <message>
        <source>{task}: not done: {message}</source>
        <translation>{task}: niet uitgevoerd: {message}</translation>
    </message>
    <message>
        <source>{action}: {done}</source>
        <translation>{action}: {done}</translation>
    </message>
    <message>
        <source>{action}: nothing done</source>
        <translation>{action}: niets uitgevoerd</translation>
    </message>
    <message>
        <source>{action}: nothing was done.</source>
        <translation>{action}: er is niets uitgevoerd.</translation>
    </message>
</context>
<context>
    <name>FieldTableModel</name>
    <message>
        <source>{app} field</source>
        <translation>{app}-veld</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Lookup</source>
        <translation>Opzoeking</translation>
    </message>
    <message>
        <source>Which way changes travel: ↔ both ways, → or ← one way</source>
        <translation>In welke richting wijzigingen gaan: ↔ in beide richtingen, → of ← in één richting</translation>
    </message>
    <message>
        <source>{column} (couple by)</source>
        <translation>{column} (koppelen op)</translation>
    </message>
    <message>
        <source>not mapped</source>
        <translation>niet toegewezen</translation>
    </message>
    <message>
        <source>Changes travel to {app} only</source>
        <translation>Wijzigingen gaan alleen naar {app}</translation>
    </message>
    <message>
        <source>Changes travel both ways</source>
        <translation>Wijzigingen gaan in beide richtingen</translation>
    </message>
    <message>
        <source>Holds a key of {mapping}, translated through its couplings</source>
        <translation>Bevat een sleutel van {mapping}, vertaald via de koppelingen ervan</translation>
    </message>
    <message>
        <source>may be empty</source>
        <translation>mag leeg zijn</translation>
    </message>
    <message>
        <source>must have a value</source>
        <translation>moet een waarde hebben</translation>
    </message>
    <message>
        <source>check: {check}</source>
        <translation>controle: {check}</translation>
    </message>
    <message>
        <source>records are coupled when their values match</source>
        <translation>records worden gekoppeld als hun waarden overeenkomen</translation>
    </message>
</context>
<context>
    <name>Fields</name>
    <message>
        <source>Name</source>
        <extracomment>field names an ERP or a CRM often has, as they read in the window&apos;s language (a field whose label is not among these reads as its name does)</extracomment>
        <translation>Naam</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adres</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Plaats</translation>
    </message>
    <message>
        <source>Post code</source>
        <translation>Postcode</translation>
    </message>
    <message>
        <source>Country code</source>
        <translation>Landcode</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefoon</translation>
    </message>
    <message>
        <source>Phone no</source>
        <translation>Telefoonnr.</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Credit</source>
        <translation>Krediet</translation>
    </message>
    <message>
        <source>Credit limit</source>
        <translation>Kredietlimiet</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>Geblokkeerd</translation>
    </message>
    <message>
        <source>Salesperson code</source>
        <translation>Verkopercode</translation>
    </message>
    <message>
        <source>Company no</source>
        <translation>Bedrijfsnr.</translation>
    </message>
    <message>
        <source>Job title</source>
        <translation>Functie</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Omschrijving</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>Eenheidsprijs</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Prijs</translation>
    </message>
    <message>
        <source>Base unit of measure</source>
        <translation>Basiseenheid</translation>
    </message>
</context>
<context>
    <name>FixDialog</name>
    <message>
        <source>Fix in Place — {mapping} {key}</source>
        <extracomment>marks a field whose value a column refuses now</extracomment>
        <translation>Ter plekke herstellen — {mapping} {key}</translation>
    </message>
    <message>
        <source>Fix in place — {mapping}</source>
        <translation>Ter plekke herstellen — {mapping}</translation>
    </message>
    <message>
        <source>What the database said:</source>
        <translation>Wat de database zei:</translation>
    </message>
    <message>
        <source>Reading the record…</source>
        <translation>De record wordt gelezen…</translation>
    </message>
    <message>
        <source>Optional: kept in the record log</source>
        <translation>Optioneel: bewaard in het synchronisatielogboek</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Waarom</translation>
    </message>
    <message>
        <source>&amp;Why:</source>
        <translation>&amp;Waarom:</translation>
    </message>
    <message>
        <source>Load A&amp;gain</source>
        <translation>&amp;Opnieuw laden</translation>
    </message>
    <message>
        <source>Read the record again (F5)</source>
        <translation>De record opnieuw lezen (F5)</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>&amp;Toepassen</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Sluiten</translation>
    </message>
    <message>
        <source>{left} {lkey} → {right} {rkey}</source>
        <translation>{left} {lkey} → {right} {rkey}</translation>
    </message>
    <message>
        <source>Read sync error {id}</source>
        <translation>Synchronisatiefout {id} lezen</translation>
    </message>
    <message>
        <source>This sync error cannot be fixed in place: {reason}</source>
        <translation>Deze synchronisatiefout kan niet ter plekke worden hersteld: {reason}</translation>
    </message>
    <message>
        <source>What {app} said:</source>
        <translation>Wat {app} zei:</translation>
    </message>
    <message>
        <source>Edit the value in {source}, where it came from. Apply writes it there — unless someone changed the record meanwhile — and synchronizes the record to {target} at once.</source>
        <translation>Bewerk de waarde in {source}, waar ze vandaan kwam. Toepassen schrijft ze daar — tenzij iemand de record intussen wijzigde — en synchroniseert de record meteen naar {target}.</translation>
    </message>
    <message>
        <source>In {app} now: {value}</source>
        <translation>Nu in {app}: {value}</translation>
    </message>
    <message>
        <source>No field of this record goes to {app}.</source>
        <translation>Geen veld van deze record gaat naar {app}.</translation>
    </message>
    <message>
        <source>Applying…</source>
        <translation>Toepassen…</translation>
    </message>
    <message>
        <source>Reading the record and what both apps take…</source>
        <translation>De record en wat beide apps aannemen worden gelezen…</translation>
    </message>
    <message>
        <source>Writing the value and synchronizing the record…</source>
        <translation>De waarde wordt geschreven en de record gesynchroniseerd…</translation>
    </message>
    <message>
        <source>{field}: {problem}</source>
        <translation>{field}: {problem}</translation>
    </message>
    <message>
        <source>Change a value to apply it.</source>
        <translation>Wijzig een waarde om ze toe te passen.</translation>
    </message>
    <message numerus="yes">
        <source>Apply writes %n value(s) to {source} and synchronizes the record to {target} (Ctrl+Enter).</source>
        <translation>
            <numerusform>Toepassen schrijft %n waarde naar {source} en synchroniseert de record naar {target} (Ctrl+Enter).</numerusform>
            <numerusform>Toepassen schrijft %n waarden naar {source} en synchroniseert de record naar {target} (Ctrl+Enter).</numerusform>
        </translation>
    </message>
    <message>
        <source>Fix {mapping} {key}</source>
        <translation>{mapping} {key} herstellen</translation>
    </message>
    <message>
        <source>Fixed: {source} holds the new value, and {target} took it (job {job}). The sync error is resolved.</source>
        <translation>Hersteld: {source} bevat de nieuwe waarde en {target} nam ze aan (taak {job}). De synchronisatiefout is opgelost.</translation>
    </message>
    <message>
        <source>Written to {source}, but {target} still refuses the record (job {job}): {reason}</source>
        <translation>Geschreven naar {source}, maar {target} weigert de record nog steeds (taak {job}): {reason}</translation>
    </message>
    <message>
        <source>Nothing was written: {reason}</source>
        <translation>Er is niets geschreven: {reason}</translation>
    </message>
</context>
<context>
    <name>JobChart</name>
    <message>
        <source>Chart of recent jobs</source>
        <extracomment>the chart shows this many of the newest jobs</extracomment>
        <translation>Grafiek van recente taken</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Fouten</translation>
    </message>
    <message>
        <source>Records written</source>
        <translation>Geschreven records</translation>
    </message>
    <message numerus="yes">
        <source>Last %n job(s)</source>
        <translation>
            <numerusform>Laatste %n taak</numerusform>
            <numerusform>Laatste %n taken</numerusform>
        </translation>
    </message>
    <message>
        <source>Recent jobs</source>
        <translation>Recente taken</translation>
    </message>
    <message>
        <source>No jobs yet</source>
        <translation>Nog geen taken</translation>
    </message>
    <message>
        <source>&lt;b&gt;Job {job}&lt;/b&gt; · {mapping} · {status}&lt;br&gt;{started}&lt;br&gt;{written} written: {inserted} inserted, {modified} modified, {deleted} deleted&lt;br&gt;{errors} errors: {failed} failed, {conflicts} conflicts&lt;br&gt;{skipped} skipped, {unchanged} unchanged</source>
        <translation>&lt;b&gt;Taak {job}&lt;/b&gt; · {mapping} · {status}&lt;br&gt;{started}&lt;br&gt;{written} geschreven: {inserted} ingevoegd, {modified} gewijzigd, {deleted} verwijderd&lt;br&gt;{errors} fouten: {failed} mislukt, {conflicts} conflicten&lt;br&gt;{skipped} overgeslagen, {unchanged} ongewijzigd</translation>
    </message>
</context>
<context>
    <name>JobErrorModel</name>
    <message>
        <source>Kind</source>
        <translation>Soort</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Bericht</translation>
    </message>
    <message>
        <source>First seen</source>
        <translation>Eerst gezien</translation>
    </message>
    <message>
        <source>Last attempt</source>
        <translation>Laatste poging</translation>
    </message>
    <message>
        <source>open</source>
        <translation>open</translation>
    </message>
    <message>
        <source>resolved</source>
        <translation>opgelost</translation>
    </message>
</context>
<context>
    <name>JobLogModel</name>
    <message>
        <source>Time</source>
        <translation>Tijd</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Actie</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Richting</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Resultaat</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Bericht</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>Wijzigingen</translation>
    </message>
</context>
<context>
    <name>JobSkipModel</name>
    <message>
        <source>Why it was skipped</source>
        <translation>Waarom overgeslagen</translation>
    </message>
    <message>
        <source>Sync error</source>
        <translation>Synchronisatiefout</translation>
    </message>
    <message>
        <source>Double-click to show sync error {id}</source>
        <translation>Dubbelklik om synchronisatiefout {id} te tonen</translation>
    </message>
    <message>
        <source>open</source>
        <translation>open</translation>
    </message>
    <message>
        <source>resolved</source>
        <translation>opgelost</translation>
    </message>
</context>
<context>
    <name>JobStatus</name>
    <message>
        <source>reading keys</source>
        <extracomment>what a job is doing, by the engine&apos;s phase code (translated where shown)</extracomment>
        <translation>sleutels lezen</translation>
    </message>
    <message>
        <source>comparing coupled records</source>
        <translation>gekoppelde records vergelijken</translation>
    </message>
    <message>
        <source>new records</source>
        <translation>nieuwe records</translation>
    </message>
    <message>
        <source>finishing</source>
        <translation>afronden</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <source>Stop the running job after the batch it is in</source>
        <translation>De lopende taak stoppen na de huidige batch</translation>
    </message>
    <message>
        <source>Running: {task}</source>
        <translation>Bezig: {task}</translation>
    </message>
    <message>
        <source>Queued: {task}</source>
        <translation>In de wachtrij: {task}</translation>
    </message>
    <message numerus="yes">
        <source>· %Ln queued</source>
        <translation>
            <numerusform>· %Ln in de wachtrij</numerusform>
            <numerusform>· %Ln in de wachtrij</numerusform>
        </translation>
    </message>
    <message>
        <source>{task}…</source>
        <translation>{task}…</translation>
    </message>
    <message>
        <source>Job {job} {mapping} — {phase}</source>
        <translation>Taak {job} {mapping} — {phase}</translation>
    </message>
    <message>
        <source>{percent}%  {done}/{total}</source>
        <translation>{percent}%  {done}/{total}</translation>
    </message>
    <message>
        <source>{task}: cancelling after this batch…</source>
        <translation>{task}: wordt na deze batch geannuleerd…</translation>
    </message>
</context>
<context>
    <name>JobSummary</name>
    <message>
        <source>{task}: nothing to do</source>
        <translation>{task}: niets te doen</translation>
    </message>
    <message>
        <source>{task} done</source>
        <translation>{task} voltooid</translation>
    </message>
    <message>
        <source>Job {job} {mapping} done</source>
        <translation>Taak {job} {mapping} voltooid</translation>
    </message>
    <message>
        <source>{task} cancelled</source>
        <translation>{task} geannuleerd</translation>
    </message>
    <message>
        <source>{task}: {count} failed</source>
        <translation>{task}: {count} mislukt</translation>
    </message>
    <message>
        <source>{count} inserted</source>
        <translation>{count} ingevoegd</translation>
    </message>
    <message>
        <source>{count} modified</source>
        <translation>{count} gewijzigd</translation>
    </message>
    <message>
        <source>{count} deleted</source>
        <translation>{count} verwijderd</translation>
    </message>
    <message>
        <source>{count} skipped</source>
        <translation>{count} overgeslagen</translation>
    </message>
    <message numerus="yes">
        <source>%Ln conflict(s)</source>
        <translation>
            <numerusform>%Ln conflict</numerusform>
            <numerusform>%Ln conflicten</numerusform>
        </translation>
    </message>
    <message>
        <source>{count} failed</source>
        <translation>{count} mislukt</translation>
    </message>
    <message>
        <source>{head}: {counts}</source>
        <translation>{head}: {counts}</translation>
    </message>
</context>
<context>
    <name>JobTableModel</name>
    <message>
        <source>Job</source>
        <extracomment>the count columns and the JobRow field each shows the counts that open what is behind them when activated</extracomment>
        <translation>Taak</translation>
    </message>
    <message>
        <source>Mapping</source>
        <translation>Toewijzing</translation>
    </message>
    <message>
        <source>Trigger</source>
        <translation>Aanleiding</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Begin</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Einde</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Duur</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Inserted</source>
        <translation>Ingevoegd</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>Gewijzigd</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Verwijderd</translation>
    </message>
    <message>
        <source>Unchanged</source>
        <translation>Ongewijzigd</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Overgeslagen</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Mislukt</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>Conflicten</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Bericht</translation>
    </message>
    <message>
        <source>Double-click a count to see the records inserted</source>
        <extracomment>the tooltip of the header of a count that opens what is behind it</extracomment>
        <translation>Dubbelklik op een aantal om de ingevoegde records te zien</translation>
    </message>
    <message>
        <source>Double-click a count to see the records modified</source>
        <translation>Dubbelklik op een aantal om de gewijzigde records te zien</translation>
    </message>
    <message>
        <source>Double-click a count to see the records deleted</source>
        <translation>Dubbelklik op een aantal om de verwijderde records te zien</translation>
    </message>
    <message>
        <source>Double-click a count to see the records skipped and why</source>
        <translation>Dubbelklik op een aantal om te zien wat werd overgeslagen, en waarom</translation>
    </message>
    <message>
        <source>Double-click a count to see the failed writes</source>
        <translation>Dubbelklik op een aantal om de mislukte schrijfbewerkingen te zien</translation>
    </message>
    <message>
        <source>Double-click a count to see the conflicts</source>
        <translation>Dubbelklik op een aantal om de conflicten te zien</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>Links</translation>
    </message>
    <message>
        <source>Right</source>
        <translation>Rechts</translation>
    </message>
    <message>
        <source>still running</source>
        <translation>nog bezig</translation>
    </message>
    <message>
        <source>{what} by job {job}</source>
        <translation>{what} door taak {job}</translation>
    </message>
    <message>
        <source>{text} — double-click to see them</source>
        <translation>{text} — dubbelklik om ze te zien</translation>
    </message>
</context>
<context>
    <name>JobWords</name>
    <message numerus="yes">
        <source>%Ln record(s) inserted</source>
        <translation>
            <numerusform>%Ln record ingevoegd</numerusform>
            <numerusform>%Ln records ingevoegd</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s) modified</source>
        <translation>
            <numerusform>%Ln record gewijzigd</numerusform>
            <numerusform>%Ln records gewijzigd</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s) deleted</source>
        <translation>
            <numerusform>%Ln record verwijderd</numerusform>
            <numerusform>%Ln records verwijderd</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s) unchanged</source>
        <translation>
            <numerusform>%Ln record ongewijzigd</numerusform>
            <numerusform>%Ln records ongewijzigd</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s) skipped</source>
        <translation>
            <numerusform>%Ln record overgeslagen</numerusform>
            <numerusform>%Ln records overgeslagen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln failed write(s)</source>
        <translation>
            <numerusform>%Ln mislukte schrijfbewerking</numerusform>
            <numerusform>%Ln mislukte schrijfbewerkingen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln conflict(s)</source>
        <translation>
            <numerusform>%Ln conflict</numerusform>
            <numerusform>%Ln conflicten</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>JobsView</name>
    <message>
        <source>Job queue</source>
        <extracomment>the words for the engine&apos;s triggers and job statuses (translated where shown)</extracomment>
        <translation>Wachtrij</translation>
    </message>
    <message>
        <source>Manual</source>
        <translation>Handmatig</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Actie</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Bezig</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>Geslaagd</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Mislukt</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Geannuleerd</translation>
    </message>
    <message>
        <source>Retry</source>
        <extracomment>what an action job did, by the action&apos;s code (its job&apos;s message), in the window&apos;s words</extracomment>
        <translation>Opnieuw</translation>
    </message>
    <message>
        <source>Remove Coupling</source>
        <translation>Koppeling verwijderen</translation>
    </message>
    <message>
        <source>Use {left} Version</source>
        <translation>Versie van {left} gebruiken</translation>
    </message>
    <message>
        <source>Use {right} Version</source>
        <translation>Versie van {right} gebruiken</translation>
    </message>
    <message>
        <source>Synchronize: a value per field</source>
        <translation>Synchroniseren: een waarde per veld</translation>
    </message>
    <message>
        <source>Restore Records</source>
        <translation>Records herstellen</translation>
    </message>
    <message>
        <source>Delete Records</source>
        <translation>Records verwijderen</translation>
    </message>
    <message>
        <source>Fix in Place</source>
        <translation>Ter plekke herstellen</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Ongedaan maken</translation>
    </message>
    <message>
        <source>running</source>
        <translation>bezig</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} s</translation>
    </message>
    <message>
        <source>{minutes} min {seconds} s</source>
        <translation>{minutes} min {seconds} s</translation>
    </message>
    <message>
        <source>{hours} h {minutes} min</source>
        <translation>{hours} u {minutes} min</translation>
    </message>
    <message>
        <source>Select a job to see what it wrote to the log.</source>
        <translation>Selecteer een taak om te zien wat ze in het logboek heeft geschreven.</translation>
    </message>
    <message>
        <source>Chart</source>
        <extracomment>the clean-up&apos;s default age in days</extracomment>
        <translation>Grafiek</translation>
    </message>
    <message>
        <source>Show or hide the chart of the recent jobs</source>
        <translation>De grafiek van de recente taken weergeven of verbergen</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Vernieuwen</translation>
    </message>
    <message>
        <source>Read the jobs again</source>
        <translation>De taken opnieuw lezen</translation>
    </message>
    <message>
        <source>Delete Entries Older Than…</source>
        <translation>Vermeldingen verwijderen ouder dan…</translation>
    </message>
    <message>
        <source>Delete the jobs and log entries older than the number of days beside; the history of open sync errors stays</source>
        <translation>De taken en logboekvermeldingen verwijderen die ouder zijn dan het aantal dagen ernaast; de geschiedenis van openstaande synchronisatiefouten blijft bewaard</translation>
    </message>
    <message>
        <source> days</source>
        <translation> dagen</translation>
    </message>
    <message>
        <source>Age in days of the entries to delete</source>
        <translation>Leeftijd in dagen van de te verwijderen vermeldingen</translation>
    </message>
    <message>
        <source>Entries older than this many days are deleted</source>
        <translation>Vermeldingen ouder dan dit aantal dagen worden verwijderd</translation>
    </message>
    <message>
        <source>Show the &amp;Chart</source>
        <translation>&amp;Grafiek tonen</translation>
    </message>
    <message>
        <source>&amp;Delete Entries Older Than…</source>
        <translation>&amp;Vermeldingen verwijderen ouder dan…</translation>
    </message>
    <message>
        <source>Jobs, newest first</source>
        <translation>Synchronisatietaken, nieuwste eerst</translation>
    </message>
    <message>
        <source>Show More</source>
        <translation>Meer weergeven</translation>
    </message>
    <message>
        <source>Read the next {count} older jobs</source>
        <extracomment>the table reads this many jobs at a time (the newest, then &quot;Show More&quot;) the lower panel shows at most this many log entries or sync errors the records behind the Skipped count, with why the job whose detail is asked for, and what of it (None: its whole log) a job to select once the table shows it (Show Job from another page)</extracomment>
        <translation>De volgende {count} oudere taken lezen</translation>
    </message>
    <message>
        <source>Job log</source>
        <translation>Taaklogboek</translation>
    </message>
    <message>
        <source>Whole Job Log</source>
        <translation>Volledig taaklogboek</translation>
    </message>
    <message>
        <source>Show every log entry of the selected job again</source>
        <translation>Alle logboekvermeldingen van de geselecteerde taak opnieuw weergeven</translation>
    </message>
    <message>
        <source>Log entries of the job</source>
        <translation>Logboekvermeldingen van de taak</translation>
    </message>
    <message>
        <source>Sync errors of the job</source>
        <translation>Synchronisatiefouten van de taak</translation>
    </message>
    <message>
        <source>Records the job skipped, and why</source>
        <translation>Records die de taak oversloeg, en waarom</translation>
    </message>
    <message>
        <source>Read jobs</source>
        <translation>Taken lezen</translation>
    </message>
    <message>
        <source>No jobs have run yet</source>
        <translation>Er zijn nog geen taken uitgevoerd</translation>
    </message>
    <message numerus="yes">
        <source>%Ln job(s)</source>
        <translation>
            <numerusform>%Ln taak</numerusform>
            <numerusform>%Ln taken</numerusform>
        </translation>
    </message>
    <message>
        <source>{jobs} · {failed} failed</source>
        <translation>{jobs} · {failed} mislukt</translation>
    </message>
    <message>
        <source>Showing the newest {shown} of {total}</source>
        <translation>De nieuwste {shown} van {total} worden weergegeven</translation>
    </message>
    <message>
        <source>Could not read the jobs: {message}</source>
        <translation>Kan de taken niet lezen: {message}</translation>
    </message>
    <message>
        <source>Read older jobs</source>
        <translation>Oudere taken lezen</translation>
    </message>
    <message>
        <source>Read the log of job {job}</source>
        <translation>Het logboek van taak {job} lezen</translation>
    </message>
    <message>
        <source>Why it failed: {message}</source>
        <translation>Waarom de taak mislukte: {message}</translation>
    </message>
    <message>
        <source>Job {job} ran before SyncDesk recorded which records a job skips, and found no deletion: the pairs it passed over had open sync errors.</source>
        <translation>Taak {job} liep voordat SyncDesk bijhield welke records een taak overslaat, en vond geen verwijdering: de paren die ze oversloeg hadden openstaande synchronisatiefouten.</translation>
    </message>
    <message>
        <source>Job {job} recorded no sync error for this count (a pair passed over for an open sync error is counted, not recorded again).</source>
        <translation>Taak {job} heeft voor dit aantal geen synchronisatiefout vastgelegd (een paar dat wegens een openstaande synchronisatiefout wordt overgeslagen, wordt geteld maar niet opnieuw vastgelegd).</translation>
    </message>
    <message>
        <source>Job {job} has no log entries for this count (deleted by a clean-up?).</source>
        <translation>Taak {job} heeft geen logboekvermeldingen voor dit aantal (verwijderd bij het opruimen?).</translation>
    </message>
    <message>
        <source>Job {job} wrote nothing to the log.</source>
        <translation>Taak {job} heeft niets in het logboek geschreven.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s) skipped by job {job}, and why</source>
        <translation>
            <numerusform>%Ln record overgeslagen door taak {job}, en waarom</numerusform>
            <numerusform>%Ln records overgeslagen door taak {job}, en waarom</numerusform>
        </translation>
    </message>
    <message>
        <source>Job {job} · {mapping} · {trigger} · {status} — {entries}</source>
        <translation>Taak {job} · {mapping} · {trigger} · {status} — {entries}</translation>
    </message>
    <message numerus="yes">
        <source>%Ln log entry(ies)</source>
        <translation>
            <numerusform>%Ln logboekvermelding</numerusform>
            <numerusform>%Ln logboekvermeldingen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln conflict(s)</source>
        <translation>
            <numerusform>%Ln conflict</numerusform>
            <numerusform>%Ln conflicten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln failed write(s)</source>
        <translation>
            <numerusform>%Ln mislukte schrijfbewerking</numerusform>
            <numerusform>%Ln mislukte schrijfbewerkingen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln deletion(s)</source>
        <translation>
            <numerusform>%Ln verwijdering</numerusform>
            <numerusform>%Ln verwijderingen</numerusform>
        </translation>
    </message>
    <message>
        <source>{what} recorded by job {job}</source>
        <translation>{what} vastgelegd door taak {job}</translation>
    </message>
    <message>
        <source>{what} by job {job}</source>
        <translation>{what} door taak {job}</translation>
    </message>
    <message>
        <source>{title} (the first {shown})</source>
        <translation>{title} (de eerste {shown})</translation>
    </message>
    <message>
        <source>Could not read the log of the job: {message}</source>
        <translation>Kan het logboek van de taak niet lezen: {message}</translation>
    </message>
    <message>
        <source>Counting the old entries…</source>
        <translation>De oude vermeldingen worden geteld…</translation>
    </message>
    <message>
        <source>Count old entries</source>
        <translation>Oude vermeldingen tellen</translation>
    </message>
    <message numerus="yes">
        <source>No entries older than %n day(s) to delete.</source>
        <translation>
            <numerusform>Er zijn geen vermeldingen ouder dan %n dag om te verwijderen.</numerusform>
            <numerusform>Er zijn geen vermeldingen ouder dan %n dagen om te verwijderen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete {jobs}, {entries} and {events} older than %n day(s)?</source>
        <translation>
            <numerusform>{jobs}, {entries} en {events} ouder dan %n dag verwijderen?</numerusform>
            <numerusform>{jobs}, {entries} en {events} ouder dan %n dagen verwijderen?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln event(s) of resolved sync errors</source>
        <translation>
            <numerusform>%Ln gebeurtenis van opgeloste synchronisatiefouten</numerusform>
            <numerusform>%Ln gebeurtenissen van opgeloste synchronisatiefouten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete {jobs} and {entries} older than %n day(s)?</source>
        <translation>
            <numerusform>{jobs} en {entries} ouder dan %n dag verwijderen?</numerusform>
            <numerusform>{jobs} en {entries} ouder dan %n dagen verwijderen?</numerusform>
        </translation>
    </message>
    <message>
        <source>The history of open sync errors stays: the log of their records and the jobs it names are kept. SyncDesk cannot undo a delete.</source>
        <translation>De geschiedenis van openstaande synchronisatiefouten blijft bewaard: het logboek van hun records en de taken die het vermeldt, blijven behouden. SyncDesk kan een verwijdering niet ongedaan maken.</translation>
    </message>
    <message>
        <source>Delete Entries</source>
        <translation>Vermeldingen verwijderen</translation>
    </message>
    <message>
        <source>Nothing deleted.</source>
        <translation>Er is niets verwijderd.</translation>
    </message>
    <message numerus="yes">
        <source>Deleting entries older than %n day(s)…</source>
        <translation>
            <numerusform>Vermeldingen ouder dan %n dag worden verwijderd…</numerusform>
            <numerusform>Vermeldingen ouder dan %n dagen worden verwijderd…</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete old entries</source>
        <translation>Oude vermeldingen verwijderen</translation>
    </message>
    <message>
        <source>Deleted {jobs}, {entries} and {events}.</source>
        <translation>{jobs}, {entries} en {events} verwijderd.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln sync error event(s)</source>
        <translation>
            <numerusform>%Ln gebeurtenis van synchronisatiefouten</numerusform>
            <numerusform>%Ln gebeurtenissen van synchronisatiefouten</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing deleted: {message}</source>
        <translation>Er is niets verwijderd: {message}</translation>
    </message>
</context>
<context>
    <name>Kinds</name>
    <message>
        <source>conflict</source>
        <extracomment>one colour per kind of sync error, used for the dot in the kind column and the summary the words for the kinds of sync error the engine gives as codes (context &quot;Kinds&quot;)</extracomment>
        <translation>conflict</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>mislukt</translation>
    </message>
    <message>
        <source>deleted in {app}</source>
        <translation>verwijderd in {app}</translation>
    </message>
</context>
<context>
    <name>LogTableModel</name>
    <message>
        <source>Time</source>
        <translation>Tijd</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>Taak</translation>
    </message>
    <message>
        <source>Trigger</source>
        <translation>Aanleiding</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Actie</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Richting</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Resultaat</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Door</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Bericht</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>Wijzigingen</translation>
    </message>
</context>
<context>
    <name>MainToolbar</name>
    <message>
        <source>Sync Modified</source>
        <translation>Gewijzigde synchroniseren</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Herstellen</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Verwijderen</translation>
    </message>
    <message>
        <source>Remove Coupling</source>
        <translation>Koppeling verwijderen</translation>
    </message>
    <message>
        <source>Use {app}</source>
        <translation>{app} gebruiken</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>{tip} ({keys})</source>
        <extracomment>a first window is this big, or (on a smaller screen) this share of the screen&apos;s space</extracomment>
        <translation>{tip} ({keys})</translation>
    </message>
    <message>
        <source>&amp;Open Workspace…</source>
        <extracomment>how often the window looks whether others (another window, a worker) changed the shared state; SYNCDESK_WATCH_MS overrides (the tests set it long, and short where they watch) the settings dialog last opened, and the password and help dialogs while open looks every few seconds whether others changed the state (see _on_watch) opens a workspace in a worker, asking for passwords where the file says so Synchronize Modified Records and Run Full Synchronization (the Sync menu) the sidebar&apos;s pages after Sync Errors (syncdesk.ui.pages)</extracomment>
        <translation>Werkruimte &amp;openen…</translation>
    </message>
    <message>
        <source>Open a workspace file (syncdesk.toml)</source>
        <translation>Een werkruimtebestand (syncdesk.toml) openen</translation>
    </message>
    <message>
        <source>Open &amp;Demo Workspace</source>
        <translation>&amp;Demowerkruimte openen</translation>
    </message>
    <message>
        <source>Open a demo workspace with every kind of sync error (written on first use)</source>
        <translation>Een demowerkruimte met elke soort synchronisatiefout openen (wordt bij het eerste gebruik aangemaakt)</translation>
    </message>
    <message>
        <source>&amp;Reset Demo Workspace…</source>
        <translation>Demowerkruimte opnieuw in&amp;stellen…</translation>
    </message>
    <message>
        <source>Write the demo workspace anew, as on first use, and open it</source>
        <translation>De demowerkruimte opnieuw schrijven, zoals bij het eerste gebruik, en openen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Afsluiten</translation>
    </message>
    <message>
        <source>Close SyncDesk</source>
        <translation>SyncDesk sluiten</translation>
    </message>
    <message>
        <source>Synchronize &amp;Modified Records</source>
        <translation>&amp;Gewijzigde records synchroniseren</translation>
    </message>
    <message>
        <source>Run a job for every mapping on the records modified since the last job</source>
        <translation>Voor elke toewijzing een taak uitvoeren op de records die sinds de laatste taak zijn gewijzigd</translation>
    </message>
    <message>
        <source>&amp;Preview Synchronization…</source>
        <translation>Synchronisatie vooraf &amp;bekijken…</translation>
    </message>
    <message>
        <source>See what a synchronization would do, before it writes anything</source>
        <translation>Zien wat een synchronisatie zou doen, voordat ze iets schrijft</translation>
    </message>
    <message>
        <source>Run &amp;Full Synchronization…</source>
        <translation>&amp;Volledige synchronisatie uitvoeren…</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>&amp;Vernieuwen</translation>
    </message>
    <message>
        <source>&amp;About SyncDesk</source>
        <translation>&amp;Over SyncDesk</translation>
    </message>
    <message>
        <source>Which SyncDesk this is</source>
        <translation>Welke versie van SyncDesk dit is</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Bestand</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Recente werkruimten</translation>
    </message>
    <message>
        <source>&amp;Sync</source>
        <translation>&amp;Synchronisatie</translation>
    </message>
    <message>
        <source>&amp;Errors</source>
        <translation>&amp;Fouten</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>Bee&amp;ld</translation>
    </message>
    <message>
        <source>&amp;Columns</source>
        <translation>&amp;Kolommen</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Hoofdwerkbalk</translation>
    </message>
    <message>
        <source>Show {page}</source>
        <translation>{page} weergeven</translation>
    </message>
    <message>
        <source>Reset Demo Workspace</source>
        <translation>Demowerkruimte opnieuw instellen</translation>
    </message>
    <message>
        <source>Write the demo workspace anew?</source>
        <translation>De demowerkruimte opnieuw schrijven?</translation>
    </message>
    <message>
        <source>Everything done in the demo (its two apps, its sync errors, jobs and record log in {folder}) is replaced by the demo as it is on first use.</source>
        <translation>Alles wat in de demo is gedaan (de twee apps, de synchronisatiefouten, taken en het logboek in {folder}) wordt vervangen door de demo zoals bij het eerste gebruik.</translation>
    </message>
    <message>
        <source>Reset Demo</source>
        <translation>Demo opnieuw instellen</translation>
    </message>
    <message>
        <source>Show the {page} page</source>
        <translation>De pagina {page} weergeven</translation>
    </message>
    <message>
        <source>Show the sync errors</source>
        <translation>De synchronisatiefouten weergeven</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Instellingen…</translation>
    </message>
    <message>
        <source>The window&apos;s language and its light or dark appearance</source>
        <translation>De taal van het venster en de lichte of donkere weergave</translation>
    </message>
    <message>
        <source>Compare every record of one mapping, or of all, in both apps</source>
        <translation>Elk record van één toewijzing, of van alle, in beide apps vergelijken</translation>
    </message>
    <message>
        <source>Read what the page shows again</source>
        <translation>Lees opnieuw wat de pagina toont</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Sneltoetsen</translation>
    </message>
    <message>
        <source>Every keyboard shortcut of the window</source>
        <translation>Elke sneltoets van het venster</translation>
    </message>
    <message>
        <source>&amp;Using SyncDesk</source>
        <translation>SyncDesk &amp;gebruiken</translation>
    </message>
    <message>
        <source>How to use SyncDesk (the README&apos;s section on it)</source>
        <translation>Hoe SyncDesk te gebruiken (de sectie daarover in de README)</translation>
    </message>
    <message>
        <source>&amp;Page</source>
        <translation>&amp;Pagina</translation>
    </message>
    <message numerus="yes">
        <source>{page}: %Ln open sync error(s)</source>
        <translation>
            <numerusform>{page}: %Ln openstaande synchronisatiefout</numerusform>
            <numerusform>{page}: %Ln openstaande synchronisatiefouten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{page}, %Ln open</source>
        <translation>
            <numerusform>{page}, %Ln open</numerusform>
            <numerusform>{page}, %Ln open</numerusform>
        </translation>
    </message>
    <message>
        <source>Looking for changes</source>
        <translation>Zoeken naar wijzigingen</translation>
    </message>
    <message>
        <source>Updated with changes made elsewhere</source>
        <translation>Bijgewerkt met wijzigingen van elders</translation>
    </message>
    <message>
        <source>When the job queue runs its next entry by itself</source>
        <translation>Wanneer de verwerkingswachtrij vanzelf de volgende wachtrijpost uitvoert</translation>
    </message>
    <message>
        <source>the demo workspace</source>
        <translation>de demowerkruimte</translation>
    </message>
    <message>
        <source>Opening {name}…</source>
        <translation>Bezig met openen van {name}…</translation>
    </message>
    <message>
        <source>Opened {name}</source>
        <translation>{name} geopend</translation>
    </message>
    <message>
        <source>{name} was not opened: no password given</source>
        <translation>{name} is niet geopend: geen wachtwoord opgegeven</translation>
    </message>
    <message>
        <source>{name} stays open.</source>
        <translation>{name} blijft open.</translation>
    </message>
    <message>
        <source>Could not open {name}</source>
        <translation>Kan {name} niet openen</translation>
    </message>
    <message>
        <source>Could not open the workspace</source>
        <translation>Kan de werkruimte niet openen</translation>
    </message>
    <message>
        <source>SyncDesk could not open the workspace {name}.</source>
        <translation>SyncDesk kan de werkruimte {name} niet openen.</translation>
    </message>
    <message>
        <source>{message}

File: {path}</source>
        <translation>{message}

Bestand: {path}</translation>
    </message>
    <message>
        <source>Recent workspaces</source>
        <extracomment>how many workspaces File &gt; Open Recent remembers</extracomment>
        <translation>Recente werkruimten</translation>
    </message>
    <message>
        <source>No recent workspaces</source>
        <translation>Geen recente werkruimten</translation>
    </message>
    <message>
        <source>Clear Recent</source>
        <translation>Lijst wissen</translation>
    </message>
    <message>
        <source>Open Workspace</source>
        <translation>Werkruimte openen</translation>
    </message>
    <message>
        <source>Workspace files (*.toml);;All files (*)</source>
        <translation>Werkruimtebestanden (*.toml);;Alle bestanden (*)</translation>
    </message>
    <message>
        <source>About SyncDesk</source>
        <translation>Over SyncDesk</translation>
    </message>
    <message>
        <source>Keeps the records of two business applications in step, and shows what needs a person: conflicts, deletions and failed writes.</source>
        <translation>Houdt de records van twee bedrijfstoepassingen gelijk en toont wat een mens moet beoordelen: conflicten, verwijderingen en mislukte schrijfbewerkingen.</translation>
    </message>
</context>
<context>
    <name>MappingListModel</name>
    <message>
        <source>Left</source>
        <translation>Links</translation>
    </message>
    <message>
        <source>Right</source>
        <translation>Rechts</translation>
    </message>
    <message>
        <source>Mapping</source>
        <translation>Toewijzing</translation>
    </message>
    <message>
        <source>{app} table</source>
        <translation>{app}-tabel</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Richting</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Volgorde</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>Waarschuwingen</translation>
    </message>
    <message>
        <source>The order the mappings run in: a mapping runs after those it looks up</source>
        <translation>De volgorde waarin de toewijzingen worden uitgevoerd: een toewijzing wordt uitgevoerd na de toewijzingen die ze opzoekt</translation>
    </message>
    <message>
        <source>runs after {mappings}</source>
        <translation>na {mappings}</translation>
    </message>
    <message>
        <source>Runs after {mappings}</source>
        <translation>Wordt uitgevoerd na {mappings}</translation>
    </message>
</context>
<context>
    <name>MappingWarning</name>
    <message>
        <source>{target} {column} takes at most {length} characters, {source_of} up to {source_length}: longer values will be refused</source>
        <extracomment>the warnings by code (syncdesk.sync.mapping_info.WARNING_TEMPLATES, whose English they repeat word for word), translated where shown</extracomment>
        <translation>{target} {column} neemt maximaal {length} tekens op, in {source} zijn dat er tot {source_length}: langere waarden worden geweigerd</translation>
    </message>
    <message>
        <source>{target} {column} takes at most {length} characters, {source_of} has no limit: longer values will be refused</source>
        <translation>{target} {column} neemt maximaal {length} tekens op, in {source} is er geen limiet: langere waarden worden geweigerd</translation>
    </message>
    <message>
        <source>{target} {column} takes at most {length} characters, the {lookup} keys it holds are up to {key_length}: longer keys will be refused</source>
        <translation>{target} {column} neemt maximaal {length} tekens op, de sleutels van {lookup} die erin staan tot {key_length}: langere sleutels worden geweigerd</translation>
    </message>
    <message>
        <source>{target} {column} takes at most {length} characters, the {lookup} keys it holds are of any length: longer keys will be refused</source>
        <translation>{target} {column} neemt maximaal {length} tekens op, de sleutels van {lookup} die erin staan kunnen elke lengte hebben: langere sleutels worden geweigerd</translation>
    </message>
    <message>
        <source>{target} {column} holds a date, {source_of} {source_column} a date and time: only the date is synced</source>
        <translation>{target} {column} bevat een datum, {source} {source_column} een datum en tijd: alleen de datum wordt gesynchroniseerd</translation>
    </message>
    <message>
        <source>{target} {column} takes whole numbers, {source_of} {source_column} may have decimals: such values will be refused</source>
        <translation>{target} {column} neemt alleen gehele getallen op, {source} {source_column} kan decimalen hebben: zulke waarden worden geweigerd</translation>
    </message>
    <message>
        <source>{target} {column} takes {kind_name}, {source_of} {source_column} is text: other values will be refused</source>
        <translation>{target} {column} neemt {kind_name} op, {source} {source_column} is tekst: andere waarden worden geweigerd</translation>
    </message>
    <message>
        <source>{target} {column} is {type}, {source_of} {source_column} is {source_type}: values may not fit</source>
        <translation>{target} {column} is {type}, {source} {source_column} is {source_type}: waarden passen mogelijk niet</translation>
    </message>
    <message>
        <source>{target} {column} must have a value, {source_of} {source_column} may be empty: an empty value will be refused</source>
        <translation>{target} {column} moet een waarde hebben, {source} {source_column} kan leeg zijn: een lege waarde wordt geweigerd</translation>
    </message>
    <message>
        <source>{target} {column} must satisfy a check ({check}), {source_of} {source_column} has no such rule: other values will be refused</source>
        <translation>{target} {column} moet aan een controle voldoen ({check}), {source} {source_column} heeft zo&apos;n regel niet: andere waarden worden geweigerd</translation>
    </message>
    <message>
        <source>{target} {column} is part of its table&apos;s primary key: writing it changes which record it is, and a value already in use will be refused</source>
        <translation>{target} {column} maakt deel uit van de primaire sleutel van de tabel: een nieuwe waarde verandert welke record het is, en een waarde die al in gebruik is, wordt geweigerd</translation>
    </message>
    <message>
        <source>{target} {table}.{column} must have a value, is not mapped and has no default: creating records in {target} will fail</source>
        <translation>{target} {table}.{column} moet een waarde hebben, is niet toegewezen en heeft geen standaardwaarde: records maken in {target} zal mislukken</translation>
    </message>
    <message>
        <source>{target} {table} gives a deleted record&apos;s key {column} to the next new record and no identity is set: a new record under an old key is taken for the deleted one; name a column that never changes as identity</source>
        <translation>{target} {table} geeft de sleutel {column} van een verwijderd record aan het volgende nieuwe record en er is geen identity ingesteld: een nieuw record onder een oude sleutel wordt voor het verwijderde gehouden; geef een kolom die nooit verandert op als identity</translation>
    </message>
    <message>
        <source>{target} {table}.{column} (modified) has no index: every job reads the whole table to find what changed</source>
        <translation>{target} {table}.{column} (gewijzigd) heeft geen index: elke taak leest de hele tabel om te vinden wat er veranderde</translation>
    </message>
    <message>
        <source>{target} {table}.{column} (key) is not unique in its table: records that share a key cannot be told apart, and each such key is a failed sync error; name a column of unique values as key</source>
        <translation>{target} {table}.{column} (sleutel) is niet uniek in de tabel: records met dezelfde sleutel zijn niet uit elkaar te houden, en elke zo’n sleutel wordt een mislukte synchronisatiefout; kies een kolom met unieke waarden als sleutel</translation>
    </message>
    <message>
        <source>{target} {table}.{column} (modified) is {type}, not a date and time: every job reads the whole table to find what changed</source>
        <translation>{target} {table}.{column} (gewijzigd) is {type}, geen datum en tijd: elke taak leest de hele tabel om te vinden wat er veranderde</translation>
    </message>
    <message>
        <source>{target} {table}.{column} (modified) holds no dates (its newest value is {sample}): every job reads the whole table to find what changed</source>
        <translation>{target} {table}.{column} (gewijzigd) bevat geen datums (de nieuwste waarde is {sample}): elke taak leest de hele tabel om te vinden wat er veranderde</translation>
    </message>
    <message>
        <source>whole numbers</source>
        <extracomment>the kinds of column a warning names (&quot;takes {kind_name}&quot;)</extracomment>
        <translation>gehele getallen</translation>
    </message>
    <message>
        <source>numbers</source>
        <translation>getallen</translation>
    </message>
    <message>
        <source>dates</source>
        <translation>datums</translation>
    </message>
    <message>
        <source>dates and times</source>
        <translation>datums en tijden</translation>
    </message>
    <message>
        <source>yes or no</source>
        <translation>ja of nee</translation>
    </message>
    <message>
        <source>text</source>
        <translation>tekst</translation>
    </message>
</context>
<context>
    <name>MappingsPage</name>
    <message>
        <source>{app}&apos;</source>
        <translation>van {app}</translation>
    </message>
    <message>
        <source>{app}&apos;s</source>
        <translation>van {app}</translation>
    </message>
    <message>
        <source>both ways</source>
        <translation>in beide richtingen</translation>
    </message>
    <message>
        <source>ask: the pair becomes a sync error until a person chooses</source>
        <translation>vragen: het paar wordt een synchronisatiefout tot iemand kiest</translation>
    </message>
    <message>
        <source>{app_of} version wins</source>
        <translation>de versie van {app} wint</translation>
    </message>
    <message>
        <source>the newer change wins</source>
        <translation>de recentste wijziging wint</translation>
    </message>
    <message>
        <source>restore the record from the other app</source>
        <translation>de record herstellen vanuit de andere app</translation>
    </message>
    <message>
        <source>delete the record in the other app too</source>
        <translation>de record ook in de andere app verwijderen</translation>
    </message>
    <message>
        <source>remove the coupling and leave the other record</source>
        <translation>de koppeling verwijderen en de andere record behouden</translation>
    </message>
    <message>
        <source>only coupled records sync; new records are not created</source>
        <translation>alleen gekoppelde records worden gesynchroniseerd; nieuwe records worden niet gemaakt</translation>
    </message>
    <message>
        <source>created in {app} and coupled</source>
        <translation>gemaakt in {app} en gekoppeld</translation>
    </message>
    <message>
        <source>created in {first} and {second} and coupled</source>
        <translation>gemaakt in {first} en {second} en gekoppeld</translation>
    </message>
    <message>
        <source>{fields} (case-sensitive; on a match, {prefer_of} values win)</source>
        <translation>{fields} (hoofdlettergevoelig; bij een overeenkomst winnen de waarden van {prefer})</translation>
    </message>
    <message>
        <source>{fields} (ignoring case; on a match, {prefer_of} values win)</source>
        <translation>{fields} (niet hoofdlettergevoelig; bij een overeenkomst winnen de waarden van {prefer})</translation>
    </message>
    <message>
        <source>{n}th</source>
        <translation>{n}e</translation>
    </message>
    <message>
        <source>{n}st</source>
        <translation>{n}e</translation>
    </message>
    <message>
        <source>{n}nd</source>
        <translation>{n}e</translation>
    </message>
    <message>
        <source>{n}rd</source>
        <translation>{n}e</translation>
    </message>
</context>
<context>
    <name>MappingsView</name>
    <message>
        <source>No workspace is open.</source>
        <translation>Er is geen werkruimte geopend.</translation>
    </message>
    <message>
        <source>Mappings, in the order they run</source>
        <translation>Toewijzingen, in de volgorde waarin ze worden uitgevoerd</translation>
    </message>
    <message>
        <source>Left:</source>
        <translation>Links:</translation>
    </message>
    <message>
        <source>Right:</source>
        <translation>Rechts:</translation>
    </message>
    <message>
        <source>Direction:</source>
        <translation>Richting:</translation>
    </message>
    <message>
        <source>New records:</source>
        <translation>Nieuwe records:</translation>
    </message>
    <message>
        <source>Couple by:</source>
        <translation>Koppelen op:</translation>
    </message>
    <message>
        <source>On conflict:</source>
        <translation>Bij conflict:</translation>
    </message>
    <message>
        <source>On delete:</source>
        <translation>Bij verwijderen:</translation>
    </message>
    <message>
        <source>Order:</source>
        <translation>Volgorde:</translation>
    </message>
    <message>
        <source>Fields of the mapping</source>
        <translation>Velden van de toewijzing</translation>
    </message>
    <message>
        <source>runs {ordinal}</source>
        <translation>wordt als {ordinal} uitgevoerd</translation>
    </message>
    <message>
        <source>{order}, after {mappings} (its lookups)</source>
        <translation>{order}, na {mappings} (die ze opzoekt)</translation>
    </message>
    <message numerus="yes">
        <source>{order}; {mappings} look(s) it up</source>
        <translation>
            <numerusform>{order}; {mappings} zoekt deze toewijzing op</numerusform>
            <numerusform>{order}; {mappings} zoeken deze toewijzing op</numerusform>
        </translation>
    </message>
    <message>
        <source>Reading the mappings…</source>
        <translation>De toewijzingen worden gelezen…</translation>
    </message>
    <message>
        <source>Describe the mappings</source>
        <translation>De toewijzingen beschrijven</translation>
    </message>
    <message>
        <source>Could not read the mappings: {message}</source>
        <translation>De toewijzingen konden niet worden gelezen: {message}</translation>
    </message>
    <message>
        <source>{app}:</source>
        <translation>{app}:</translation>
    </message>
    <message>
        <source>key {column} ({type}, made by the database)</source>
        <translation>sleutel {column} ({type}, gemaakt door de database)</translation>
    </message>
    <message>
        <source>key {column} ({type})</source>
        <translation>sleutel {column} ({type})</translation>
    </message>
    <message>
        <source>modified {column}</source>
        <translation>wijzigingskolom {column}</translation>
    </message>
    <message>
        <source>no modified column</source>
        <translation>geen wijzigingskolom</translation>
    </message>
    <message>
        <source>— (new records are not matched)</source>
        <translation>— (nieuwe records worden niet op waarden gekoppeld)</translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n waarschuwing</numerusform>
            <numerusform>%n waarschuwingen</numerusform>
        </translation>
    </message>
    <message>
        <source>No warnings: {left_of} and {right_of} columns fit each other.</source>
        <translation>Geen waarschuwingen: de kolommen van {left} en {right} passen bij elkaar.</translation>
    </message>
</context>
<context>
    <name>MinutesDelegate</name>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
</context>
<context>
    <name>OpeningPage</name>
    <message>
        <source>Opening…</source>
        <translation>Bezig met openen…</translation>
    </message>
</context>
<context>
    <name>Outcome</name>
    <message>
        <source>Job {job}: {record} was not synchronized: {message}</source>
        <extracomment>at most this many records are told one by one; the rest are counted the name of each job&apos;s record, by job id (where it has one) sync errors the run retried first (Retry Now), by id the sync error to show (a link), if any the job to show (a link), when one job ran</extracomment>
        <translation>Taak {job}: {record} is niet gesynchroniseerd: {message}</translation>
    </message>
    <message>
        <source>Job {job} was cancelled: {record}</source>
        <translation>Taak {job} is geannuleerd: {record}</translation>
    </message>
    <message>
        <source>Job {job}: {record} was not written: {message}</source>
        <translation>Taak {job}: {record} is niet geschreven: {message}</translation>
    </message>
    <message>
        <source>the write was refused</source>
        <translation>de schrijfbewerking werd geweigerd</translation>
    </message>
    <message>
        <source>Job {job}: {record} was changed in both apps; nothing was written. Choose the values with Synchronize… on the Sync Errors page: {message}</source>
        <translation>Taak {job}: {record} is in beide apps gewijzigd; er is niets geschreven. Kies de waarden met Synchroniseren… op de pagina Synchronisatiefouten: {message}</translation>
    </message>
    <message>
        <source>Job {job}: {record} written: {what}</source>
        <translation>Taak {job}: {record} geschreven: {what}</translation>
    </message>
    <message>
        <source>Job {job}: {record} written</source>
        <translation>Taak {job}: {record} geschreven</translation>
    </message>
    <message>
        <source>Job {job}: {record} was skipped: {reason}</source>
        <translation>Taak {job}: {record} is overgeslagen: {reason}</translation>
    </message>
    <message>
        <source>no reason recorded</source>
        <translation>geen reden vastgelegd</translation>
    </message>
    <message>
        <source>Job {job}: {record} is unchanged: both apps already hold the same values</source>
        <translation>Taak {job}: {record} is ongewijzigd: beide apps hebben al dezelfde waarden</translation>
    </message>
    <message>
        <source>Job {job}: nothing to synchronize for {record}</source>
        <translation>Taak {job}: niets te synchroniseren voor {record}</translation>
    </message>
    <message>
        <source>{task}: nothing was synchronized</source>
        <translation>{task}: er is niets gesynchroniseerd</translation>
    </message>
    <message numerus="yes">
        <source>%Ln written</source>
        <translation>
            <numerusform>%Ln geschreven</numerusform>
            <numerusform>%Ln geschreven</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln skipped or in conflict</source>
        <translation>
            <numerusform>%Ln overgeslagen of in conflict</numerusform>
            <numerusform>%Ln overgeslagen of in conflict</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln not written</source>
        <translation>
            <numerusform>%Ln niet geschreven</numerusform>
            <numerusform>%Ln niet geschreven</numerusform>
        </translation>
    </message>
    <message>
        <source>{task}: {counts}</source>
        <translation>{task}: {counts}</translation>
    </message>
    <message numerus="yes">
        <source>… and %Ln more</source>
        <translation>
            <numerusform>… en nog %Ln</numerusform>
            <numerusform>… en nog %Ln</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OutcomeBar</name>
    <message>
        <source>Show Sync Error</source>
        <translation>Synchronisatiefout tonen</translation>
    </message>
    <message>
        <source>Show the sync error on the Sync Errors page</source>
        <translation>De synchronisatiefout tonen op de pagina Synchronisatiefouten</translation>
    </message>
    <message>
        <source>Show the job and its log on the Jobs page</source>
        <translation>De taak en het logboek ervan tonen op de pagina Synchronisatietaken</translation>
    </message>
    <message>
        <source>Close this message</source>
        <translation>Dit bericht sluiten</translation>
    </message>
    <message>
        <source>Show Job {job}</source>
        <translation>Taak {job} tonen</translation>
    </message>
</context>
<context>
    <name>Pages</name>
    <message>
        <source>Sync Errors</source>
        <translation>Synchronisatiefouten</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>Synchronisatietaken</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>Records</translation>
    </message>
    <message>
        <source>Job Queue</source>
        <translation>Verwerkingswachtrij</translation>
    </message>
    <message>
        <source>Mappings</source>
        <translation>Toewijzingen</translation>
    </message>
</context>
<context>
    <name>PairModel</name>
    <message>
        <source>Field</source>
        <translation>Veld</translation>
    </message>
    <message>
        <source>This app</source>
        <translation>Deze app</translation>
    </message>
    <message>
        <source>Other app</source>
        <translation>Andere app</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(leeg)</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Password needed</source>
        <translation>Wachtwoord nodig</translation>
    </message>
    <message>
        <source>&lt;b&gt;{workspace}&lt;/b&gt; needs a password that SyncDesk cannot find:</source>
        <translation>&lt;b&gt;{workspace}&lt;/b&gt; heeft een wachtwoord nodig dat SyncDesk niet kan vinden:</translation>
    </message>
    <message>
        <source>The database refused the password: {reason}</source>
        <extracomment>shown when the passwords typed last time were refused (the server&apos;s words)</extracomment>
        <translation>De database weigerde het wachtwoord: {reason}</translation>
    </message>
    <message>
        <source>State database</source>
        <translation>Statusdatabase</translation>
    </message>
    <message>
        <source>Password for {what}</source>
        <translation>Wachtwoord voor {what}</translation>
    </message>
    <message>
        <source>Save in the system keyring</source>
        <translation>Bewaren in de sleutelhanger van het systeem</translation>
    </message>
    <message>
        <source>Kept as {account}; the next start finds it there</source>
        <translation>Bewaard als {account}; de volgende start vindt het daar</translation>
    </message>
    <message>
        <source>The workspace takes this password from {source}</source>
        <translation>De werkruimte haalt dit wachtwoord uit {source}</translation>
    </message>
    <message>
        <source>A password typed here is used until SyncDesk closes, unless you save it.</source>
        <translation>Een wachtwoord dat u hier typt, geldt tot SyncDesk sluit, tenzij u het bewaart.</translation>
    </message>
</context>
<context>
    <name>PreviewChangesModel</name>
    <message>
        <source>Field</source>
        <translation>Veld</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Oude waarde</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Nieuwe waarde</translation>
    </message>
</context>
<context>
    <name>PreviewCounts</name>
    <message>
        <source>Mapping</source>
        <translation>Toewijzing</translation>
    </message>
    <message>
        <source>Insert</source>
        <translation>Invoegen</translation>
    </message>
    <message>
        <source>Modify</source>
        <translation>Wijzigen</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Verwijderen</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>Conflicten</translation>
    </message>
    <message>
        <source>Would fail</source>
        <translation>Zou mislukken</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Overgeslagen</translation>
    </message>
    <message>
        <source>Unchanged</source>
        <translation>Ongewijzigd</translation>
    </message>
    <message>
        <source>Records listed</source>
        <translation>Records getoond</translation>
    </message>
</context>
<context>
    <name>PreviewCountsModel</name>
    <message>
        <source>The first {listed} of {total} records are listed; the counts are whole</source>
        <translation>De eerste {listed} van {total} records worden getoond; de aantallen zijn volledig</translation>
    </message>
    <message>
        <source>{listed} of {total}</source>
        <translation>{listed} van {total}</translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message>
        <source>Preview Synchronization</source>
        <extracomment>records listed per mapping in the window (the counts are always whole)</extracomment>
        <translation>Synchronisatie vooraf bekijken</translation>
    </message>
    <message>
        <source>All mappings</source>
        <translation>Alle toewijzingen</translation>
    </message>
    <message>
        <source>Mappings to preview</source>
        <translation>Toewijzingen om vooraf te bekijken</translation>
    </message>
    <message>
        <source>Compare &amp;every record (full synchronization)</source>
        <translation>&amp;Elke record vergelijken (volledige synchronisatie)</translation>
    </message>
    <message>
        <source>Not only the records modified since the last job: on large tables this takes a while</source>
        <translation>Niet alleen de records die sinds de laatste taak zijn gewijzigd: bij grote tabellen duurt dit even</translation>
    </message>
    <message>
        <source>Preview &amp;Again</source>
        <translation>&amp;Opnieuw bekijken</translation>
    </message>
    <message>
        <source>Run the preview again (F5)</source>
        <translation>Het voorbeeld opnieuw uitvoeren (F5)</translation>
    </message>
    <message>
        <source>&amp;Mapping:</source>
        <translation>&amp;Toewijzing:</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <source>Stop the preview after the batch it is in</source>
        <translation>Het voorbeeld stoppen na de batch waarin het bezig is</translation>
    </message>
    <message>
        <source>Counts per mapping</source>
        <translation>Aantallen per toewijzing</translation>
    </message>
    <message>
        <source>Planned records, by action</source>
        <translation>Geplande records, per actie</translation>
    </message>
    <message>
        <source>Field changes of the selected record</source>
        <translation>Veldwijzigingen van de geselecteerde record</translation>
    </message>
    <message>
        <source>A preview writes nothing, to either app or to SyncDesk&apos;s state.</source>
        <translation>Een voorbeeld schrijft niets, niet naar de apps en niet naar de status van SyncDesk.</translation>
    </message>
    <message>
        <source>&amp;Run This Synchronization</source>
        <translation>Deze synchronisatie &amp;uitvoeren</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Sluiten</translation>
    </message>
    <message>
        <source>Looking at what a synchronization would do…</source>
        <translation>Bekijken wat een synchronisatie zou doen…</translation>
    </message>
    <message>
        <source>Reading both apps…</source>
        <translation>Beide apps worden gelezen…</translation>
    </message>
    <message>
        <source>Preview synchronization</source>
        <translation>Synchronisatie vooraf bekijken</translation>
    </message>
    <message>
        <source>Cancelling after the batch it is in…</source>
        <translation>Wordt geannuleerd na de batch waarin het bezig is…</translation>
    </message>
    <message>
        <source>{mapping} — {phase}</source>
        <translation>{mapping} — {phase}</translation>
    </message>
    <message>
        <source>{done}/{total}</source>
        <translation>{done}/{total}</translation>
    </message>
    <message>
        <source>The preview was cancelled; nothing is shown, and nothing was written.</source>
        <translation>Het voorbeeld is geannuleerd; er wordt niets getoond en er is niets geschreven.</translation>
    </message>
    <message>
        <source>Cancelled. Preview Again (F5) starts it anew.</source>
        <translation>Geannuleerd. Opnieuw bekijken (F5) begint opnieuw.</translation>
    </message>
    <message>
        <source>Nothing to do: a synchronization now would write nothing to either app.</source>
        <translation>Niets te doen: een synchronisatie zou nu niets naar de apps schrijven.</translation>
    </message>
    <message>
        <source>The preview could not run: {reason}</source>
        <translation>Het voorbeeld kon niet worden uitgevoerd: {reason}</translation>
    </message>
    <message numerus="yes">
        <source>Nothing would be written; %Ln record(s) would be skipped (they wait for a person in Sync Errors).</source>
        <translation>
            <numerusform>Er zou niets worden geschreven; %Ln record zou worden overgeslagen (die wacht op een persoon in Synchronisatiefouten).</numerusform>
            <numerusform>Er zou niets worden geschreven; %Ln records zouden worden overgeslagen (die wachten op een persoon in Synchronisatiefouten).</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to do: both apps agree.</source>
        <translation>Niets te doen: beide apps komen overeen.</translation>
    </message>
    <message>
        <source>A synchronization now: {inserted} to insert, {modified} to modify, {deleted} to delete</source>
        <translation>Een synchronisatie nu: {inserted} invoegen, {modified} wijzigen, {deleted} verwijderen</translation>
    </message>
    <message numerus="yes">
        <source>%Ln conflict(s)</source>
        <translation>
            <numerusform>%Ln conflict</numerusform>
            <numerusform>%Ln conflicten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln would fail</source>
        <translation>
            <numerusform>%Ln zou mislukken</numerusform>
            <numerusform>%Ln zouden mislukken</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln skipped</source>
        <translation>
            <numerusform>%Ln overgeslagen</numerusform>
            <numerusform>%Ln overgeslagen</numerusform>
        </translation>
    </message>
    <message>
        <source>{text}; {more}</source>
        <translation>{text}; {more}</translation>
    </message>
    <message>
        <source>{text}. Nothing has been written yet.</source>
        <translation>{text}. Er is nog niets geschreven.</translation>
    </message>
    <message>
        <source>Select a record to see what would change.</source>
        <translation>Selecteer een record om te zien wat er zou veranderen.</translation>
    </message>
    <message>
        <source>{mapping} {name} — {group}</source>
        <translation>{mapping} {name} — {group}</translation>
    </message>
    <message>
        <source>Start a job for {what}: it plans again, and writes what it finds</source>
        <translation>Een taak starten voor {what}: die plant opnieuw en schrijft wat ze vindt</translation>
    </message>
</context>
<context>
    <name>PreviewModel</name>
    <message>
        <source>Would fail</source>
        <extracomment>the groups of planned records, in the order shown: what needs a look first</extracomment>
        <translation>Zou mislukken</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>Conflicten</translation>
    </message>
    <message>
        <source>Deletions found</source>
        <translation>Gevonden verwijderingen</translation>
    </message>
    <message>
        <source>Insert into {right}</source>
        <translation>Invoegen in {right}</translation>
    </message>
    <message>
        <source>Insert into {left}</source>
        <translation>Invoegen in {left}</translation>
    </message>
    <message>
        <source>Modify</source>
        <translation>Wijzigen</translation>
    </message>
    <message>
        <source>Delete in {right}</source>
        <translation>Verwijderen in {right}</translation>
    </message>
    <message>
        <source>Delete in {left}</source>
        <translation>Verwijderen in {left}</translation>
    </message>
    <message>
        <source>Couple (matched)</source>
        <translation>Koppelen (overeenkomst)</translation>
    </message>
    <message>
        <source>Remove coupling</source>
        <translation>Koppeling verwijderen</translation>
    </message>
</context>
<context>
    <name>PreviewTreeModel</name>
    <message>
        <source>Record</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>Mapping</source>
        <translation>Toewijzing</translation>
    </message>
    <message>
        <source>What the job would do</source>
        <translation>Wat de taak zou doen</translation>
    </message>
    <message>
        <source>{group} — {count}</source>
        <translation>{group} — {count}</translation>
    </message>
    <message>
        <source>{field}: {before} → {after}</source>
        <translation>{field}: {before} → {after}</translation>
    </message>
    <message>
        <source>new in {app}</source>
        <translation>nieuw in {app}</translation>
    </message>
    <message>
        <source>deleted in {app}</source>
        <translation>verwijderd in {app}</translation>
    </message>
    <message>
        <source>→ {app}</source>
        <translation>→ {app}</translation>
    </message>
</context>
<context>
    <name>QueueTableModel</name>
    <message>
        <source>Mapping</source>
        <translation>Toewijzing</translation>
    </message>
    <message>
        <source>Every</source>
        <translation>Interval</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Next run</source>
        <translation>Volgende uitvoering</translation>
    </message>
    <message>
        <source>Last run</source>
        <translation>Laatste uitvoering</translation>
    </message>
    <message>
        <source>Last job</source>
        <translation>Laatste taak</translation>
    </message>
    <message>
        <source>Running on {runner}</source>
        <translation>Loopt op {runner}</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>Ingeschakeld</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>On hold</translation>
    </message>
    <message>
        <source>— (on hold)</source>
        <translation>— (on hold)</translation>
    </message>
    <message>
        <source>due now</source>
        <translation>nu aan de beurt</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nooit</translation>
    </message>
    <message>
        <source>Job {job}</source>
        <translation>Taak {job}</translation>
    </message>
    <message numerus="yes">
        <source>Runs every %Ln minute(s); double-click to change</source>
        <translation>
            <numerusform>Wordt elke %Ln minuut uitgevoerd; dubbelklik om te wijzigen</numerusform>
            <numerusform>Wordt elke %Ln minuten uitgevoerd; dubbelklik om te wijzigen</numerusform>
        </translation>
    </message>
    <message>
        <source>{runner} runs this job now; its claim holds until {until}</source>
        <translation>{runner} voert deze taak nu uit; de claim geldt tot {until}</translation>
    </message>
    <message>
        <source>On hold: does not run by itself until resumed</source>
        <translation>On hold: wordt niet vanzelf uitgevoerd tot de post wordt hervat</translation>
    </message>
</context>
<context>
    <name>QueueView</name>
    <message>
        <source>Job queue</source>
        <extracomment>``notify(title, message)``: shows a desktop notification how often the window looks whether a job queue entry is due (ms) how often the window looks for due job queue entries; SYNCDESK_QUEUE_POLL_MS overrides it (the test suite sets an hour, so that only the queue&apos;s own tests see queue runs) the spin box stores its value once it rests this long (ms), or when editing ends how long a tray notification stays (ms)</extracomment>
        <translation>Verwerkingswachtrij</translation>
    </message>
    <message>
        <source>Run {mapping} now</source>
        <translation>{mapping} nu uitvoeren</translation>
    </message>
    <message>
        <source>Job Queue</source>
        <extracomment>the time the queue runs by (naive UTC); tests set a controlled clock shows a desktop notification ``(title, message)``; tests set their own a run ended since the entries were read: their next runs moved on the mapping whose interval the spin box shows, and the timer that stores it</extracomment>
        <translation>Verwerkingswachtrij</translation>
    </message>
    <message>
        <source>Recurring jobs, one per mapping. Due entries run by themselves while SyncDesk is open on this workspace, or with &lt;tt&gt;syncdesk worker&lt;/tt&gt; when it is not.</source>
        <translation>Terugkerende taken, één per toewijzing. Posten die aan de beurt zijn, worden vanzelf uitgevoerd zolang SyncDesk deze werkruimte geopend heeft, of met &lt;tt&gt;syncdesk worker&lt;/tt&gt; wanneer dat niet zo is.</translation>
    </message>
    <message>
        <source>Run Now</source>
        <translation>Nu uitvoeren</translation>
    </message>
    <message>
        <source>Run the selected mapping&apos;s job now, as the queue runs it</source>
        <translation>De taak van de geselecteerde toewijzing nu uitvoeren, zoals de wachtrij die uitvoert</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>On hold zetten</translation>
    </message>
    <message>
        <source>Put the selected entry on hold: it stops running by itself</source>
        <translation>De geselecteerde post on hold zetten: die wordt dan niet meer vanzelf uitgevoerd</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Hervatten</translation>
    </message>
    <message>
        <source>Let the selected entry run by itself again</source>
        <translation>De geselecteerde post weer vanzelf laten uitvoeren</translation>
    </message>
    <message>
        <source>&amp;Run Now</source>
        <translation>Nu &amp;uitvoeren</translation>
    </message>
    <message>
        <source>&amp;Hold</source>
        <translation>&amp;On hold zetten</translation>
    </message>
    <message>
        <source>Res&amp;ume</source>
        <translation>&amp;Hervatten</translation>
    </message>
    <message>
        <source>Every</source>
        <translation>Elke</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>How often the selected entry runs, in minutes ({low} to {high})</source>
        <translation>Hoe vaak de geselecteerde post wordt uitgevoerd, in minuten ({low} tot {high})</translation>
    </message>
    <message>
        <source>Job queue entries</source>
        <translation>Wachtrijposten</translation>
    </message>
    <message>
        <source>Read the job queue</source>
        <translation>De verwerkingswachtrij lezen</translation>
    </message>
    <message>
        <source>Could not read the job queue: {message}</source>
        <translation>Kan de verwerkingswachtrij niet lezen: {message}</translation>
    </message>
    <message>
        <source>Job queue: every entry on hold</source>
        <translation>Verwerkingswachtrij: alle posten on hold</translation>
    </message>
    <message>
        <source>Next queue run: due now</source>
        <translation>Volgende uitvoering van de wachtrij: nu</translation>
    </message>
    <message>
        <source>Next queue run {time}</source>
        <translation>Volgende uitvoering van de wachtrij: {time}</translation>
    </message>
    <message>
        <source>Job queue: {mapping} runs every {every}</source>
        <translation>Verwerkingswachtrij: {mapping} wordt elke {every} uitgevoerd</translation>
    </message>
    <message>
        <source>Job queue: {mapping} resumed</source>
        <translation>Verwerkingswachtrij: {mapping} hervat</translation>
    </message>
    <message>
        <source>Job queue: {mapping} on hold</source>
        <translation>Verwerkingswachtrij: {mapping} on hold</translation>
    </message>
    <message>
        <source>{task}: not done — {message}</source>
        <translation>{task}: niet uitgevoerd — {message}</translation>
    </message>
    <message>
        <source>{task}: could not run — {message}</source>
        <translation>{task}: kan niet worden uitgevoerd — {message}</translation>
    </message>
</context>
<context>
    <name>QueueWords</name>
    <message numerus="yes">
        <source>%Ln day(s)</source>
        <translation>
            <numerusform>%Ln dag</numerusform>
            <numerusform>%Ln dagen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln hour(s)</source>
        <translation>
            <numerusform>%Ln uur</numerusform>
            <numerusform>%Ln uur</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln minute(s)</source>
        <translation>
            <numerusform>%Ln minuut</numerusform>
            <numerusform>%Ln minuten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln new sync error(s) in {mapping}</source>
        <translation>
            <numerusform>%Ln nieuwe synchronisatiefout in {mapping}</numerusform>
            <numerusform>%Ln nieuwe synchronisatiefouten in {mapping}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RecordLogPanel</name>
    <message>
        <source>Left</source>
        <extracomment>while a job runs, the record&apos;s log is read again this often (ms) per entry: can it be undone, and what the undo would do</extracomment>
        <translation>Links</translation>
    </message>
    <message>
        <source>Right</source>
        <translation>Rechts</translation>
    </message>
    <message>
        <source>Select a record to see its log.</source>
        <extracomment>the record asked for, and the one shown (None: a placeholder)</extracomment>
        <translation>Selecteer een record om het logboek ervan te zien.</translation>
    </message>
    <message>
        <source>Record log</source>
        <extracomment>per log entry shown: can it be undone, and what would the undo do the reason typed for the next action on the page, if it has such a field</extracomment>
        <translation>Synchronisatielogboek</translation>
    </message>
    <message>
        <source>Field changes</source>
        <translation>Veldwijzigingen</translation>
    </message>
    <message>
        <source>&amp;Undo…</source>
        <translation>&amp;Ongedaan maken…</translation>
    </message>
    <message>
        <source>Field changes of the log entry</source>
        <translation>Veldwijzigingen van de logboekvermelding</translation>
    </message>
    <message>
        <source>Record log — {mapping} {name} {left} ↔ {right}</source>
        <translation>Synchronisatielogboek — {mapping} {name} {left} ↔ {right}</translation>
    </message>
    <message>
        <source>Record log — {mapping} {left} ↔ {right}</source>
        <translation>Synchronisatielogboek — {mapping} {left} ↔ {right}</translation>
    </message>
    <message>
        <source>Reading the record log…</source>
        <translation>Het logboek wordt gelezen…</translation>
    </message>
    <message>
        <source>Read record log</source>
        <translation>Synchronisatielogboek lezen</translation>
    </message>
    <message>
        <source>No log entries for this record yet.</source>
        <translation>Nog geen logboekposten voor deze record.</translation>
    </message>
    <message>
        <source>Could not read the record log: {message}</source>
        <translation>Kan het logboek niet lezen: {message}</translation>
    </message>
    <message>
        <source>Select a log entry to see what it changed.</source>
        <translation>Selecteer een logboekpost om te zien wat die heeft gewijzigd.</translation>
    </message>
    <message>
        <source>Changed in both apps — {action}</source>
        <translation>In beide apps gewijzigd — {action}</translation>
    </message>
    <message>
        <source>Field changes — {action}</source>
        <translation>Veldwijzigingen — {action}</translation>
    </message>
    <message>
        <source>This entry changed no fields.</source>
        <translation>Deze logboekpost heeft geen velden gewijzigd.</translation>
    </message>
    <message>
        <source>Undoing…</source>
        <translation>Wordt ongedaan gemaakt…</translation>
    </message>
    <message>
        <source>Undo log entry {id}</source>
        <translation>Logboekregel {id} ongedaan maken</translation>
    </message>
</context>
<context>
    <name>RecordStatus</name>
    <message>
        <source>in sync</source>
        <extracomment>rows per page of the record table the search waits this long after the last key stroke at most this many mapped fields get a column of their own in the record table the background of a field whose value differs between the two apps the statuses as a person reads them, by the engine&apos;s code (translated where shown)</extracomment>
        <translation>gesynchroniseerd</translation>
    </message>
    <message>
        <source>differs</source>
        <translation>verschilt</translation>
    </message>
    <message>
        <source>partner missing</source>
        <translation>partner ontbreekt</translation>
    </message>
    <message>
        <source>error</source>
        <translation>fout</translation>
    </message>
    <message>
        <source>excluded</source>
        <translation>uitgesloten</translation>
    </message>
    <message>
        <source>not coupled</source>
        <translation>niet gekoppeld</translation>
    </message>
    <message>
        <source>error: {kind}</source>
        <translation>fout: {kind}</translation>
    </message>
    <message>
        <source>deleted in {app}</source>
        <translation>verwijderd in {app}</translation>
    </message>
</context>
<context>
    <name>RecordTableModel</name>
    <message>
        <source>Left</source>
        <extracomment>the mapped fields follow, one column each (at most MAX_FIELD_COLUMNS)</extracomment>
        <translation>Links</translation>
    </message>
    <message>
        <source>Right</source>
        <translation>Rechts</translation>
    </message>
    <message>
        <source>{app} key</source>
        <translation>{app}-sleutel</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>The coupled record&apos;s key in {app}</source>
        <translation>De sleutel van de gekoppelde record in {app}</translation>
    </message>
</context>
<context>
    <name>RecordsView</name>
    <message>
        <source>Left</source>
        <extracomment>where the next page starts in the key order (the records looked at so far) how many records hold the search text (any status; read with the first page only)</extracomment>
        <translation>Links</translation>
    </message>
    <message>
        <source>Right</source>
        <translation>Rechts</translation>
    </message>
    <message>
        <source>Mapping</source>
        <translation>Toewijzing</translation>
    </message>
    <message>
        <source>The mapping whose records are shown</source>
        <translation>De toewijzing waarvan de records worden getoond</translation>
    </message>
    <message>
        <source>App</source>
        <translation>App</translation>
    </message>
    <message>
        <source>The app whose records are shown</source>
        <translation>De app waarvan de records worden getoond</translation>
    </message>
    <message>
        <source>Search the records</source>
        <translation>Zoeken in de records</translation>
    </message>
    <message>
        <source>Search by key or any mapped field…</source>
        <translation>Zoeken op sleutel of een toegewezen veld…</translation>
    </message>
    <message>
        <source>Clear the search</source>
        <translation>De zoekopdracht wissen</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Show only the records with this status</source>
        <translation>Alleen de records met deze status tonen</translation>
    </message>
    <message>
        <source>Every status</source>
        <translation>Elke status</translation>
    </message>
    <message>
        <source>Open a workspace to browse its records.</source>
        <translation>Open een werkruimte om de records ervan te bekijken.</translation>
    </message>
    <message>
        <source>Select a record</source>
        <translation>Selecteer een record</translation>
    </message>
    <message>
        <source>Synchronize Now</source>
        <translation>Nu synchroniseren</translation>
    </message>
    <message>
        <source>Synchronize this record now, as a manual job</source>
        <translation>Deze record nu synchroniseren, als handmatige taak</translation>
    </message>
    <message>
        <source>Synchronize Now (both ways, as a job would)</source>
        <translation>Nu synchroniseren (in beide richtingen, zoals een taak)</translation>
    </message>
    <message>
        <source>Copy to the right app</source>
        <translation>Naar de rechter app kopiëren</translation>
    </message>
    <message>
        <source>Copy to the left app</source>
        <translation>Naar de linker app kopiëren</translation>
    </message>
    <message>
        <source>Couple…</source>
        <translation>Koppelen…</translation>
    </message>
    <message>
        <source>Couple this record to a record of the other app</source>
        <translation>Deze record aan een record van de andere app koppelen</translation>
    </message>
    <message>
        <source>Uncouple</source>
        <translation>Ontkoppelen</translation>
    </message>
    <message>
        <source>Uncouple the pair and exclude both records until they are coupled again</source>
        <translation>Het paar ontkoppelen en beide records uitsluiten tot ze opnieuw worden gekoppeld</translation>
    </message>
    <message>
        <source>Record Log</source>
        <translation>Synchronisatielogboek</translation>
    </message>
    <message>
        <source>Show every sync action that touched this record</source>
        <translation>Elke synchronisatieactie voor deze record tonen</translation>
    </message>
    <message>
        <source>&amp;Couple…</source>
        <translation>&amp;Koppelen…</translation>
    </message>
    <message>
        <source>&amp;Uncouple</source>
        <translation>&amp;Ontkoppelen</translation>
    </message>
    <message>
        <source>Record &amp;Log</source>
        <translation>Synchronisatie&amp;logboek</translation>
    </message>
    <message>
        <source>The record and its log</source>
        <translation>De record en zijn logboek</translation>
    </message>
    <message>
        <source>Both records side by side</source>
        <translation>Beide records naast elkaar</translation>
    </message>
    <message>
        <source>Select a record to see its log.</source>
        <translation>Selecteer een record om het logboek ervan te zien.</translation>
    </message>
    <message>
        <source>Fields</source>
        <translation>Velden</translation>
    </message>
    <message>
        <source>Record log</source>
        <translation>Synchronisatielogboek</translation>
    </message>
    <message>
        <source>Copy {source} values to {target}</source>
        <translation>Waarden van {source} naar {target} kopiëren</translation>
    </message>
    <message>
        <source>Read records</source>
        <translation>Records lezen</translation>
    </message>
    <message>
        <source>No record with this status matches the search.</source>
        <translation>Geen record met deze status voldoet aan de zoekopdracht.</translation>
    </message>
    <message>
        <source>No record matches the search.</source>
        <translation>Geen record voldoet aan de zoekopdracht.</translation>
    </message>
    <message>
        <source>Read more records</source>
        <translation>Meer records lezen</translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s)</source>
        <translation>
            <numerusform>%Ln record</numerusform>
            <numerusform>%Ln records</numerusform>
        </translation>
    </message>
    <message>
        <source>Read the record</source>
        <translation>De record lezen</translation>
    </message>
    <message>
        <source>The action could not be done</source>
        <translation>De actie kon niet worden uitgevoerd</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>Records</translation>
    </message>
    <message numerus="yes">
        <source>{count} with this status so far, of %Ln record(s)</source>
        <translation>
            <numerusform>tot nu toe {count} met deze status, van %Ln record</numerusform>
            <numerusform>tot nu toe {count} met deze status, van %Ln records</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{count} of %Ln record(s) have this status</source>
        <translation>
            <numerusform>{count} van %Ln record heeft deze status</numerusform>
            <numerusform>{count} van %Ln records hebben deze status</numerusform>
        </translation>
    </message>
    <message>
        <source>{task}: not done: {message}</source>
        <translation>{task}: niet uitgevoerd: {message}</translation>
    </message>
    <message>
        <source>Synchronize {mapping} {key}</source>
        <translation>{mapping} {key} synchroniseren</translation>
    </message>
    <message>
        <source>Copy {mapping} {key} to {app}</source>
        <translation>{mapping} {key} kopiëren naar {app}</translation>
    </message>
    <message>
        <source>{task}…</source>
        <translation>{task}…</translation>
    </message>
    <message>
        <source>Couple</source>
        <translation>Koppelen</translation>
    </message>
    <message>
        <source>Uncouple {left} {left_key} and {right} {right_key}?</source>
        <translation>{left} {left_key} en {right} {right_key} ontkoppelen?</translation>
    </message>
    <message>
        <source>Both records are excluded from the sync: neither syncs again, nor is re-created, until someone couples them again.</source>
        <translation>Beide records worden uitgesloten van de synchronisatie: geen van beide wordt nog gesynchroniseerd of opnieuw gemaakt, tot iemand ze opnieuw koppelt.</translation>
    </message>
</context>
<context>
    <name>Results</name>
    <message>
        <source>ok</source>
        <translation>ok</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>overgeslagen</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>mislukt</translation>
    </message>
    <message>
        <source>error</source>
        <translation>mislukt</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>in behandeling</translation>
    </message>
</context>
<context>
    <name>RowsModel</name>
    <message>
        <source>Left</source>
        <translation>Links</translation>
    </message>
    <message>
        <source>Right</source>
        <translation>Rechts</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Instellingen</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Taal</translation>
    </message>
    <message>
        <source>System default ({language})</source>
        <translation>Systeemstandaard ({language})</translation>
    </message>
    <message>
        <source>The language of the window, its dates and its numbers</source>
        <translation>De taal van het venster, de datums en de getallen</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Weergave</translation>
    </message>
    <message>
        <source>Light or dark colours, or those of the desktop</source>
        <translation>Lichte of donkere kleuren, of die van het bureaublad</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Taal:</translation>
    </message>
    <message>
        <source>&amp;Appearance:</source>
        <translation>&amp;Weergave:</translation>
    </message>
    <message>
        <source>A task is running: the new language is used from the next start.</source>
        <translation>Er loopt een taak: de nieuwe taal wordt gebruikt vanaf de volgende start.</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <extracomment>the appearance choices, by code</extracomment>
        <translation>Systeem volgen</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Licht</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Donker</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <extracomment>the README beside the package (a source checkout); an installed copy may have none the section of the README that says how to use SyncDesk</extracomment>
        <translation>Sneltoetsen</translation>
    </message>
    <message>
        <source>Tab moves between the controls of a page; in a table the arrow keys move, and Tab leaves it. Esc clears a search field.</source>
        <translation>Tab gaat van het ene onderdeel van een pagina naar het volgende; in een tabel bewegen de pijltoetsen en verlaat Tab de tabel. Esc wist een zoekveld.</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Sneltoetsen</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Waar</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Opdracht</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Toetsen</translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <source>Pages</source>
        <extracomment>the role of an entry that holds its page&apos;s count</extracomment>
        <translation>Pagina&apos;s</translation>
    </message>
</context>
<context>
    <name>SyncRuns</name>
    <message>
        <source>Synchronize modified records</source>
        <translation>Gewijzigde records synchroniseren</translation>
    </message>
    <message>
        <source>All mappings</source>
        <translation>Alle toewijzingen</translation>
    </message>
    <message>
        <source>Run Full Synchronization</source>
        <translation>Volledige synchronisatie uitvoeren</translation>
    </message>
    <message>
        <source>Compare every record of:</source>
        <translation>Elk record vergelijken van:</translation>
    </message>
    <message>
        <source>every mapping</source>
        <translation>elke toewijzing</translation>
    </message>
    <message>
        <source>Run a full synchronization of {mapping}?</source>
        <translation>Een volledige synchronisatie van {mapping} uitvoeren?</translation>
    </message>
    <message>
        <source>It compares every record of {mapping} in both apps ({left} and {right}), not only those modified since the last job. On large tables this takes a while; you can cancel it from the status bar.</source>
        <translation>Die vergelijkt elke record van {mapping} in beide apps ({left} en {right}), niet alleen de records die sinds de laatste taak zijn gewijzigd. Bij grote tabellen duurt dit even; u kunt de synchronisatie annuleren vanuit de statusbalk.</translation>
    </message>
    <message>
        <source>Full synchronization of {mapping}</source>
        <extracomment>Preview Synchronization&apos;s window while it is open</extracomment>
        <translation>Volledige synchronisatie van {mapping}</translation>
    </message>
    <message>
        <source>Synchronize {mapping}</source>
        <translation>{mapping} synchroniseren</translation>
    </message>
    <message>
        <source>Full synchronization of every mapping</source>
        <translation>Volledige synchronisatie van elke toewijzing</translation>
    </message>
    <message>
        <source>{task}: queued — runs when the running task ends</source>
        <translation>{task}: in de wachtrij — wordt uitgevoerd zodra de lopende taak klaar is</translation>
    </message>
    <message numerus="yes">
        <source>%Ln job(s) could not run to the end.</source>
        <translation>
            <numerusform>%Ln taak kon niet volledig worden uitgevoerd.</numerusform>
            <numerusform>%Ln taken konden niet volledig worden uitgevoerd.</numerusform>
        </translation>
    </message>
    <message>
        <source>Job {job} ({mapping}): {message}</source>
        <translation>Taak {job} ({mapping}): {message}</translation>
    </message>
    <message>
        <source>{task}: not done</source>
        <translation>{task}: niet uitgevoerd</translation>
    </message>
    <message>
        <source>{task} could not run.</source>
        <translation>{task} kon niet worden uitgevoerd.</translation>
    </message>
</context>
<context>
    <name>Tasks</name>
    <message>
        <source>Mapping</source>
        <extracomment>the error table reads this many rows at a time (the first page, then one per fetchMore) the export reads this many rows at a time an action on every matching error is applied in batches of this many (bound parameters) the CSV&apos;s columns (the two keys are named after the apps), translated when written: the file is a report for people (it opens in Excel), like its kinds, times and messages</extracomment>
        <translation>Toewijzing</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Soort</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Naam</translation>
    </message>
    <message>
        <source>{left} key</source>
        <translation>Sleutel in {left}</translation>
    </message>
    <message>
        <source>{right} key</source>
        <translation>Sleutel in {right}</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Bericht</translation>
    </message>
    <message>
        <source>First seen</source>
        <translation>Eerst gezien</translation>
    </message>
    <message>
        <source>Last attempt</source>
        <translation>Laatste poging</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Pogingen</translation>
    </message>
    <message>
        <source>this build of SyncDesk has no demo workspace</source>
        <extracomment>True when the passwords typed last time were refused by a database</extracomment>
        <translation>deze versie van SyncDesk heeft geen demowerkruimte</translation>
    </message>
    <message>
        <source>the export was cancelled; no file was written</source>
        <extracomment>the first characters that make a spreadsheet read a cell as a formula (OWASP&apos;s list)</extracomment>
        <translation>het exporteren is geannuleerd; er is geen bestand geschreven</translation>
    </message>
    <message>
        <source>could not write {path}: {reason}</source>
        <translation>kan {path} niet schrijven: {reason}</translation>
    </message>
    <message numerus="yes">
        <source>%Ln sync error(s) match the filter now, not the {confirmed} you confirmed; nothing was done. Look at the list again.</source>
        <translation>
            <numerusform>Nu voldoet %Ln synchronisatiefout aan het filter, niet de {confirmed} die u hebt bevestigd; er is niets uitgevoerd. Bekijk de lijst opnieuw.</numerusform>
            <numerusform>Nu voldoen %Ln synchronisatiefouten aan het filter, niet de {confirmed} die u hebt bevestigd; er is niets uitgevoerd. Bekijk de lijst opnieuw.</numerusform>
        </translation>
    </message>
    <message>
        <source>no sync error matches the filter any more; nothing done</source>
        <translation>geen synchronisatiefout voldoet nog aan het filter; er is niets uitgevoerd</translation>
    </message>
    <message numerus="yes">
        <source>{message} (after {done} of %Ln sync error(s) were done)</source>
        <translation>
            <numerusform>{message} (nadat {done} van %Ln synchronisatiefout was uitgevoerd)</numerusform>
            <numerusform>{message} (nadat {done} van %Ln synchronisatiefouten waren uitgevoerd)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Triggers</name>
    <message>
        <source>queue</source>
        <translation>wachtrij</translation>
    </message>
    <message>
        <source>manual</source>
        <translation>handmatig</translation>
    </message>
    <message>
        <source>action</source>
        <translation>actie</translation>
    </message>
</context>
<context>
    <name>UndoAction</name>
    <message>
        <source>Select a log entry to undo it</source>
        <extracomment>at most this many field changes are named in the question</extracomment>
        <translation>Selecteer een logboekregel om ze ongedaan te maken</translation>
    </message>
    <message>
        <source>Cannot be undone: {reason}</source>
        <translation>Kan niet ongedaan worden gemaakt: {reason}</translation>
    </message>
    <message>
        <source>Take back what this entry did (Ctrl+Z)</source>
        <translation>Terugdraaien wat deze regel deed (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Delete {mapping} {key} in {app} again?</source>
        <translation>{mapping} {key} opnieuw verwijderen in {app}?</translation>
    </message>
    <message>
        <source>Restore Records made this record again in {app}. Undone, it is deleted there and the pair is a deletion again, waiting in Sync Errors.</source>
        <translation>Records herstellen maakte deze record opnieuw in {app}. Ongedaan gemaakt wordt ze daar verwijderd en is het paar weer een verwijdering die wacht in Synchronisatiefouten.</translation>
    </message>
    <message>
        <source>Delete {mapping} {key} in {app}, and uncouple it?</source>
        <translation>{mapping} {key} verwijderen in {app} en ontkoppelen?</translation>
    </message>
    <message>
        <source>This entry inserted the record in {app}. Undone, it is deleted there; the record in {source} stays, and is not created again until coupled by hand. If {app} changed the record since, nothing is deleted.</source>
        <translation>Deze regel voegde de record in {app} in. Ongedaan gemaakt wordt ze daar verwijderd; de record in {source} blijft en wordt niet opnieuw gemaakt tot ze met de hand gekoppeld wordt. Als {app} de record intussen wijzigde, wordt niets verwijderd.</translation>
    </message>
    <message>
        <source>Make {mapping} {key} again in {app}, and couple it?</source>
        <translation>{mapping} {key} opnieuw maken in {app} en koppelen?</translation>
    </message>
    <message>
        <source>This entry deleted the record in {app}. Undone, it is created there again from the values the log kept, and coupled to the record in {other}.</source>
        <translation>Deze regel verwijderde de record in {app}. Ongedaan gemaakt wordt ze daar opnieuw gemaakt uit de waarden die het logboek bewaarde, en gekoppeld aan de record in {other}.</translation>
    </message>
    <message>
        <source>Uncouple {mapping} {left} and {right}?</source>
        <translation>{mapping} {left} en {right} ontkoppelen?</translation>
    </message>
    <message>
        <source>Neither record is changed; they are no longer kept in step.</source>
        <translation>Geen van beide records wordt gewijzigd; ze worden niet meer gelijk gehouden.</translation>
    </message>
    <message>
        <source>Couple {mapping} {left} and {right} again?</source>
        <translation>{mapping} {left} en {right} opnieuw koppelen?</translation>
    </message>
    <message>
        <source>Neither record is changed; the next job keeps them in step again.</source>
        <translation>Geen van beide records wordt gewijzigd; de volgende taak houdt ze weer gelijk.</translation>
    </message>
    <message>
        <source>Write back to {app} what it held before this entry?</source>
        <translation>Terugschrijven naar {app} wat het vóór deze regel bevatte?</translation>
    </message>
    <message>
        <source>If {app} changed these fields since, nothing is written and the record becomes a conflict to resolve in Sync Errors.</source>
        <translation>Als {app} deze velden intussen wijzigde, wordt niets geschreven en wordt de record een conflict om op te lossen in Synchronisatiefouten.</translation>
    </message>
    <message>
        <source>Undo log entry {id}</source>
        <translation>Logboekregel {id} ongedaan maken</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Ongedaan maken</translation>
    </message>
    <message>
        <source>Log entry {id} undone: {message}</source>
        <translation>Logboekregel {id} ongedaan gemaakt: {message}</translation>
    </message>
    <message>
        <source>Nothing was undone: {message}. The record is a conflict now.</source>
        <translation>Er is niets ongedaan gemaakt: {message}. De record is nu een conflict.</translation>
    </message>
    <message>
        <source>Log entry {id} was not undone: {message}</source>
        <translation>Logboekregel {id} is niet ongedaan gemaakt: {message}</translation>
    </message>
</context>
<context>
    <name>UsingDialog</name>
    <message>
        <source>Using SyncDesk</source>
        <translation>SyncDesk gebruiken</translation>
    </message>
    <message>
        <source>The README that explains how to use SyncDesk is not installed with this copy. Read its section “{section}” where SyncDesk came from.</source>
        <translation>De README die uitlegt hoe u SyncDesk gebruikt, is niet met deze kopie meegeleverd. Lees de sectie “{section}” waar SyncDesk vandaan komt.</translation>
    </message>
    <message>
        <source>The whole README: &lt;a href=&quot;{url}&quot;&gt;{path}&lt;/a&gt;</source>
        <translation>De volledige README: &lt;a href=&quot;{url}&quot;&gt;{path}&lt;/a&gt;</translation>
    </message>
</context>
<context>
    <name>ValueDialog</name>
    <message>
        <source>Value of {field}</source>
        <translation>Waarde van {field}</translation>
    </message>
    <message>
        <source>Both apps receive the value typed here. It is checked as you type against what their columns take.</source>
        <translation>Beide apps ontvangen de waarde die u hier typt. Terwijl u typt, wordt ze getoetst aan wat hun kolommen aannemen.</translation>
    </message>
    <message>
        <source>New value:</source>
        <translation>Nieuwe waarde:</translation>
    </message>
    <message>
        <source>Use This Value</source>
        <translation>Deze waarde gebruiken</translation>
    </message>
</context>
<context>
    <name>ValueLimits</name>
    <message>
        <source>a whole number</source>
        <extracomment>what a column of each kind takes, as a person reads it</extracomment>
        <translation>een geheel getal</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>een getal</translation>
    </message>
    <message>
        <source>a date (YYYY-MM-DD)</source>
        <translation>een datum (JJJJ-MM-DD)</translation>
    </message>
    <message>
        <source>a date and time (YYYY-MM-DD HH:MM:SS)</source>
        <translation>een datum en tijd (JJJJ-MM-DD UU:MM:SS)</translation>
    </message>
    <message>
        <source>yes or no (1 or 0)</source>
        <translation>ja of nee (1 of 0)</translation>
    </message>
    <message>
        <source>bytes</source>
        <translation>bytes</translation>
    </message>
    <message>
        <source>{app} {table}.{column}: {type}</source>
        <translation>{app} {table}.{column}: {type}</translation>
    </message>
    <message numerus="yes">
        <source>at most %n character(s)</source>
        <translation>
            <numerusform>hoogstens %n teken</numerusform>
            <numerusform>hoogstens %n tekens</numerusform>
        </translation>
    </message>
    <message>
        <source>takes {kind}</source>
        <translation>neemt {kind}</translation>
    </message>
    <message>
        <source>needs a value</source>
        <translation>heeft een waarde nodig</translation>
    </message>
    <message>
        <source>check: {sql}</source>
        <translation>controle: {sql}</translation>
    </message>
    <message numerus="yes">
        <source>too long for {app}: %n character(s), {table}.{column} takes at most {limit}</source>
        <translation>
            <numerusform>te lang voor {app}: %n teken, {table}.{column} neemt hoogstens {limit}</numerusform>
            <numerusform>te lang voor {app}: %n tekens, {table}.{column} neemt hoogstens {limit}</numerusform>
        </translation>
    </message>
    <message>
        <source>{app} needs a value in {table}.{column}</source>
        <translation>{app} heeft een waarde nodig in {table}.{column}</translation>
    </message>
    <message>
        <source>{app} {table}.{column} takes {kind}</source>
        <translation>{app} {table}.{column} neemt {kind}</translation>
    </message>
    <message>
        <source>✓ fits: {count} of {limit} characters</source>
        <translation>✓ past: {count} van {limit} tekens</translation>
    </message>
    <message>
        <source>✓ fits</source>
        <translation>✓ past</translation>
    </message>
</context>
<context>
    <name>Values</name>
    <message>
        <source>(empty)</source>
        <translation>(leeg)</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nee</translation>
    </message>
</context>
<context>
    <name>Worker</name>
    <message>
        <source>unexpected {kind}: {error}</source>
        <extracomment>at most this many progress signals per second reach the GUI thread, per task called with the result of a task nobody wants any more (to close what it opened) the function&apos;s result, once it returned (read by the runner after a join)</extracomment>
        <translation>onverwachte {kind}: {error}</translation>
    </message>
</context>
<context>
    <name>WorkspaceOpener</name>
    <message>
        <source>Open {name}</source>
        <extracomment>the dialog asking for a database password, while it is open</extracomment>
        <translation>{name} openen</translation>
    </message>
</context>
</TS>
