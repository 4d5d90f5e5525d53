# Samverkan's interface in English, the second language.
# Keys starting with "data-" translate data values (which are in Swedish).

site-tagline = against segregation
site-description = Which agencies and other actors work against segregation in Sweden, where do their missions overlap, and which grants can be applied for and by when?
skip-to-content = Skip to content
switch-language = Svenska
nav-label = Main menu
nav-grants = Grants
nav-actors = Actors
nav-calendar = Calendar
nav-overlaps = Overlapping missions
nav-open-data = Open data
open-data-title = Open data
open-data-lead = Everything on the site is also available as files to download and as an API, free to reuse (CC0). Each file is described here field by field.
open-data-downloads = Files to download
open-data-grants-csv = The grants as CSV (UTF-8, comma-separated, RFC 4180). Lists within a field are separated by a semicolon and a space. The next deadline and status are computed for the day you download.
open-data-actors-csv = The actors as CSV (UTF-8, comma-separated, RFC 4180).
open-data-excel = The same data for Excel set to Swedish: semicolons between fields, so the file opens correctly with a double click.
open-data-json = The whole dataset as JSON, in the format the samverkan import command reads. It also holds every fact Samverkan has added (the field added), with its source and date.
open-data-dcat = A description of the datasets in DCAT-AP-SE, for the Swedish data portal.
open-data-columns = The fields of
open-data-column = Field
open-data-holds = Holds
open-data-api = API
open-data-api-text = A JSON API for grants, actors, areas, initiatives and search. Reading is open to everyone, without a key.
open-data-api-link = Read about the API
open-data-feeds = Feeds and calendars
open-data-feed = Changes to the data as an Atom feed
open-data-calendar = Every deadline as a calendar to subscribe to (iCalendar)
open-data-licence = The compilation may be used freely under CC0 1.0. The texts on the actors' missions are quotations from Delegationen mot segregation's page.
api-title = API for open data
api-lead = Everything on the site can be fetched as JSON. The answers have the fields the OpenAPI document describes; an error answers with an object error with the fields code and message.
api-language = The same, machine-readable:
api-openapi = the OpenAPI document
api-read = Reading data
api-write = Changing data
api-write-text = Changes need an API token, which an administrator makes in the editors' area. The token is sent in the Authorization header.
api-needs-token = Needs an API token
nav-about = About
footer-source = The data comes from Delegationen mot segregation, last updated 22 December 2021.
footer-operator = This site is run by { $name }.
footer-no-operator = This installation of Samverkan has not said who runs it.
footer-contact = Contact:
english-swedish-content = Names, titles, missions, deadlines, descriptions and Samverkan's notes on its sources are in Swedish, marked "sv".
footer-about = About the service, open data and accessibility
footer-api = Open data API

home-title = Home
home-heading = Working together against segregation
home-lead = See which Swedish agencies and other national actors work on housing, work, education, democracy and civil society, and crime, where their missions overlap, and which grants can be applied for.
home-search-label = Search agencies, grants and initiatives
search-button = Search
home-areas = The five priority areas
home-soon = Deadlines in the next 60 days
home-soon-none = No grant has a deadline in the next 60 days.
home-later = After that
home-changes = Latest changes
home-changes-none = No changes since the data was loaded.
reference-date = Counted from

change-create = New
change-update = Changed
change-retire = Removed
change-restore = Restored

count-actors = { $count ->
    [one] 1 actor
   *[other] { $count } actors
}
count-grants = { $count ->
    [one] 1 grant
   *[other] { $count } grants
}
days-left = { $days ->
    [0] today
    [1] tomorrow
   *[other] in { $days } days
}

area-kicker = Priority area
area-responsible = National responsibility
area-none-responsible = The source names no agency with national responsibility for this area.
area-contributing = Taking part in the area
area-grants = Grants in this area
area-finder-link = filter further in the grant finder
area-initiatives = Initiatives in this area
none = None.
not-given = Not given in the source
areas-label = Areas
perspectives-label = Perspectives
also-called = Also called
initiative-participants = Taking part

role-responsible = National responsibility
role-contributes = Takes part
filter-role-none = No role in any area

kind-myndighet = Government agency
kind-myndighetsgrupp = Group of agencies
kind-medlemsorganisation = Membership organisation
kind-fond = Fund
kind-stiftelse = Foundation
kind-forbund = Federation
kind-organisation = Organisation

actors-source-quote = From the source's introduction, Delegationen mot segregation, 2021 (in Swedish).
actors-group-myndighet-med-koppling = Agencies connected with the work to reduce and counteract segregation
actors-group-ovrig-nationell-aktor = Other national actors
actors-group-bidragsgivare = Actors that give grants with a bearing on segregation
actors-group-none = Added in Samverkan
actors-title = Actors
actors-lead = Government agencies and other national actors whose missions connect to the work against segregation.
actors-none = No actors match the filter.
actor-mission = Mission
actor-no-mission = The source does not describe this actor's mission; it names it as a giver of grants.
actor-connection = Connection to segregation
actor-areas = Areas
actor-no-areas = The source does not tie this actor to any of the five areas.
actor-grants = Grants this actor gives
actor-no-grants = The source names no grants from this actor.
actor-initiatives = Initiatives
actor-related = Others working in the same areas
actor-no-related = No other actor shares an area or initiative with this one.
verified-label = Checked
verified-by = by
verify-next = Next check due by
verify-overdue = The next check was due by
website = Website
no-website = The source gives no web address.
stale-notice = This information was last checked on { $date } and may be out of date.
stale-list = { $count ->
        [one] One grant below was last checked on { $date } and may be out of date.
       *[other] { $count } of the { $total } grants below were last checked on { $date } or earlier and may be out of date.
    } Check dates and conditions with the provider before you apply.

