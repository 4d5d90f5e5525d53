# Samverkan's interface in Swedish, the first language.
# Keys starting with "data-" translate data values and exist only in other languages.

site-tagline = mot segregation
site-description = Vilka myndigheter och andra aktörer arbetar mot segregation, var överlappar deras uppdrag, och vilka bidrag kan sökas och när?
skip-to-content = Hoppa till innehållet
switch-language = English
nav-label = Huvudmeny
nav-grants = Bidrag
nav-actors = Aktörer
nav-calendar = Kalender
nav-overlaps = Överlappande uppdrag
nav-open-data = Öppna data
open-data-title = Öppna data
open-data-lead = Allt på webbplatsen finns också som filer att ladda ned och som ett API, fritt att återanvända (CC0). Här beskrivs varje fil fält för fält.
open-data-downloads = Filer att ladda ned
open-data-grants-csv = Bidragen som CSV (UTF-8, komma mellan fälten, RFC 4180). Listor inom ett fält skiljs med semikolon och mellanslag. Nästa sista ansökningsdag och status räknas för dagen du laddar ned.
open-data-actors-csv = Aktörerna som CSV (UTF-8, komma mellan fälten, RFC 4180).
open-data-excel = Samma uppgifter för Excel med svenska inställningar: semikolon mellan fälten, så att filen öppnas rätt med ett dubbelklick. Rubrikerna och värdena är desamma som i CSV-filen.
open-data-json = Hela datamängden som JSON, i det format som kommandot samverkan import läser. Här finns också varje uppgift som Samverkan har lagt till (fältet added), med källa och datum.
open-data-dcat = Beskrivning av datamängderna enligt DCAT-AP-SE, för Sveriges dataportal.
open-data-columns = Fälten i
open-data-column = Fält
open-data-holds = Innehåll
open-data-api = API
open-data-api-text = Ett JSON-API för bidrag, aktörer, områden, insatser och sökning. Läsande anrop är öppna för alla, utan nyckel.
open-data-api-link = Läs om API:t
open-data-feeds = Flöden och kalendrar
open-data-feed = Ändringar i uppgifterna som Atom-flöde
open-data-calendar = Alla sista ansökningsdagar som kalender att prenumerera på (iCalendar)
open-data-licence = Sammanställningen får användas fritt enligt CC0 1.0. Texterna om aktörernas uppdrag är citat ur Delegationen mot segregations sida.
api-title = API för öppna data
api-lead = Alla uppgifter på webbplatsen går att hämta som JSON. Svaren har de fält som OpenAPI-dokumentet beskriver; ett fel svarar med ett objekt error med fälten code och message.
api-language = Beskrivningarna av anropen nedan är på engelska, som API:t. Samma uppgifter maskinläsbart:
api-openapi = OpenAPI-dokumentet
api-read = Läsa uppgifter
api-write = Ändra uppgifter
api-write-text = Ändringar kräver en API-nyckel som en administratör skapar i redaktionen. Nyckeln skickas i huvudet Authorization.
api-needs-token = Kräver API-nyckel
nav-about = Om tjänsten
footer-source = Uppgifterna kommer från Delegationen mot segregation, senast uppdaterade 22 december 2021.
footer-operator = Den här webbplatsen drivs av { $name }.
footer-no-operator = Den här installationen av Samverkan har inte angett vem som driver den.
footer-contact = Kontakt:
english-swedish-content = Svenska uppgifter.
footer-about = Om tjänsten, öppna data och tillgänglighet
footer-api = API för öppna data

home-title = Start
home-heading = Samverkan mot segregation
home-lead = Se vilka myndigheter och andra nationella aktörer som arbetar inom boende, arbete, utbildning, demokrati och civilsamhälle och brottslighet, var deras uppdrag överlappar och vilka bidrag som går att söka.
home-search-label = Sök bland myndigheter, bidrag och insatser
search-button = Sök
home-areas = De fem prioriterade områdena
home-soon = Sista ansökningsdagar de närmaste 60 dagarna
home-soon-none = Inga bidrag har sista ansökningsdag de närmaste 60 dagarna.
home-later = Därefter
home-changes = Senaste ändringar
home-changes-none = Inga ändringar sedan uppgifterna lästes in.
reference-date = Räknat från

