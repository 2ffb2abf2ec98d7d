<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="sv_SE">
<context>
    <name>App</name>
    <message>
        <source>SMS Desk cannot start</source>
        <translation>SMS Desk kan inte starta</translation>
    </message>
    <message>
        <source>Show SMS Desk</source>
        <translation>Visa SMS Desk</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Avsluta</translation>
    </message>
    <message>
        <source>SMS Desk</source>
        <translation>SMS Desk</translation>
    </message>
    <message>
        <source>Restoring the backup… SMS Desk stops sending and restarts in a moment.</source>
        <translation>Återställer säkerhetskopian… SMS Desk slutar skicka och startar snart om.</translation>
    </message>
    <message>
        <source>The backup was not restored</source>
        <translation>Säkerhetskopian återställdes inte</translation>
    </message>
    <message>
        <source>{reason} SMS Desk restarts with the outbox as it was.</source>
        <translation>{reason} SMS Desk startar om med utkorgen som den var.</translation>
    </message>
</context>
<context>
    <name>AttentionCard</name>
    <message>
        <source>Details…</source>
        <translation>Detaljer…</translation>
    </message>
    <message>
        <source>{status} · to {receiver} · due {due}</source>
        <translation>{status} · till {receiver} · skickas {due}</translation>
    </message>
    <message>
        <source>Edit and resend</source>
        <translation>Ändra och skicka igen</translation>
    </message>
    <message>
        <source>Resend now as new</source>
        <translation>Skicka igen nu som nytt</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>Kontrollera igen</translation>
    </message>
    <message>
        <source>BokaMera refused it: {error} Nothing was sent. Correct the number or text and send it again.</source>
        <translation>BokaMera tog inte emot det: {error} Inget skickades. Rätta numret eller texten och skicka igen.</translation>
    </message>
    <message>
        <source>BokaMera refused it. Nothing was sent. Correct the number or text and send it again.</source>
        <translation>BokaMera tog inte emot det. Inget skickades. Rätta numret eller texten och skicka igen.</translation>
    </message>
    <message>
        <source>Not sent: it could not go out before {deadline}, the latest time it was allowed to (the computer or the network was off). Send it now only if it is still useful to the customer.</source>
        <translation>Inte skickat: det kunde inte gå i väg före {deadline}, den senaste tiden det fick skickas (datorn eller nätverket var avstängt). Skicka det nu bara om kunden fortfarande har nytta av det.</translation>
    </message>
    <message>
        <source>Not sent: it became too late to send. Send it now only if it is still useful to the customer.</source>
        <translation>Inte skickat: det blev för sent att skicka. Skicka det nu bara om kunden fortfarande har nytta av det.</translation>
    </message>
    <message>
        <source>No answer came back from BokaMera when it was sent at {time}, so the customer may already have it. SMS Desk checks BokaMera&apos;s log before sending it again, so it is never sent twice.</source>
        <translation>Inget svar kom från BokaMera när det skickades {time}, så kunden kan redan ha fått det. SMS Desk kontrollerar BokaMeras logg innan det skickas igen, så det skickas aldrig två gånger.</translation>
    </message>
</context>
<context>
    <name>AttentionView</name>
    <message>
        <source>Looking for messages that need attention…</source>
        <translation>Letar efter meddelanden som behöver åtgärdas…</translation>
    </message>
    <message>
        <source>The list could not be read: {detail}</source>
        <translation>Listan gick inte att läsa: {detail}</translation>
    </message>
    <message>
        <source>Nothing needs your attention. Every message was sent or is on its way.</source>
        <translation>Inget behöver åtgärdas. Alla meddelanden är skickade eller på väg.</translation>
    </message>
    <message>
        <source>{count} messages need attention; the newest {shown} are shown here. The log&apos;s “Needs attention” filter lists them all.</source>
        <translation>{count} meddelanden behöver åtgärdas; de {shown} senaste visas här. Filtret ”Behöver åtgärd” i loggen visar alla.</translation>
    </message>
    <message>
        <source>1 message needs attention.</source>
        <translation>1 meddelande behöver åtgärdas.</translation>
    </message>
    <message>
        <source>{count} messages need attention.</source>
        <translation>{count} meddelanden behöver åtgärdas.</translation>
    </message>
</context>
<context>
    <name>BackupsPanel</name>
    <message>
        <source>Backups</source>
        <translation>Säkerhetskopior</translation>
    </message>
    <message>
        <source>Made</source>
        <translation>Gjord</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Storlek</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Meddelanden</translation>
    </message>
    <message>
        <source>&amp;Back up now</source>
        <translation>&amp;Säkerhetskopiera nu</translation>
    </message>
    <message>
        <source>&amp;Restore…</source>
        <translation>&amp;Återställ…</translation>
    </message>
    <message>
        <source>Choose a backup in the list first</source>
        <translation>Välj en säkerhetskopia i listan först</translation>
    </message>
    <message>
        <source>SMS Desk copies the outbox once a day and keeps the newest {keep} copies in {folder}.</source>
        <translation>SMS Desk kopierar utkorgen en gång om dagen och sparar de {keep} senaste kopiorna i {folder}.</translation>
    </message>
    <message>
        <source>The backups could not be listed ({error}).</source>
        <translation>Det gick inte att visa säkerhetskopiorna ({error}).</translation>
    </message>
    <message>
        <source>cannot be read</source>
        <translation>går inte att läsa</translation>
    </message>
    <message>
        <source>No backups yet. The first is made within an hour of starting.</source>
        <translation>Inga säkerhetskopior än. Den första görs inom en timme efter start.</translation>
    </message>
    <message>
        <source>Making a backup…</source>
        <translation>Gör en säkerhetskopia…</translation>
    </message>
    <message>
        <source>Backup made.</source>
        <translation>Säkerhetskopian är klar.</translation>
    </message>
    <message>
        <source>Checking the backup…</source>
        <translation>Kontrollerar säkerhetskopian…</translation>
    </message>
    <message>
        <source>Restore a backup</source>
        <translation>Återställ en säkerhetskopia</translation>
    </message>
    <message>
        <source>Go back to the backup made {when}?</source>
        <translation>Gå tillbaka till säkerhetskopian från {when}?</translation>
    </message>
    <message>
        <source>The messages and settings go back to how they were then ({count} messages).

The current outbox is kept aside, so nothing is deleted:
{aside}
in {folder}

SMS Desk stops sending, restores the backup and restarts.</source>
        <translation>Meddelandena och inställningarna blir som de var då ({count} meddelanden).

Den nuvarande utkorgen sparas undan, så inget tas bort:
{aside}
i {folder}

SMS Desk slutar skicka, återställer säkerhetskopian och startar om.</translation>
    </message>
    <message>
        <source>Restore and restart</source>
        <translation>Återställ och starta om</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
</context>
<context>
    <name>BodyEditor</name>
    <message>
        <source>Type the message, or pick a template above.</source>
        <translation>Skriv meddelandet, eller välj en mall ovanför.</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meddelande</translation>
    </message>
    <message>
        <source>Replace with plain characters</source>
        <translation>Byt till vanliga tecken</translation>
    </message>
    <message>
        <source>Swap curly quotes, long dashes and the like for plain ones (Ctrl+Z undoes it)</source>
        <translation>Byter typografiska citattecken, långa tankstreck och liknande mot vanliga tecken (Ctrl+Z ångrar)</translation>
    </message>
    <message>
        <source>At most {chars} characters</source>
        <translation>Högst {chars} tecken</translation>
    </message>
    <message>
        <source>At most {parts} SMS per message</source>
        <translation>Högst {parts} sms per meddelande</translation>
    </message>
    <message>
        <source>Appointment reminder</source>
        <translation>Påminnelse om tid</translation>
    </message>
    <message>
        <source>Hi {name}, this is a reminder of your appointment on {date} at {time}. Welcome!</source>
        <translation>Hej {name}! Vi vill påminna om din tid {date} kl. {time}. Välkommen!</translation>
    </message>
    <message>
        <source>Appointment cancelled</source>
        <translation>Inställd tid</translation>
    </message>
    <message>
        <source>Hi {name}, your appointment on {date} at {time} has been cancelled. Call us and we will find a new time.</source>
        <translation>Hej {name}! Tyvärr är din tid {date} kl. {time} inställd. Ring oss så hittar vi en ny tid.</translation>
    </message>
    <message>
        <source>Running late</source>
        <translation>Försenad</translation>
    </message>
    <message>
        <source>Hi {name}, we are running about 15 minutes late today. Sorry for the wait!</source>
        <translation>Hej {name}! Vi ligger ungefär 15 minuter efter i dag. Förlåt att du får vänta!</translation>
    </message>
    <message>
        <source>Anna-Karin Johansson</source>
        <translation>Anna-Karin Johansson</translation>
    </message>
    <message>
        <source>Wednesday 14 October</source>
        <translation>onsdag 14 oktober</translation>
    </message>
    <message>
        <source>14:30</source>
        <translation>14:30</translation>
    </message>
    <message>
        <source>Use a template…</source>
        <translation>Använd en mall…</translation>
    </message>
    <message>
        <source>{parts} SMS, {units} of {capacity}, GSM-7</source>
        <translation>{parts} sms, {units} av {capacity}, GSM-7</translation>
    </message>
    <message>
        <source>{parts} SMS, {units} of {capacity}, UCS-2 (special characters)</source>
        <translation>{parts} sms, {units} av {capacity}, UCS-2 (specialtecken)</translation>
    </message>
    <message>
        <source>Counted as it will be sent, with {name}, {date} and {time} filled in.</source>
        <translation>Räknat som det kommer att skickas, med {name}, {date} och {time} ifyllda.</translation>
    </message>
    <message>
        <source>{char} ({name})</source>
        <translation>{char} ({name})</translation>
    </message>
    <message>
        <source>{char} at position {position}</source>
        <translation>{char} på plats {position}</translation>
    </message>
    <message>
        <source>{chars} in the filled-in values</source>
        <translation>{chars} i de ifyllda uppgifterna</translation>
    </message>
    <message>
        <source>{chars} and {count} more</source>
        <translation>{chars} och {count} till</translation>
    </message>
    <message>
        <source>{subject} make this cost {parts} SMS instead of {plain}.</source>
        <translation>{subject} gör att detta kostar {parts} sms i stället för {plain}.</translation>
    </message>
    <message>
        <source>{subject} makes this cost {parts} SMS instead of {plain}.</source>
        <translation>{subject} gör att detta kostar {parts} sms i stället för {plain}.</translation>
    </message>
    <message>
        <source>{subject} switch the message to special characters: one SMS then holds {ucs2} characters instead of {gsm}.</source>
        <translation>{subject} gör att meddelandet skickas med specialtecken: ett sms rymmer då {ucs2} tecken i stället för {gsm}.</translation>
    </message>
    <message>
        <source>{subject} switches the message to special characters: one SMS then holds {ucs2} characters instead of {gsm}.</source>
        <translation>{subject} gör att meddelandet skickas med specialtecken: ett sms rymmer då {ucs2} tecken i stället för {gsm}.</translation>
    </message>
    <message>
        <source>There is no plain version of it: remove it to save the cost.</source>
        <translation>Det finns inget vanligt tecken som ersätter det: ta bort det för att slippa kostnaden.</translation>
    </message>
    <message>
        <source>Write the message.</source>
        <translation>Skriv meddelandet.</translation>
    </message>
    <message>
        <source>The message is too long.</source>
        <translation>Meddelandet är för långt.</translation>
    </message>
    <message>
        <source>Replace {blanks} in the message with the real details before queuing.</source>
        <translation>Byt ut {blanks} i meddelandet mot de riktiga uppgifterna innan du lägger det i kö.</translation>
    </message>
    <message>
        <source>Fill in {blanks} in the message.</source>
        <translation>Fyll i {blanks} i meddelandet.</translation>
    </message>