filter-text = Text
filter-area = Area
filter-role = Role
filter-any-role = Any role
filter-kind = Kind of actor
filter-applicant = Who is applying?
filter-any-applicant = Any applicant
filter-provider = Provider
filter-any-provider = Any provider
filter-status = Status
filter-status-rolling = Rolling
filter-status-upcoming = Has a coming deadline
status-expected = Expected date – check with { $provider }
filter-status-passed = Deadline has passed
filter-status-unknown = Unknown – see the provider's website
filter-within = Deadline within
filter-within-any = Any date
filter-within-days = { $days } days
filter-apply = Filter
filter-show-grants = Show grants
filter-clear = Clear filters
sort-label = Sort by
sort-deadline = Next deadline
sort-relevance = Relevance
sort-title = Name

grants-title = Find grants
grants-lead = State grants and other funding relevant to the work against segregation. Choose an area and who is applying to see what fits you.
grants-none = No grants match the filter.
grants-ways-out = Try removing one of the filters:
way-out-within_days = Without the time limit: { $count ->
        [one] 1 grant
       *[other] { $count } grants
    }
way-out-status = With every status: { $count ->
        [one] 1 grant
       *[other] { $count } grants
    }
way-out-area = In every area: { $count ->
        [one] 1 grant
       *[other] { $count } grants
    }
way-out-applicant = For every applicant: { $count ->
        [one] 1 grant
       *[other] { $count } grants
    }
way-out-provider = From every provider: { $count ->
        [one] 1 grant
       *[other] { $count } grants
    }
way-out-q = Without the search words: { $count ->
        [one] 1 grant
       *[other] { $count } grants
    }
grants-unstated-applicants = The source does not say who may apply: { $count ->
        [one] 1 grant
       *[other] { $count } grants
    }
grants-unstated-applicants-help = These grants match the other filters, but the source does not say who may apply for them. Check with the provider.
grants-unstated-areas = The source names no area: { $count ->
        [one] 1 grant
       *[other] { $count } grants
    }
grants-unstated-areas-help = These grants match the other filters, but the source does not link them to any of the five areas.
grant-kicker = Grant
grant-provider = Given by
deadline-label = Deadline
deadline-none = Not given in the source
next-deadline = Next deadline
deadline-expected = expected
status-label = Status
status-rolling = Rolling – apply at any time
status-upcoming = Open for applications
status-passed = The deadline has passed
status-unknown = See the provider's website
status-none = The source gives no deadline
grant-passed-notice = The deadline has passed. Check with the provider whether the grant can be applied for again.
grant-statsbidrag = State grant (statsbidrag)
statsbidrag-yes = Yes
statsbidrag-no = No
statsbidrag-unknown = Not given in the source
grant-applicants = Who can apply
grant-dates = Dates
grant-apply = Apply
added-by-service = Added by Samverkan, not by the source; checked on { $date } against
grant-apply-link = Go to the grant at { $provider }
grant-provider-site = Go to the website of { $provider }
grant-no-link = Neither the source nor Samverkan has a web address for the grant or its provider.
grant-ended-notice = The grant can no longer be applied for.
status-ended = Ended – can no longer be applied for
actor-name-en = Official English name:
actor-website-link = Go to the website of { $name }
grant-add-to-calendar = Add to calendar
grant-ics-help = Downloads a calendar file (.ics) with the deadline and a reminder two weeks before.
grant-no-calendar = This grant has no date to put in a calendar.
grant-more = More about the grant from the provider
grant-no-url = There is no known page for this particular grant, so the link goes to the provider's website. Look for the grant there.
ics-expected = The date repeats what the source gave. Check with { $provider } that it holds this year before you apply.
ics-summary = Application deadline: { $title }
ics-provider = Provider: { $provider }

calendar-title = Calendar
calendar-lead = Deadlines month by month,
calendar-months = Months
calendar-month-empty = No deadlines this month.
calendar-without-date = { $count ->
    [one] 1 grant without a date (rolling or unknown) is not shown here
   *[other] { $count } grants without a date (rolling or unknown) are not shown here
}