change-create = Ny
change-update = Ändrad
change-retire = Borttagen
change-restore = Återställd

count-actors = { $count ->
    [one] 1 aktör
   *[other] { $count } aktörer
}
count-grants = { $count ->
    [one] 1 bidrag
   *[other] { $count } bidrag
}
days-left = { $days ->
    [0] i dag
    [1] i morgon
   *[other] om { $days } dagar
}

area-kicker = Prioriterat område
area-responsible = Nationellt ansvar
area-none-responsible = Källan anger ingen myndighet med nationellt ansvar för området.
area-contributing = Medverkar i området
area-grants = Bidrag inom området
area-finder-link = filtrera vidare i bidragssöket
area-initiatives = Insatser inom området
none = Inga.
not-given = Anges inte i källan
areas-label = Områden
perspectives-label = Perspektiv
also-called = Kallas även
initiative-participants = Deltar

role-responsible = Nationellt ansvar
role-contributes = Medverkar

kind-myndighet = Myndighet
kind-myndighetsgrupp = Myndigheter
kind-medlemsorganisation = Medlemsorganisation
kind-fond = Fond
kind-stiftelse = Stiftelse
kind-forbund = Förbund
kind-organisation = Organisation

actors-source-quote = Ur källans inledning, Delegationen mot segregation, 2021.
actors-group-myndighet-med-koppling = Myndigheter med koppling till arbetet med att minska och motverka segregation
actors-group-ovrig-nationell-aktor = Övriga nationella aktörer
actors-group-bidragsgivare = Aktörer som fördelar bidrag som kan ha bäring på segregation
actors-group-none = Tillagda i Samverkan
actors-title = Aktörer
actors-lead = Myndigheter och andra nationella aktörer vars uppdrag har koppling till arbetet mot segregation.
actors-none = Inga aktörer matchar filtret.
actor-mission = Uppdrag
actor-no-mission = Källan beskriver inte aktörens uppdrag; den nämns som givare av bidrag.
actor-connection = Koppling till segregation
actor-areas = Områden
actor-no-areas = Källan knyter inte aktören till något av de fem områdena.
actor-grants = Bidrag som aktören ger
actor-no-grants = Källan nämner inga bidrag från aktören.
actor-initiatives = Insatser
actor-related = Andra som arbetar inom samma områden
actor-no-related = Inga andra aktörer delar område eller insats med den här aktören.
verified-label = Senast kontrollerad
website = Webbplats
no-website = Källan anger ingen webbadress.
stale-notice = Uppgifterna kontrollerades senast { $date } och kan vara inaktuella.
stale-list = { $count ->
        [one] Ett bidrag här kontrollerades senast { $date } och kan vara inaktuellt.
       *[other] { $count } av { $total } bidrag här kontrollerades senast { $date } eller tidigare och kan vara inaktuella.
    } Kontrollera datum och villkor hos bidragsgivaren innan du söker.

filter-text = Fritext
filter-area = Område
filter-role = Roll
filter-any-role = Alla roller
filter-kind = Typ av aktör
filter-applicant = Vem söker?
filter-any-applicant = Alla sökande
filter-provider = Bidragsgivare
filter-any-provider = Alla bidragsgivare
filter-status = Status
filter-status-rolling = Löpande
filter-status-upcoming = Har kommande sista dag
status-expected = Beräknat datum – kontrollera hos { $provider }
filter-status-passed = Sista dagen har passerat
filter-status-unknown = Okänd – se givarens webbplats
filter-within = Sista ansökningsdag inom
filter-within-any = Oavsett datum
filter-within-days = { $days } dagar
filter-apply = Filtrera
filter-show-grants = Visa bidrag
filter-clear = Rensa filter
sort-label = Sortera efter
sort-deadline = Nästa sista ansökningsdag
sort-relevance = Relevans
sort-title = Namn