</context>
<context>
    <name>BulkDialog</name>
    <message>
        <source>Open CSV file</source>
        <translation>Öppna CSV-fil</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt);;All files (*)</source>
        <translation>CSV-filer (*.csv *.txt);;Alla filer (*)</translation>
    </message>
    <message>
        <source>Send to many</source>
        <translation>Skicka till många</translation>
    </message>
    <message>
        <source>From a CSV file</source>
        <translation>Från en CSV-fil</translation>
    </message>
    <message>
        <source>Same text to a list</source>
        <translation>Samma text till en lista</translation>
    </message>
    <message>
        <source>&amp;Open CSV file…</source>
        <translation>&amp;Öppna CSV-fil…</translation>
    </message>
    <message>
        <source>No file opened yet.</source>
        <translation>Ingen fil är öppnad än.</translation>
    </message>
    <message>
        <source>One message per row: the mobile number, the message, and if it should wait, the time as YYYY-MM-DD HH:MM. Save the sheet from the spreadsheet as “CSV UTF-8”.</source>
        <translation>Ett meddelande per rad: mobilnumret, meddelandet och, om det ska vänta, tiden som ÅÅÅÅ-MM-DD TT:MM. Spara bladet från kalkylprogrammet som ”CSV UTF-8”.</translation>
    </message>
    <message>
        <source>&amp;Numbers, one per line:</source>
        <translation>&amp;Nummer, ett per rad:</translation>
    </message>
    <message>
        <source>Paste a column of numbers here</source>
        <translation>Klistra in en kolumn med nummer här</translation>
    </message>
    <message>
        <source>&amp;Message:</source>
        <translation>&amp;Meddelande:</translation>
    </message>
    <message>
        <source>&amp;When:</source>
        <translation>Nä&amp;r:</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Stäng</translation>
    </message>
    <message>
        <source>Put every message in the outbox at once ({shortcut})</source>
        <translation>Lägg alla meddelanden i utkorgen på en gång ({shortcut})</translation>
    </message>
    <message>
        <source>Reading “{name}”…</source>
        <translation>Läser ”{name}”…</translation>
    </message>
    <message>
        <source>Save it from the spreadsheet as “CSV UTF-8” (Save As, then pick that file type) and open the new file here.</source>
        <translation>Spara den från kalkylprogrammet som ”CSV UTF-8” (Spara som, välj sedan den filtypen) och öppna den nya filen här.</translation>
    </message>
    <message>
        <source>“{name}” could not be found. It may have been moved or renamed; open it again from where it is now.</source>
        <translation>”{name}” hittades inte. Den kan ha flyttats eller fått nytt namn; öppna den igen där den ligger nu.</translation>
    </message>
    <message>
        <source>“{name}” could not be read ({reason}). If it is open in the spreadsheet, close it there and try again.</source>
        <translation>”{name}” gick inte att läsa ({reason}). Om den är öppen i kalkylprogrammet, stäng den där och försök igen.</translation>
    </message>
    <message>
        <source>“{name}” is not a CSV file: it looks like a spreadsheet or another kind of document.</source>
        <translation>”{name}” är ingen CSV-fil: den ser ut att vara en arbetsbok från ett kalkylprogram eller ett annat slags dokument.</translation>
    </message>
    <message>
        <source>“{name}” is not saved as UTF-8 text, so letters such as å, ä and ö would come out wrong.</source>
        <translation>”{name}” är inte sparad som UTF-8-text, så bokstäver som å, ä och ö skulle bli fel.</translation>
    </message>
    <message>
        <source>“{name}” cannot be used: {reason}</source>
        <translation>”{name}” går inte att använda: {reason}</translation>
    </message>
    <message>
        <source>Nothing was queued: some rows are no longer OK (a time may have passed while the window was open). They are marked in red.</source>
        <translation>Inget lades i kö: några rader är inte längre OK (en tid kan ha passerat medan fönstret stod öppet). De är markerade i rött.</translation>
    </message>
    <message>
        <source>Something unexpected went wrong ({error}).</source>
        <translation>Något oväntat gick fel ({error}).</translation>
    </message>
    <message>
        <source>Nothing was queued: {reason} The rows are still here; queue them again once that is sorted out.</source>
        <translation>Inget lades i kö: {reason} Raderna finns kvar här; lägg dem i kö igen när det är löst.</translation>
    </message>
    <message>
        <source>Queued 1 message. It is in the outbox now.</source>
        <translation>1 meddelande har lagts i kö. Det ligger i utkorgen nu.</translation>
    </message>
    <message>
        <source>Queued {count} messages. They are in the outbox now.</source>
        <translation>{count} meddelanden har lagts i kö. De ligger i utkorgen nu.</translation>
    </message>
    <message>
        <source>Queue messages</source>
        <translation>Lägg i kö</translation>
    </message>
    <message>
        <source>Queue 1 message</source>
        <translation>Lägg 1 meddelande i kö</translation>
    </message>
    <message>
        <source>Queue {count} messages</source>
        <translation>Lägg {count} meddelanden i kö</translation>
    </message>
    <message>
        <source>1 message is ready.</source>
        <translation>1 meddelande är klart.</translation>
    </message>
    <message>
        <source>All {count} messages are ready.</source>
        <translation>Alla {count} meddelanden är klara.</translation>
    </message>
    <message>
        <source>{ready} ready, 1 needs fixing.</source>
        <translation>{ready} OK, 1 behöver rättas.</translation>
    </message>
    <message>
        <source>{ready} ready, {bad} need fixing.</source>
        <translation>{ready} OK, {bad} behöver rättas.</translation>
    </message>
    <message>
        <source>1 number is in the list twice; it gets the message once.</source>
        <translation>1 nummer finns två gånger i listan; det får meddelandet en gång.</translation>
    </message>
    <message>
        <source>{count} numbers are in the list more than once; each gets the message once.</source>
        <translation>{count} nummer finns flera gånger i listan; vart och ett får meddelandet en gång.</translation>
    </message>
    <message>
        <source>Saving to the outbox…</source>
        <translation>Sparar i utkorgen…</translation>
    </message>
    <message>
        <source>Open a CSV file to see its rows before anything is queued.</source>
        <translation>Öppna en CSV-fil och se raderna innan något läggs i kö.</translation>
    </message>
    <message>
        <source>Nothing is queued until every row is OK. Fix the rows marked in red in the spreadsheet, save it again as “CSV UTF-8” and open it here.</source>
        <translation>Inget läggs i kö förrän alla rader är OK. Rätta raderna som är markerade i rött i kalkylprogrammet, spara igen som ”CSV UTF-8” och öppna filen här.</translation>
    </message>
    <message>
        <source>Check the rows, then queue them all at once.</source>
        <translation>Kontrollera raderna och lägg sedan alla i kö på en gång.</translation>
    </message>
    <message>
        <source>Paste or type the numbers, one per line.</source>
        <translation>Klistra in eller skriv numren, ett per rad.</translation>
    </message>
    <message>
        <source>Nothing is queued until every number is OK. Correct or remove the numbers marked in red.</source>
        <translation>Inget läggs i kö förrän alla nummer är OK. Rätta eller ta bort numren som är markerade i rött.</translation>
    </message>
    <message>
        <source>Check the list, then queue them all at once.</source>
        <translation>Kontrollera listan och lägg sedan alla i kö på en gång.</translation>
    </message>
</context>
<context>
    <name>BulkRowsModel</name>
    <message>
        <source>Line</source>
        <translation>Rad</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Nummer</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meddelande</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Tid</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Kontroll</translation>
    </message>
    <message>
        <source>As soon as possible</source>
        <translation>Så snart som möjligt</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>Lagd i kö</translation>
    </message>
    <message>
        <source>Also on line {line}: it gets the message once.</source>
        <translation>Finns också på rad {line}: får meddelandet en gång.</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Send no later than</source>
        <translation>Skicka senast</translation>
    </message>
    <message>
        <source>{field}: {reason}</source>
        <translation>{field}: {reason}</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Queued 1 message.</source>
        <translation>1 meddelande har lagts i kö.</translation>
    </message>
    <message>
        <source>Queued {count} messages.</source>
        <translation>{count} meddelanden har lagts i kö.</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>&amp;Till:</translation>
    </message>
    <message>
        <source>&amp;Message:</source>
        <translation>&amp;Meddelande:</translation>
    </message>
    <message>
        <source>&amp;When:</source>
        <translation>&amp;När:</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Lägg i kö</translation>
    </message>
    <message>
        <source>Put the message in the outbox ({shortcut})</source>
        <translation>Lägg meddelandet i utkorgen ({shortcut})</translation>
    </message>
    <message>
        <source>Saving to the outbox…</source>
        <translation>Sparar i utkorgen…</translation>
    </message>
    <message>
        <source>Ready to queue 1 message.</source>
        <translation>Klart att lägga 1 meddelande i kö.</translation>
    </message>
    <message>
        <source>Ready to queue {count} messages.</source>
        <translation>Klart att lägga {count} meddelanden i kö.</translation>
    </message>
</context>
<context>
    <name>ConnectionTester</name>
    <message>
        <source>Connected as {username}. BokaMera did not give an SMS limit, so SMS Desk uses its own.</source>
        <translation>Ansluten som {username}. BokaMera angav ingen gräns för sms, så SMS Desk använder sin egen.</translation>
    </message>
    <message>
        <source>Connected as {username}. SMS limit: {limit} characters.</source>
        <translation>Ansluten som {username}. Gräns för sms: {limit} tecken.</translation>
    </message>
    <message>
        <source>The connection test stopped because of an error in SMS Desk ({error}). Try again; if it keeps happening, contact support.</source>
        <translation>Anslutningstestet avbröts på grund av ett fel i SMS Desk ({error}). Försök igen; kontakta supporten om det fortsätter.</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>SMS Desk ran into a problem</source>
        <translation>SMS Desk stötte på ett problem</translation>
    </message>
    <message>
        <source>Something went wrong inside SMS Desk.</source>
        <translation>Något gick fel i SMS Desk.</translation>
    </message>
    <message>
        <source>Your messages are safe: everything in the outbox is saved, and nothing you queued is lost. SMS Desk goes on sending if it can. If the window stops responding, quit SMS Desk and start it again.</source>
        <translation>Dina meddelanden är i säkerhet: allt i utkorgen är sparat och inget du har lagt i kö har försvunnit. SMS Desk fortsätter att skicka om det går. Om fönstret slutar svara, avsluta SMS Desk och starta det igen.</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>Öppna loggmappen</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>Kopiera detaljer</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Stäng</translation>
    </message>
    <message>
        <source>What happened: {summary}</source>
        <translation>Det här hände: {summary}</translation>
    </message>
    <message>
        <source>What happened first: {summary} ({n} problems in all)</source>
        <translation>Det här hände först: {summary} ({n} problem totalt)</translation>
    </message>
    <message>
        <source>No log could be written on this computer, so copy the details instead.</source>
        <translation>Ingen logg kunde skrivas på den här datorn, så kopiera detaljerna i stället.</translation>
    </message>
    <message>
        <source>The details are in the log file {path}. Send it to support.</source>
        <translation>Detaljerna finns i loggfilen {path}. Skicka den till supporten.</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Kopierat</translation>
    </message>