overlaps-title = Overlapping missions
overlaps-lead = Which actors work in the same areas and initiatives? This is where missions overlap and complement each other – where coordination helps most.
overlaps-per-area = Actors per area
overlaps-roles-reading = The source does not say which role each actor has in the areas. The roles here are Samverkan's reading of each actor's mission as the source describes it: national responsibility where the mission makes the area the actor's own, takes part where the mission ties its work to the area.
overlaps-by-area = Area by area
overlaps-without-role = Actors without a role in any area
overlaps-without-role-help = The source describes these actors' missions and their connection to segregation, but does not tie the missions to any of the five areas.
overlaps-matrix-scroll = On a narrow screen the table scrolls sideways; the first column stays in place.
overlaps-matrix = Actors and areas
overlaps-matrix-caption = Each actor's role in the five areas
overlaps-diagram = Diagram
overlaps-diagram-help = The diagram shows the same facts as the table: areas on the left, actors in the middle and initiatives on the right.
overlaps-initiatives = Initiatives with several actors
overlaps-all-actors = All { $count } in the list of actors
overlaps-all-without-role = All { $count } actors without a role, in the list of actors
overlaps-rows-shown = Actors { $first }–{ $last } of { $count }, by name. The diagram and the initiatives below are of the same actors.
diagram-title = Actors, areas and initiatives
diagram-desc = Lines connect each actor to the areas it works in and the initiatives it takes part in. A thick solid line means national responsibility, a dashed line that the actor takes part, a dotted line that it takes part in an initiative.
diagram-areas = Areas
diagram-actors = Actors
diagram-initiatives = Initiatives
diagram-takes-part = Takes part in initiative

about-title = About

error-404-title = Page not found
error-404-text = There is no page at this address. It may have moved, or the address may be mistyped.
error-400-title = The search could not be done
error-400-text = Something in the address could not be read.
error-500-title = Something went wrong
error-500-text = An error occurred on our side. It has been logged; please try again in a while.
error-home = Go to the home page

month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

data-area-boende = housing
data-area-arbete = work
data-area-utbildning = education
data-area-demokrati-och-civilsamhalle = democracy and civil society
data-area-brottslighet = crime
data-applicant-kommun = municipality
data-applicant-region = region
data-applicant-civilsamhallesorganisation = civil-society organisation
data-applicant-ideell-forening = non-profit association
data-applicant-idrottsforening = sports club
data-applicant-friluftsorganisation = outdoor-life organisation
data-applicant-stiftelse = foundation
data-applicant-trossamfund = faith community
data-applicant-folkhogskola = folk high school
data-applicant-skolhuvudman = school organiser
data-applicant-forskare = researchers and universities
data-applicant-foretag = company
data-perspective-jamstalldhet = gender equality
data-perspective-barnets-rattigheter = children's rights
data-perspective-ungdomsperspektiv = youth perspective
data-perspective-diskriminering = discrimination
data-perspective-folkhalsa = public health

nav-search = Search
search-title = Search
search-label = Search actors, grants and initiatives
search-kinds = Show
search-kinds-actor = Actors
search-kinds-grant = Grants
search-kinds-initiative = Initiatives
search-kind-actor = Actor
search-kind-grant = Grant
search-kind-initiative = Initiative
search-count = { $count ->
    [one] 1 result
   *[other] { $count } results
}
search-none = Nothing matched. Try another word, or browse the grants and actors.
search-hint = The data is in Swedish: try for example “idrottsförening”, “brottsoffer” or “MUCF”. Inflected forms and small typos are fine.
search-pages = Pages
search-page = Page
search-previous = Previous page
search-next = Next page
initiative-kicker = Initiative

feed-title = Samverkan – changes to the data
feed-title-area = Samverkan – changes in { $area }
feed-area-link = Changes in this area
feed-summary-author = By { $author }
feed-summary-fields = Fields changed: { $fields }
ics-calendar-name = Samverkan – application deadlines
subscribe-calendar = Subscribe to these deadlines in your calendar (.ics)
subscribe-help = Add the address as a subscription in your calendar program, and the dates update by themselves.
about-downloads = Download

show-all-grants = { $count ->
    [one] Show the grant
   *[other] Show all { $count } grants
}
more-related = … and { $count } more actors.
calendar-more = … and { $count } more deadlines this month. Choose an area or applicant above to see fewer at a time.

# The editors' area.
editor-nav-label = Editors' menu
editor-signed-in-as = Signed in as
editor-logout = Sign out
editor-nav-dashboard = Overview
editor-nav-actors = Actors
editor-nav-grants = Grants
editor-nav-initiatives = Initiatives
editor-nav-accounts = Accounts
editor-nav-tokens = API tokens
editor-nav-sessions = Sign-ins
editor-sessions-title = Your sign-ins
editor-sessions-lead = These are the browsers where your account is signed in right now. An account can be signed in at most { $max } places; a new sign-in ends the oldest. Times are Swedish time.
editor-sessions-created = Signed in
editor-sessions-expires = Valid until
editor-sessions-current = This browser
editor-sessions-end-heading = Sign out everywhere
editor-sessions-end-text = Signed in on a computer that is not yours, or lost a computer or phone? You can end every sign-in, this one too. You will need to sign in again afterwards. API tokens are not affected; an administrator revokes those.
editor-sessions-end = Sign out everywhere
editor-login-title = Sign in for editors
editor-login-lead = Samverkan's editors sign in here to keep the information current. Everything published can be read by anyone without signing in.
editor-login-username = Username
editor-login-password = Password
editor-login-button = Sign in
editor-login-help = Forgotten your password? Ask an administrator for a new one.
editor-login-expired = The form had become too old. Please try again.
editor-login-too-many = Too many failed sign-ins. Wait { $minutes ->
        [one] a minute
       *[other] { $minutes } minutes
    } and try again.
