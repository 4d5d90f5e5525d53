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
nav-about = Om tjänsten
footer-source = Uppgifterna kommer från Delegationen mot segregation, senast uppdaterade 22 december 2021.
footer-about = Om tjänsten, öppna data och tillgänglighet
footer-api = API för öppna data

home-title = Start
home-heading = Samverkan mot segregation
home-lead = Se vilka myndigheter och andra nationella aktörer som arbetar inom boende, arbete, utbildning, demokrati och civilsamhälle och brottslighet, var deras uppdrag överlappar och vilka bidrag som går att söka.
home-search-label = Sök bidrag
search-button = Sök
home-areas = De fem prioriterade områdena
home-soon = Sista ansökningsdagar de närmaste 60 dagarna
home-soon-none = Inga bidrag har sista ansökningsdag de närmaste 60 dagarna.
home-later = Därefter
home-changes = Senaste ändringar
home-changes-none = Inga ändringar ännu.
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
area-contributing = Bidrar till området
area-grants = Bidrag inom området
area-finder-link = filtrera dem i bidragssöket
area-initiatives = Insatser inom området
none = Inga.
not-given = Anges inte i källan
areas-label = Områden
perspectives-label = Perspektiv
also-called = Kallas även
initiative-participants = Deltar

role-responsible = Nationellt ansvar
role-contributes = Bidrar

kind-myndighet = Myndighet
kind-myndighetsgrupp = Myndigheter
kind-medlemsorganisation = Medlemsorganisation
kind-fond = Fond
kind-stiftelse = Stiftelse
kind-forbund = Förbund
kind-organisation = Organisation

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
grant-kicker = Bidrag
grant-provider = Ges av
deadline-label = Sista ansökningsdag
deadline-none = Anges inte i källan
next-deadline = Nästa sista ansökningsdag
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
grant-add-to-calendar = Lägg till i kalendern
grant-ics-help = Hämtar en kalenderfil (.ics) med sista ansökningsdagen och en påminnelse två veckor innan.
grant-no-calendar = Bidraget har inget datum att lägga i en kalender.
grant-more = Mer om bidraget hos bidragsgivaren
grant-no-url = Källan anger ingen webbadress till bidraget; sök på bidragsgivarens webbplats.
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
overlaps-matrix = Aktörer och områden
overlaps-matrix-caption = Varje aktörs roll i de fem områdena och insatser den deltar i
overlaps-diagram = Diagram
overlaps-diagram-help = Diagrammet visar samma uppgifter som tabellen: områden till vänster, aktörer i mitten och insatser till höger.
overlaps-initiatives = Insatser med flera aktörer
diagram-title = Aktörer, områden och insatser
diagram-desc = Linjer förbinder varje aktör med de områden den arbetar inom och de insatser den deltar i. Tjock heldragen linje betyder nationellt ansvar, streckad linje att aktören bidrar, prickad linje att aktören deltar i en insats.
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