</context>
<context>
    <name>EditMessageDialog</name>
    <message>
        <source>This message can no longer be changed: it is now “{status}”. {explanation}</source>
        <translation>Meddelandet kan inte längre ändras: det har nu status ”{status}”. {explanation}</translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation>Spara ändringar</translation>
    </message>
    <message>
        <source>Save the changes to this message ({shortcut})</source>
        <translation>Spara ändringarna i meddelandet ({shortcut})</translation>
    </message>
    <message>
        <source>Ready to save.</source>
        <translation>Klart att spara.</translation>
    </message>
    <message>
        <source>Reading the message…</source>
        <translation>Läser meddelandet…</translation>
    </message>
    <message>
        <source>Change message</source>
        <translation>Ändra meddelande</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <source>Message {id}</source>
        <translation>Meddelande {id}</translation>
    </message>
    <message>
        <source>Message {id}: {status}, created {created} by {who}</source>
        <translation>Meddelande {id}: {status}, skapat {created} av {who}</translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation>Inget ändrades.</translation>
    </message>
    <message>
        <source>Nothing was changed: {reason} Try again once that is sorted out.</source>
        <translation>Inget ändrades: {reason} Försök igen när det är löst.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Stäng</translation>
    </message>
    <message>
        <source>Its send time ({time}) has passed, so “Send now” is chosen. Pick a time instead if it should wait.</source>
        <translation>Tiden då det skulle skickas ({time}) har passerat, så ”Skicka nu” är valt. Välj en tid i stället om det ska vänta.</translation>
    </message>
    <message>
        <source>The message could not be read: {reason}</source>
        <translation>Meddelandet gick inte att läsa: {reason}</translation>
    </message>
    <message>
        <source>A message goes to one number. To send this text to several people, use “Send to many”.</source>
        <translation>Ett meddelande går till ett nummer. Använd ”Skicka till många” för att skicka texten till flera.</translation>
    </message>
</context>
<context>
    <name>EraseNumberDialog</name>
    <message>
        <source>Erase everything for a number</source>
        <translation>Radera allt om ett nummer</translation>
    </message>
    <message>
        <source>When a customer asks to be forgotten, this blanks the text of every message to their number, and the number itself, everywhere in SMS Desk. The log keeps that a message went and when, without the customer. This cannot be undone.</source>
        <translation>När en kund ber att bli bortglömd tömmer det här texten i alla meddelanden till kundens nummer, och själva numret, överallt i SMS Desk. Loggen visar fortfarande att ett meddelande skickades och när, men inte till vem. Det går inte att ångra.</translation>
    </message>
    <message>
        <source>For example 070-123 45 67</source>
        <translation>Till exempel 070-123 45 67</translation>
    </message>
    <message>
        <source>&amp;Find messages</source>
        <translation>&amp;Hitta meddelanden</translation>
    </message>
    <message>
        <source>&amp;Mobile number:</source>
        <translation>&amp;Mobilnummer:</translation>
    </message>
    <message>
        <source>Erase</source>
        <translation>Radera</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Stäng</translation>
    </message>
    <message>
        <source>Looking for messages to this number…</source>
        <translation>Letar efter meddelanden till numret…</translation>
    </message>
    <message>
        <source>No messages to {number} are stored in SMS Desk. Nothing to erase.</source>
        <translation>Det finns inga meddelanden till {number} i SMS Desk. Inget att radera.</translation>
    </message>
    <message>
        <source>{count} message(s) to {number} will be erased: their text and the number. This cannot be undone.</source>
        <translation>{count} meddelande(n) till {number} raderas: texten och numret. Det går inte att ångra.</translation>
    </message>
    <message>
        <source>Erase {count} message(s)</source>
        <translation>Radera {count} meddelande(n)</translation>
    </message>
    <message>
        <source>Erasing…</source>
        <translation>Raderar…</translation>
    </message>
    <message>
        <source>Erased {count} message(s) to {number}.</source>
        <translation>{count} meddelande(n) till {number} har raderats.</translation>
    </message>
    <message>
        <source>Nothing was erased because of an error in SMS Desk ({error}).</source>
        <translation>Inget raderades på grund av ett fel i SMS Desk ({error}).</translation>
    </message>
</context>
<context>
    <name>LogView</name>
    <message>
        <source>Export the shown messages</source>
        <translation>Exportera meddelandena som visas</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-filer (*.csv)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Alla filer (*)</translation>
    </message>
    <message>
        <source>The export failed because of an error in SMS Desk ({error}).</source>
        <translation>Exporten misslyckades på grund av ett fel i SMS Desk ({error}).</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Exporten misslyckades</translation>
    </message>
    <message>
        <source>Show only messages with this status</source>
        <translation>Visa bara meddelanden med den här statusen</translation>
    </message>
    <message>
        <source>All messages</source>
        <translation>Alla meddelanden</translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation>Behöver åtgärd</translation>
    </message>
    <message>
        <source>Search number or text</source>
        <translation>Sök nummer eller text</translation>
    </message>
    <message>
        <source>Show only messages due in this period</source>
        <translation>Visa bara meddelanden som ska skickas under den här perioden</translation>
    </message>
    <message>
        <source>Any date</source>
        <translation>Alla datum</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>I dag</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Senaste 7 dagarna</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Senaste 30 dagarna</translation>
    </message>
    <message>
        <source>Choose dates…</source>
        <translation>Välj datum…</translation>
    </message>
    <message>
        <source>from</source>
        <translation>från</translation>
    </message>
    <message>
        <source>to</source>
        <translation>till</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportera…</translation>
    </message>
    <message>
        <source>Save the messages shown here as a CSV file</source>
        <translation>Spara meddelandena som visas här som en CSV-fil</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Läser in…</translation>
    </message>
    <message>
        <source>No messages</source>
        <translation>Inga meddelanden</translation>
    </message>
    <message>
        <source>{first}–{last} of {total}</source>
        <translation>{first}–{last} av {total}</translation>
    </message>
    <message>
        <source>The message log could not be read: {detail}. It is read again when something changes or you change the filter.</source>
        <translation>Meddelandeloggen gick inte att läsa: {detail}. Den läses in igen när något ändras eller när du byter filter.</translation>
    </message>
    <message>
        <source>Details…</source>
        <translation>Detaljer…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Ändra…</translation>
    </message>
    <message>
        <source>Cancel sending…</source>
        <translation>Stoppa utskicket…</translation>
    </message>
    <message>
        <source>Resend as new</source>
        <translation>Skicka igen som nytt</translation>
    </message>
    <message>
        <source>Copy number</source>
        <translation>Kopiera numret</translation>
    </message>
    <message>
        <source>Cancel message</source>
        <translation>Stoppa meddelandet</translation>
    </message>
    <message>
        <source>Cancel the message to {receiver} due {due}?</source>
        <translation>Stoppa meddelandet till {receiver} som ska skickas {due}?</translation>
    </message>
    <message>
        <source>It will not be sent. This cannot be undone.</source>
        <translation>Det kommer inte att skickas. Det går inte att ångra.</translation>
    </message>
    <message>
        <source>Keep it</source>
        <translation>Behåll det</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Opening the outbox…</source>
        <translation>Öppnar utkorgen…</translation>
    </message>
    <message>
        <source>SMS Desk</source>
        <translation>SMS Desk</translation>
    </message>
    <message>
        <source>{title} — practice mode</source>
        <translation>{title} — övningsläge</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Arkiv</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>&amp;Verktyg</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hjälp</translation>
    </message>
    <message>
        <source>Send to many (CSV or list)…</source>
        <translation>Skicka till många (CSV eller lista)…</translation>
    </message>
    <message>
        <source>&amp;Export shown messages…</source>
        <translation>&amp;Exportera meddelandena som visas…</translation>
    </message>
    <message>
        <source>&amp;Erase everything for a number…</source>
        <translation>&amp;Radera allt om ett nummer…</translation>
    </message>
    <message>
        <source>Open &amp;log folder</source>
        <translation>Öppna &amp;loggmappen</translation>
    </message>
    <message>
        <source>Open &amp;data folder</source>
        <translation>Öppna &amp;datamappen</translation>
    </message>
    <message>
        <source>&amp;About SMS Desk</source>
        <translation>&amp;Om SMS Desk</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Inställningar…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Avsluta</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Meddelanden</translation>
    </message>
    <message>
        <source>Needs attention ({n})</source>
        <translation>Behöver åtgärd ({n})</translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation>Behöver åtgärd</translation>
    </message>
    <message>
        <source>SMS Desk: a message could not be sent</source>
        <translation>SMS Desk: ett meddelande kunde inte skickas</translation>
    </message>
    <message>
        <source>Open SMS Desk and look under “Needs attention”.</source>
        <translation>Öppna SMS Desk och titta under ”Behöver åtgärd”.</translation>
    </message>
    <message>
        <source>Exported {n} message(s) to {path}</source>
        <translation>{n} meddelande(n) har exporterats till {path}</translation>
    </message>
    <message>
        <source>Erased {n} message(s).</source>
        <translation>{n} meddelande(n) har raderats.</translation>
    </message>
    <message>
        <source>SMS Desk could not open the folder {folder}.</source>
        <translation>SMS Desk kunde inte öppna mappen {folder}.</translation>
    </message>
    <message>
        <source>({reason})</source>
        <translation>({reason})</translation>
    </message>
    <message>
        <source>Practice mode: nothing leaves this computer</source>
        <translation>Övningsläge: inget lämnar datorn</translation>
    </message>
    <message>
        <source>BokaMera test</source>
        <translation>BokaMeras testmiljö</translation>
    </message>
    <message>
        <source>BokaMera production: real SMS to customers</source>
        <translation>BokaMera på riktigt: riktiga sms till kunderna</translation>
    </message>
    <message>
        <source>The BokaMera account set in SMSDESK_* variables</source>
        <translation>BokaMera-kontot som anges i SMSDESK_*-variablerna</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Sending to</source>
        <translation>Skickar till</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>Datamapp</translation>
    </message>
    <message>
        <source>Log folder</source>
        <translation>Loggmapp</translation>
    </message>
    <message>
        <source>About SMS Desk</source>
        <translation>Om SMS Desk</translation>
    </message>
    <message>
        <source>SMS reminders through BokaMera, for the front desk.</source>
        <translation>Sms-påminnelser via BokaMera, för receptionen.</translation>
    </message>
    <message>
        <source>Nothing was queued: {reason}</source>
        <translation>Inget lades i kö: {reason}</translation>
    </message>
    <message>
        <source>Message {id} cancelled.</source>
        <translation>Meddelande {id} har stoppats.</translation>
    </message>
    <message>
        <source>Check the message and press Queue to send it again as a new message.</source>
        <translation>Kontrollera meddelandet och tryck på ”Lägg i kö” för att skicka det igen som ett nytt meddelande.</translation>
    </message>
    <message>
        <source>SMS Desk is still sending</source>
        <translation>SMS Desk skickar fortfarande</translation>
    </message>
    <message>
        <source>Queued messages go out on time. Quit from this icon&apos;s menu.</source>
        <translation>Köade meddelanden skickas i tid. Avsluta via ikonens meny.</translation>
    </message>
    <message>
        <source>Quit SMS Desk?</source>
        <translation>Avsluta SMS Desk?</translation>
    </message>
    <message>
        <source>{n} message(s) are due within the next hour. They are only sent while SMS Desk is running. Quit anyway?</source>
        <translation>{n} meddelande(n) ska skickas inom en timme. De skickas bara medan SMS Desk är igång. Vill du avsluta ändå?</translation>
    </message>