editor-login-busy = Signing in is busy right now. Try again in a few seconds.
editor-login-failed = Wrong username or password.
editor-dashboard-title = Editors' overview
editor-stale-heading = Due for a check
editor-stale-help = Entries due to be checked within { $days } days, and entries whose check is overdue. Compare the entry with its source and choose “Mark as verified today”.
editor-due-by = to be checked by { $date }
editor-due-overdue = overdue: was to be checked by { $date }
editor-list-capped = Showing the first { $shown }.
editor-passed-heading = Grants whose deadline has passed
editor-links-heading = Broken links
editor-links-last = Last link check: { $at }.
editor-links-never = The links have not been checked yet.
editor-links-total = The entries contain { $count } web addresses.
editor-links-run = Check the links now
editor-link-status = answered with status { $status }
editor-missing-heading = Missing information
editor-missing = has no { $field }
editor-changes-heading = Latest changes
editor-retired-heading = Removed entries
editor-none = None.
editor-table-label = Table, scrolls sideways
editor-done-link-check = The link check has started. Reload the page in a while to see the result.
editor-done-link-check-running = A link check is running.
editor-done-retired = The entry has been removed from the site. Its history is kept and it can be restored.
editor-done-created = The entry has been created (version { $version }).
editor-done-saved = Your changes have been saved (version { $version }).
editor-done-verified = The entry is marked as verified today (version { $version }).
editor-done-unchanged = Nothing changed, so no new version was saved (version { $version }).
editor-kind-actor = Actor
editor-kind-grant = Grant
editor-kind-initiative = Initiative
editor-new-actor = New actor
editor-new-grant = New grant
editor-new-initiative = New initiative
editor-list-actor = Actors
editor-list-grant = Grants
editor-list-initiative = Initiatives
editor-list-filter = Filter by name or id
editor-list-count = { $count ->
    [one] 1 entry
   *[other] { $count } entries
}
editor-list-name = Name
editor-history = History
editor-edit-heading = Edit: { $title }
editor-error-prefix = Error:
editor-error-summary = There are errors in the form
editor-public-page = Show the public page
editor-required = required
editor-choose = Choose …
editor-comment = Comment on the change
editor-comment-help = Optional. Shown in the history, for example where the information comes from.
editor-save = Save
editor-verify-heading = Verified against the source
editor-verify-help = Last verified { $date }. Have you compared the entry with its source and does it hold? Then one click is enough.
editor-verify-button = Mark as verified today
editor-verified-comment = Verified against the source
editor-retire-heading = Remove from the site
editor-retire-help = The entry disappears from the public pages, but its history is kept and it can be restored. An actor with grants or initiatives cannot be removed until they have been changed.
editor-retire-comment = Why is the entry removed?
editor-retire-button = Remove from the site
editor-conflict = Someone else saved a change to this entry while you were editing (it is now version { $version }). Your changes have not been saved, but they are still in the form. Open the history in a new tab, see what changed, then reload the page and make your changes again.
editor-history-heading = History: { $title }
editor-history-retired = The entry has been removed from the site. Restore a version to show it again.
editor-history-edit = Edit the entry
editor-history-version = Version { $version }
editor-history-no-change = No fields changed.
editor-history-field = Field
editor-history-change = Change
editor-diff-removed = removed
editor-diff-added = added
editor-restore-button = Restore version { $version }
editor-restored-comment = Restored to version { $version }
editor-role-title = You do not have access
editor-role-text = This page is for administrators.
editor-forgery-title = The form could not be accepted
editor-forgery-text = The form did not carry a valid security code, or was sent from another site. Nothing has changed. Go back, reload the page and try again.
editor-form-type-title = The form could not be read
editor-form-type-text = Send the form from the site. Nothing has changed.
editor-internal-title = Something went wrong
editor-internal-text = An error occurred on our side and has been logged. Nothing has changed; try again in a while.
editor-unavailable-title = The change could not be saved just now
editor-unavailable-text = The database is not taking changes at the moment. Nothing was changed; try again in a moment.
editor-read-only-title = Editing is switched off here
editor-read-only-text = This installation shows a read-only copy of the data. Changes are made where the data comes from.
editor-too-large-title = The form is too large
editor-too-large-text = What was sent is larger than we accept. Nothing has changed.
editor-not-found-title = The entry does not exist
editor-not-found-text = There is no such entry. It may have a different id.
editor-no-version-title = The form has no version number
editor-no-version-text = Reload the page and try again. Nothing has changed.
editor-conflict-title = Someone else has changed the entry
editor-conflict-text = Nothing has changed. Reload the page and try again.
editor-in-use-title = Other entries use this entry
editor-in-use-text = Change the entries that refer to it first. Nothing has changed.
editor-restore-invalid-title = This version cannot be restored
editor-restore-invalid-text = It would refer to entries that no longer exist. Nothing has changed.
editor-bad-form-title = The form could not be read
editor-bad-form-text = Nothing has changed.
editor-disable-self-title = You cannot disable your own account
editor-disable-self-text = Ask another administrator.
editor-accounts-title = Accounts
editor-tokens-title = API tokens
account-role = Role
account-status = Status
account-action = Action
account-role-editor = Editor
account-role-admin = Administrator
account-disabled = Disabled
account-active = Active
account-enable = Enable
account-disable = Disable
account-email = E-mail for reminders
account-email-help = Optional. A reminder is sent here when entries the account keeps current are soon due for a check.
account-email-label = E-mail for reminders to { $name }
account-email-save = Save
account-error-email = The e-mail address does not look right. Write it as name@example.se.
account-new = New account
account-username-help = 2–64 characters: lower-case letters a–z, digits, dots, hyphens and underscores.
account-password-help = At least { $min } characters. Give the password to the person safely.
account-password-again = The password again
account-create = Create account
account-created = The account { $name } has been created.
account-error-username = A username may only contain lower-case letters a–z, digits, dots, hyphens and underscores (2–64 characters).
account-error-mismatch = The passwords are not the same.
account-error-length = The password must be at least { $min } characters.
account-error-exists = There is already an account with that name.
token-lead = API tokens let programs change the information through the API, as the account they belong to. A token is shown only once; keep it somewhere safe. Revoke a token that has gone astray here.
token-created = The token has been created. It is shown only now – copy it.
token-copy = New API token
token-name = Name
token-account = Account
token-created-at = Created
token-revoked = Revoked
token-revoke = Revoke
token-new = New API token
token-name-help = What the token is for, for example "Import from the grants register".
token-create = Create token
token-error-name = Give the token a name: one line of at most 100 characters, without control characters.
token-error-account = Choose an active account.
form-error-id = An id may only contain lower-case letters a–z, digits and single hyphens, for example "stod-till-foreningar".
form-error-id-taken = There is already an entry with that id.
form-error-url = Write a full web address starting with https://.
form-error-verified-future = The date of the check cannot be later than today.
form-error-date = Write the date as YYYY-MM-DD, for example 2026-11-25.
form-error-deadline = The deadline could not be read. Write, in Swedish, for example "löpande", "31 augusti", "1 april och 1 oktober", "18 februari 2027" or "se webbplats"
form-error-choice = Choose one of the options.
form-error-required = This field must be filled in.
field-id = Id
field-id-help = Shown in the address and cannot be changed later. Lower-case letters a–z, digits and hyphens.
field-name = Name
field-short_name = Short name
field-aliases = Other names
field-aliases-help = One name per line. Used by search.
field-kind = Kind of actor
field-mission = Mission
field-mission-help = Separate paragraphs with a blank line.
field-connection = Connection to segregation
field-connection-help = Separate paragraphs with a blank line; lines starting with "- " become a bulleted list.
field-areas = Areas
field-perspectives = Perspectives
field-group = Section of the source
field-website = Website
field-name_en = Official English name
field-ended = Ended
field-ended-yes = The grant can no longer be applied for
field-verified = Last verified
field-verified-help = The day the entry was last compared with its source (YYYY-MM-DD).
field-title = Title
field-provider = Provider
field-description = Description
field-statsbidrag = Government grant (statsbidrag)
field-applicants = Who can apply
field-deadline = Deadline
field-deadline-help = As the source writes it, in Swedish: "löpande", "31 augusti", "1 april respektive 1 oktober", "18 februari 2027" or "se webbplats". Leave empty if the source gives none.
field-url = Link to the grant
field-participants = Participating actors
field-yesno-unknown = Not stated
field-yesno-yes = Yes
field-yesno-no = No
diff-yes = yes
diff-no = no
role-none = Does not work in the area