grants-title = Hitta bidrag
grants-lead = Statsbidrag och andra bidrag som kan ha bäring på arbetet mot segregation. Välj område och vem som söker för att se vad som passar er.
grants-none = Inga bidrag matchar filtret.
grants-ways-out = Prova att ta bort ett av urvalen:
way-out-within_days = Utan tidsgränsen: { $count } bidrag
way-out-status = Med alla statusar: { $count } bidrag
way-out-area = I alla områden: { $count } bidrag
way-out-applicant = För alla sökande: { $count } bidrag
way-out-provider = Från alla bidragsgivare: { $count } bidrag
way-out-q = Utan sökordet: { $count } bidrag
grants-unstated-applicants = Källan anger inte vem som kan söka: { $count } bidrag
grants-unstated-applicants-help = De här bidragen passar de andra urvalen, men källan säger inte vem som får söka dem. Kontrollera hos bidragsgivaren.
grants-unstated-areas = Källan anger inget område: { $count } bidrag
grants-unstated-areas-help = De här bidragen passar de andra urvalen, men källan knyter dem inte till något av de fem områdena.
grant-kicker = Bidrag
grant-provider = Ges av
deadline-label = Sista ansökningsdag
deadline-none = Anges inte i källan
next-deadline = Nästa sista ansökningsdag
deadline-expected = beräknat
status-label = Status
status-rolling = Löpande – kan sökas när som helst
status-upcoming = Öppet för ansökan
status-passed = Sista ansökningsdagen har passerat
status-unknown = Se bidragsgivarens webbplats
status-none = Källan anger ingen sista ansökningsdag
grant-passed-notice = Sista ansökningsdagen har passerat. Kontrollera hos bidragsgivaren om bidraget går att söka igen.
grant-statsbidrag = Statsbidrag
statsbidrag-yes = Ja
statsbidrag-no = Nej
statsbidrag-unknown = Anges inte i källan
grant-applicants = Vem kan söka
grant-dates = Datum
grant-apply = Ansök
added-by-service = Tillagt av Samverkan, inte av källan; kontrollerat { $date } mot
grant-apply-link = Till bidraget hos { $provider }
grant-provider-site = Till { $provider }s webbplats
grant-no-link = Varken källan eller Samverkan har en webbadress till bidraget eller bidragsgivaren.
grant-ended-notice = Bidraget kan inte längre sökas.
status-ended = Avslutat – kan inte längre sökas
actor-name-en = Officiellt namn på engelska:
actor-website-link = Till { $name }s webbplats
grant-add-to-calendar = Lägg till i kalendern
grant-ics-help = Hämtar en kalenderfil (.ics) med sista ansökningsdagen och en påminnelse två veckor innan.
grant-no-calendar = Bidraget har inget datum att lägga i en kalender.
grant-more = Mer om bidraget hos bidragsgivaren
grant-no-url = Det finns ingen känd sida för just det här bidraget, så länken går till bidragsgivarens webbplats. Sök efter bidraget där.
ics-expected = Datumet upprepar det som källan angav. Kontrollera hos { $provider } att det gäller i år innan du söker.
ics-summary = Sista ansökningsdag: { $title }
ics-provider = Bidragsgivare: { $provider }

calendar-title = Kalender
calendar-lead = Sista ansökningsdagar månad för månad,
calendar-months = Månader
calendar-month-empty = Inga sista ansökningsdagar den här månaden.
calendar-without-date = { $count ->
    [one] 1 bidrag utan datum (löpande eller okänt) visas inte här
   *[other] { $count } bidrag utan datum (löpande eller okänt) visas inte här
}