</context>
<context>
    <name>MessageDetailsDialog</name>
    <message>
        <source>Queued</source>
        <translation>Köad</translation>
    </message>
    <message>
        <source>Edited</source>
        <translation>Ändrad</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Stoppad</translation>
    </message>
    <message>
        <source>Sending started</source>
        <translation>Utskick påbörjat</translation>
    </message>
    <message>
        <source>Accepted by BokaMera</source>
        <translation>Mottaget av BokaMera</translation>
    </message>
    <message>
        <source>Did not get through; will retry</source>
        <translation>Gick inte fram; försöker igen</translation>
    </message>
    <message>
        <source>Refused by BokaMera</source>
        <translation>Avvisat av BokaMera</translation>
    </message>
    <message>
        <source>No answer; needs checking</source>
        <translation>Inget svar; behöver kontrolleras</translation>
    </message>
    <message>
        <source>Missed: too late to send</source>
        <translation>Missat: för sent att skicka</translation>
    </message>
    <message>
        <source>Checked against BokaMera&apos;s log</source>
        <translation>Kontrollerat mot BokaMeras logg</translation>
    </message>
    <message>
        <source>Queued again</source>
        <translation>Köad igen</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>Importerad</translation>
    </message>
    <message>
        <source>SMS Desk (automatic)</source>
        <translation>SMS Desk (automatiskt)</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Okänd</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meddelande</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Till</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Skickas</translation>
    </message>
    <message>
        <source>Not sent after</source>
        <translation>Skickas inte efter</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Från</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Skapad</translation>
    </message>
    <message>
        <source>Last changed</source>
        <translation>Senast ändrad</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>Utskick</translation>
    </message>
    <message>
        <source>Tries</source>
        <translation>Försök</translation>
    </message>
    <message>
        <source>Last try started</source>
        <translation>Senaste försöket började</translation>
    </message>
    <message>
        <source>Next try</source>
        <translation>Nästa försök</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Skickat</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Senaste felet</translation>
    </message>
    <message>
        <source>Quiet hours</source>
        <translation>Tysta timmar</translation>
    </message>
    <message>
        <source>BokaMera</source>
        <translation>BokaMera</translation>
    </message>
    <message>
        <source>Message number</source>
        <translation>Meddelandenummer</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Mottaget</translation>
    </message>
    <message>
        <source>To be sent</source>
        <translation>Ska skickas</translation>
    </message>
    <message>
        <source>Booking</source>
        <translation>Bokning</translation>
    </message>
    <message>
        <source>Sent together with</source>
        <translation>Skickat tillsammans med</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Referens</translation>
    </message>
    <message>
        <source>When</source>
        <translation>När</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Vem</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Vad</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Detaljer</translation>
    </message>
    <message>
        <source>Reading the history…</source>
        <translation>Läser historiken…</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historik</translation>
    </message>
    <message>
        <source>Message to {receiver}</source>
        <translation>Meddelande till {receiver}</translation>
    </message>
    <message>
        <source>{when} by {who}</source>
        <translation>{when} av {who}</translation>
    </message>
    <message>
        <source>Sent even during quiet hours</source>
        <translation>Skickas även under tysta timmar</translation>
    </message>
    <message>
        <source>Respected</source>
        <translation>Respekteras</translation>
    </message>
    <message>
        <source>No. {id} · {uuid}</source>
        <translation>Nr {id} · {uuid}</translation>
    </message>
    <message>
        <source>No history was recorded for this message.</source>
        <translation>Ingen historik finns sparad för det här meddelandet.</translation>
    </message>
    <message>
        <source>The history could not be read: {detail}</source>
        <translation>Historiken gick inte att läsa: {detail}</translation>
    </message>
</context>
<context>
    <name>MessageLogModel</name>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Till</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meddelande</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Skickas</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Skickat</translation>
    </message>
    <message>
        <source>Tries</source>
        <translation>Försök</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Senaste felet</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Från</translation>
    </message>
    <message>
        <source>When the message is to be sent</source>
        <translation>När meddelandet ska skickas</translation>
    </message>
    <message>
        <source>When BokaMera accepted the message</source>
        <translation>När BokaMera tog emot meddelandet</translation>
    </message>
    <message>
        <source>How many times sending was tried</source>
        <translation>Hur många gånger utskicket har försökts</translation>
    </message>
    <message>
        <source>Written at this desk, or found in BokaMera&apos;s log (sent elsewhere)</source>
        <translation>Skrivet på den här datorn, eller hittat i BokaMeras logg (skickat någon annanstans)</translation>
    </message>
    <message>
        <source>This desk</source>
        <translation>Den här datorn</translation>
    </message>
    <message>
        <source>Elsewhere</source>
        <translation>Någon annanstans</translation>
    </message>
    <message>
        <source>Not sent after {time}</source>
        <translation>Skickas inte efter {time}</translation>
    </message>
    <message>
        <source>Next try at {time}</source>
        <translation>Nästa försök {time}</translation>
    </message>
</context>
<context>
    <name>PracticeBanner</name>
    <message>
        <source>&lt;b&gt;Practice mode.&lt;/b&gt; Nothing leaves this computer: messages go to a built-in practice server, not to customers.</source>
        <translation>&lt;b&gt;Övningsläge.&lt;/b&gt; Inget lämnar datorn: meddelandena går till en inbyggd övningsserver, inte till kunderna.</translation>
    </message>
    <message>
        <source>Connect a BokaMera account…</source>
        <translation>Koppla in ett BokaMera-konto…</translation>
    </message>
</context>
<context>
    <name>ReceiverField</name>
    <message>
        <source>Mobile number, e.g. 070-123 45 67, or paste a list of numbers</source>
        <translation>Mobilnummer, t.ex. 070-123 45 67, eller klistra in en lista</translation>
    </message>
    <message>
        <source>Receivers</source>
        <translation>Mottagare</translation>
    </message>
    <message>
        <source>1 duplicate number removed</source>
        <translation>1 dubblett borttagen</translation>
    </message>
    <message>
        <source>{count} duplicate numbers removed</source>
        <translation>{count} dubbletter borttagna</translation>
    </message>
    <message>
        <source>Type the customer&apos;s mobile number.</source>
        <translation>Skriv kundens mobilnummer.</translation>
    </message>
    <message>
        <source>Add a receiver.</source>
        <translation>Lägg till en mottagare.</translation>
    </message>
    <message>
        <source>One mobile number, or several separated by commas or new lines.</source>
        <translation>Ett mobilnummer, eller flera åtskilda med kommatecken eller nya rader.</translation>
    </message>
    <message>
        <source>The number under “To” cannot be used.</source>
        <translation>Numret under ”Till” går inte att använda.</translation>
    </message>
    <message>
        <source>{bad} numbers under “To” cannot be used.</source>
        <translation>{bad} nummer under ”Till” går inte att använda.</translation>
    </message>
    <message>
        <source>{bad} of {total} numbers cannot be used. First: {reason}</source>
        <translation>{bad} av {total} nummer går inte att använda. Det första: {reason}</translation>
    </message>
    <message>
        <source>The last number is not complete yet.</source>
        <translation>Det sista numret är inte färdigskrivet än.</translation>
    </message>
    <message>
        <source>Finish typing the number.</source>
        <translation>Skriv klart numret.</translation>
    </message>
    <message>
        <source>{number}, {kind}</source>
        <translation>{number}, {kind}</translation>
    </message>
    <message>
        <source>{count} receivers</source>
        <translation>{count} mottagare</translation>
    </message>
    <message>
        <source>Keep typing… (e.g. 070-123 45 67 or +46 70 123 45 67)</source>
        <translation>Fortsätt skriva… (t.ex. 070-123 45 67 eller +46 70 123 45 67)</translation>
    </message>
    <message>
        <source>1 receiver so far, keep typing…</source>
        <translation>1 mottagare hittills, fortsätt skriva…</translation>
    </message>
    <message>
        <source>{count} receivers so far, keep typing…</source>
        <translation>{count} mottagare hittills, fortsätt skriva…</translation>
    </message>
    <message>
        <source>mobile</source>
        <translation>mobil</translation>
    </message>
    <message>
        <source>mobile or landline (cannot be told apart in this country)</source>
        <translation>mobil eller fast telefon (går inte att skilja åt i det här landet)</translation>
    </message>