## Alerts (Bevakningar)
alerts-finder-link = Get e-mail alerts for these grants
alerts-grant-link = Get an e-mail reminder before the deadline
alerts-title = Grant alerts
alerts-lead = Get an e-mail when grants that suit you are added or changed, and a reminder before the deadline. No account is needed, and you can stop whenever you like.
alerts-follows = What you follow
alerts-change-filters = Change the selection
alerts-follow-all = All grants
alerts-follow-grant = The grant “{ $title }”
alerts-follow-text = Words: { $text }
alerts-follow-area = Area: { $names }
alerts-follow-applicant = Who can apply: { $names }
alerts-follow-provider = Provided by: { $names }
alerts-follow-status = Status: { $names }
alerts-follow-within = Deadline within { $days } days
alerts-email = E-mail address
alerts-email-hint = We first send an e-mail with a link you must follow for the alerts to start.
alerts-what = What would you like to receive?
alerts-digest = New and changed grants
alerts-choice-digest-none = No summaries
alerts-choice-digest-daily = Every day (when something happened)
alerts-choice-digest-weekly = Every week (when something happened)
alerts-reminders = Reminders before the deadline
alerts-reminders-hint = Choose one or more, or none.
alerts-choice-days = { $days ->
    [one] 1 day before
   *[other] { $days } days before
}
alerts-lang = Language of the e-mails
alerts-choice-lang-sv = Svenska
alerts-choice-lang-en = English
alerts-privacy = We keep only your e-mail address, your selection, the language and what we have sent you. Everything is deleted when you stop.
alerts-privacy-link = How we handle your data
alerts-submit = Get alerts
alerts-mine-link = Already have alerts? Get a link to see, change or delete them
alerts-error-summary = There is a problem with the form
alerts-error-email-missing = Enter your e-mail address
alerts-error-email-invalid = Enter the e-mail address in the form name@example.com
alerts-error-nothing = Choose summaries, reminders or both
alerts-error-not-yours = That alert does not belong to this address.
alerts-error-action = The form does not say what to do.
alerts-too-large = The form is too large.
alerts-cross-site-title = The form came from another website
alerts-cross-site-text = For your security we accept this form only from Samverkan's own pages. Go to the page and try again.
alerts-too-many-title = Too many attempts
alerts-too-many-text = You have started many alerts in a short time. Wait an hour and try again.
alerts-sent-title = Check your e-mail
alerts-sent-text = If the address can receive e-mail, we have sent a message to it. Follow the link in it within 48 hours to start the alerts. Nothing else is sent until then.
alerts-sent-spam = No e-mail? Look in your spam folder. We send at most three such messages to an address a day.
alerts-back-to-grants = To the grants
alerts-expired-title = This link no longer works
alerts-expired-text = The link is too old, has been used already, or is mistyped. Alerts that were never confirmed are deleted after 48 hours.
alerts-expired-mine = Get a new link to your alerts
alerts-confirm-title = Confirm your alerts
alerts-confirm-text = Press the button to start the alerts.
alerts-confirm-button = Start the alerts
alerts-confirmed-title = Your alerts have started
alerts-confirmed-text = Thank you! You will get e-mails about this:
alerts-manage-title = Your alerts
alerts-manage-for = Alerts for { $email }
alerts-manage-subscriptions = Alerts
alerts-manage-none = This address has no alerts.
alerts-manage-leave = Stop this alert
alerts-manage-new = Start a new alert from the grant finder
alerts-manage-messages = E-mails we have sent or will send
alerts-manage-no-messages = None yet.
alerts-manage-col-date = Date
alerts-manage-col-kind = Kind of e-mail
alerts-manage-col-subject = Subject
alerts-manage-forget-heading = Delete everything about you
alerts-manage-forget-text = Stops every alert and deletes the address and everything we have sent to it. This cannot be undone.
alerts-manage-forget = Delete everything
alerts-manage-since = Confirmed { $date }
alerts-manage-unconfirmed = Not confirmed yet
alerts-manage-back = Back to your alerts
alerts-kind-confirm = Confirmation
alerts-kind-digest = Summary
alerts-kind-reminder = Reminder
alerts-kind-manage = Link to your alerts
alerts-forgotten-title = Everything is deleted
alerts-forgotten-text = We have deleted every alert for the address, the address and everything we sent to it. You will get no more e-mails.
alerts-left-title = The alert has stopped
alerts-left-text = You will get no more e-mails about this alert. If the address has no alerts left, it is deleted.
alerts-unsubscribe-title = Stop this alert
alerts-unsubscribe-text = Do you want to stop getting e-mails about this?
alerts-unsubscribe-button = Stop the alert
alerts-mine-title = See and change your alerts
alerts-mine-text = Enter the address you get alerts at. If it has alerts, we send a link to it where you can see, change and delete them.
alerts-mine-submit = Send the link
alerts-mine-sent-title = Check your e-mail
alerts-mine-sent-text = If the address has alerts with us, we have sent a link to it. The link works for 60 days.
alerts-list-name = Samverkan alerts
alerts-mail-why = You get this e-mail because you follow grants on Samverkan:
alerts-mail-manage = See, change or delete your alerts
alerts-mail-unsubscribe = Stop this alert
alerts-mail-sent-by = Sent by Samverkan. Do not reply; nobody reads the replies.
alerts-mail-all = See all { $count } in the grant finder
alerts-confirm-mail-subject = Confirm your alerts on Samverkan
alerts-confirm-mail-heading = Confirm your alerts
alerts-confirm-mail-intro = Someone, hopefully you, wants to follow grants on Samverkan with this address:
alerts-confirm-mail-action = Confirm the alerts
alerts-confirm-mail-until = The link works until { $time } (Swedish time).
alerts-confirm-mail-ignore = Was it not you? Then ignore this e-mail. We send nothing more, and the address is deleted in two days.
alerts-manage-mail-subject = Your alerts on Samverkan
alerts-manage-mail-intro = You, or someone else, asked for a link to the alerts of this address. The link works for 60 days.
alerts-manage-mail-ignore = Did you not ask for it? Then ignore this e-mail.
alerts-item-provider = Provided by: { $name }
alerts-item-deadline-confirmed = Deadline: { $date } ({ $left })
alerts-item-deadline-expected = Deadline: { $date } ({ $left }), expected: the same day as in earlier years. Check with { $provider }.
alerts-item-deadline-text = Deadline: { $text }
alerts-item-deadline-none = No deadline given
alerts-item-page = About the grant
alerts-item-ics = Add to your calendar
alerts-reminder-subject-one = Reminder: the deadline for { $title } is { $left }
alerts-reminder-subject-many = Reminder: { $count } grants have a deadline soon
alerts-reminder-heading = A deadline is coming up
alerts-reminder-intro = { $count ->
    [one] This grant you follow has a deadline soon:
   *[other] These { $count } grants you follow have a deadline soon:
}
alerts-reminder-outro = Always check the date with the grant's provider before you plan your application.
alerts-digest-subject = { $count ->
    [one] 1 new or changed grant – { $period }
   *[other] { $count } new or changed grants – { $period }
}
alerts-digest-heading = New and changed, { $period }
alerts-digest-intro = { $count ->
    [one] One grant you follow was added or changed:
   *[other] { $count } grants you follow were added or changed:
}
alerts-digest-new = New
alerts-digest-changed = Changed
alerts-digest-none = No summaries.
alerts-digest-daily = A summary every day when something happened.
alerts-digest-weekly = A summary every week when something happened.
alerts-reminders-none = No reminders.
alerts-reminders-days = Reminders { $days } days before the deadline.
alerts-week = week { $week } (from { $date })
editor-alerts-heading = E-mail alerts
editor-alerts-help = Counts, never addresses. Failed e-mails are shown without their recipient.
editor-alerts-confirmed = Confirmed alerts
editor-alerts-unconfirmed = Awaiting confirmation
editor-alerts-daily = Daily summaries
editor-alerts-weekly = Weekly summaries
editor-alerts-reminders = With reminders
editor-alerts-pending = E-mails to send
editor-alerts-retrying = E-mails being retried
editor-alerts-sent = E-mails sent (90 days)
editor-alerts-failed = E-mails not delivered
editor-alerts-failures = E-mails not delivered
editor-alerts-no-failures = None.
editor-alerts-failure = { $kind }, made { $at }, { $attempts } attempts
alerts-and = and
alerts-follow-some-text = Words to search for (shown once you have confirmed)
editor-organisation-title = This does not belong to your organisation
editor-organisation-text = As an organisation's editor you can change the organisation's own entry, the grants it provides and the initiatives it takes part in. Ask the service's editors about anything else.
account-organisations = Organisations
account-organisation = Organisation
account-organisation-help = An organisation's editor can change only the organisation's own entry, the grants it provides and the initiatives it takes part in. Without an organisation the account is one of the service's own editors.
account-no-organisation = The service's editors (every entry)
account-role-organisation = Organisation editor
account-join-organisation = Add
account-join-label = Organisation to add for { $name }
account-leave-organisation = Remove
account-error-organisation = Choose an organisation that is in the catalogue.
account-error-admin-organisation = An administrator cannot belong to an organisation; choose the editor role.
account-error-last-organisation = { $name } must belong to at least one organisation (without one the account could change everything). Disable the account instead.