overlaps-title = Överlappande uppdrag
overlaps-lead = Vilka aktörer arbetar inom samma områden och insatser? Här syns var uppdrag överlappar och kompletterar varandra – där samordning gör mest nytta.
overlaps-per-area = Aktörer per område
overlaps-roles-reading = Källan säger inte vilka roller aktörerna har i områdena. Rollerna här är Samverkans läsning av varje aktörs uppdrag som källan beskriver det: nationellt ansvar där uppdraget gör området till aktörens eget, medverkar där uppdraget knyts till arbetet i området.
overlaps-by-area = Område för område
overlaps-without-role = Aktörer utan roll i något område
overlaps-without-role-help = Källan beskriver de här aktörernas uppdrag och koppling till segregation, men uppdragen knyts inte till något av de fem områdena.
overlaps-matrix-scroll = På en smal skärm går tabellen att rulla i sidled; första kolumnen står kvar.
overlaps-matrix = Aktörer och områden
overlaps-matrix-caption = Varje aktörs roll i de fem områdena
overlaps-diagram = Diagram
overlaps-diagram-help = Diagrammet visar samma uppgifter som tabellen: områden till vänster, aktörer i mitten och insatser till höger.
overlaps-initiatives = Insatser med flera aktörer
overlaps-all-actors = Alla { $count } i aktörslistan
overlaps-rows-shown = Aktörerna { $first }–{ $last } av { $count }, i namnordning. Diagrammet och insatserna nedan gäller samma aktörer.
diagram-title = Aktörer, områden och insatser
diagram-desc = Linjer förbinder varje aktör med de områden den arbetar inom och de insatser den deltar i. Tjock heldragen linje betyder nationellt ansvar, streckad linje att aktören medverkar, prickad linje att aktören deltar i en insats.
diagram-areas = Områden
diagram-actors = Aktörer
diagram-initiatives = Insatser
diagram-takes-part = Deltar i insats

about-title = Om tjänsten

error-404-title = Sidan finns inte
error-404-text = Vi hittar ingen sida på den adressen. Den kan ha flyttats, eller så är adressen felskriven.
error-400-title = Sökningen kunde inte göras
error-400-text = Något i adressen gick inte att läsa.
error-500-title = Något gick fel
error-500-text = Ett fel uppstod hos oss. Det har loggats; försök igen om en stund.
error-home = Till startsidan

month-1 = januari
month-2 = februari
month-3 = mars
month-4 = april
month-5 = maj
month-6 = juni
month-7 = juli
month-8 = augusti
month-9 = september
month-10 = oktober
month-11 = november
month-12 = december

nav-search = Sök
search-title = Sök
search-label = Sök bland aktörer, bidrag och insatser
search-kinds = Visa
search-kinds-actor = Aktörer
search-kinds-grant = Bidrag
search-kinds-initiative = Insatser
search-kind-actor = Aktör
search-kind-grant = Bidrag
search-kind-initiative = Insats
search-count = { $count ->
    [one] 1 träff
   *[other] { $count } träffar
}
search-none = Inget matchade sökningen. Prova ett annat ord, eller bläddra bland bidragen och aktörerna.
search-hint = Skriv till exempel ”idrottsförening”, ”brottsoffer” eller ”MUCF”. Böjningar och små stavfel går bra.
search-pages = Sidor
search-page = Sida
search-previous = Föregående sida
search-next = Nästa sida
initiative-kicker = Insats

feed-title = Samverkan – ändringar i uppgifterna
feed-title-area = Samverkan – ändringar inom { $area }
feed-area-link = Ändringar inom området
feed-summary-author = Av { $author }
feed-summary-fields = Ändrade fält: { $fields }
ics-calendar-name = Samverkan – sista ansökningsdagar
subscribe-calendar = Prenumerera på de här sista ansökningsdagarna i din kalender (.ics)
subscribe-help = Lägg in adressen som en prenumeration i kalenderprogrammet, så uppdateras datumen av sig själva.
about-downloads = Ladda ner

show-all-grants = { $count ->
    [one] Visa bidraget
   *[other] Visa alla { $count } bidrag
}
more-related = … och { $count } aktörer till.
calendar-more = … och { $count } sista ansökningsdagar till den här månaden. Välj område eller sökande ovan för att se färre åt gången.