</context>
<context>
    <name>SchedulePicker</name>
    <message>
        <source>The send time has already passed.</source>
        <translation>Tiden för utskicket har redan passerat.</translation>
    </message>
    <message>
        <source>That time does not exist: the clocks jump that night.</source>
        <translation>Den tiden finns inte: klockan ställs fram den natten.</translation>
    </message>
    <message>
        <source>Choose which {time} you mean.</source>
        <translation>Välj vilken {time} du menar.</translation>
    </message>
    <message>
        <source>“Send no later than” is before the send time.</source>
        <translation>”Skicka senast” är före tiden för utskicket.</translation>
    </message>
    <message>
        <source>Send now</source>
        <translation>Skicka nu</translation>
    </message>
    <message>
        <source>Later:</source>
        <translation>Senare:</translation>
    </message>
    <message>
        <source>Send date</source>
        <translation>Datum för utskick</translation>
    </message>
    <message>
        <source>Send time</source>
        <translation>Tid för utskick</translation>
    </message>
    <message>
        <source>In 1 hour</source>
        <translation>Om 1 timme</translation>
    </message>
    <message>
        <source>Tomorrow 09:00</source>
        <translation>I morgon 09:00</translation>
    </message>
    <message>
        <source>Next weekday 09:00</source>
        <translation>Nästa vardag 09:00</translation>
    </message>
    <message>
        <source>Send no later than</source>
        <translation>Skicka senast</translation>
    </message>
    <message>
        <source>If the message cannot go out by then (the network was down, the computer was off), it is not sent late: it is shown as missed instead.</source>
        <translation>Om meddelandet inte kan gå i väg före dess (nätverket låg nere, datorn var avstängd) skickas det inte för sent, utan visas som missat.</translation>
    </message>
    <message>
        <source>Reset to {hours} h after</source>
        <translation>Återställ till {hours} tim efter</translation>
    </message>
    <message>
        <source>Send no later than, date</source>
        <translation>Skicka senast, datum</translation>
    </message>
    <message>
        <source>Send no later than, time</source>
        <translation>Skicka senast, tid</translation>
    </message>
    <message>
        <source>Send anyway during quiet hours</source>
        <translation>Skicka ändå under tysta timmar</translation>
    </message>
    <message>
        <source>Times are in {zone}.</source>
        <translation>Tiderna gäller {zone}.</translation>
    </message>
    <message>
        <source>{time} today</source>
        <translation>{time} i dag</translation>
    </message>
    <message>
        <source>{time} tomorrow</source>
        <translation>{time} i morgon</translation>
    </message>
    <message>
        <source>{time} on {date}</source>
        <translation>{time} den {date}</translation>
    </message>
    <message>
        <source>The first {time} (summer time, {offset})</source>
        <translation>Första {time} (sommartid, {offset})</translation>
    </message>
    <message>
        <source>The first {time} (before the clocks go back, {offset})</source>
        <translation>Första {time} (innan klockan ställs tillbaka, {offset})</translation>
    </message>
    <message>
        <source>The second {time} (winter time, {offset})</source>
        <translation>Andra {time} (vintertid, {offset})</translation>
    </message>
    <message>
        <source>The second {time} (after the clocks go back, {offset})</source>
        <translation>Andra {time} (efter att klockan ställts tillbaka, {offset})</translation>
    </message>
    <message>
        <source>That is within quiet hours ({start}–{end}), so it will be sent at {when}. Tick “Send anyway” only if it cannot wait.</source>
        <translation>Det är under tysta timmar ({start}–{end}), så det skickas {when}. Kryssa i ”Skicka ändå” bara om det inte kan vänta.</translation>
    </message>
    <message>
        <source>It will be sent at {when}, during quiet hours ({start}–{end}). The customer may be asleep.</source>
        <translation>Det skickas {when}, under tysta timmar ({start}–{end}). Kunden kan sova.</translation>
    </message>
    <message>
        <source>It will be sent as soon as possible.</source>
        <translation>Det skickas så snart som möjligt.</translation>
    </message>
    <message>
        <source>It will be sent at {when}.</source>
        <translation>Det skickas {when}.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Inställningar</translation>
    </message>
    <message>
        <source>Where messages go</source>
        <translation>Vart meddelandena går</translation>
    </message>
    <message>
        <source>&amp;Practice (no real SMS)</source>
        <translation>Ö&amp;vning (inga riktiga sms)</translation>
    </message>
    <message>
        <source>BokaMera &amp;test</source>
        <translation>BokaMeras &amp;testmiljö</translation>
    </message>
    <message>
        <source>BokaMera pro&amp;duction</source>
        <translation>BokaMera på &amp;riktigt</translation>
    </message>
    <message>
        <source>name@company.se</source>
        <translation>namn@foretag.se</translation>
    </message>
    <message>
        <source>&amp;Username:</source>
        <translation>&amp;Användarnamn:</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>&amp;Lösenord:</translation>
    </message>
    <message>
        <source>&amp;API key:</source>
        <translation>A&amp;PI-nyckel:</translation>
    </message>
    <message>
        <source>Optional: the account&apos;s own company</source>
        <translation>Frivilligt: annars kontots eget företag</translation>
    </message>
    <message>
        <source>&amp;Company id:</source>
        <translation>&amp;Företags-id:</translation>
    </message>
    <message>
        <source>BokaMera&apos;s &amp;messages in:</source>
        <translation>BokaMeras &amp;meddelanden på:</translation>
    </message>
    <message>
        <source>Test &amp;connection</source>
        <translation>Testa a&amp;nslutningen</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>Avancerat</translation>
    </message>
    <message>
        <source>Change these only when BokaMera tells you to. Empty means the usual value.</source>
        <translation>Ändra bara de här om BokaMera ber dig. Tomt betyder standardvärdet.</translation>
    </message>
    <message>
        <source>Client id:</source>
        <translation>Klient-id:</translation>
    </message>
    <message>
        <source>API address:</source>
        <translation>API-adress:</translation>
    </message>
    <message>
        <source>Login address:</source>
        <translation>Inloggningsadress:</translation>
    </message>
    <message>
        <source>This desk</source>
        <translation>Den här datorn</translation>
    </message>
    <message>
        <source>Shown in the history next to what you send.</source>
        <translation>Visas i historiken bredvid det du skickar.</translation>
    </message>
    <message>
        <source>&amp;Your name:</source>
        <translation>&amp;Ditt namn:</translation>
    </message>
    <message>
        <source>&amp;Time zone:</source>
        <translation>T&amp;idszon:</translation>
    </message>
    <message>
        <source> h</source>
        <translation> tim</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>A reminder held up (for example without internet) still goes out this long after its time, but not later: then it is shown as missed instead.</source>
        <translation>En påminnelse som har fastnat (till exempel utan internet) skickas fortfarande så här länge efter sin tid, men inte senare: då visas den som missad i stället.</translation>
    </message>
    <message>
        <source>Send late by at most:</source>
        <translation>Skicka högst så här sent:</translation>
    </message>
    <message>
        <source>HH:MM</source>
        <translation>TT:MM</translation>
    </message>
    <message>
        <source>to</source>
        <translation>till</translation>
    </message>
    <message>
        <source>No SMS goes out between these times. The same time twice turns this off.</source>
        <translation>Inga sms skickas mellan de här tiderna. Samma tid två gånger stänger av det.</translation>
    </message>
    <message>
        <source>&amp;Quiet hours:</source>
        <translation>T&amp;ysta timmar:</translation>
    </message>
    <message>
        <source>Longest SMS:</source>
        <translation>Längsta sms:</translation>
    </message>
    <message>
        <source>Customers&apos; &amp;country:</source>
        <translation>K&amp;undernas land:</translation>
    </message>
    <message>
        <source>App language</source>
        <translation>Språk i programmet</translation>
    </message>
    <message>
        <source>Same as this computer</source>
        <translation>Samma som datorn</translation>
    </message>
    <message>
        <source>SMS Desk changes language the next time it starts.</source>
        <translation>SMS Desk byter språk nästa gång det startar.</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>Språ&amp;k:</translation>
    </message>
    <message>
        <source>Privacy</source>
        <translation>Integritet</translation>
    </message>
    <message>
        <source> days</source>
        <translation> dagar</translation>
    </message>
    <message>
        <source>Never (keep)</source>
        <translation>Aldrig (behåll)</translation>
    </message>
    <message>
        <source>&amp;Delete message texts and numbers after:</source>
        <translation>Radera meddelandetext och nummer &amp;efter:</translation>
    </message>
    <message>
        <source>Finished messages (sent, cancelled, missed, failed) lose their text and number after this many days; the log still shows that a message went, and when. 0 keeps everything. Checked every hour. Erased text cannot be brought back, but backups made before still hold it until they are deleted.</source>
        <translation>Färdiga meddelanden (skickade, stoppade, missade, misslyckade) får text och nummer raderade efter så här många dagar. Loggen visar fortfarande att meddelandet skickades, och när. Med&#xa0;0&#xa0;sparas allt. Kontrolleras varje timme. Raderad text går inte att få tillbaka, men säkerhetskopior som redan gjorts har kvar den tills de tas bort.</translation>
    </message>
    <message>
        <source>To erase one customer now: Tools &gt; Erase everything for a number.</source>
        <translation>Radera en kund direkt: Verktyg &gt; Radera allt om ett nummer.</translation>
    </message>
    <message>
        <source>Loading the settings…</source>
        <translation>Läser in inställningarna…</translation>
    </message>
    <message>
        <source>Send real SMS?</source>
        <translation>Skicka riktiga sms?</translation>
    </message>
    <message>
        <source>Real SMS will be sent to customers and may cost money.</source>
        <translation>Riktiga sms skickas till kunderna och kan kosta pengar.</translation>
    </message>
    <message>
        <source>With BokaMera production, every message you queue goes to a real customer&apos;s phone through your company&apos;s BokaMera account.</source>
        <translation>Med BokaMera på riktigt går varje meddelande du lägger i kö till en riktig kunds telefon via företagets BokaMera-konto.</translation>
    </message>
    <message>
        <source>Use production</source>
        <translation>Använd på riktigt</translation>
    </message>
    <message>
        <source>Keep the current choice</source>
        <translation>Behåll nuvarande val</translation>
    </message>
    <message>
        <source>Practice mode: messages go to a practice server inside SMS Desk. Nothing leaves this computer and no customer gets an SMS.</source>
        <translation>Övningsläge: meddelandena går till en övningsserver inuti SMS Desk. Inget lämnar datorn och ingen kund får något sms.</translation>
    </message>
    <message>
        <source>BokaMera&apos;s test system, for trying your account and settings. Log in with the account BokaMera gave you for testing.</source>
        <translation>BokaMeras testsystem, för att prova kontot och inställningarna. Logga in med kontot som BokaMera gav er för test.</translation>
    </message>
    <message>
        <source>Real SMS: messages go to your customers through your company&apos;s BokaMera account, and may cost money.</source>
        <translation>Riktiga sms: meddelandena går till kunderna via företagets BokaMera-konto och kan kosta pengar.</translation>
    </message>
    <message>
        <source>{parts} SMS parts: up to {characters} characters, fewer with emoji or curly quotes. Longer messages are not queued.</source>
        <translation>{parts} sms-delar: upp till {characters} tecken, färre med emojier eller typografiska citattecken. Längre meddelanden läggs inte i kö.</translation>
    </message>
    <message>
        <source>The settings could not be read or saved because of an error in SMS Desk ({error}). Try again; if it keeps happening, contact support.</source>
        <translation>Inställningarna gick inte att läsa eller spara på grund av ett fel i SMS Desk ({error}). Försök igen; kontakta supporten om det fortsätter.</translation>
    </message>
    <message>
        <source>Correct the notes above, then test again.</source>
        <translation>Rätta det som står ovanför och testa sedan igen.</translation>
    </message>
    <message>
        <source>Connecting to BokaMera…</source>
        <translation>Ansluter till BokaMera…</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Sparar…</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>Inställningarna är sparade.</translation>
    </message>
    <message>
        <source>Settings saved. The password is kept only until SMS Desk quits: you will have to type it again next time.</source>
        <translation>Inställningarna är sparade. Lösenordet sparas bara tills SMS Desk avslutas: du behöver skriva det igen nästa gång.</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>Needs login: sending paused</source>
        <translation>Inloggning behövs: utskicken är pausade</translation>
    </message>
    <message>
        <source>This account may not send SMS: sending paused</source>
        <translation>Kontot får inte skicka sms: utskicken är pausade</translation>
    </message>
    <message>
        <source>Settings problem: sending paused</source>
        <translation>Fel i inställningarna: utskicken är pausade</translation>
    </message>
    <message>
        <source>Offline: messages wait and go when the network returns</source>
        <translation>Ingen anslutning: meddelandena skickas när nätet är tillbaka</translation>
    </message>
    <message>
        <source>Practice mode</source>
        <translation>Övningsläge</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Ansluten</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Ansluter…</translation>
    </message>
    <message>
        <source>Queued: {n}</source>
        <translation>Köade: {n}</translation>
    </message>
    <message>
        <source>Waiting to retry: {n}</source>
        <translation>Väntar på nytt försök: {n}</translation>
    </message>
    <message>
        <source>Needs attention: {n}</source>
        <translation>Behöver åtgärd: {n}</translation>
    </message>
    <message>
        <source>Nothing waiting</source>
        <translation>Inget väntar</translation>
    </message>
    <message>
        <source>Next send: {time}</source>
        <translation>Nästa utskick: {time}</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <source>Welcome to SMS Desk</source>
        <translation>Välkommen till SMS Desk</translation>
    </message>
    <message>
        <source>SMS Desk sends SMS reminders to your customers through BokaMera. Send a message now or pick a time, and see what happened to every message.</source>
        <translation>SMS Desk skickar sms-påminnelser till era kunder via BokaMera. Skicka ett meddelande nu eller välj en tid, och se vad som hände med varje meddelande.</translation>
    </message>
    <message>
        <source>You are in practice mode. Messages go to a practice server built into SMS Desk: nothing leaves this computer and no customer gets an SMS. Try everything you like.</source>
        <translation>Du är i övningsläge. Meddelandena går till en övningsserver inbyggd i SMS Desk: inget lämnar datorn och ingen kund får något sms. Prova allt du vill.</translation>
    </message>
    <message>
        <source>When you are ready, connect your company&apos;s BokaMera account. You need your BokaMera username and password, and your company&apos;s API key from BokaMera&apos;s admin pages. You can also do this later under Settings.</source>
        <translation>När du är redo kopplar du in företagets BokaMera-konto. Du behöver användarnamn och lösenord till BokaMera, och företagets API-nyckel från BokaMeras administrationssidor. Du kan också göra det senare under Inställningar.</translation>
    </message>
    <message>
        <source>Start practising</source>
        <translation>Börja öva</translation>
    </message>
    <message>
        <source>Connect a BokaMera account…</source>
        <translation>Koppla in ett BokaMera-konto…</translation>
    </message>