## Report an error
report-link = Report an error
report-title = Report an error
report-lead = Found something wrong or out of date? Tell us, and whoever keeps the entry will correct it.
report-about = About:
report-what = What is wrong?
report-what-hint = Write what is wrong and, if you know, what is right. At most { $max } characters.
report-source = Source (optional)
report-source-hint = A link to a page that says what is right, such as the agency's own page.
report-email = E-mail address (optional)
report-email-hint = Only if you want an answer. The address is deleted once we have answered.
report-honeypot = Leave this field empty
report-submit = Send
report-error-what = Write what is wrong
report-error-what-long = Write at most { $max } characters
report-error-characters = The text has characters that cannot be accepted: { $detail }
report-error-source = Write the source as a web address starting with https:// or http://
report-cross-site = The form came from another website. Go to the page and try again.
report-too-large = The form is too large.
report-too-many = You have sent many reports in a short time. Wait an hour and try again.
report-done-title = Thank you for your report
report-done-text = Whoever keeps the entry gets the report and corrects what is wrong.
report-done-email = You will get an answer by e-mail when the report has been answered.
report-back = Back to { $title }
alerts-kind-answer = Answer to an error report
alerts-kind-verify = Reminder to check entries
editor-reports-heading = Error reports to answer
editor-reports-none = No open error reports.
editor-done-report-closed = The error report has been answered.
editor-report-title = Error report
editor-report-received = Received { $at }
editor-report-about = About
editor-report-edit = Edit the entry
editor-report-what = What is wrong, according to the report
editor-report-source = Source given:
editor-report-wants-answer = The reporter wants an answer by e-mail. It is sent when you answer the report, and the address is then deleted. You do not see the address.
editor-report-no-answer = The reporter left no address.
editor-report-closed = Answered
editor-report-close = Answer
editor-report-outcome = Outcome
editor-report-outcome-fixed = Corrected
editor-report-outcome-not-a-problem = Not an error
editor-report-reply = Reply
editor-report-reply-sent = Sent to the reporter.
editor-report-reply-kept = Kept with the report.
editor-report-submit = Answer the report
editor-report-error-outcome = Choose whether the error is corrected or is not an error.
editor-report-error-reply = Write a reply: the reporter wants one.
alerts-answer-subject = Answer to your error report about { $title }
alerts-answer-intro = Thank you for reporting an error in Samverkan.
alerts-answer-fixed = We have corrected the entry.
alerts-answer-not-a-problem = We have checked the entry and it is right.
alerts-answer-reply = Reply from the editors:
alerts-answer-page = See the entry
alerts-answer-footer = Your e-mail address has been deleted. You will get no more e-mails about this report.
report-error-stale = The form was open too long. What you wrote is still here; send it again.