# The editors' area.
editor-nav-label = Redaktionens meny
editor-signed-in-as = Inloggad som
editor-logout = Logga ut
editor-nav-dashboard = Översikt
editor-nav-actors = Aktörer
editor-nav-grants = Bidrag
editor-nav-initiatives = Insatser
editor-nav-accounts = Konton
editor-nav-tokens = API-nycklar
editor-nav-sessions = Inloggningar
editor-sessions-title = Dina inloggningar
editor-sessions-lead = Här är de webbläsare där ditt konto är inloggat just nu. Ett konto kan vara inloggat på högst { $max } ställen; en ny inloggning avslutar den äldsta.
editor-sessions-created = Inloggad
editor-sessions-expires = Gäller till
editor-sessions-current = Den här webbläsaren
editor-sessions-end-heading = Logga ut överallt
editor-sessions-end-text = Har du loggat in på en dator som inte är din, eller tappat bort en dator eller telefon? Då kan du avsluta alla inloggningar, även den här. Du behöver logga in igen efteråt. API-nycklar påverkas inte; dem återkallar en administratör.
editor-sessions-end = Logga ut överallt
editor-login-title = Logga in för redaktörer
editor-login-lead = Här loggar Samverkans redaktörer in för att hålla uppgifterna aktuella. Allt som är publicerat kan alla läsa utan att logga in.
editor-login-username = Användarnamn
editor-login-password = Lösenord
editor-login-button = Logga in
editor-login-help = Har du glömt lösenordet? Be en administratör att ge dig ett nytt.
editor-login-expired = Formuläret hade hunnit bli för gammalt. Försök igen.
editor-login-too-many = För många misslyckade inloggningar. Vänta { $minutes ->
        [one] en minut
       *[other] { $minutes } minuter
    } och försök igen.