</context>
<context>
    <name>api</name>
    <message>
        <source>Something went wrong while talking to BokaMera. Try again in a moment; if it keeps happening, contact support.</source>
        <translation>Något gick fel i kontakten med BokaMera. Försök igen om en stund; kontakta supporten om det fortsätter.</translation>
    </message>
    <message>
        <source>BokaMera refused the message: {detail} Correct it and send it again.</source>
        <translation>BokaMera tog inte emot meddelandet: {detail} Rätta det och skicka igen.</translation>
    </message>
    <message>
        <source>BokaMera did not accept the login or the API key. Check the API key, username and password in Settings. Sending is paused until then.</source>
        <translation>BokaMera godkände inte inloggningen eller API-nyckeln. Kontrollera API-nyckel, användarnamn och lösenord under Inställningar. Utskicken är pausade så länge.</translation>
    </message>
    <message>
        <source>BokaMera did not accept the username or password. Check them in Settings and log in again.</source>
        <translation>BokaMera godkände inte användarnamnet eller lösenordet. Kontrollera dem under Inställningar och logga in igen.</translation>
    </message>
    <message>
        <source>The BokaMera API key is missing. Paste the company&apos;s API key (from BokaMera&apos;s admin pages) into Settings.</source>
        <translation>API-nyckeln till BokaMera saknas. Klistra in företagets API-nyckel (från BokaMeras administrationssidor) under Inställningar.</translation>
    </message>
    <message>
        <source>SMS Desk is not logged in to BokaMera. Enter the username and password in Settings.</source>
        <translation>SMS Desk är inte inloggat hos BokaMera. Fyll i användarnamn och lösenord under Inställningar.</translation>
    </message>
    <message>
        <source>This BokaMera account is not allowed to send SMS or read the message log (its role is too low). Ask your BokaMera administrator for administrator rights, or log in with another account in Settings.</source>
        <translation>Det här BokaMera-kontot får inte skicka sms eller läsa meddelandeloggen (behörigheten är för låg). Be er BokaMera-administratör om administratörsbehörighet, eller logga in med ett annat konto under Inställningar.</translation>
    </message>
    <message>
        <source>The BokaMera address in Settings seems wrong: {host} does not offer this service (error {status}). Check the API address in Settings.</source>
        <translation>BokaMera-adressen under Inställningar verkar vara fel: {host} har inte den här tjänsten (fel {status}). Kontrollera API-adressen under Inställningar.</translation>
    </message>
    <message>
        <source>The server at {host} did not answer the way BokaMera does. Check the API address in Settings, and whether a network sign-in page (guest Wi-Fi) is in the way.</source>
        <translation>Servern på {host} svarade inte som BokaMera gör. Kontrollera API-adressen under Inställningar, och om en inloggningssida för nätverket (gäst-wifi) är i vägen.</translation>
    </message>
    <message>
        <source>The address {url} is not encrypted (http://). Use the https:// address of BokaMera in Settings.</source>
        <translation>Adressen {url} är inte krypterad (http://). Använd BokaMeras https://-adress under Inställningar.</translation>
    </message>
    <message>
        <source>The address {url} in Settings is not a valid web address. Correct it in Settings.</source>
        <translation>Adressen {url} under Inställningar är inte en giltig webbadress. Rätta den under Inställningar.</translation>
    </message>
    <message>
        <source>The BokaMera login service refused the client id {client_id}. Check the login address and client id in Settings.</source>
        <translation>BokaMeras inloggningstjänst godkände inte klient-id:t {client_id}. Kontrollera inloggningsadressen och klient-id:t under Inställningar.</translation>
    </message>
    <message>
        <source>The setting {name} has an invalid value ({value}). Correct it in Settings.</source>
        <translation>Inställningen {name} har ett ogiltigt värde ({value}). Rätta det under Inställningar.</translation>
    </message>
    <message>
        <source>BokaMera asked SMS Desk to slow down. Waiting messages are sent automatically in a moment; nothing to do.</source>
        <translation>BokaMera bad SMS Desk att sakta ner. Väntande meddelanden skickas automatiskt om en stund; du behöver inte göra något.</translation>
    </message>
    <message>
        <source>BokaMera is having trouble right now (error {status}). Messages wait and are retried automatically; if it lasts for hours, contact BokaMera support.</source>
        <translation>BokaMera har problem just nu (fel {status}). Meddelandena väntar och skickas automatiskt igen; kontakta BokaMeras support om det håller i sig i flera timmar.</translation>
    </message>
    <message>
        <source>SMS Desk cannot reach BokaMera ({host}). Check the internet connection; waiting messages go out when it is back.</source>
        <translation>SMS Desk får inte kontakt med BokaMera ({host}). Kontrollera internetanslutningen; väntande meddelanden skickas när den fungerar igen.</translation>
    </message>
    <message>
        <source>SMS Desk cannot find {host}. Check the internet connection and the address in Settings; waiting messages go out when it is back.</source>
        <translation>SMS Desk hittar inte {host}. Kontrollera internetanslutningen och adressen under Inställningar; väntande meddelanden skickas när anslutningen fungerar igen.</translation>
    </message>
    <message>
        <source>The secure connection to {host} could not be checked. Make sure the computer&apos;s date and time are right; if they are, ask whoever runs the network.</source>
        <translation>Den säkra anslutningen till {host} gick inte att kontrollera. Se till att datorns datum och tid stämmer; om de gör det, fråga den som sköter nätverket.</translation>
    </message>
    <message>
        <source>BokaMera ({host}) did not answer in time. SMS Desk tries again automatically; check the internet connection if this keeps happening.</source>
        <translation>BokaMera ({host}) svarade inte i tid. SMS Desk försöker igen automatiskt; kontrollera internetanslutningen om det fortsätter.</translation>
    </message>
    <message>
        <source>The connection to BokaMera broke while the message was being sent, so it is not known yet whether it went out. SMS Desk checks BokaMera&apos;s message log before it sends it again; nothing to do.</source>
        <translation>Anslutningen till BokaMera bröts medan meddelandet skickades, så det är ännu inte känt om det gick i väg. SMS Desk kontrollerar BokaMeras meddelandelogg innan det skickas igen; du behöver inte göra något.</translation>
    </message>
    <message>
        <source>BokaMera sent an answer SMS Desk could not understand ({detail}). Try again later; if it keeps happening, update SMS Desk or contact support.</source>
        <translation>BokaMera skickade ett svar som SMS Desk inte förstod ({detail}). Försök igen senare; uppdatera SMS Desk eller kontakta supporten om det fortsätter.</translation>
    </message>
</context>
<context>
    <name>backup</name>
    <message>
        <source>There is no outbox at {path} to back up yet. It is made when SMS Desk first starts.</source>
        <translation>Det finns ingen utkorg i {path} att säkerhetskopiera än. Den skapas första gången SMS Desk startar.</translation>
    </message>
    <message>
        <source>SMS Desk could not make a backup in {folder} ({reason}). The messages themselves are unharmed. Make sure the disk has free space and the folder can be written to.</source>
        <translation>SMS Desk kunde inte göra en säkerhetskopia i {folder} ({reason}). Själva meddelandena är oskadda. Se till att det finns ledigt utrymme på disken och att det går att skriva i mappen.</translation>
    </message>
    <message>
        <source>The backup of {path} failed its check ({reason}), so the outbox itself may be damaged. Keep the file as it is, and restore the newest good backup or ask for help.</source>
        <translation>Säkerhetskopian av {path} klarade inte kontrollen ({reason}), så själva utkorgen kan vara skadad. Behåll filen som den är, och återställ den senaste felfria säkerhetskopian eller be om hjälp.</translation>
    </message>
    <message>
        <source>{path} cannot be used as an SMS Desk backup ({reason}). The current outbox has not been changed. Choose another backup.</source>
        <translation>{path} går inte att använda som säkerhetskopia för SMS Desk ({reason}). Den nuvarande utkorgen har inte ändrats. Välj en annan säkerhetskopia.</translation>
    </message>
    <message>
        <source>{path} was made by a newer version of SMS Desk (database version {found}; this version understands up to {known}). The current outbox has not been changed. Install the newer version of SMS Desk to restore it.</source>
        <translation>{path} har gjorts av en nyare version av SMS Desk (databasversion {found}; den här versionen förstår upp till {known}). Den nuvarande utkorgen har inte ändrats. Installera den nyare versionen av SMS Desk för att återställa den.</translation>
    </message>
    <message>
        <source>SMS Desk could not restore {path} ({reason}). The current outbox has not been replaced. Make sure SMS Desk is the only program using the data folder and that the disk has free space, then try again.</source>
        <translation>SMS Desk kunde inte återställa {path} ({reason}). Den nuvarande utkorgen har inte ersatts. Se till att SMS Desk är det enda program som använder datamappen och att det finns ledigt utrymme på disken, och försök sedan igen.</translation>
    </message>
</context>
<context>
    <name>bodies</name>
    <message>
        <source>The message is empty. Type the text you want to send.</source>
        <translation>Meddelandet är tomt. Skriv texten du vill skicka.</translation>
    </message>
    <message>
        <source>The message needs {parts} SMS; the limit is {max_parts}. Characters to remove: {excess}.</source>
        <translation>Meddelandet behöver {parts} sms; gränsen är {max_parts}. Tecken att ta bort: {excess}.</translation>
    </message>
    <message>
        <source>The message needs {parts} SMS; the limit is {max_parts}. Characters to remove: {excess}. Or replace special characters such as {example}, which make every SMS hold less than half as much text.</source>
        <translation>Meddelandet behöver {parts} sms; gränsen är {max_parts}. Tecken att ta bort: {excess}. Eller byt ut specialtecken som {example}, som gör att varje sms rymmer mindre än hälften så mycket text.</translation>
    </message>
    <message>
        <source>The message has {count} characters, but BokaMera accepts at most {max_chars}. Characters to remove: {excess}.</source>
        <translation>Meddelandet har {count} tecken, men BokaMera tar emot högst {max_chars}. Tecken att ta bort: {excess}.</translation>
    </message>
</context>
<context>
    <name>characters</name>
    <message>
        <source>right single quotation mark</source>
        <translation>typografisk apostrof</translation>
    </message>
    <message>
        <source>left single quotation mark</source>
        <translation>vänster enkelt citattecken</translation>
    </message>
    <message>
        <source>left double quotation mark</source>
        <translation>vänster citattecken</translation>
    </message>
    <message>
        <source>right double quotation mark</source>
        <translation>typografiskt citattecken</translation>
    </message>
    <message>
        <source>double low-9 quotation mark</source>
        <translation>nedre citattecken</translation>
    </message>
    <message>
        <source>en dash</source>
        <translation>kort tankstreck</translation>
    </message>
    <message>
        <source>em dash</source>
        <translation>långt tankstreck</translation>
    </message>
    <message>
        <source>horizontal ellipsis</source>
        <translation>tre punkter i ett tecken</translation>
    </message>
    <message>
        <source>no-break space</source>
        <translation>hårt mellanslag</translation>
    </message>
    <message>
        <source>latin small letter c with cedilla</source>
        <translation>litet c med cedilj</translation>
    </message>
    <message>
        <source>grave accent</source>
        <translation>grav accent</translation>
    </message>
    <message>
        <source>acute accent</source>
        <translation>akut accent</translation>
    </message>
    <message>
        <source>bullet</source>
        <translation>punkt för punktlista</translation>
    </message>
    <message>
        <source>zero width space</source>
        <translation>osynligt mellanslag</translation>
    </message>
    <message>
        <source>soft hyphen</source>
        <translation>mjukt bindestreck</translation>
    </message>
</context>
<context>
    <name>countries</name>
    <message>
        <source>Sweden</source>
        <translation>Sverige</translation>
    </message>
    <message>
        <source>Norway</source>
        <translation>Norge</translation>
    </message>
    <message>
        <source>Denmark</source>
        <translation>Danmark</translation>
    </message>
    <message>
        <source>Finland</source>
        <translation>Finland</translation>
    </message>
    <message>
        <source>Iceland</source>
        <translation>Island</translation>
    </message>
    <message>
        <source>Germany</source>
        <translation>Tyskland</translation>
    </message>
    <message>
        <source>United Kingdom</source>
        <translation>Storbritannien</translation>
    </message>
    <message>
        <source>United States</source>
        <translation>USA</translation>
    </message>
</context>
<context>
    <name>csv</name>
    <message>
        <source>The file is empty.</source>
        <translation>Filen är tom.</translation>
    </message>
    <message>
        <source>The file has no messages in it.</source>
        <translation>Filen innehåller inga meddelanden.</translation>
    </message>
    <message>
        <source>This row has {count} columns; expected phone, message and an optional time. A message with commas must be in quotes.</source>
        <translation>Den här raden har {count} kolumner; förväntat är telefon, meddelande och eventuellt en tid. Ett meddelande med kommatecken måste stå inom citattecken.</translation>
    </message>
</context>
<context>
    <name>export</name>
    <message>
        <source>id</source>
        <translation>id</translation>
    </message>
    <message>
        <source>status</source>
        <translation>status</translation>
    </message>
    <message>
        <source>receiver</source>
        <translation>mottagare</translation>
    </message>
    <message>
        <source>message</source>
        <translation>meddelande</translation>
    </message>
    <message>
        <source>due</source>
        <translation>skickas</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>skickat</translation>
    </message>
    <message>
        <source>attempts</source>
        <translation>försök</translation>
    </message>
    <message>
        <source>last error</source>
        <translation>senaste fel</translation>
    </message>
    <message>
        <source>origin</source>
        <translation>från</translation>
    </message>
    <message>
        <source>created by</source>
        <translation>skapat av</translation>
    </message>
    <message>
        <source>SMS Desk could not save the export as {path} ({reason}). Nothing was written there. Choose another folder, or free some space, and try again.</source>
        <translation>SMS Desk kunde inte spara exporten som {path} ({reason}). Inget skrevs där. Välj en annan mapp, eller frigör utrymme, och försök igen.</translation>
    </message>
</context>
<context>
    <name>logs</name>
    <message>
        <source>SMS Desk cannot write its log in {folder} ({reason}). It works as usual, but if something goes wrong there is no log to send to support. Set SMSDESK_LOG_DIR to a folder you can write to.</source>
        <translation>SMS Desk kan inte skriva sin logg i {folder} ({reason}). Programmet fungerar som vanligt, men om något går fel finns ingen logg att skicka till supporten. Sätt SMSDESK_LOG_DIR till en mapp du kan skriva i.</translation>
    </message>
</context>
<context>
    <name>receivers</name>
    <message>
        <source>“{number}” is a landline number. SMS can only be sent to mobile numbers.</source>
        <translation>”{number}” är ett fast telefonnummer. Sms kan bara skickas till mobilnummer.</translation>
    </message>
    <message>
        <source>“{number}” is a premium-rate number. SMS can only be sent to mobile numbers.</source>
        <translation>”{number}” är ett betalnummer. Sms kan bara skickas till mobilnummer.</translation>
    </message>
    <message>
        <source>“{number}” is a toll-free number. SMS can only be sent to mobile numbers.</source>
        <translation>”{number}” är ett avgiftsfritt nummer. Sms kan bara skickas till mobilnummer.</translation>
    </message>
    <message>
        <source>“{number}” is a short code or service number. SMS can only be sent to mobile numbers.</source>
        <translation>”{number}” är ett kortnummer eller tjänstenummer. Sms kan bara skickas till mobilnummer.</translation>
    </message>
    <message>
        <source>“{number}” is a shared-cost number. SMS can only be sent to mobile numbers.</source>
        <translation>”{number}” är ett nummer med delad kostnad. Sms kan bara skickas till mobilnummer.</translation>
    </message>
    <message>
        <source>“{number}” is an internet telephony (IP) number. SMS can only be sent to mobile numbers.</source>
        <translation>”{number}” är ett nummer för internettelefoni (IP). Sms kan bara skickas till mobilnummer.</translation>
    </message>
    <message>
        <source>“{number}” is a personal forwarding number. SMS can only be sent to mobile numbers.</source>
        <translation>”{number}” är ett personnummer för vidarekoppling (t.ex. 075). Sms kan bara skickas till mobilnummer.</translation>
    </message>
    <message>
        <source>“{number}” is a pager number. SMS can only be sent to mobile numbers.</source>
        <translation>”{number}” är ett personsökarnummer. Sms kan bara skickas till mobilnummer.</translation>
    </message>
    <message>
        <source>“{number}” is a company switchboard number. SMS can only be sent to mobile numbers.</source>
        <translation>”{number}” är ett växelnummer till ett företag. Sms kan bara skickas till mobilnummer.</translation>
    </message>
    <message>
        <source>“{number}” is a voicemail access number. SMS can only be sent to mobile numbers.</source>
        <translation>”{number}” är ett nummer till en röstbrevlåda. Sms kan bara skickas till mobilnummer.</translation>
    </message>
    <message>
        <source>“{number}” is a valid number in {country}, but not one known to receive SMS. Ask the customer for their mobile number.</source>
        <translation>”{number}” är ett giltigt nummer i {country}, men inte ett som kan ta emot sms. Be kunden om mobilnumret.</translation>
    </message>
    <message>
        <source>No number was given. Type the customer&apos;s mobile number.</source>
        <translation>Inget nummer angavs. Skriv kundens mobilnummer.</translation>
    </message>
    <message>
        <source>“{number}” contains letters. Type only the digits of the mobile number, e.g. 070-123 45 67.</source>
        <translation>”{number}” innehåller bokstäver. Skriv bara mobilnumrets siffror, t.ex. 070-123 45 67.</translation>
    </message>
    <message>
        <source>“{number}” contains “{char}”, which cannot be part of a phone number. Use only digits, spaces, dashes and a + at the start.</source>
        <translation>”{number}” innehåller ”{char}”, som inte kan ingå i ett telefonnummer. Använd bara siffror, mellanslag, bindestreck och ett + först.</translation>
    </message>
    <message>
        <source>“{number}” has a + that is not at the start. Only a country code may start with +, e.g. +46 70 123 45 67.</source>
        <translation>”{number}” har ett + som inte står först. Bara en landskod får börja med +, t.ex. +46 70 123 45 67.</translation>
    </message>
    <message>
        <source>“{number}” has no digits. Type the customer&apos;s mobile number, e.g. 070-123 45 67.</source>
        <translation>”{number}” innehåller inga siffror. Skriv kundens mobilnummer, t.ex. 070-123 45 67.</translation>
    </message>
    <message>
        <source>“{number}” is too short for a mobile number in {country}. Check whether digits are missing.</source>
        <translation>”{number}” är för kort för ett mobilnummer i {country}. Kontrollera om det saknas siffror.</translation>
    </message>
    <message>
        <source>“{number}” is too long for a mobile number in {country}. Check for extra digits.</source>
        <translation>”{number}” är för långt för ett mobilnummer i {country}. Kontrollera om det finns siffror för mycket.</translation>
    </message>
    <message>
        <source>“{number}” is not a valid number in {country}. Check the digits with the customer.</source>
        <translation>”{number}” är inte ett giltigt nummer i {country}. Kontrollera siffrorna med kunden.</translation>
    </message>
    <message>
        <source>“{number}” does not start with a known country code. Check the digits after +, or type a number in {country} without +.</source>
        <translation>”{number}” börjar inte med en känd landskod. Kontrollera siffrorna efter +, eller skriv ett nummer i {country} utan +.</translation>
    </message>
</context>
<context>
    <name>retention</name>
    <message>
        <source>Messages to {number} are still waiting to be sent ({count}), so nothing has been erased. Cancel them first (or wait until they have gone), then erase the number again.</source>
        <translation>Meddelanden till {number} väntar fortfarande på att skickas ({count}), så inget har raderats. Stoppa dem först (eller vänta tills de har gått i väg) och radera sedan numret igen.</translation>
    </message>
    <message>
        <source>{number} is not a phone number in international form (+46701234567), so nothing has been erased.</source>
        <translation>{number} är inte ett telefonnummer i internationell form (+46701234567), så inget har raderats.</translation>
    </message>
    <message>
        <source>Keep messages for a whole number of days between 1 and {most}, or 0 to keep them forever ({days} is not possible).</source>
        <translation>Spara meddelanden ett helt antal dagar mellan 1 och {most}, eller 0 för att spara dem för alltid ({days} går inte).</translation>
    </message>
</context>
<context>
    <name>secrets</name>
    <message>
        <source>Saved in the system keyring ({keyring}).</source>
        <translation>Sparat i systemets nyckelring ({keyring}).</translation>
    </message>
    <message>
        <source>No system keyring was found, so your password is kept only until SMS Desk quits.</source>
        <translation>Ingen nyckelring hittades i systemet, så lösenordet sparas bara tills SMS Desk avslutas.</translation>
    </message>
    <message>
        <source>The system keyring did not work (it may be locked), so your password is kept only until SMS Desk quits.</source>
        <translation>Systemets nyckelring fungerade inte (den kan vara låst), så lösenordet sparas bara tills SMS Desk avslutas.</translation>
    </message>
    <message>
        <source>The system keyring stopped answering ({keyring}), so your password is kept only until SMS Desk quits. Unlock the keyring and save the password again to keep it.</source>
        <translation>Systemets nyckelring slutade svara ({keyring}), så lösenordet sparas bara tills SMS Desk avslutas. Lås upp nyckelringen och spara lösenordet igen för att behålla det.</translation>
    </message>
</context>
<context>
    <name>settings</name>
    <message>
        <source>Some settings need correcting first: see the notes under the fields.</source>
        <translation>Några inställningar behöver rättas först: se anteckningarna under fälten.</translation>
    </message>
    <message>
        <source>Choose where messages go: practice, BokaMera test or BokaMera production.</source>
        <translation>Välj vart meddelandena ska gå: övning, BokaMeras testmiljö eller BokaMera på riktigt.</translation>
    </message>
    <message>
        <source>Enter the username you log in to BokaMera with (usually an email address).</source>
        <translation>Fyll i användarnamnet du loggar in på BokaMera med (oftast en e-postadress).</translation>
    </message>
    <message>
        <source>Enter the password of this BokaMera account.</source>
        <translation>Fyll i lösenordet till det här BokaMera-kontot.</translation>
    </message>
    <message>
        <source>Paste your company&apos;s API key. You find it in BokaMera&apos;s admin pages; it looks like 1a2b3c4d-1a2b-1a2b-1a2b-1a2b3c4d5e6f.</source>
        <translation>Klistra in företagets API-nyckel. Du hittar den på BokaMeras administrationssidor; den ser ut som 1a2b3c4d-1a2b-1a2b-1a2b-1a2b3c4d5e6f.</translation>
    </message>
    <message>
        <source>This is not an API key. An API key looks like 1a2b3c4d-1a2b-1a2b-1a2b-1a2b3c4d5e6f: copy it again from BokaMera&apos;s admin pages.</source>
        <translation>Det här är inte en API-nyckel. En API-nyckel ser ut som 1a2b3c4d-1a2b-1a2b-1a2b-1a2b3c4d5e6f: kopiera den igen från BokaMeras administrationssidor.</translation>
    </message>
    <message>
        <source>“{text}” is not a company id. It looks like 1a2b3c4d-1a2b-1a2b-1a2b-1a2b3c4d5e6f; leave it empty to use the company of the account.</source>
        <translation>”{text}” är inte ett företags-id. Det ser ut som 1a2b3c4d-1a2b-1a2b-1a2b-1a2b3c4d5e6f; lämna fältet tomt för att använda kontots företag.</translation>
    </message>
    <message>
        <source>Choose a language from the list.</source>
        <translation>Välj ett språk i listan.</translation>
    </message>
    <message>
        <source>“{text}” cannot be used: it must be an https:// address. Leave it empty to use BokaMera&apos;s usual address.</source>
        <translation>”{text}” går inte att använda: det måste vara en https://-adress. Lämna fältet tomt för att använda BokaMeras vanliga adress.</translation>
    </message>
    <message>
        <source>“{zone}” is not a time zone SMS Desk knows. Pick one from the list, or type a name such as Europe/Stockholm.</source>
        <translation>”{zone}” är inte en tidszon som SMS Desk känner till. Välj en i listan, eller skriv ett namn som Europe/Stockholm.</translation>
    </message>
    <message>
        <source>A reminder can be at most 24 hours late; choose between 0 and 24 hours.</source>
        <translation>En påminnelse kan vara högst 24 timmar försenad; välj mellan 0 och 24 timmar.</translation>
    </message>
    <message>
        <source>Choose between {low} and {high} SMS parts per message.</source>
        <translation>Välj mellan {low} och {high} sms-delar per meddelande.</translation>
    </message>
    <message>
        <source>Choose the country most of your customers live in.</source>
        <translation>Välj landet där de flesta av era kunder bor.</translation>
    </message>
    <message>
        <source>The name is too long: use at most {limit} characters.</source>
        <translation>Namnet är för långt: använd högst {limit} tecken.</translation>
    </message>
</context>
<context>
    <name>sms_parts</name>
    <message>
        <source>{parts} SMS, {units} of {capacity}, {encoding}</source>
        <translation>{parts} sms, {units} av {capacity}, {encoding}</translation>
    </message>
</context>
<context>
    <name>status</name>
    <message>
        <source>A message that is {current} cannot become {target}.</source>
        <translation>Ett meddelande med status {current} kan inte få status {target}.</translation>
    </message>
</context>
<context>
    <name>status_display</name>
    <message>
        <source>Scheduled</source>
        <translation>Köad</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>Skickas</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Skickat</translation>
    </message>
    <message>
        <source>Waiting to retry</source>
        <translation>Väntar på nytt försök</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Misslyckades</translation>
    </message>
    <message>
        <source>Needs checking</source>
        <translation>Behöver kontrolleras</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Stoppad</translation>
    </message>
    <message>
        <source>Missed (too late)</source>
        <translation>Missat (för sent)</translation>
    </message>
    <message>
        <source>Waiting on this computer until it is due; it can still be changed.</source>
        <translation>Väntar på den här datorn tills det är dags; det går fortfarande att ändra.</translation>
    </message>
    <message>
        <source>Being handed to BokaMera right now.</source>
        <translation>Lämnas över till BokaMera just nu.</translation>
    </message>
    <message>
        <source>BokaMera accepted the message.</source>
        <translation>BokaMera tog emot meddelandet.</translation>
    </message>
    <message>
        <source>The last try did not get through; SMS Desk will try again by itself.</source>
        <translation>Det senaste försöket gick inte fram; SMS Desk försöker igen av sig självt.</translation>
    </message>
    <message>
        <source>BokaMera refused the message; it will not be sent unless you fix it.</source>
        <translation>BokaMera tog inte emot meddelandet; det skickas inte förrän du har rättat det.</translation>
    </message>
    <message>
        <source>No answer came back, so it may or may not have been sent. SMS Desk checks BokaMera&apos;s log before trying again, so the customer never gets it twice.</source>
        <translation>Inget svar kom tillbaka, så det är oklart om det har skickats. SMS Desk kontrollerar BokaMeras logg innan ett nytt försök, så kunden får det aldrig två gånger.</translation>
    </message>
    <message>
        <source>Cancelled before it was sent.</source>
        <translation>Stoppat innan det skickades.</translation>
    </message>
    <message>
        <source>Not sent: it could not go out before its latest sending time, so it was held back.</source>
        <translation>Inte skickat: det kunde inte gå i väg före sin senaste tid, så det hölls tillbaka.</translation>
    </message>
</context>
<context>
    <name>storage</name>
    <message>
        <source>SMS Desk cannot write to {path} ({reason}). Make sure the folder exists and that you may change files in it, or start SMS Desk with --data-dir set to a folder you can write to.</source>
        <translation>SMS Desk kan inte skriva till {path} ({reason}). Se till att mappen finns och att du får ändra filer i den, eller starta SMS Desk med --data-dir satt till en mapp du kan skriva i.</translation>
    </message>
    <message>
        <source>{path} is not an SMS Desk database ({reason}). SMS Desk has left the file exactly as it was. Move it elsewhere, or start SMS Desk with --data-dir set to another folder.</source>
        <translation>{path} är inte en databas från SMS Desk ({reason}). SMS Desk har lämnat filen precis som den var. Flytta den någon annanstans, eller starta SMS Desk med --data-dir satt till en annan mapp.</translation>
    </message>
    <message>
        <source>{path} was written by a newer version of SMS Desk (database version {found}; this version understands up to {known}). SMS Desk has left the file untouched. Install the newer version of SMS Desk to open it.</source>
        <translation>{path} har skrivits av en nyare version av SMS Desk (databasversion {found}; den här versionen förstår upp till {known}). SMS Desk har inte rört filen. Installera den nyare versionen av SMS Desk för att öppna den.</translation>
    </message>
    <message>
        <source>The disk that holds {path} is full, so the last change was not saved. Everything saved before it is still there. Free some space on that disk and try again.</source>
        <translation>Disken där {path} ligger är full, så den senaste ändringen sparades inte. Allt som sparades innan finns kvar. Frigör utrymme på disken och försök igen.</translation>
    </message>
    <message>
        <source>{path} stayed locked by another program for more than {seconds} seconds. Close any other copy of SMS Desk, or any program that has the file open, and try again.</source>
        <translation>{path} var låst av ett annat program i mer än {seconds} sekunder. Stäng andra fönster med SMS Desk, eller program som har filen öppen, och försök igen.</translation>
    </message>
    <message>
        <source>{path} is damaged and cannot be read safely. Keep a copy of the file as it is, and restore the outbox from a backup or ask for help before using it again.</source>
        <translation>{path} är skadad och kan inte läsas säkert. Spara en kopia av filen som den är, och återställ utkorgen från en säkerhetskopia eller be om hjälp innan den används igen.</translation>
    </message>
    <message>
        <source>The disk reported an error while SMS Desk was using {path}. Check that the disk or network drive is still connected, and try again.</source>
        <translation>Disken rapporterade ett fel medan SMS Desk använde {path}. Kontrollera att disken eller nätverksenheten fortfarande är ansluten, och försök igen.</translation>
    </message>
    <message>
        <source>There is no message {id} in the outbox. It may have been removed.</source>
        <translation>Det finns inget meddelande {id} i utkorgen. Det kan ha tagits bort.</translation>
    </message>
    <message>
        <source>Message {id} cannot be changed because it is {status}. Only queued, waiting-to-retry and failed messages can be changed.</source>
        <translation>Meddelande {id} kan inte ändras eftersom det har status {status}. Bara köade, misslyckade och meddelanden som väntar på nytt försök kan ändras.</translation>
    </message>
    <message>
        <source>Message {id} was sent from elsewhere, not from this desk, so SMS Desk cannot change it.</source>
        <translation>Meddelande {id} skickades någon annanstans, inte från den här datorn, så SMS Desk kan inte ändra det.</translation>
    </message>
    <message>
        <source>Message {id} cannot be cancelled: it is being sent right now. Look again in a moment to see whether it went.</source>
        <translation>Meddelande {id} kan inte stoppas: det skickas just nu. Titta igen om en stund för att se om det gick i väg.</translation>
    </message>
    <message>
        <source>Message {id} cannot be cancelled because it is {status}. Only queued, waiting-to-retry and failed messages can be cancelled.</source>
        <translation>Meddelande {id} kan inte stoppas eftersom det har status {status}. Bara köade, misslyckade och meddelanden som väntar på nytt försök kan stoppas.</translation>
    </message>
    <message>
        <source>Message {id} was sent from elsewhere, not from this desk. BokaMera cannot cancel a message once it has it, so SMS Desk cannot cancel this one.</source>
        <translation>Meddelande {id} skickades någon annanstans, inte från den här datorn. BokaMera kan inte stoppa ett meddelande när det väl har tagit emot det, så SMS Desk kan inte stoppa det här.</translation>
    </message>
    <message>
        <source>Message {id} cannot be changed: there is no such message in the outbox.</source>
        <translation>Meddelande {id} kan inte ändras: det finns inget sådant meddelande i utkorgen.</translation>
    </message>
    <message>
        <source>Message {id} cannot be cancelled: there is no such message in the outbox.</source>
        <translation>Meddelande {id} kan inte stoppas: det finns inget sådant meddelande i utkorgen.</translation>
    </message>
    <message>
        <source>Message {id} cannot be marked as the server&apos;s message {server_id}: message {other_id} already is. Two identical messages may have been queued; check both in the log before sending either again.</source>
        <translation>Meddelande {id} kan inte markeras som serverns meddelande {server_id}: meddelande {other_id} är redan det. Två likadana meddelanden kan ha lagts i kö; kontrollera båda i loggen innan något av dem skickas igen.</translation>
    </message>
</context>
<context>
    <name>sync</name>
    <message>
        <source>Another SMS Desk ({holder}) is already sending from {folder}. Close it first, or use that window.</source>
        <translation>Ett annat SMS Desk ({holder}) skickar redan från {folder}. Stäng det först, eller använd det fönstret.</translation>
    </message>
</context>
<context>
    <name>time</name>
    <message>
        <source>“{text}” is not a date and time SMS Desk understands. Write it as YYYY-MM-DD HH:MM, for example 2026-03-02 09:00.</source>
        <translation>”{text}” är inte ett datum och en tid som SMS Desk förstår. Skriv det som ÅÅÅÅ-MM-DD TT:MM, till exempel 2026-03-02 09:00.</translation>
    </message>
    <message>
        <source>“{zone}” is not a time zone SMS Desk knows. Use a name such as Europe/Stockholm in the settings.</source>
        <translation>”{zone}” är inte en tidszon som SMS Desk känner till. Använd ett namn som Europe/Stockholm i inställningarna.</translation>
    </message>
    <message>
        <source>{time} on {date} does not exist: that night the clocks jump from {gap_start} to {gap_end}. Pick {gap_end} or later, or a time before {gap_start}.</source>
        <translation>{time} den {date} finns inte: den natten ställs klockan fram från {gap_start} till {gap_end}. Välj {gap_end} eller senare, eller en tid före {gap_start}.</translation>
    </message>
    <message>
        <source>{time} on {date} happens twice: that night the clocks go back from {back_from} to {back_to}. Choose whether you mean the first {time}, before the clocks go back (UTC{first_offset}), or the second {time}, after they go back (UTC{second_offset}).</source>
        <translation>{time} den {date} inträffar två gånger: den natten ställs klockan tillbaka från {back_from} till {back_to}. Välj om du menar första {time}, innan klockan ställs tillbaka (UTC{first_offset}), eller andra {time}, efter att den ställts tillbaka (UTC{second_offset}).</translation>
    </message>
    <message>
        <source>{time} on {date} has already passed: it was {minutes} min ago (the time at the desk is now {now_time}). Pick a later time, or choose Send now.</source>
        <translation>{time} den {date} har redan passerat: det var för {minutes} min sedan (klockan är nu {now_time}). Välj en senare tid, eller välj Skicka nu.</translation>
    </message>
    <message>
        <source>{time} on {date} has already passed: it was {hours} h {minutes} min ago (the time at the desk is now {now_time}). Pick a later time, or choose Send now.</source>
        <translation>{time} den {date} har redan passerat: det var för {hours} tim {minutes} min sedan (klockan är nu {now_time}). Välj en senare tid, eller välj Skicka nu.</translation>
    </message>
    <message>
        <source>{time} on {date} has already passed: it was {days} d {hours} h ago (it is now {now_time} on {now_date}). Pick a later time, or choose Send now.</source>
        <translation>{time} den {date} har redan passerat: det var för {days} d {hours} tim sedan (nu är det {now_time} den {now_date}). Välj en senare tid, eller välj Skicka nu.</translation>
    </message>
    <message>
        <source>“Send no later than” ({no_later_time} on {no_later_date}) is before the send time ({due_time} on {due_date}). Pick a time after the send time, or leave it empty to use the default.</source>
        <translation>”Skicka senast” ({no_later_time} den {no_later_date}) är före tiden för utskicket ({due_time} den {due_date}). Välj en tid efter utskicket, eller lämna fältet tomt för att använda standardvärdet.</translation>
    </message>
    <message>
        <source>“{text}” is not a time for quiet hours. Write the start and end as HH:MM, for example 21:00 and 08:00.</source>
        <translation>”{text}” är inte en tid för tysta timmar. Skriv början och slutet som TT:MM, till exempel 21:00 och 08:00.</translation>
    </message>
</context>
</TS>