## Reminders of the verification cycle, to editors
verify-mail-subject = { $count ->
    [one] An entry is due for a check soon
   *[other] { $count } entries are due for a check soon
}
verify-mail-intro = The entries below, which your organisation keeps current in Samverkan, are due to be checked against their source soon.
verify-mail-due = To be checked by { $by } (last checked { $verified }).
verify-mail-how = Open the entry, compare it with its source, change what does not hold and choose “Mark as verified today”. The public page then says so.
verify-mail-open = Open the entry
verify-mail-dashboard = Open the dashboard
verify-mail-more = { $count } more entries are on the dashboard
verify-mail-footer = You get this message because your account in Samverkan's editorial area has an e-mail address. An administrator can remove it.

## Review (four eyes)
proposal-title = Proposal: { $title }
proposal-by = proposed by { $author }, { $at }
proposal-line = by { $author }, { $at }
proposal-status = Status:
proposal-status-open = waiting for review
proposal-status-approved = approved and published
proposal-status-rejected = rejected
proposal-status-withdrawn = withdrawn
proposal-decided = by { $by }, { $at }
proposal-published-edit = The published entry in the editor
proposal-rebased = The entry has changed since the proposal was made, but in other fields. If the proposal is approved, its changes are laid over the current version.
proposal-conflict = The entry has changed since the proposal was made, in fields the proposal also changes: { $fields }. It cannot be approved without overwriting that. Reject it, or make the change again on the current version.
proposal-changes = Changes against the entry as it was when proposed
proposal-retire = The proposal is to retire the entry from the catalogue. Its history stays.
proposal-comments = Comments
proposal-no-comments = No comments yet.
proposal-text-review = Comment or reason
proposal-text-review-help = A reason is required to reject; the author will see it. When approving, the text is kept with the decision.
proposal-text-comment = Comment
proposal-text-comment-help = Seen by those who review the proposal.
proposal-approve = Approve and publish
proposal-reject = Reject
proposal-comment = Send comment
proposal-withdraw = Withdraw the proposal
proposal-error-long = The text is too long; { $max } characters at most.
proposal-error-conflict = The proposal cannot be approved: the entry has changed in the same fields since it was made ({ $fields }).
proposal-saved = The change was saved as a proposal. It is published once a colleague or an administrator approves it.
editor-done-proposed = The change was saved as a proposal. It is published once a colleague or an administrator approves it.
editor-done-approved = The proposal is approved and published.
editor-done-rejected = The proposal is rejected. The author has been given the reason.
editor-done-commented = The comment is saved.
editor-done-withdrawn = The proposal is withdrawn.
editor-proposals-heading = Proposals to review
editor-proposals-none = No proposals are waiting for you.
editor-my-proposals-heading = Your proposals
editor-my-proposals-none = You have no proposals.
proposal-mail-subject-approved = Your proposal is approved: { $title }
proposal-mail-subject-rejected = Your proposal is rejected: { $title }
proposal-mail-approved = Your proposal for “{ $title }” was approved by { $by } and is published.
proposal-mail-rejected = Your proposal for “{ $title }” was rejected by { $by }.
proposal-mail-reason = Reason:
proposal-mail-open = Open the proposal
alerts-kind-decision = Decision on a proposal
review-heading = Review (four eyes)
review-help = Where review is on, editors' changes are saved as proposals. The public sees the published version until someone other than the author approves the change: an editor of the same organisation or an administrator. Administrators' own changes are published directly. Changes to initiatives that several organisations take part in are always reviewed.
review-site = The whole site
review-on-list = Review is on for:
review-none = Review is not on anywhere.
review-turn-on = Turn on review
review-turn-off = Turn off
review-scope = Where