editor-login-busy = Inloggningen är tillfälligt överbelastad. Försök igen om några sekunder.
editor-login-failed = Fel användarnamn eller lösenord.
editor-dashboard-title = Redaktionens översikt
editor-stale-heading = Inaktuella uppgifter
editor-stale-help = Uppgifter som inte kontrollerats på { $days } dagar.
editor-stale-since = senast kontrollerad { $date }
editor-list-capped = Visar de första { $shown }.
editor-passed-heading = Bidrag vars sista ansökningsdag har passerat
editor-links-heading = Trasiga länkar
editor-links-last = Senaste länkkontroll: { $at }.
editor-links-never = Länkarna har inte kontrollerats än.
editor-links-total = Uppgifterna innehåller { $count } webbadresser.
editor-links-run = Kontrollera länkarna nu
editor-link-status = svarade med status { $status }
editor-missing-heading = Uppgifter som saknas
editor-missing = saknar { $field }
editor-changes-heading = Senaste ändringar
editor-retired-heading = Borttagna poster
editor-none = Inga.
editor-table-label = Tabell, kan rullas i sidled
editor-done-link-check = Länkkontrollen har startat. Ladda om sidan om en stund för att se resultatet.
editor-done-link-check-running = En länkkontroll pågår.
editor-done-retired = Posten är borttagen från webbplatsen. Historiken finns kvar och den kan återställas.
editor-done-created = Posten är skapad (version { $version }).
editor-done-saved = Ändringarna är sparade (version { $version }).
editor-done-verified = Posten är markerad som kontrollerad i dag (version { $version }).
editor-done-unchanged = Inget ändrades, så ingen ny version sparades (version { $version }).
editor-kind-actor = Aktör
editor-kind-grant = Bidrag
editor-kind-initiative = Insats
editor-new-actor = Ny aktör
editor-new-grant = Nytt bidrag
editor-new-initiative = Ny insats
editor-list-actor = Aktörer
editor-list-grant = Bidrag
editor-list-initiative = Insatser
editor-list-filter = Filtrera på namn eller id
editor-list-count = { $count ->
    [one] 1 post
   *[other] { $count } poster
}
editor-list-name = Namn
editor-history = Historik
editor-edit-heading = Redigera: { $title }
editor-error-prefix = Fel:
editor-error-summary = Det finns fel i formuläret
editor-public-page = Visa den publika sidan
editor-required = obligatorisk
editor-choose = Välj …
editor-comment = Kommentar till ändringen
editor-comment-help = Valfritt. Syns i historiken, till exempel varifrån uppgiften kommer.
editor-save = Spara
editor-verify-heading = Kontrollerad mot källan
editor-verify-help = Senast kontrollerad { $date }. Har du jämfört uppgifterna med källan och de stämmer? Då räcker ett klick.
editor-verify-button = Markera som kontrollerad i dag
editor-verified-comment = Kontrollerad mot källan
editor-retire-heading = Ta bort från webbplatsen
editor-retire-help = Posten försvinner från de publika sidorna, men historiken sparas och posten kan återställas. En aktör som har bidrag eller insatser kan inte tas bort förrän de är ändrade.
editor-retire-comment = Varför tas posten bort?
editor-retire-button = Ta bort från webbplatsen
editor-conflict = Någon annan har sparat en ändring av posten medan du redigerade (den är nu version { $version }). Dina ändringar är inte sparade, men de står kvar i formuläret. Öppna historiken i en ny flik, se vad som ändrats och ladda sedan om sidan och gör om dina ändringar.
editor-history-heading = Historik: { $title }
editor-history-retired = Posten är borttagen från webbplatsen. Återställ en version för att visa den igen.
editor-history-edit = Redigera posten
editor-history-version = Version { $version }
editor-history-no-change = Inga fält ändrades.
editor-history-field = Fält
editor-history-change = Ändring
editor-diff-removed = borttaget
editor-diff-added = tillagt
editor-restore-button = Återställ version { $version }
editor-restored-comment = Återställd till version { $version }
editor-role-title = Du har inte behörighet
editor-role-text = Den här sidan är till för administratörer.
editor-forgery-title = Formuläret kunde inte tas emot
editor-forgery-text = Formuläret saknade en giltig säkerhetskod eller skickades från en annan webbplats. Inget har ändrats. Gå tillbaka, ladda om sidan och försök igen.
editor-form-type-title = Formuläret kunde inte läsas
editor-form-type-text = Skicka formuläret från webbplatsen. Inget har ändrats.
editor-internal-title = Något gick fel
editor-internal-text = Ett fel uppstod hos oss och har loggats. Inget har ändrats; försök igen om en stund.
editor-unavailable-title = Ändringen kunde inte sparas just nu
editor-unavailable-text = Databasen tar inte emot ändringar för tillfället. Inget har ändrats; försök igen om en stund.
editor-read-only-title = Redigering är avstängd här
editor-read-only-text = Den här installationen visar en skrivskyddad kopia av uppgifterna. Ändringar görs där uppgifterna kommer ifrån.
editor-too-large-title = Formuläret är för stort
editor-too-large-text = Det som skickades var större än vi tar emot. Inget har ändrats.
editor-not-found-title = Posten finns inte
editor-not-found-text = Det finns ingen sådan post. Den kan ha fått ett annat id.
editor-no-version-title = Formuläret saknar versionsnummer
editor-no-version-text = Ladda om sidan och försök igen. Inget har ändrats.
editor-conflict-title = Posten har ändrats av någon annan
editor-conflict-text = Inget har ändrats. Ladda om sidan och försök igen.
editor-in-use-title = Posten används av andra poster
editor-in-use-text = Ändra först de poster som hänvisar till den. Inget har ändrats.
editor-restore-invalid-title = Versionen kan inte återställas
editor-restore-invalid-text = Den skulle hänvisa till poster som inte längre finns. Inget har ändrats.
editor-bad-form-title = Formuläret kunde inte läsas
editor-bad-form-text = Inget har ändrats.
editor-disable-self-title = Du kan inte stänga av ditt eget konto
editor-disable-self-text = Be en annan administratör om det.
editor-accounts-title = Konton
editor-tokens-title = API-nycklar
account-role = Roll
account-status = Status
account-action = Åtgärd
account-role-editor = Redaktör
account-role-admin = Administratör
account-disabled = Avstängt
account-active = Aktivt
account-enable = Aktivera
account-disable = Stäng av
account-new = Nytt konto
account-username-help = 2–64 tecken: små bokstäver a–z, siffror, punkt, bindestreck och understreck.
account-password-help = Minst { $min } tecken. Ge lösenordet till personen på ett säkert sätt.
account-password-again = Lösenordet igen
account-create = Skapa konto
account-created = Kontot { $name } är skapat.
account-error-username = Användarnamnet får bara innehålla små bokstäver a–z, siffror, punkt, bindestreck och understreck (2–64 tecken).
account-error-mismatch = Lösenorden är inte lika.
account-error-length = Lösenordet måste vara minst { $min } tecken.
account-error-exists = Det finns redan ett konto med det namnet.
token-lead = API-nycklar ger program rätt att ändra uppgifterna genom API:et, som kontot de hör till. Nyckeln visas bara en gång; spara den på ett säkert ställe. En nyckel som kommit på villovägar återkallar du här.
token-created = Nyckeln är skapad. Den visas bara nu – kopiera den.
token-copy = Ny API-nyckel
token-name = Namn
token-account = Konto
token-created-at = Skapad
token-revoked = Återkallad
token-revoke = Återkalla
token-new = Ny API-nyckel
token-name-help = Vad nyckeln används till, till exempel ”Import från bidragsregistret”.
token-create = Skapa nyckel
token-error-name = Ge nyckeln ett namn: en rad på högst 100 tecken, utan styrtecken.
token-error-account = Välj ett aktivt konto.
form-error-id = Id får bara innehålla små bokstäver a–z, siffror och enkla bindestreck, till exempel ”stod-till-foreningar”.
form-error-id-taken = Det finns redan en post med det id:t.
form-error-url = Skriv en fullständig webbadress som börjar med https://.
form-error-date = Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-11-25.
form-error-deadline = Sista ansökningsdag kunde inte läsas. Skriv till exempel ”löpande”, ”31 augusti”, ”1 april och 1 oktober”, ”18 februari 2027” eller ”se webbplats”
form-error-choice = Välj bland alternativen.
form-error-required = Fältet måste fyllas i.
field-id = Id
field-id-help = Syns i adressen och kan inte ändras senare. Små bokstäver a–z, siffror och bindestreck.
field-name = Namn
field-short_name = Kortnamn
field-aliases = Andra namn
field-aliases-help = Ett namn per rad. Används av sökningen.
field-kind = Typ av aktör
field-mission = Uppdrag
field-mission-help = Stycken skiljs med en tom rad.
field-connection = Koppling till segregation
field-connection-help = Stycken skiljs med en tom rad; rader som börjar med ”- ” blir en punktlista.
field-areas = Områden
field-perspectives = Perspektiv
field-group = Avsnitt i källan
field-website = Webbplats
field-name_en = Officiellt namn på engelska
field-ended = Avslutat
field-ended-yes = Bidraget kan inte längre sökas
field-verified = Senast kontrollerad
field-verified-help = Dagen då uppgifterna senast jämfördes med källan (ÅÅÅÅ-MM-DD).
field-title = Titel
field-provider = Bidragsgivare
field-description = Beskrivning
field-statsbidrag = Statsbidrag
field-applicants = Vem kan söka
field-deadline = Sista ansökningsdag
field-deadline-help = Som källan skriver den: ”löpande”, ”31 augusti”, ”1 april respektive 1 oktober”, ”18 februari 2027” eller ”se webbplats”. Lämna tomt om källan inte anger någon.
field-url = Länk till bidraget
field-participants = Deltagande aktörer
field-yesno-unknown = Framgår inte
field-yesno-yes = Ja
field-yesno-no = Nej
diff-yes = ja
diff-no = nej
role-none = Arbetar inte inom området