## Harvest: an organisation's own file
editor-nav-harvest = Harvest
harvest-title = Harvest from the organisation's own file
harvest-intro = If the organisation publishes a file with its grants, Samverkan can fetch it once a day and take in what has changed. If the file has any error, nothing is taken in, and the error is shown here. Nothing is removed: grants missing from the file stay, and a field that is missing or empty keeps its value.
harvest-formats = The file can be JSON with the fields of Samverkan's export (/data/samverkan.json), for example {"{"}"grants": [{"{"}"id": "boverket-nytt-stod", "title": "Nytt stöd", "provider": "boverket", "verified": "2026-12-01"{"}"}]{"}"}, or CSV with the columns of /data/bidrag.csv: id, title, provider_id, description, statsbidrag, applicants, areas, perspectives, deadline_text, url, ended, verified. A new grant needs at least id, title, who gives it (provider, in CSV provider_id) and verified.
harvest-none = No organisation has given a file.
harvest-last = Last harvest:
harvest-status-ok = done
harvest-status-unchanged = the file had not changed
harvest-status-error = the file was not taken in
harvest-url = The file's address
harvest-url-help = An address starting with https:// (or http://). The file may be 5 MB and 2 000 grants at most. “Harvest now” saves the address in the field and fetches it at once.
harvest-direct = Publish changes directly (otherwise they become proposals a colleague reviews)
harvest-save = Save
harvest-run = Harvest now
harvest-remove = Stop harvesting
harvest-error-url = The address does not look right. It should start with https:// (or http://).
proposal-reason = Reason:
proposal-note = Comment:
proposal-mail-note = Comment:
proposal-error-reason = Write a reason why the proposal is rejected. The author will see it.
proposal-error-comment = Write a comment before sending it.
field-verified_by = Checked by
editor-review-on = Review is on: when you save, the change becomes a proposal, published once a colleague or an administrator approves it.
editor-review-waiting = A proposal by { $author } is waiting for review for this entry.
editor-review-open = Open the proposal
proposal-harvest-author = the harvest of { $organisation }’s file (address given by { $setter })
review-choose = Choose …
editor-done-email-saved = The e-mail address is saved.
editor-done-review-on = Review is on.
editor-done-review-off = Review is off.
